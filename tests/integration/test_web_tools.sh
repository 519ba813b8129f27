#!/usr/bin/env bash
# web_search and web_fetch through the real pair binary: the scripted model server calls the tools,
# tests/support/web_server.py stands in for Tavily, SearXNG and web pages. Checks which tools are
# offered, the exact requests to the search backends, what the model gets back, and the SSRF guard
# end to end (loopback, ::1, 169.254.169.254, 10/8, localhost, a redirect to a private address).
set -euo pipefail
source "${PAIR_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/support/pair_harness.sh"
harness_init

web_pid=""
stop_web() { [[ -n "$web_pid" ]] && { kill "$web_pid" 2>/dev/null || true; wait "$web_pid" 2>/dev/null || true; }; }
trap 'stop_web; _harness_cleanup' EXIT
"$HARNESS_PY" "$PAIR_SOURCE_DIR/tests/support/web_server.py" --port-file "$T/web-port" --log "$T/web.jsonl" &
web_pid=$!
for _ in $(seq 1 300); do [[ -s "$T/web-port" ]] && break; sleep 0.02; done
[[ -s "$T/web-port" ]] || fail "web_server.py did not start"
WPORT=$(cat "$T/web-port")
WEB=http://127.0.0.1:$WPORT
OTHER=$((WPORT == 65535 ? 65534 : WPORT + 1))
user_settings() { mkdir -p "$XDG_CONFIG_HOME/pair" && printf '%s\n' "$1" >"$XDG_CONFIG_HOME/pair/settings.json"; }

# 1. No settings: web_fetch is offered, web_search is not (no backend, no schema tokens).
echo '{"responses": [{"text": "ok"}]}' >"$T/s1.json"
scripted_start "$T/s1.json"
use_model "$URL/v1"
run_pair -p "hi" --no-session
assert_rc 0
check_log '
names = [t["function"]["name"] for t in requests[0]["json"]["tools"]]
assert names == ["read_file", "write_file", "edit_file", "bash", "list_files", "search_files", "web_fetch"], names
'
pass "without a search backend only web_fetch is added"

# 2. Tavily, and web_fetch with the test server's port (and nothing else) allowed.
user_settings '{"web": {"ask_first": false,
  "search": {"backend": "tavily", "endpoint": "'"$WEB"'/tavily/search"},
  "fetch": {"allow": ["127.0.0.1:'"$WPORT"'"]}}}'
cat >"$T/s2.json" <<JSON
{"responses": [
  {"tool_calls": [{"name": "web_search", "arguments": {"query": "pair coding agent", "max_results": 2}}]},
  {"tool_calls": [{"name": "web_fetch", "arguments": {"url": "$WEB/html/tricky"}}]},
  {"tool_calls": [{"name": "web_fetch", "arguments": {"url": "http://127.0.0.1:$OTHER/"}}]},
  {"tool_calls": [{"name": "web_fetch", "arguments": {"url": "http://localhost:$OTHER/"}}]},
  {"tool_calls": [{"name": "web_fetch", "arguments": {"url": "http://[::1]:$WPORT/text"}}]},
  {"tool_calls": [{"name": "web_fetch", "arguments": {"url": "http://169.254.169.254/latest/meta-data/"}}]},
  {"tool_calls": [{"name": "web_fetch", "arguments": {"url": "http://10.1.2.3/"}}]},
  {"tool_calls": [{"name": "web_fetch", "arguments": {"url": "$WEB/redirect?to=http://10.0.0.1/admin"}}]},
  {"text": "done"}
]}
JSON
scripted_start "$T/s2.json"
use_model "$URL/v1"
TAVILY_API_KEY=test-key run_pair -p "research it" --no-session
assert_rc 0
assert_eq "$OUT" "done"
check_log '
assert len(requests) == 9, len(requests)
assert_all_extend(requests)
names = [t["function"]["name"] for t in requests[0]["json"]["tools"]]
assert names[-2:] == ["web_search", "web_fetch"], names
def result(i):
    m = messages(requests[i])[-1]
    assert m["role"] == "tool", m
    return m["content"]
search = result(1)
assert search.startswith("1. Result 1 for pair coding agent\n   https://example.com/1\n   Snippet 1 about pair coding agent."), search
assert "2. Result 2" in search and "3. Result" not in search, search
page = result(2)
port = "'"$WPORT"'"
assert page.startswith("URL: http://127.0.0.1:%s/html/tricky\nTitle: Tricky & broken\n" % port), page[:200]
assert "# Release notes" in page and "| 1.0 | First release |" in page, page
assert "Site banner" not in page and "from script" not in page, page
expect = {
  3: "127.0.0.1 is a loopback address",
  4: "localhost resolves to 127.0.0.1, a loopback address",
  5: "::1 is a loopback address",
  6: "169.254.169.254 is a link-local address",
  7: "10.1.2.3 is a private-network address",
  8: "refused to fetch http://10.0.0.1/admin: 10.0.0.1 is a private-network address",
}
for i, text in expect.items():
    assert text in result(i), (i, result(i))
    assert "web.fetch.allow" in result(i), result(i)
'
"$HARNESS_PY" - "$T/web.jsonl" <<'PY' || fail "web server log check"
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
tavily = [r for r in log if r["path"] == "/tavily/search"]
assert len(tavily) == 1, tavily
assert tavily[0]["method"] == "POST" and tavily[0]["headers"]["Authorization"] == "Bearer test-key", tavily[0]
assert json.loads(tavily[0]["body"]) == {"query": "pair coding agent", "max_results": 2}, tavily[0]["body"]
paths = [r["path"] for r in log]
assert paths == ["/tavily/search", "/html/tricky", "/redirect?to=http://10.0.0.1/admin"], paths
PY
pass "Tavily request and results; web_fetch page; SSRF refusals for loopback, ::1, metadata, 10/8, localhost, redirect"

# 3. SearXNG; a project's settings cannot widen the network allowance or skip the question.
user_settings '{"web": {"search": {"backend": "searxng", "endpoint": "'"$WEB"'/searxng"}}}'
mkdir -p "$WS/.pair"
echo '{"web": {"ask_first": false, "fetch": {"allow_private": true}}}' >"$WS/.pair/settings.json"
cat >"$T/s3.json" <<JSON
{"responses": [
  {"tool_calls": [{"name": "web_search", "arguments": {"query": "gumbo html5"}}]},
  {"tool_calls": [{"name": "web_fetch", "arguments": {"url": "$WEB/text"}}]},
  {"text": "done"}
]}
JSON
scripted_start "$T/s3.json"
use_model "$URL/v1"
run_pair -p "look" --no-session --permission-mode accept-edits
assert_rc 0
check_log '
for i in (1, 2):
    result = messages(requests[i])[-1]["content"]
    assert result.startswith("The user did not allow this call"), result
    assert "accept-edits" not in result, result
assert "the rule \"web_fetch(domain:127.0.0.1)\"" in messages(requests[2])[-1]["content"]
'
pass "network calls ask (headless refuses) although the project says ask_first: false"

# Answered (bypass): SearXNG results; the project's allow_private is still ignored.
scripted_start "$T/s3.json"
use_model "$URL/v1"
run_pair -p "look" --no-session --permission-mode bypass
assert_rc 0
check_log '
search = messages(requests[1])[-1]["content"]
assert search.startswith("1. SearX 1: gumbo html5\n   https://searx.example/1\n"), search
assert "5. SearX 5" in search and "6. " not in search, search
fetch = messages(requests[2])[-1]["content"]
assert "127.0.0.1 is a loopback address" in fetch, fetch
'
grep -q '"path": "/searxng/search?q=gumbo%20html5&format=json"' "$T/web.jsonl" || fail "SearXNG request"
pass "SearXNG request and results; a project cannot allow private addresses"
