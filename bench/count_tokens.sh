#!/usr/bin/env bash
# Prints how many tokens a text is for the Qwen2/Qwen3 tokenizer (llama-tokenize with the
# vocab-only models/ggml-vocab-qwen2.gguf from the llama.cpp source tree).
#   bench/count_tokens.sh FILE
#   some-command | bench/count_tokens.sh -
# The text is counted verbatim: --no-escape keeps llama-tokenize from turning a literal "\n" in
# the text into a newline (its default). Builds llama.cpp on first use (scripts/llama-cpp.sh).
set -euo pipefail

if [[ $# -ne 1 || "$1" == -h || "$1" == --help ]]; then
  echo "usage: $0 FILE|-" >&2
  exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(bash "$root/scripts/llama-cpp.sh")
prefix=${out##*$'\n'}
vocab=$prefix/source/models/ggml-vocab-qwen2.gguf
[[ -f "$vocab" ]] || { echo "count_tokens: no vocab at $vocab" >&2; exit 1; }
input=(-f "$1")
if [[ "$1" == - ]]; then
  input=(--stdin)
elif [[ ! -r "$1" ]]; then
  echo "count_tokens: cannot read $1" >&2
  exit 1
fi
result=$("$prefix/bin/llama-tokenize" -m "$vocab" "${input[@]}" --ids --show-count --log-disable --no-escape)
count=$(sed -n 's/^Total number of tokens: //p' <<<"$result")
[[ -n "$count" ]] || { echo "count_tokens: llama-tokenize printed no count" >&2; exit 1; }
echo "$count"
