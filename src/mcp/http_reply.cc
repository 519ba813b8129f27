#include "mcp/http_reply.h"

#include <nlohmann/json.hpp>

#include "util/byte_size.h"
#include "util/json_parse.h"
#include "util/strings.h"

namespace pair::mcp {

ReplyFraming reply_framing(std::string_view content_type) {
  // "application/json; charset=utf-8": the media type is what comes before parameters.
  std::string type = to_lower(trim(content_type.substr(0, content_type.find(';'))));
  if (type == "application/json") return ReplyFraming::kJson;
  if (type == "text/event-stream") return ReplyFraming::kEventStream;
  return ReplyFraming::kOther;
}

Result<std::string> request_id_of(std::string_view message) {
  auto j = parse_json(message, "the message to send", ErrorCode::kInvalidArgument);
  if (!j) return std::unexpected(j.error());
  if (!j->is_object()) return fail(ErrorCode::kInvalidArgument, "the message to send is not a JSON object");
  if (!j->contains("method") || !j->contains("id")) return std::string();
  return dump_json(json_member(*j, "id"));
}

ReplyReader::ReplyReader(ReplyFraming framing, std::string awaited_id, size_t max_message_bytes, std::string where,
                         Transport::MessageHandler on_message)
    : framing_(framing),
      awaited_id_(std::move(awaited_id)),
      max_message_bytes_(max_message_bytes),
      where_(std::move(where)),
      on_message_(std::move(on_message)) {
  if (framing_ == ReplyFraming::kEventStream)
    sse_ = std::make_unique<SseParser>([this](const SseEvent& e) { on_event(e); }, max_message_bytes_);
}

Result<void> ReplyReader::feed(std::string_view bytes) {
  if (error_) return std::unexpected(*error_);
  if (sse_) {
    // The parser fails only on a line or event over the limit.
    if (auto fed = sse_->feed(bytes); !fed)
      error_ = Error(ErrorCode::kProtocol,
                     where_ + " sent an event larger than " + format_bytes(max_message_bytes_) + "; it was dropped");
  } else if (json_body_.size() + bytes.size() > max_message_bytes_) {
    error_ = Error(ErrorCode::kProtocol,
                   where_ + " sent a reply larger than " + format_bytes(max_message_bytes_) + "; it was dropped");
  } else {
    json_body_.append(bytes);
  }
  if (error_) return std::unexpected(*error_);
  return {};
}

Result<void> ReplyReader::finish() {
  if (error_) return std::unexpected(*error_);
  if (sse_) {
    sse_->finish();
  } else if (!trim(json_body_).empty()) {
    auto body = parse_json(json_body_, where_ + "'s reply", ErrorCode::kProtocol);
    if (!body) {
      error_ = body.error();
    } else if (body->is_array()) {
      // A batch, as servers of revisions before 2025-06-18 may send: each element is one message.
      for (const auto& item : *body)
        if (auto d = deliver(dump_json(item)); !d) break;
    } else {
      (void)deliver(std::move(json_body_));
    }
    json_body_.clear();
  }
  if (error_) return std::unexpected(*error_);
  return {};
}

void ReplyReader::on_event(const SseEvent& event) {
  if (error_) return;
  // Only `message` events carry JSON-RPC; an empty one is the stream's priming event (an id to resume from).
  if (!event.event.empty() && event.event != "message") return;
  if (trim(event.data).empty()) return;
  (void)deliver(event.data);
}

Result<void> ReplyReader::deliver(std::string message) {
  auto j = parse_json(message, where_ + "'s message", ErrorCode::kProtocol);
  if (!j) {
    error_ = j.error();
    return std::unexpected(*error_);
  }
  if (!j->is_object()) {
    error_ = Error(ErrorCode::kProtocol, where_ + " sent a message that is not a JSON object: " +
                                             std::string(first_line(message.substr(0, 200), " …")));
    return std::unexpected(*error_);
  }
  if (!awaited_id_.empty() && !j->contains("method") && (j->contains("result") || j->contains("error")) &&
      dump_json(json_member(*j, "id")) == awaited_id_)
    answered_ = true;
  ++delivered_;
  if (on_message_) on_message_(std::move(message));
  return {};
}

}  // namespace pair::mcp
