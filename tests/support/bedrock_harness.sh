# shellcheck shell=bash
# Bedrock additions to pair_harness.sh: a local Bedrock stand-in built on AWS's JavaScript
# libraries (bedrock_standin.mjs). Source pair_harness.sh, then this file, BEFORE harness_init
# (it finds the npm cache under the real HOME):
#
#   source .../pair_harness.sh; source .../bedrock_harness.sh; harness_init; bedrock_init
#   standin_start script.json          # sets $BURL and $BLOG; pair reaches it through
#                                      # AWS_ENDPOINT_URL_BEDROCK_RUNTIME (exported)
#   use_bedrock_model                  # the original models.json entry, unchanged
#   bedrock_log 'assert len(converse) == 2'   # Python over the stand-in's log
#
# The test credentials are exported as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN.

AWS_NPM_DIR=$(bash "$PAIR_SOURCE_DIR/tests/support/aws_npm.sh")
_standin=""
TEST_KEY_ID=AKIATESTPAIRKEY00001
TEST_SECRET=pairTestSecret/doNotLeak+0123456789abcdefXYZ
TEST_TOKEN=pairTestSessionToken//doNotLeak==

standin_stop() {
  if [[ -n "$_standin" ]]; then
    kill "$_standin" 2>/dev/null || true
    wait "$_standin" 2>/dev/null || true
    _standin=""
  fi
}

bedrock_init() {
  trap 'standin_stop; _harness_cleanup' EXIT
  export AWS_ACCESS_KEY_ID=$TEST_KEY_ID AWS_SECRET_ACCESS_KEY=$TEST_SECRET AWS_SESSION_TOKEN=$TEST_TOKEN
  unset AWS_PROFILE AWS_REGION AWS_DEFAULT_REGION AWS_ENDPOINT_URL AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
  cat >"$T/aws-creds.json" <<JSON
{"keys": [{"accessKeyId": "$TEST_KEY_ID", "secretAccessKey": "$TEST_SECRET", "sessionToken": "$TEST_TOKEN"},
          {"accessKeyId": "AKIASTATICPROFILE001", "secretAccessKey": "profileSecret/doNotLeak"}],
 "sts": {"issue": {"accessKeyId": "ASIAROLE000000000001", "secretAccessKey": "roleSecret/doNotLeak", "sessionToken": "roleToken/doNotLeak"}},
 "sso": {"token": "ssoBearer/doNotLeak", "accountId": "123456789012", "roleName": "Developer",
         "issue": {"accessKeyId": "ASIASSO0000000000001", "secretAccessKey": "ssoSecret/doNotLeak", "sessionToken": "ssoToken/doNotLeak"}}}
JSON
}

# standin_start SCRIPT_FILE [REGION]: (re)starts the stand-in with a fresh log.
standin_start() {
  standin_stop
  BLOG=$T/bedrock-$RANDOM.jsonl
  rm -f "$T/bport"
  node "$PAIR_SOURCE_DIR/tests/support/bedrock_standin.mjs" --npm "$AWS_NPM_DIR" --script "$1" --log "$BLOG" \
    --port-file "$T/bport" --credentials "$T/aws-creds.json" --region "${2:-us-east-1}" &
  _standin=$!
  for _ in $(seq 1 500); do [[ -s "$T/bport" ]] && break; sleep 0.02; done
  [[ -s "$T/bport" ]] || fail "the Bedrock stand-in did not start"
  BURL=http://127.0.0.1:$(cat "$T/bport")
  export AWS_ENDPOINT_URL_BEDROCK_RUNTIME=$BURL
}

# use_bedrock_model [EXTRA_JSON_FIELDS]: the original tool's Bedrock entry, as users have it, in a
# trusted project.
use_bedrock_model() {
  mkdir -p "$WS/.pair"
  printf '[{"name": "claude", "url": "https://bedrock-runtime.us-east-1.amazonaws.com", "modelId": "us.anthropic.claude-sonnet-4-6", "purpose": "text"%s}]\n' \
    "${1:+, $1}" >"$WS/.pair/models.json"
  trust_workspace  # a project's Bedrock entry applies in a trusted project only
}

# bedrock_log PYTHON: runs PYTHON with `log` (every request the stand-in saw), `converse` (the
# ConverseStream requests), `out` (pair's stdout) and `ws` in scope.
bedrock_log() {
  "$HARNESS_PY" - "$BLOG" "$T/out" "$WS" "$1" <<'PY' || fail "stand-in log check failed: $1"
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])] if __import__("os").path.exists(sys.argv[1]) else []
converse = [r for r in log if r.get("kind") == "converse"]
out = open(sys.argv[2], encoding="utf-8", errors="replace").read()
ws = sys.argv[3]
exec(sys.argv[4])
PY
}
