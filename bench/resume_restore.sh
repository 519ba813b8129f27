#!/usr/bin/env bash
# Resume cost: a ~20k-token session resumed (--continue) on a freshly started llama-server, with the
# saved KV cache restored vs re-read from scratch. Reports the median time to first token of the
# first resumed turn, and the server's prompt processing. CPU, with a small random-weight model
# whose prefill takes seconds here. No GPU mode yet: a realistic shape needs a CUDA build of llama.cpp
# and a larger `shape=` below, as `bench/warm_up.sh --gpu` does for the warm-up.
#   bench/resume_restore.sh            3 rounds
#   BENCH_SMOKE=1 bench/resume_restore.sh   1 round with a short session (proves it runs)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_build
# About 19,500 tokens: under 80% of the 32k window, so resuming does not compact first (that would
# add a summary request and a new prefix to both measurements).
rounds=3 session_words=2400
if [[ "$BENCH_SMOKE" == 1 ]]; then rounds=1 session_words=200; fi
source "$PAIR_SOURCE_DIR/tests/support/llama_server.sh"
pair_ensure_llama || exit 1
shape=(--embedding 512 --layers 8 --heads 8 --kv-heads 4 --ff 1536 --context 32768)
[[ "$BENCH_SMOKE" == 1 ]] && shape=()
model=$(pair_ensure_tiny_model bench-small "${shape[@]}") || exit 1
source "$PAIR_SOURCE_DIR/tests/support/pair_harness.sh"
harness_init
mkdir -p "$T/slots"
server() { pair_stop_llama_server 2>/dev/null || true; pair_start_llama_server "$model" -c 32768 --parallel 1 --slot-save-path "$T/slots" >/dev/null; use_model "$PAIR_LLAMA_URL" '"max_tokens": 8'; }

# The session: one long first turn (a pasted document).
"$HARNESS_PY" -c 'import sys; print("Review this text:\n" + " ".join("token%d of the document" % i for i in range(int(sys.argv[1]))))' \
  $session_words >"$T/doc.txt"
server
PAIR_STDIN=$T/doc.txt run_pair --output-format stream-json
assert_rc 0 "building the session"
prompt=$("$HARNESS_PY" -c 'import json,sys; t=[json.loads(l)["timings"] for l in open(sys.argv[1]) if json.loads(l)["type"]=="timings"][0]; print(t["prompt_n"]+t["cache_n"])' "$T/out")

# Start the server here, in this shell (not inside $(...), where the server's pid would be
# forgotten and the server left running), then measure in a subshell.
measure() { # measure restore|fresh -> one JSON line, against the server just started
  if [[ $1 == fresh ]]; then echo '{"context": {"restore_prompt_cache": false}}' >"$WS/.pair/settings.json"
  else rm -f "$WS/.pair/settings.json"; fi
  "$HARNESS_PY" "$BENCH_DIR/first_token.py" --cwd "$WS" -- "$PAIR_BIN" -c -p "Next." --output-format stream-json
}
restore=() fresh=()
for _ in $(seq 1 $rounds); do
  server
  restore+=("$(measure restore)")
  server
  fresh+=("$(measure fresh)")
done
pair_stop_llama_server

summary() { # summary JSON_LINES... -> "median_ttft median_prompt_ms median_prompt_n median_cache_n"
  "$HARNESS_PY" -c '
import json, statistics, sys
rows = [json.loads(a) for a in sys.argv[1:]]
for r in rows:
    assert r["rc"] == 0 and r["first_token_s"] is not None, r
med = lambda k: statistics.median(k(r) for r in rows)
print("%.2f %.0f %d %d" % (med(lambda r: r["first_token_s"]), med(lambda r: r["timings"]["prompt_ms"]),
                           med(lambda r: r["timings"]["prompt_n"]), med(lambda r: r["timings"]["cache_n"])))' "$@"
}
read -r r_ttft r_ms r_n r_c < <(summary "${restore[@]}")
read -r f_ttft f_ms f_n f_c < <(summary "${fresh[@]}")
bench_header "Resume of a ${prompt}-token session on a restarted llama-server (issue 10), CPU" "bench/resume_restore.sh"
echo "Model: random weights, llama shape ${shape[*]:-tiny} (f16), llama-server -c 32768 --parallel 1 --slot-save-path; medians of $rounds rounds."
echo
echo "| first resumed turn | time to first token | prompt_ms (server) | prompt_n | cache_n |"
echo "|---|---:|---:|---:|---:|"
echo "| KV cache restored from the slot file | ${r_ttft} s | ${r_ms} | ${r_n} | ${r_c} |"
echo "| re-read from scratch | ${f_ttft} s | ${f_ms} | ${f_n} | ${f_c} |"
