#include "http/sse_parser.h"

namespace pair {

namespace {

// One pass over the bytes; string_view::find_first_of looks each byte up in the set with a call
// of its own, which showed up as the parser's main cost on a fast token stream.
size_t find_line_end(std::string_view bytes, size_t from) {
  for (size_t i = from; i < bytes.size(); ++i)
    if (bytes[i] == '\n' || bytes[i] == '\r') return i;
  return std::string_view::npos;
}

}  // namespace

SseParser::SseParser(EventHandler on_event, size_t max_event_bytes)
    : on_event_(std::move(on_event)), max_event_bytes_(max_event_bytes) {}

Result<void> SseParser::feed(std::string_view bytes) {
  if (bytes.empty()) return {};
  size_t i = 0;
  // A CR ending the previous chunk already ended its line; a LF right after it
  // belongs to the same line break.
  if (last_was_cr_ && !bytes.empty() && bytes[0] == '\n') ++i;
  last_was_cr_ = false;
  while (i < bytes.size()) {
    size_t end = find_line_end(bytes, i);
    if (end == std::string_view::npos) {
      line_.append(bytes.substr(i));
      if (line_.size() + pending_.data.size() > max_event_bytes_)
        return fail(ErrorCode::kProtocol, "server-sent event larger than " + std::to_string(max_event_bytes_) +
                                              " bytes; giving up on this stream");
      return {};
    }
    line_.append(bytes.substr(i, end - i));
    if (bytes[end] == '\r') {
      if (end + 1 < bytes.size()) {
        i = end + (bytes[end + 1] == '\n' ? 2 : 1);
      } else {
        last_was_cr_ = true;
        i = end + 1;
      }
    } else {
      i = end + 1;
    }
    process_line(line_);
    line_.clear();
    if (pending_.data.size() > max_event_bytes_)
      return fail(ErrorCode::kProtocol, "server-sent event larger than " + std::to_string(max_event_bytes_) +
                                            " bytes; giving up on this stream");
  }
  return {};
}

void SseParser::finish() {
  if (!line_.empty()) {
    process_line(line_);
    line_.clear();
  }
  dispatch();
}

void SseParser::process_line(std::string_view line) {
  if (line.empty()) {
    dispatch();
    return;
  }
  if (line[0] == ':') {
    ++comments_;
    return;
  }
  std::string_view field = line, value;
  if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (has_data_) pending_.data += '\n';
    pending_.data.append(value);
    has_data_ = true;
  } else if (field == "event") {
    pending_.event.assign(value);
  } else if (field == "id") {
    pending_.id.assign(value);
    if (value.find('\0') == std::string_view::npos) last_event_id_.assign(value);
  } else if (field == "retry" && !value.empty() && value.size() <= 9 &&
             value.find_first_not_of("0123456789") == std::string_view::npos) {
    retry_ms_ = std::stol(std::string(value));
  }
  // Unknown fields, and a retry that is not a number, are ignored, as the format requires.
}

void SseParser::dispatch() {
  if (has_data_) on_event_(pending_);
  pending_ = SseEvent{};
  has_data_ = false;
}

}  // namespace pair
