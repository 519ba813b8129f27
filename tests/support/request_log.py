"""Reading the scripted server's request log in integration tests."""
import json


def load_requests(path):
    """Chat-completion requests, in order, each a dict with `raw` (body text) and `json`."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("method") == "POST" and rec["path"].endswith("/chat/completions"):
                out.append({"raw": rec["body"], "json": rec["json"]})
    return out


def raw_array(body, key):
    """The exact text of the JSON array under `key` in the body, as sent."""
    marker = '"%s":' % key
    start = body.index(marker) + len(marker)
    _, end = json.JSONDecoder().raw_decode(body, start)
    return body[start:end]


def messages_raw(request):
    return raw_array(request["raw"], "messages")


def tools_raw(request):
    return raw_array(request["raw"], "tools")


def assert_extends(earlier, later, what="request"):
    """`later`'s messages array must begin with `earlier`'s, byte for byte."""
    a, b = messages_raw(earlier), messages_raw(later)
    assert b.startswith(a[:-1]), "%s does not extend the earlier messages byte for byte:\n%s\n---\n%s" % (
        what, a[:400], b[:400])


def assert_all_extend(requests):
    for i in range(1, len(requests)):
        assert_extends(requests[i - 1], requests[i], "request %d" % i)
        assert tools_raw(requests[i]) == tools_raw(requests[0]), "tools changed in request %d" % i


def assert_resumes(earlier_log, requests):
    """A resumed session's one request extends the last request in `earlier_log` byte for byte."""
    assert len(requests) == 1, len(requests)
    assert_extends(load_requests(earlier_log)[-1], requests[0], "the resumed request")


def messages(request):
    return request["json"]["messages"]
