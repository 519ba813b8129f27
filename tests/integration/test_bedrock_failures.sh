#!/usr/bin/env bash
# Bedrock failure paths and the AWS credential chain through the real pair binary, against the
# local stand-in (AWS's @smithy/signature-v4 verifies each signature): throttling retried (HTTP 429
# and an exception frame), errors quoted, a bad signature rejected, missing credentials explained;
# credentials from a profile, credential_process, an assumed role (STS) and IAM Identity Center;
# ARN model ids; the region from the entry.
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
source "$PAIR_SOURCE_DIR/tests/support/bedrock_harness.sh"
harness_init
bedrock_init

script() { printf '%s' "$1" >"$T/s.json"; standin_start "$T/s.json" "${2:-us-east-1}"; }
use_bedrock_model

# Throttling before any content: retried with backoff, as HTTP 429 and as an exception frame.
script '{"responses": [
  {"http_error": {"status": 429, "type": "ThrottlingException", "message": "Too many requests, please wait before trying again."}},
  {"exception": {"type": "throttlingException", "message": "Too many tokens, please wait before trying again."}},
  {"exception": {"type": "serviceUnavailableException", "message": "Bedrock is unable to process your request."}},
  {"text": "Finally."}]}'
run_pair -p "hi" --verbose
assert_rc 0
assert_eq "$OUT" "Finally."
assert_contains "$ERR" "ThrottlingException (HTTP 429): Too many requests, please wait before trying again. Wait a little"
assert_contains "$ERR" "retrying (up to 3×, first in 500 ms): "
assert_contains "$ERR" "ThrottlingException (HTTP 429): Too many tokens"
assert_contains "$ERR" "ServiceUnavailableException (HTTP 503)"
bedrock_log 'assert len(converse) == 4 and all(r["signature_ok"] for r in converse)'
pass "throttling and service-unavailable retried with backoff"

# An exception after content has streamed is not retried: the partial answer is kept.
script '{"responses": [{"text": "Half an", "exception": {"type": "modelStreamErrorException", "message": "The model stream failed."}}]}'
run_pair -p "hi"
assert_rc 1
assert_contains "$ERR" "ModelStreamErrorException (HTTP 424): The model stream failed."
assert_contains "$OUT" "Half an"
bedrock_log 'assert len(converse) == 1'
pass "an exception mid-answer ends the turn with AWS's message, keeping the partial answer"

# AWS's own messages for errors that retrying cannot fix.
script '{"responses": [{"http_error": {"status": 400, "type": "ValidationException", "message": "Input is too long for requested model."}}]}'
run_pair -p "hi"
assert_rc 1
assert_contains "$ERR" "ValidationException (HTTP 400): Input is too long for requested model."
script '{"responses": [{"http_error": {"status": 403, "type": "AccessDeniedException", "message": "You don'"'"'t have access to the model with the specified model ID."}}]}'
run_pair -p "hi"
assert_rc 1
assert_contains "$ERR" "AccessDeniedException (HTTP 403): You don't have access to the model with the specified model ID."
assert_contains "$ERR" "bedrock:InvokeModelWithResponseStream"
script '{"responses": [{"exception": {"type": "validationException", "message": "The model returned the following errors: messages: roles must alternate"}}]}'
run_pair -p "hi"
assert_rc 1
assert_contains "$ERR" "roles must alternate"
bedrock_log 'assert len(converse) == 1, "not retried"'
pass "validation and access errors quote AWS"

# A wrong secret: the stand-in's signature check (AWS's signer) rejects the request.
script '{"responses": [{"text": "never"}]}'
AWS_SECRET_ACCESS_KEY=wrongSecret/doNotLeak run_pair -p "hi"
assert_rc 1
assert_contains "$ERR" "InvalidSignatureException (HTTP 403): The request signature we calculated does not match"
assert_contains "$ERR" "AWS refused the credentials from the environment (AWS_ACCESS_KEY_ID)"
assert_not_contains "$ERR" "wrongSecret"
bedrock_log 'assert len(converse) == 1 and converse[0]["signature_ok"] is False and converse[0]["error"] == "InvalidSignatureException"'
AWS_ACCESS_KEY_ID=AKIAUNKNOWN run_pair -p "hi"
assert_rc 1
assert_contains "$ERR" "UnrecognizedClientException"
pass "a bad signature is rejected and explained"

# No credentials anywhere; a named profile that does not exist.
(
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
  run_pair -p "hi"
  assert_rc 1
  assert_contains "$ERR" 'no AWS credentials for Bedrock'
  assert_contains "$ERR" 'profile "default"'
  assert_contains "$ERR" 'aws configure'
  AWS_PROFILE=work run_pair -p "hi"
  assert_rc 1
  assert_contains "$ERR" 'the AWS profile "work" is not in'
  assert_contains "$ERR" 'aws configure --profile work'
)
pass "missing credentials say which profile was tried and what to run"

# The credential chain: profiles, credential_process, an assumed role, IAM Identity Center.
mkdir -p "$HOME/.aws/sso/cache"
cat >"$HOME/.aws/credentials" <<'INI'
[static]
aws_access_key_id = AKIASTATICPROFILE001
aws_secret_access_key = profileSecret/doNotLeak
INI
cat >"$T/creds.sh" <<SH
#!/bin/sh
echo '{"Version": 1, "AccessKeyId": "$TEST_KEY_ID", "SecretAccessKey": "$TEST_SECRET", "SessionToken": "$TEST_TOKEN", "Expiration": "2999-01-01T00:00:00Z"}'
SH
chmod +x "$T/creds.sh"
cat >"$HOME/.aws/config" <<INI
[profile proc]
credential_process = $T/creds.sh
[profile role]
role_arn = arn:aws:iam::123456789012:role/BedrockUser
source_profile = static
role_session_name = pair-test
[profile dev]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Developer
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
INI
sso_cache="$HOME/.aws/sso/cache/$(printf corp | sha1sum | cut -d' ' -f1).json"
script '{"responses": [{"text": "static ok"}, {"text": "process ok"}, {"text": "role ok"}, {"text": "sso ok"}]}'
(
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
  export AWS_ENDPOINT_URL_STS=$BURL AWS_ENDPOINT_URL_SSO=$BURL
  use_bedrock_model '"profile": "static"'
  run_pair -p "hi"
  assert_rc 0 "static profile"
  assert_eq "$OUT" "static ok"
  use_bedrock_model
  AWS_PROFILE=proc run_pair -p "hi"
  assert_rc 0 "credential_process"
  assert_eq "$OUT" "process ok"
  use_bedrock_model '"profile": "role"'
  run_pair -p "hi"
  assert_rc 0 "assumed role"
  assert_eq "$OUT" "role ok"
  use_bedrock_model '"profile": "dev"'
  printf '{"accessToken": "ssoBearer/doNotLeak", "expiresAt": "2999-01-01T00:00:00Z", "region": "us-east-1"}' >"$sso_cache"
  run_pair -p "hi"
  assert_rc 0 "IAM Identity Center"
  assert_eq "$OUT" "sso ok"
  printf '{"accessToken": "ssoBearer/doNotLeak", "expiresAt": "2020-01-01T00:00:00Z"}' >"$sso_cache"
  run_pair -p "hi"
  assert_rc 1
  assert_contains "$ERR" 'has expired'
  assert_contains "$ERR" 'aws sso login --profile dev'
  bedrock_log '
kinds = [(r["kind"], r["signature_ok"]) for r in log]
assert kinds == [("converse", True), ("converse", True), ("sts", True), ("converse", True), ("sso", True), ("converse", True)], kinds
keys = [r["headers"]["authorization"].split("Credential=")[1].split("/")[0] for r in converse]
assert keys == ["AKIASTATICPROFILE001", "AKIATESTPAIRKEY00001", "ASIAROLE000000000001", "ASIASSO0000000000001"], keys
assert "x-amz-security-token" not in converse[0]["headers"]
sts = next(r for r in log if r["kind"] == "sts")
assert sts["body"]["Action"] == "AssumeRole" and sts["body"]["RoleArn"] == "arn:aws:iam::123456789012:role/BedrockUser", sts["body"]
assert sts["body"]["RoleSessionName"] == "pair-test"
'
  for s in profileSecret roleSecret roleToken ssoSecret ssoToken ssoBearer "$TEST_SECRET"; do
    if grep -rqF -- "$s" "$XDG_DATA_HOME" "$T/out" "$T/err" 2>/dev/null; then fail "secret $s leaked"; fi
  done
)
pass "credentials from a profile, credential_process, an assumed role and IAM Identity Center"

# An ARN as modelId (percent-encoded in the path, signed encoded twice), and the region from the
# entry with the stand-in as the entry's own url.
script '{"responses": [{"text": "arn ok"}]}'
use_bedrock_model '"modelId": "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6"'
sed -i 's/"modelId": "us.anthropic.claude-sonnet-4-6", //' "$WS/.pair/models.json"
trust_workspace
run_pair -p "hi"
assert_rc 0 "ARN model id"
assert_eq "$OUT" "arn ok"
bedrock_log '
assert converse[0]["model_id"] == "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6", converse
assert converse[0]["path"] == "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-sonnet-4-6/converse-stream", converse[0]["path"]
assert converse[0]["signature_ok"]
'
script '{"responses": [{"text": "region ok"}]}' eu-west-1
unset AWS_ENDPOINT_URL_BEDROCK_RUNTIME
printf '[{"name": "eu", "provider": "bedrock", "url": "%s", "modelId": "mistral.mistral-large-2407-v1:0", "region": "eu-west-1"}]\n' "$BURL" \
  >"$WS/.pair/models.json"
trust_workspace
run_pair -p "hi"
assert_rc 0 "region from the entry"
assert_eq "$OUT" "region ok"
bedrock_log '
assert [r["model_id"] for r in converse] == ["mistral.mistral-large-2407-v1:0"], converse
assert converse[0]["path"] == "/model/mistral.mistral-large-2407-v1%3A0/converse-stream", converse[0]["path"]
assert "/eu-west-1/bedrock/aws4_request" in converse[0]["headers"]["authorization"] and converse[0]["signature_ok"]
'
pass "ARN and model ids with ':' are encoded and signed correctly; region from the entry"
