# Bash helpers for integration tests with the reference MCP servers (tests/support/mcp_npm.sh),
# sourced after pair_harness.sh.

# mcp_everything_find: sets NPM_DIR (the directory holding node_modules) and EVERYTHING (the
# server-everything binary), installing them first when needed; exits the test when it is missing.
# Call before harness_init, which points the cache at a temporary home.
mcp_everything_find() {
  NPM_DIR=${PAIR_MCP_NPM_DIR:-$(bash "$PAIR_SOURCE_DIR/tests/support/mcp_npm.sh")}
  EVERYTHING=$NPM_DIR/node_modules/.bin/mcp-server-everything
  [[ -x "$EVERYTHING" ]] || { echo "FAIL: $EVERYTHING not found (tests/support/mcp_npm.sh)" >&2; exit 1; }
}
