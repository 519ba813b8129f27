#include "mcp/client.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "mcp/wire.h"
#include "util/json_parse.h"
#include "util/utf8.h"

namespace pair::mcp {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

/// JSON-RPC's "Method not found".
constexpr int kMethodNotFound = -32601;
/// How much of a message that is not JSON an error quotes.
constexpr size_t kQuoteBytes = 200;
/// More pages than any real server sends: a server that keeps returning a
/// cursor is looping.
constexpr int kMaxPages = 100;

json make_request(int64_t id, const std::string& method, json params) {
  json m = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.is_null()) m["params"] = std::move(params);
  return m;
}

json make_notification(const std::string& method, json params) {
  json m = {{"jsonrpc", "2.0"}, {"method", method}};
  if (!params.is_null()) m["params"] = std::move(params);
  return m;
}

/// The first bytes of `text`, for an error that says what the server sent.
std::string quote(std::string_view text) {
  std::string q = utf8_sanitize(text.substr(0, utf8_safe_cut(text, kQuoteBytes)));
  if (q.size() < text.size()) q += "…";
  return "\"" + q + "\"";
}

/// "10 s", "0.5 s".
std::string seconds_text(std::chrono::milliseconds d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + " s";
  return std::to_string(d.count() / 1000) + "." + std::to_string(d.count() % 1000 / 100) + " s";
}

bool known_version(const std::string& v) {
  return std::ranges::any_of(kKnownProtocolVersions, [&](const char* k) { return v == k; });
}

}  // namespace

struct Client::Pending {
  std::optional<Result<json>> outcome;
};

Client::Client(std::unique_ptr<Transport> transport, ClientOptions options)
    : transport_(std::move(transport)), options_(std::move(options)) {}

Client::~Client() {
  close();
}

std::string Client::server_label() const {
  return "MCP server (" + transport_->describe() + ")";
}

Result<void> Client::connect(std::stop_token stop, std::chrono::milliseconds timeout) {
  transport_->set_handlers([this](std::string text) { on_message(std::move(text)); },
                           [this](const Error& why) { on_closed(why); });
  transport_->set_undeliverable_handler([this](const Error& why) { fail_pending(why); });
  writer_ = std::jthread([this](std::stop_token s) { write_loop(s); });
  auto deadline = Clock::now() + timeout;
  auto fail_closed = [this](Error e) -> Result<void> {
    close();
    return std::unexpected(std::move(e));
  };
  if (auto opened = transport_->open(stop); !opened) return fail_closed(opened.error());

  json params = {{"protocolVersion", kProtocolVersion},
                 {"capabilities", json::object()},
                 {"clientInfo", {{"name", "pair"}, {"version", options_.client_version}}}};
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  auto result = request("initialize", std::move(params), stop, std::max(left, std::chrono::milliseconds(0)));
  if (!result) return fail_closed(result.error());
  info_.protocol_version = json_string_or(*result, "protocolVersion");
  if (!known_version(info_.protocol_version)) {
    std::string known;
    for (const char* k : kKnownProtocolVersions) known += std::string(known.empty() ? "" : ", ") + k;
    return fail_closed(
        Error(ErrorCode::kProtocol, server_label() + " speaks MCP revision " + quote(info_.protocol_version) +
                                        ", which pair does not (it speaks " + known +
                                        "); use a version of the server " + "that supports one of these"));
  }
  const json& server = json_member(*result, "serverInfo");
  info_.name = json_string_or(server, "name");
  info_.version = json_string_or(server, "version");
  info_.instructions = json_string_or(*result, "instructions");
  transport_->set_protocol_version(info_.protocol_version);
  // Sent here, not queued, so that it precedes every request that follows.
  if (auto sent = transport_->send(dump_json(make_notification("notifications/initialized", nullptr)), stop); !sent)
    return fail_closed(sent.error());
  return {};
}

Result<std::vector<ServerTool>> Client::list_tools(std::stop_token stop) {
  tools_changed_ = false;
  std::vector<ServerTool> tools;
  std::vector<std::string> warnings;
  std::string cursor;
  for (int page = 0;; ++page) {
    if (page == kMaxPages)
      return fail(ErrorCode::kProtocol, server_label() + " sent more than " + std::to_string(kMaxPages) +
                                            " pages of tools/list; it seems to repeat its cursor");
    json params = json::object();
    if (!cursor.empty()) params["cursor"] = cursor;
    // A list is small: a server that takes longer than this is not answering.
    auto result = request("tools/list", std::move(params), stop, std::chrono::seconds(30));
    if (!result) return std::unexpected(result.error());
    read_tools_page(*result, transport_->describe(), tools, warnings);
    std::string next = json_string_or(*result, "nextCursor");
    if (next.empty()) break;
    cursor = std::move(next);
  }
  for (auto& w : warnings) warn(std::move(w));
  return tools;
}

Result<CallResult> Client::call_tool(const std::string& name, const std::string& arguments_json, std::stop_token stop,
                                     std::chrono::milliseconds timeout) {
  auto arguments =
      arguments_json.empty() ? Result<json>(json::object()) : parse_json(arguments_json, "the tool's arguments");
  if (!arguments) return std::unexpected(arguments.error());
  if (!arguments->is_object())
    return fail(ErrorCode::kInvalidArgument, "the arguments of MCP tool " + name + " must be a JSON object");
  auto result = request("tools/call", {{"name", name}, {"arguments", std::move(*arguments)}}, stop, timeout);
  if (!result) return std::unexpected(result.error());
  if (!result->is_object())
    return fail(ErrorCode::kProtocol,
                server_label() + " answered tools/call with " + quote(dump_json(*result)) + ", not an object");
  return read_call_result(*result);
}

Result<json> Client::request(const std::string& method, json params, std::stop_token stop,
                             std::chrono::milliseconds timeout) {
  auto pending = std::make_shared<Pending>();
  int64_t id;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return std::unexpected(*closed_);
    id = next_id_++;
    pending_[id] = pending;
  }
  auto deadline = Clock::now() + timeout;
  // The answer may arrive before send() returns (HTTP delivers it from
  // inside): the call is registered first.
  if (auto sent = transport_->send(dump_json(make_request(id, method, std::move(params))), stop); !sent) {
    std::lock_guard lock(mutex_);
    pending_.erase(id);
    if (pending->outcome) return std::move(*pending->outcome);
    return std::unexpected(sent.error());
  }
  std::unique_lock lock(mutex_);
  answered_.wait_until(lock, stop, deadline, [&] { return pending->outcome.has_value(); });
  pending_.erase(id);
  if (pending->outcome) return std::move(*pending->outcome);
  bool cancelled = stop.stop_requested();
  std::string reason = cancelled ? "cancelled by the user" : "timed out";
  lock.unlock();
  post(make_notification("notifications/cancelled", {{"requestId", id}, {"reason", reason}}));
  if (cancelled) return fail(ErrorCode::kCancelled, method + " on " + server_label() + " was cancelled");
  return fail(ErrorCode::kTimeout, server_label() + " did not answer " + method + " within " + seconds_text(timeout) +
                                       "; the request was cancelled (the server's timeout setting can raise it)");
}

void Client::post(json message) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  outbox_.push_back(dump_json(message));
  outbox_ready_.notify_one();
}

void Client::write_loop(std::stop_token stop) {
  for (;;) {
    std::string message;
    {
      std::unique_lock lock(mutex_);
      if (!outbox_ready_.wait(lock, stop, [&] { return !outbox_.empty(); })) return;
      message = std::move(outbox_.front());
      outbox_.pop_front();
    }
    // A failed answer or notification has nobody to tell: a broken
    // connection reaches the waiting calls through the closed handler.
    (void)transport_->send(message, stop);
  }
}

void Client::on_message(std::string text) {
  auto parsed = parse_json(text, "the message");
  if (!parsed) {
    Error e(ErrorCode::kProtocol, server_label() + " sent something that is not JSON: " + quote(text));
    bool any;
    {
      std::lock_guard lock(mutex_);
      any = !pending_.empty();
    }
    if (any)
      fail_pending(e);
    else
      warn(e.message);
    return;
  }
  if (parsed->is_array()) {  // a batch (revision 2025-03-26)
    for (const json& m : *parsed) on_value(m);
    return;
  }
  on_value(*parsed);
}

void Client::on_value(const json& m) {
  const json& id = json_member(m, "id");
  std::string method = json_string_or(m, "method");
  if (!method.empty()) {
    if (id.is_null()) {
      if (method == "notifications/tools/list_changed") {
        tools_changed_ = true;
        if (options_.on_tools_changed) options_.on_tools_changed();
      }
      return;  // other notifications (progress, log messages) carry nothing pair uses
    }
    if (method == "ping") {
      post({{"jsonrpc", "2.0"}, {"id", id}, {"result", json::object()}});
      return;
    }
    post({{"jsonrpc", "2.0"},
          {"id", id},
          {"error", {{"code", kMethodNotFound}, {"message", "pair does not support " + method}}}});
    return;
  }
  if (!id.is_number_integer()) {
    warn(server_label() + " sent a message that is neither a request nor an answer: " + quote(dump_json(m)));
    return;
  }
  std::lock_guard lock(mutex_);
  auto it = pending_.find(json_as_int(id));
  if (it == pending_.end()) return;  // an answer to a call that timed out or was cancelled
  const json& error = json_member(m, "error");
  if (!error.is_null()) {
    it->second->outcome = fail(ErrorCode::kProtocol, server_label() + " answered with error " +
                                                         std::to_string(json_int_or(error, "code")) + ": " +
                                                         json_string_or(error, "message", "(no message)"));
  } else {
    it->second->outcome = json_member(m, "result");
  }
  pending_.erase(it);
  answered_.notify_all();
}

void Client::on_closed(const Error& why) {
  {
    std::lock_guard lock(mutex_);
    if (!closed_) closed_ = why;
  }
  fail_pending(why);
}

void Client::fail_pending(const Error& why) {
  std::lock_guard lock(mutex_);
  for (auto& [id, p] : pending_) p->outcome = std::unexpected(why);
  pending_.clear();
  answered_.notify_all();
}

void Client::warn(std::string warning) {
  std::lock_guard lock(mutex_);
  warnings_.push_back(std::move(warning));
}

std::vector<std::string> Client::take_warnings() {
  std::lock_guard lock(mutex_);
  return std::exchange(warnings_, {});
}

std::optional<Error> Client::closed_reason() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void Client::close() {
  {
    std::lock_guard lock(mutex_);
    if (!closed_) closed_ = Error(ErrorCode::kDisconnected, server_label() + " was closed");
  }
  fail_pending(*closed_reason());
  if (writer_.joinable()) {
    writer_.request_stop();
    writer_.join();
  }
  transport_->close();
}

}  // namespace pair::mcp
