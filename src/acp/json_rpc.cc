#include "acp/json_rpc.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"

namespace pair::acp {
using nlohmann::json;

struct Connection::Pending {
  bool done = false;
  Result<json> answer = json();
};

namespace {

/// An id the peer may use for a request: a string or a number (JSON-RPC
/// discourages null and fractions; neither names a request that can be answered).
bool valid_request_id(const json& id) {
  return id.is_string() || id.is_number_integer();
}

json error_message(const json& id, int code, std::string_view message) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", std::string(message)}}}};
}

}  // namespace

Connection::Connection(Writer write) : write_(std::move(write)) {}

Connection::~Connection() {
  close();
}

void Connection::on_request(std::string method, RequestHandler handler) {
  requests_[std::move(method)] = std::move(handler);
}

void Connection::on_notification(std::string method, NotificationHandler handler) {
  notifications_[std::move(method)] = std::move(handler);
}

void Connection::write(const json& message) {
  std::string line = dump_json(message);
  std::lock_guard lock(write_mu_);
  write_(line);
}

void Connection::respond(const json& id, const json& result) {
  write(json{{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
}

void Connection::respond_error(const json& id, int code, std::string_view message) {
  write(error_message(id, code, message));
}

void Connection::notify(std::string_view method, const json& params) {
  write(json{{"jsonrpc", "2.0"}, {"method", std::string(method)}, {"params", params}});
}

void Connection::receive(std::string_view line) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
  auto parsed = parse_json_text(line);
  if (!parsed) {
    respond_error(nullptr, kParseError,
                  describe_json_failure(parsed.error(), "message") +
                      " (each message is one JSON-RPC 2.0 object on a line of its own)");
    return;
  }
  handle(*parsed);
}

void Connection::handle(const json& m) {
  if (m.is_array()) {
    respond_error(nullptr, kInvalidRequest,
                  "batches (a JSON array of messages) are not supported: send one message a line");
    return;
  }
  if (!m.is_object()) {
    respond_error(nullptr, kInvalidRequest, "a message must be a JSON object, got " + std::string(m.type_name()));
    return;
  }
  const json& id = json_member(m, "id");
  const json reply_id = valid_request_id(id) ? id : json();
  if (json_string_or(m, "jsonrpc") != "2.0") {
    respond_error(reply_id, kInvalidRequest, "the message lacks \"jsonrpc\": \"2.0\"");
    return;
  }
  if (!m.contains("method")) {
    resolve(m);
    return;
  }
  const json& method_value = json_member(m, "method");
  if (!method_value.is_string()) {
    respond_error(reply_id, kInvalidRequest, "\"method\" must be a string");
    return;
  }
  const std::string method = json_as_string(method_value);
  const json& params = json_member(m, "params");
  bool is_request = m.contains("id");
  if (is_request && !valid_request_id(id)) {
    respond_error(nullptr, kInvalidRequest, "the id of a " + method + " request must be a string or an integer");
    return;
  }
  if (!params.is_null() && !params.is_object() && !params.is_array()) {
    if (is_request) respond_error(id, kInvalidRequest, "the params of " + method + " must be an object");
    return;
  }
  if (!is_request) {
    if (auto it = notifications_.find(method); it != notifications_.end()) it->second(params);
    return;
  }
  auto it = requests_.find(method);
  if (it == requests_.end()) {
    respond_error(id, kMethodNotFound, "unknown method " + method + ": this agent does not implement it");
    return;
  }
  it->second(id, params);
}

void Connection::resolve(const json& m) {
  const json& id = json_member(m, "id");
  bool has_result = m.contains("result");
  const json& error = json_member(m, "error");
  if (!has_result && !error.is_object()) {
    respond_error(valid_request_id(id) ? id : json(), kInvalidRequest,
                  "a message needs a \"method\" (a request or notification), or a \"result\" or an \"error\" (a "
                  "response)");
    return;
  }
  // A response is never answered, not even one to nothing we asked (the peer could answer back, endlessly).
  if (!id.is_number_integer()) return;
  std::lock_guard lock(calls_mu_);
  auto it = pending_.find(json_as_int(id));
  if (it == pending_.end()) return;
  if (error.is_object())
    it->second->answer =
        fail(ErrorCode::kProtocol, "the client answered with error " + std::to_string(json_int_or(error, "code")) +
                                       ": " + json_string_or(error, "message", "(no message)"));
  else
    it->second->answer = json_member(m, "result");
  it->second->done = true;
  pending_.erase(it);
  calls_cv_.notify_all();
}

Result<json> Connection::call(std::string_view method, const json& params, std::stop_token stop) {
  auto pending = std::make_shared<Pending>();
  int64_t id = 0;
  {
    std::lock_guard lock(calls_mu_);
    if (closed_)
      return fail(ErrorCode::kDisconnected,
                  "cannot ask the client (" + std::string(method) + "): it has closed the connection");
    id = next_id_++;
    pending_[id] = pending;
  }
  write(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", std::string(method)}, {"params", params}});
  std::unique_lock lock(calls_mu_);
  calls_cv_.wait(lock, stop, [&] { return pending->done || closed_; });
  if (pending->done) return std::move(pending->answer);
  pending_.erase(id);
  if (closed_)
    return fail(ErrorCode::kDisconnected, "the client closed the connection before answering " + std::string(method));
  return fail(ErrorCode::kCancelled, std::string(method) + " was cancelled before the client answered");
}

void Connection::close() {
  std::lock_guard lock(calls_mu_);
  closed_ = true;
  calls_cv_.notify_all();
}

}  // namespace pair::acp
