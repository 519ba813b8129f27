#!/usr/bin/env bash
# Speculative decoding on the llama-server pair manages (models.json "speculative"), with a REAL
# llama-server and the tiny random-weight model: "ngram" starts it with an n-gram --spec-type and a
# headless turn is answered; a draft model ({"draft": FILE.gguf}, here the tiny model drafting for
# itself: same vocabulary) is loaded beside it with --spec-type draft-simple and really drafts (the
# server's timings count draft tokens); "off" starts it without drafting; without the field it
# drafts with ngram-mod (the default bench/speculative.sh decided).
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
source "$root/tests/support/llama_server.sh"
source "$root/tests/support/managed_server.sh"
managed_prepare
harness_init
managed_init

# timings_of: one request straight to the server pair started; prints its `timings` as JSON.
timings_of() {
  curl -s --max-time 120 "http://127.0.0.1:$PORT/v1/chat/completions" -H 'Content-Type: application/json' \
    -d '{"messages": [{"role": "user", "content": "Repeat: one two three four five six seven eight."}],
         "max_tokens": 24, "temperature": 0, "ignore_eos": true}' |
    "$HARNESS_PY" -c 'import json,sys; print(json.dumps(json.load(sys.stdin).get("timings", {})))'
}

# 1. "ngram": drafted from the context, no second model.
managed_models_json '"speculative": "ngram"'
run_pair -p "Say hello."
assert_rc 0 "a turn with n-gram drafting"
argv=$(record_field argv)
[[ " $argv " =~ " --spec-type ngram-"[a-z0-9-]+" " ]] || fail "llama-server started without an n-gram --spec-type: $argv"
[[ " $argv " != *" --spec-draft-model "* ]] || fail "n-gram drafting needs no draft model: $argv"
run_pair server status
assert_rc 0
assert_contains "$OUT" "--spec-type ngram-"
# llama-server refuses an --spec-type it does not know, so an answered turn means it took this one.
# Whether a random-weight model's noise repeats enough to draft from is chance: shown, not asserted.
pass "\"ngram\": $(grep -o -- '--spec-type [a-z0-9-]*' <<<"$argv"), and the turn was answered; timings $(timings_of)"
run_pair server stop
assert_rc 0

# 2. A draft model: loaded beside the model, and it drafts.
managed_models_json "\"speculative\": {\"draft\": \"$MODEL\", \"n_max\": 4}"
run_pair -p "Say hello."
assert_rc 0 "a turn with a draft model"
argv=$(record_field argv)
for flag in "--spec-type draft-simple" "--spec-draft-model $MODEL" "--spec-draft-n-max 4"; do
  [[ " $argv " == *" $flag "* ]] || fail "llama-server started without $flag: $argv"
done
t=$(timings_of)
"$HARNESS_PY" -c 'import json,sys; t=json.loads(sys.argv[1]); sys.exit(0 if t.get("draft_n", 0) > 0 else 1)' "$t" ||
  fail "the draft model drafted nothing: timings $t"
pass "draft model: $argv; timings $t"
run_pair server stop
assert_rc 0

# 3. "off": no drafting flags at all.
managed_models_json '"speculative": "off"'
run_pair -p "Say hello."
assert_rc 0 "a turn with drafting off"
argv=$(record_field argv)
[[ " $argv " != *" --spec-"* ]] || fail "\"off\" still drafts: $argv"
pass "\"off\": no --spec-* flags"
run_pair server stop
assert_rc 0

# 4. No "speculative" field: the measured default, n-gram drafting (ngram-mod).
managed_models_json ''
run_pair -p "Say hello."
assert_rc 0 "a turn with the default drafting"
argv=$(record_field argv)
[[ " $argv " == *" --spec-type ngram-mod "* ]] || fail "without \"speculative\" the server should draft with ngram-mod: $argv"
pass "no field: --spec-type ngram-mod"
run_pair server stop
assert_rc 0
