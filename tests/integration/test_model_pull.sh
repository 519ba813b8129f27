#!/usr/bin/env bash
# pair model pull against a local server shaped like the Hugging Face Hub (tests/support/hf_server.py):
# a single file and a split model with sha256 verification, resume after a dropped connection (in
# the same run and across runs, with a Range request), a checksum mismatch rejected, a full disk
# reported (RLIMIT_FSIZE), a gated repository and HF_TOKEN, a missing quant, and the models.json
# "hf" entry found offline afterwards.
set -euo pipefail
root=${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
source "$root/tests/support/pair_harness.sh"
harness_init

repo=$T/hub/acme/Coder-GGUF
mkdir -p "$repo/BF16"
"$HARNESS_PY" - "$repo" <<'PY'
import os, sys
repo = sys.argv[1]
def blob(path, n, seed):
    import random
    r = random.Random(seed)
    with open(os.path.join(repo, path), "wb") as f:
        f.write(b"GGUF" + bytes(r.getrandbits(8) for _ in range(n - 4)))
blob("Coder-Q4_K_M.gguf", 3_000_000, 1)
blob("Coder-Q8_0.gguf", 200_000, 2)
for i in (1, 2, 3):
    blob("BF16/Coder-BF16-%05d-of-00003.gguf" % i, 400_000, 10 + i)
open(os.path.join(repo, "README.md"), "w").write("# Coder\n")
PY
cfg=$T/hub.json
echo '{}' >"$cfg"
hub_log=$T/hub.jsonl
"$HARNESS_PY" "$root/tests/support/hf_server.py" --root "$T/hub" --config "$cfg" --log "$hub_log" \
  --port-file "$T/hub.port" &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true; _harness_cleanup' EXIT
for _ in $(seq 1 300); do [[ -s "$T/hub.port" ]] && break; sleep 0.02; done
export HF_ENDPOINT=http://127.0.0.1:$(cat "$T/hub.port")
export PAIR_MODELS_DIR=$T/models
dest=$PAIR_MODELS_DIR/acme/Coder-GGUF
requests() { "$HARNESS_PY" -c 'import json,sys; [print(json.dumps(json.loads(l))) for l in open(sys.argv[1])]' "$hub_log"; }

# 1. A single file: downloaded through the redirect, verified, recorded in the manifest.
run_pair model pull acme/Coder-GGUF:Q4_K_M
assert_rc 0 "pull Q4_K_M"
assert_contains "$OUT" "sha256 verified"
cmp -s "$repo/Coder-Q4_K_M.gguf" "$dest/Coder-Q4_K_M.gguf" || fail "the downloaded file differs"
[[ ! -e "$dest/Coder-Q4_K_M.gguf.part" ]] || fail ".part file left behind"
grep -q '"status": 302' "$hub_log" || fail "the Hub's redirect was not exercised"
grep -q '"q4_k_m"' "$dest/.pair-manifest.json" || fail "no manifest entry"
pass "single file pulled and verified"

# 2. Pulling again downloads nothing.
: >"$hub_log"
run_pair model pull acme/Coder-GGUF:Q4_K_M
assert_rc 0
! grep -q '/cdn/' "$hub_log" || fail "a complete file was downloaded again"
pass "a complete file is not downloaded again"

# 3. A split model comes whole.
run_pair model pull acme/Coder-GGUF:BF16
assert_rc 0 "pull BF16"
for i in 1 2 3; do
  f=BF16/Coder-BF16-0000$i-of-00003.gguf
  cmp -s "$repo/$f" "$dest/$f" || fail "part $i differs"
done
assert_contains "$ERR" "3 files"
pass "split model pulled: 3 parts"

# 4. A dropped connection is resumed with a Range request in the same run.
rm -rf "$dest/Coder-Q8_0.gguf"
echo '{"drop_after": {"Coder-Q8_0.gguf": 120000}, "drop_times": 1}' >"$cfg"
: >"$hub_log"
run_pair model pull acme/Coder-GGUF:Q8_0
assert_rc 0 "pull with a dropped connection"
cmp -s "$repo/Coder-Q8_0.gguf" "$dest/Coder-Q8_0.gguf" || fail "resumed file differs"
grep -q '"range": "bytes=120000-"' "$hub_log" || { requests >&2; fail "no Range request after the drop"; }
assert_contains "$ERR" "connection dropped"
pass "resumed after a dropped connection (Range: bytes=120000-)"

# 5. ... and across runs: a run that gives up keeps the .part file; the next one resumes it.
rm -rf "$dest/Coder-Q8_0.gguf"
echo '{"drop_after": {"Coder-Q8_0.gguf": 50000}, "drop_times": 1000}' >"$cfg"
run_pair model pull acme/Coder-GGUF:Q8_0
[[ $RC != 0 ]] || fail "a server that always drops should fail the pull"
assert_contains "$ERR" "run the same command again to resume"
part_size=$(stat -c %s "$dest/Coder-Q8_0.gguf.part")
(( part_size >= 50000 )) || fail "the .part file should keep what was received ($part_size bytes)"
echo '{}' >"$cfg"
: >"$hub_log"
run_pair model pull acme/Coder-GGUF:Q8_0
assert_rc 0 "resume in a new run"
grep -q "\"range\": \"bytes=$part_size-\"" "$hub_log" || { requests >&2; fail "the new run did not resume at $part_size"; }
cmp -s "$repo/Coder-Q8_0.gguf" "$dest/Coder-Q8_0.gguf" || fail "file resumed across runs differs"
pass "resumed across runs from $part_size bytes"

# 6. Corrupt bytes: the checksum does not match, nothing is kept.
rm -rf "$dest/Coder-Q8_0.gguf"
echo '{"corrupt": ["Coder-Q8_0.gguf"]}' >"$cfg"
run_pair model pull acme/Coder-GGUF:Q8_0
[[ $RC != 0 ]] || fail "a corrupt download must fail"
assert_contains "$ERR" "checksum mismatch for Coder-Q8_0.gguf"
[[ ! -e "$dest/Coder-Q8_0.gguf" && ! -e "$dest/Coder-Q8_0.gguf.part" ]] || fail "the corrupt file was kept"
echo '{}' >"$cfg"
pass "checksum mismatch rejected"

# 7. A full disk (a 1 MiB file size limit) is reported as such, and the .part is kept for later.
rm -rf "$dest/Coder-Q4_K_M.gguf"
set +e
(ulimit -f 1024; cd "$WS" && "$PAIR_BIN" model pull acme/Coder-GGUF:Q4_K_M >"$T/out" 2>"$T/err")
RC=$?
set -e
OUT=$(cat "$T/out") ERR=$(cat "$T/err")
[[ $RC == 1 ]] || fail "disk full: exit code $RC, expected 1"
assert_contains "$ERR" "disk full"
[[ -e "$dest/Coder-Q4_K_M.gguf.part" ]] || fail "the partial download should be kept"
run_pair model pull acme/Coder-GGUF:Q4_K_M
assert_rc 0 "after the disk has room again"
cmp -s "$repo/Coder-Q4_K_M.gguf" "$dest/Coder-Q4_K_M.gguf" || fail "file after disk full differs"
pass "disk full reported, then resumed"

# 8. A gated repository needs HF_TOKEN.
echo '{"require_token": "s3cret"}' >"$cfg"
run_pair model pull acme/Coder-GGUF:Q8_0
[[ $RC != 0 ]] || fail "a gated repository without a token must fail"
assert_contains "$ERR" "HF_TOKEN"
HF_TOKEN=s3cret run_pair model pull acme/Coder-GGUF:Q8_0
assert_rc 0 "with HF_TOKEN"
echo '{}' >"$cfg"
pass "gated repository: refused without HF_TOKEN, pulled with it"

# 9. A quant the repository does not have; a repository that does not exist.
run_pair model pull acme/Coder-GGUF:Q2_K
assert_rc 2
assert_contains "$ERR" "has no Q2_K file; it has: Q4_K_M, Q8_0, BF16"
run_pair model pull acme/Nothing-GGUF
[[ $RC != 0 ]] || fail "a missing repository must fail"
assert_contains "$ERR" "no such repository"
pass "missing quant and repository explained"

# 10. Tree listings that come in pages are followed.
echo '{"page_size": 2}' >"$cfg"
run_pair model pull acme/Coder-GGUF:BF16
assert_rc 0 "paged tree"
echo '{}' >"$cfg"
pass "paged tree listing"

# 11. models.json names the pulled model; pair finds it offline.
run_pair model pull acme/Coder-GGUF:Q4_K_M --add coder
assert_rc 0
assert_contains "$OUT" "added \"coder\""
kill $hub_pid
run_pair model list
assert_rc 0
assert_contains "$OUT" "acme/Coder-GGUF/Coder-Q4_K_M.gguf"
assert_contains "$OUT" "hf acme/Coder-GGUF:Q4_K_M (downloaded)"
pass "the models.json entry finds the pulled file offline"
