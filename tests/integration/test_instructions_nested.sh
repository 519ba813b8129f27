#!/usr/bin/env bash
# Instruction files reach the model from the repository root down to the working directory, then the
# user's own (~/.config/pair/AGENTS.md); CLAUDE.md stands in where a level has no AGENTS.md; the size
# cap (/context/instructions_max_bytes) cuts with a note for the model and a notice for the user.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

ROOT=$WS
mkdir -p "$ROOT/sub/deep"
echo "ROOT-RULES: build with make." >"$ROOT/AGENTS.md"
echo "SUB-CLAUDE: the sub module uses tabs." >"$ROOT/sub/CLAUDE.md"
echo "DEEP-RULES: run ./check.sh here." >"$ROOT/sub/deep/AGENTS.md"
echo "IGNORED-CLAUDE: never shown." >"$ROOT/sub/deep/CLAUDE.md"
mkdir -p "$XDG_CONFIG_HOME/pair"
echo "USER-RULES: answer tersely." >"$XDG_CONFIG_HOME/pair/AGENTS.md"
git -C "$ROOT" add -A && git -C "$ROOT" commit -qm init

cat >"$T/script.json" <<'JSON'
{"responses": [{"text": "Noted."}, {"text": "Noted again."}]}
JSON
scripted_start "$T/script.json"
WS=$ROOT/sub/deep  # pair runs in the deepest directory
use_model "$URL/v1"
run_pair -p "hello"
assert_rc 0 "turn completed"
check_log '
first = messages(requests[0])[1]["content"]
order = [first.find(k) for k in ("ROOT-RULES", "SUB-CLAUDE", "DEEP-RULES", "USER-RULES")]
assert all(i >= 0 for i in order) and order == sorted(order), (order, first)
assert "IGNORED-CLAUDE" not in first, first
assert "Instructions from sub/deep/AGENTS.md:" in first, first
assert first.index("USER-RULES") < first.index("</context>"), first
'
pass "every level root first, CLAUDE.md where no AGENTS.md, the user's file last, all in the first message"

echo '{"context": {"instructions_max_bytes": 40}}' >"$XDG_CONFIG_HOME/pair/settings.json"
run_pair -p "hello" --output-format stream-json
assert_rc 0 "turn completed with the cap"
assert_contains "$OUT" "instructions are limited to 40 bytes in all" "a notice tells the user"
assert_contains "$OUT" "/context/instructions_max_bytes" "the notice says how to raise the cap"
check_log '
first = messages(requests[-1])[1]["content"]
assert "USER-RULES: answer tersely." in first, first
assert "cut here:" in first, first
assert "left out, past the limit of 40 bytes" in first and "sub/deep/AGENTS.md" in first, first
assert "DEEP-RULES" not in first, first
'
pass "the cap keeps the user's rules, cuts the project's with a note and tells the user"
