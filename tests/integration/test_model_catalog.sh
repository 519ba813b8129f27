#!/usr/bin/env bash
# The model catalog (share/pair/models-catalog.json) and the first run's recommendation:
#   the recommendation for a 32 GiB machine says why (tier, active parameters, speed) and offers
#   the next smaller model; its sizes come from the Hub's tree API (a local stand-in: shards summed,
#   HF_TOKEN sent), or from the catalog when the Hub cannot be reached;
#   a catalog in the user's config directory extends or replaces the installed one, and a malformed
#   one is named with its JSON position and ignored;
#   an installed pair reads <prefix>/share/pair/models-catalog.json, and one without it the copy
#   built into it.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
harness_init
rm -rf "$WS/.pair"
skip_when_default_port_busy
# 40 GiB of RAM, 32 GiB free, no GPU.
printf 'MemTotal: 41943040 kB\nMemAvailable: 33554432 kB\n' >"$T/meminfo"
export PAIR_MEMINFO=$T/meminfo PAIR_NVIDIA_SMI=
unset HF_TOKEN HUGGING_FACE_HUB_TOKEN HF_HUB_OFFLINE

# 1. Offline (nothing listens on the endpoint): the catalog's figures, without a long wait.
start=$SECONDS
HF_ENDPOINT=http://127.0.0.1:9 run_pair -p "hello"
assert_rc 2 "offline first run"
assert_contains "$ERR" "pair model pull ggml-org/Qwen3.6-35B-A3B-GGUF:Q4_K_M --add qwen3.6-35b-a3b --default"
assert_contains "$ERR" "download Qwen3.6-35B-A3B Q4_K_M, a coding model chosen for this machine (about 19.6 GiB; 32.0 GiB of RAM free)"
assert_contains "$ERR" "the ~32 GB tier; 36B parameters, 3B active per token (MoE); on the CPU from RAM here"
assert_contains "$ERR" "expect about 17-34 tokens/s on a CPU, 170-460 on a GPU that holds it"
assert_contains "$ERR" "SWE-bench Verified 73.4"
assert_contains "$ERR" "pair model pull ggml-org/gpt-oss-20b-GGUF --add gpt-oss-20b --default"
assert_contains "$ERR" "or the next smaller, gpt-oss-20b MXFP4 (about 11.3 GiB)"
((SECONDS - start < 10)) || fail "the offline fallback took $((SECONDS - start)) s"
pass "offline: the catalog's sizes, why this model, and the next smaller one"

# 2. The Hub's tree API (the stand-in) gives the real sizes: the quant's shards summed, other
#    quants left out; with a token required, HF_TOKEN is sent.
cat >"$T/hub.json" <<'JSON'
{"require_token": "secret",
 "listed": {
  "ggml-org/Qwen3.6-35B-A3B-GGUF": {
    "Q4_K_M/Qwen3.6-35B-A3B-Q4_K_M-00001-of-00002.gguf": 10000000000,
    "Q4_K_M/Qwen3.6-35B-A3B-Q4_K_M-00002-of-00002.gguf": 11500000000,
    "Qwen3.6-35B-A3B-Q8_0.gguf": 37000000000},
  "ggml-org/gpt-oss-20b-GGUF": {"gpt-oss-20b-mxfp4.gguf": 13000000000},
  "acme/Coder-GGUF": {"Coder-Q4_K_M.gguf": 1500000000}}}
JSON
mkdir -p "$T/hub"
"$HARNESS_PY" "$root/tests/support/hf_server.py" --root "$T/hub" --config "$T/hub.json" --log "$T/hub.log" \
  --port-file "$T/hub.port" &
hub=$!
trap 'kill $hub 2>/dev/null || true; _harness_cleanup' EXIT
for _ in $(seq 1 300); do [[ -s "$T/hub.port" ]] && break; sleep 0.02; done
endpoint=http://127.0.0.1:$(cat "$T/hub.port")

HF_ENDPOINT=$endpoint HF_TOKEN=secret run_pair -p "hello"
assert_rc 2 "first run with the Hub"
assert_contains "$ERR" "download Qwen3.6-35B-A3B Q4_K_M, a coding model chosen for this machine (20.0 GiB (from the Hub);"
assert_contains "$ERR" "or the next smaller, gpt-oss-20b MXFP4 (12.1 GiB (from the Hub))"
grep -q '"path": "/api/models/ggml-org/Qwen3.6-35B-A3B-GGUF/tree/main?recursive=true", .*"authorization": true, "status": 200' \
  "$T/hub.log" || fail "no tree request with the token: $(cat "$T/hub.log")"
pass "the Hub's tree API: shards summed, the token sent, the real sizes shown"

HF_ENDPOINT=$endpoint run_pair -p "hello"
assert_contains "$ERR" "(about 19.6 GiB;" "a refused request falls back to the catalog"
grep -q '"authorization": false, "status": 401' "$T/hub.log" || fail "no refused request: $(cat "$T/hub.log")"
pass "without the token the Hub refuses, and the catalog's figure stands"

# 3. The user's catalog: replaces the list (or adds by name); a malformed one is named and ignored.
user_catalog=$XDG_CONFIG_HOME/pair/models-catalog.json
mkdir -p "$(dirname "$user_catalog")"
"$HARNESS_PY" - "$root/share/pair/models-catalog.json" "$user_catalog" <<'PY'
import json, sys
installed = json.load(open(sys.argv[1]))
entry = dict(installed["models"][-1])
entry.update(name="acme-coder", label="Acme-Coder Q4_K_M", hf="acme/Coder-GGUF:Q4_K_M", tier_gb=48,
             note="The team's own coding model.")
json.dump({"format": 1, "replace": True, "models": [entry]}, open(sys.argv[2], "w"), indent=1)
PY
HF_ENDPOINT=$endpoint HF_TOKEN=secret run_pair -p "hello"
assert_contains "$ERR" "pair model pull acme/Coder-GGUF:Q4_K_M --add acme-coder --default"
assert_contains "$ERR" "(1.40 GiB (from the Hub);"
assert_contains "$ERR" "The team's own coding model."
assert_not_contains "$ERR" "Qwen3.6"
pass "a catalog in the config directory replaces the installed one"

printf '{"format": 1, "models": [\n  {"name": }\n]}\n' >"$user_catalog"
HF_ENDPOINT=http://127.0.0.1:9 run_pair -p "hello"
assert_rc 2 "a malformed user catalog"
assert_contains "$ERR" "note: $user_catalog:2:"
assert_contains "$ERR" "ignoring it and using the installed catalog (fix $user_catalog or remove it)"
assert_contains "$ERR" "pair model pull ggml-org/Qwen3.6-35B-A3B-GGUF:Q4_K_M"
rm -f "$user_catalog"
pass "a malformed user catalog is named with its position, and the installed one is used"

# 4. The install puts the catalog beside the program, and the installed pair reads it; a pair
#    without it uses the copy built in.
build=$(dirname "$PAIR_BIN")
while [[ "$build" != / && ! -f "$build/CMakeCache.txt" ]]; do build=$(dirname "$build"); done
[[ -f "$build/CMakeCache.txt" ]] || fail "no build folder above $PAIR_BIN"
cmake --install "$build" --prefix "$T/prefix" >"$T/install.log" 2>&1 || fail "cmake --install: $(cat "$T/install.log")"
cmp -s "$root/share/pair/models-catalog.json" "$T/prefix/share/pair/models-catalog.json" ||
  fail "the install put no share/pair/models-catalog.json"
"$HARNESS_PY" - "$T/prefix/share/pair/models-catalog.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["models"] = [m for m in c["models"] if m["name"] == "gpt-oss-20b"]
json.dump(c, open(sys.argv[1], "w"))
PY
set +e
(cd "$WS" && HF_ENDPOINT=http://127.0.0.1:9 "$T/prefix/bin/pair" -p hello >"$T/out" 2>"$T/err")
set -e
assert_contains "$(cat "$T/err")" "pair model pull ggml-org/gpt-oss-20b-GGUF --add gpt-oss-20b --default"
assert_not_contains "$(cat "$T/err")" "Qwen3.6"
mkdir -p "$T/lone/bin" && cp "$PAIR_BIN" "$T/lone/bin/pair"
set +e
(cd "$WS" && HF_ENDPOINT=http://127.0.0.1:9 "$T/lone/bin/pair" -p hello >"$T/out" 2>"$T/err")
set -e
assert_contains "$(cat "$T/err")" "pair model pull ggml-org/Qwen3.6-35B-A3B-GGUF:Q4_K_M"
pass "the installed pair reads <prefix>/share/pair/models-catalog.json; one without it, the built-in copy"

# 5. `pair model recommend` says the same on demand, sizes from the Hub.
set +e
(cd "$WS" && HF_ENDPOINT=$endpoint HF_TOKEN=secret "$PAIR_BIN" model recommend >"$T/out" 2>"$T/err")
RC=$?
set -e
OUT=$(cat "$T/out")
assert_rc 0 "pair model recommend: $(cat "$T/err")"
assert_contains "$OUT" "recommended  Qwen3.6-35B-A3B Q4_K_M, 20.0 GiB (from the Hub)"
assert_contains "$OUT" "             the ~32 GB tier; 36B parameters, 3B active per token (MoE)"
assert_contains "$OUT" "             pair model pull ggml-org/Qwen3.6-35B-A3B-GGUF:Q4_K_M --add qwen3.6-35b-a3b --default"
assert_contains "$OUT" "smaller      gpt-oss-20b MXFP4, 12.1 GiB (from the Hub)"
assert_contains "$OUT" "memory       32.0 GiB of RAM free"
assert_contains "$OUT" "catalog      $root/share/pair/models-catalog.json"
pass "pair model recommend: the recommendation, its Hub sizes and the catalog read"
