#include "ide/ide_client.h"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>

#include "http/http_client.h"
#include "http/sse_parser.h"
#include "util/json_parse.h"

namespace pair {

using nlohmann::json;
using namespace std::chrono_literals;

namespace {

/// Quick calls: the editor answers at once or something is wrong.
constexpr std::chrono::milliseconds kCallTimeout = 10s;
/// openDiff waits for a person; only a closed connection ends it.
constexpr std::chrono::milliseconds kReviewTimeout = std::chrono::hours(24 * 7);
/// The stream carries a keep-alive comment every 15 s.
constexpr std::chrono::milliseconds kEventsIdleTimeout = 60s;
/// An accepted diff carries a whole file.
constexpr size_t kMaxAnswerBytes = 256u << 20;

/// An integer member; 0 when absent, not a whole number or beyond int.
int int_of(const json& j, const char* key) {
  const json& v = json_member(j, key);
  return v.is_number_integer() ? json_as_int32(v) : 0;
}

TextPosition position_of(const json& j) {
  if (!j.is_object()) return {};
  return {int_of(j, "line"), int_of(j, "character")};
}

std::optional<ActiveFile> active_of(const json& j) {
  if (!j.is_object() || json_string_or(j, "path").empty()) return std::nullopt;
  ActiveFile a;
  a.path = json_string_or(j, "path");
  a.language = json_string_or(j, "language");
  a.cursor = position_of(json_member(j, "cursor"));
  a.dirty = json_bool_or(j, "isDirty", false);
  if (auto s = j.find("selection"); s != j.end() && s->is_object()) {
    EditorSelection sel;
    sel.start = position_of(json_member(*s, "start"));
    sel.end = position_of(json_member(*s, "end"));
    sel.text = json_string_or(*s, "text");
    sel.truncated = json_bool_or(*s, "truncated", false);
    a.selection = std::move(sel);
  }
  if (auto v = j.find("visibleRanges"); v != j.end() && v->is_array())
    for (const auto& r : *v)
      if (r.is_object()) a.visible.push_back({int_of(r, "startLine"), int_of(r, "endLine")});
  return a;
}

QueuedSelection queued_of(const json& j) {
  return {json_string_or(j, "path"), json_string_or(j, "language"), int_of(j, "startLine"), int_of(j, "endLine"),
          json_string_or(j, "text")};
}

IdeNotification notification_of(const json& j) {
  IdeNotification n;
  n.method = json_string_or(j, "method");
  const json& params = json_member(j, "params");
  if (!params.is_object()) return n;
  if (n.method == "selectionChanged") {
    n.kind = IdeNotification::Kind::kSelectionChanged;
    n.active = active_of(json_member(params, "activeFile"));
  } else if (n.method == "selectionQueued") {
    n.kind = IdeNotification::Kind::kSelectionQueued;
    if (auto item = params.find("item"); item != params.end() && item->is_object()) n.queued = queued_of(*item);
    n.queued_count = int_of(params, "count");
  }
  return n;
}

std::string url_of(const IdeLock& lock, const char* path) {
  return "http://127.0.0.1:" + std::to_string(lock.port) + path;
}

}  // namespace

Result<std::unique_ptr<IdeClient>> IdeClient::connect(const IdeLock& lock, std::stop_token stop) {
  std::unique_ptr<IdeClient> client(new IdeClient(lock));
  json params = {{"protocolVersion", kIdeProtocolVersion},
                 {"client", {{"name", "pair"}, {"pid", static_cast<int>(::getpid())}}}};
  auto result = client->call("initialize", dump_json(params), kCallTimeout, stop);
  if (!result) return std::unexpected(result.error());
  const json& j = *result;
  if (!j.is_object() || int_of(j, "protocolVersion") != kIdeProtocolVersion)
    return fail(ErrorCode::kProtocol, lock.ide_name + " (lock " + lock.file.string() +
                                          ") does not speak pair's editor protocol version " +
                                          std::to_string(kIdeProtocolVersion) + ": update pair or the extension");
  const json& ide = json_member(j, "ide");
  client->ide_name_ = json_string_or(ide, "name");
  client->ide_version_ = json_string_or(ide, "version");
  if (client->ide_name_.empty()) client->ide_name_ = lock.ide_name;
  return client;
}

IdeClient::~IdeClient() = default;  // events_ stops and joins first (declared last)

Result<json> IdeClient::call(const std::string& method, const std::string& params_json,
                             std::chrono::milliseconds idle_timeout, std::stop_token stop) {
  const std::string who = lock_.ide_name + " (lock " + lock_.file.string() + ")";
  HttpRequest request;
  request.url = url_of(lock_, "/rpc");
  request.headers = {"Authorization: Bearer " + lock_.token, "Content-Type: application/json"};
  request.body = R"({"jsonrpc":"2.0","id":)" + std::to_string(next_id_++) + R"(,"method":)" + dump_json(json(method)) +
                 R"(,"params":)" + params_json + "}";
  request.connect_timeout = 2s;
  request.idle_timeout = idle_timeout;
  std::string body;
  HttpClient http;
  auto response = http.send(
      request,
      [&](std::string_view bytes) -> Result<void> {
        if (body.size() + bytes.size() > kMaxAnswerBytes) return fail(ErrorCode::kProtocol, "answer too large");
        body.append(bytes);
        return {};
      },
      stop);
  if (!response) {
    Error e = response.error();
    if (e.code == ErrorCode::kConnection || e.code == ErrorCode::kDisconnected) connected_ = false;
    if (e.code != ErrorCode::kCancelled) e.message = who + ": " + method + ": " + e.message;
    return std::unexpected(e);
  }
  if (response->status == 401)
    return fail(ErrorCode::kPermission,
                who + " refused pair's token: the lock file is out of date or not this window's");
  if (response->status != 200)
    return fail(ErrorCode::kProtocol,
                who + " answered " + method + " with HTTP " + std::to_string(response->status) + ": " + response->body);
  auto parsed = parse_json(body, "the answer");
  if (!parsed || !parsed->is_object())
    return fail(ErrorCode::kProtocol, who + " answered " + method + " with something not JSON-RPC" +
                                          (parsed ? "" : " (" + parsed.error().message + ")"));
  json& j = *parsed;
  if (auto error = j.find("error"); error != j.end() && error->is_object())
    return fail(ErrorCode::kProtocol, who + " answered " + method + " with error " +
                                          std::to_string(int_of(*error, "code")) + ": " +
                                          json_string_or(*error, "message"));
  auto result = j.find("result");
  if (result == j.end()) return fail(ErrorCode::kProtocol, who + " answered " + method + " without a result");
  return std::move(*result);
}

Result<EditorContext> IdeClient::get_context(bool take_queued, std::stop_token stop) {
  auto r = call("getContext", dump_json(json{{"takeQueued", take_queued}}), kCallTimeout, stop);
  if (!r) return std::unexpected(r.error());
  const json& j = *r;
  if (!j.is_object()) return fail(ErrorCode::kProtocol, "getContext: the result is not an object");
  EditorContext c;
  c.active = active_of(json_member(j, "activeFile"));
  if (auto q = j.find("queued"); q != j.end() && q->is_array())
    for (const auto& item : *q)
      if (item.is_object()) c.queued.push_back(queued_of(item));
  return c;
}

Result<FileDiagnostics> IdeClient::get_diagnostics(const std::string& path, std::stop_token stop) {
  auto r = call("getDiagnostics", dump_json(json{{"path", path}}), kCallTimeout, stop);
  if (!r) return std::unexpected(r.error());
  const json& j = *r;
  FileDiagnostics out;
  out.path = path;
  if (!json_member(j, "files").is_array()) return fail(ErrorCode::kProtocol, "getDiagnostics: the result has no files");
  for (const auto& f : json_array_member(j, "files")) {
    if (!f.is_object() || json_string_or(f, "path") != path) continue;
    auto list = f.find("diagnostics");
    if (list == f.end() || !list->is_array()) continue;
    for (const auto& d : *list) {
      if (!d.is_object()) continue;
      out.diagnostics.push_back({json_string_or(d, "severity"), json_string_or(d, "message"),
                                 json_string_or(d, "source"),
                                 position_of(json_member(json_member(d, "range"), "start"))});
    }
  }
  return out;
}

Result<DiffOutcome> IdeClient::open_diff(const DiffRequest& request, std::stop_token stop) {
  json params = {{"diffId", request.diff_id},
                 {"path", request.path},
                 {"newContent", request.new_content},
                 {"summary", request.summary}};
  auto r = call("openDiff", dump_json(params), kReviewTimeout, stop);
  if (!r) return std::unexpected(r.error());
  const json& j = *r;
  if (!j.is_object()) return fail(ErrorCode::kProtocol, "openDiff: the result is not an object");
  DiffOutcome out;
  std::string decision = json_string_or(j, "decision");
  if (decision == "accepted")
    out.decision = DiffOutcome::Decision::kAccepted;
  else if (decision == "rejected")
    out.decision = DiffOutcome::Decision::kRejected;
  else if (decision == "closed")
    out.decision = DiffOutcome::Decision::kClosed;
  else
    return fail(ErrorCode::kProtocol, "openDiff: unknown decision \"" + decision + "\"");
  out.edited = json_bool_or(j, "edited", false);
  out.reason = json_string_or(j, "reason");
  if (out.decision == DiffOutcome::Decision::kAccepted) {
    out.content = json_string_or(j, "content", request.new_content);
  }
  return out;
}

Result<bool> IdeClient::close_diff(const std::string& diff_id) {
  auto r = call("closeDiff", dump_json(json{{"diffId", diff_id}}), kCallTimeout, {});
  if (!r) return std::unexpected(r.error());
  const json& j = *r;
  return json_bool_or(j, "closed", false);
}

void IdeClient::start_events(IdeNotificationHandler handler) {
  events_ = std::jthread([this, handler = std::move(handler)](std::stop_token stop) { run_events(stop, handler); });
}

void IdeClient::run_events(std::stop_token stop, const IdeNotificationHandler& handler) {
  HttpRequest request;
  request.method = "GET";
  request.url = url_of(lock_, "/events");
  request.headers = {"Authorization: Bearer " + lock_.token, "Accept: text/event-stream"};
  request.connect_timeout = 2s;
  request.idle_timeout = kEventsIdleTimeout;
  SseParser parser([&](const SseEvent& e) {
    auto j = parse_json(e.data, "editor notification");
    if (j && j->is_object() && handler) handler(notification_of(*j));
  });
  HttpClient http;
  (void)http.send(
      request, [&](std::string_view bytes) { return parser.feed(bytes); }, stop);
  if (stop.stop_requested()) return;
  connected_ = false;
  IdeNotification gone;
  gone.kind = IdeNotification::Kind::kDisconnected;
  if (handler) handler(gone);
}

}  // namespace pair
