#include "core/tool_call_formats/harmony.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

#include "util/strings.h"

namespace pair::tool_call_formats {
namespace {

constexpr size_t npos = std::string_view::npos;
constexpr std::string_view kRecipient = "to=functions.";
constexpr std::string_view kMessage = "<|message|>";

/// Where the header holding the recipient at `pos` starts: its `<|start|>`
/// or `<|channel|>` token when no message lies between.
size_t header_start(std::string_view text, size_t pos) {
  // A header is a few tokens and words: looking back further would only cost time.
  constexpr size_t kLongestHeader = 160;
  size_t window = pos > kLongestHeader ? pos - kLongestHeader : 0;
  std::string_view before = text.substr(window, pos - window);
  size_t message = before.rfind(kMessage);
  size_t floor = message == npos ? 0 : message + kMessage.size();
  for (std::string_view token : {"<|start|>", "<|channel|>"}) {
    size_t at = before.rfind(token);
    if (at != npos && at >= floor) return window + at;
  }
  return pos > 0 && text[pos - 1] == ' ' ? pos - 1 : pos;
}

/// The framing of the messages in text[from, to), outside the calls, as
/// spans to drop: a message's header (`<|start|>assistant<|channel|>final<|message|>`)
/// and end token go and its text stays; an analysis message, the model's
/// reasoning, goes whole.
void add_frames(std::string_view text, size_t from, size_t to, std::vector<CallSpan>* frames) {
  constexpr std::string_view kChannel = "<|channel|>";
  constexpr std::string_view kStartAssistant = "<|start|>assistant";
  std::string_view part = text.substr(0, to);
  size_t pos = from;
  while ((pos = part.find(kChannel, pos)) != npos) {
    size_t begin = part.substr(from, pos - from).ends_with(kStartAssistant) ? pos - kStartAssistant.size() : pos;
    size_t message = part.find(kMessage, pos);
    if (message == npos) break;
    bool analysis = trim(part.substr(pos + kChannel.size(), message - pos - kChannel.size())).starts_with("analysis");
    size_t body = message + kMessage.size();
    size_t body_end = to;
    for (std::string_view token : {"<|end|>", "<|return|>", "<|start|>"})
      body_end = std::min(body_end, part.find(token, body));
    size_t end = body_end;
    for (std::string_view token : {"<|end|>", "<|return|>"})
      if (part.substr(end).starts_with(token)) end += token.size();
    if (analysis) {
      frames->push_back({begin, end, {}});
    } else {
      frames->push_back({begin, body, {}});
      if (end > body_end) frames->push_back({body_end, end, {}});
    }
    pos = end;
  }
}

}  // namespace

std::vector<CallSpan> read_harmony(const Answer& answer) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  std::vector<CallSpan> out;
  size_t pos = 0;
  while ((pos = text.find(kRecipient, pos)) != npos) {
    size_t start = header_start(text, pos);
    pos += kRecipient.size();
    if (answer.is_quoted(start)) continue;
    size_t message = text.find(kMessage, pos);
    if (message == npos) break;
    std::string_view header = text.substr(pos, message - pos);
    if (header.find("<|end|>") != npos || header.find("<|start|>") != npos) continue;
    size_t name_end = std::min(header.find_first_of(" <\n"), header.size());
    size_t args_end = 0;
    auto arguments = arguments_at(text, message + kMessage.size(), &args_end);
    auto call = arguments ? make_call(std::string(header.substr(0, name_end)), *arguments, offered) : std::nullopt;
    if (!arguments && json_open_to_end(text, message + kMessage.size())) break;
    if (!call) continue;
    size_t end = args_end;
    for (std::string_view token : std::array<std::string_view, 3>{"<|call|>", "<|end|>", "<|return|>"})
      end = past_token(text, end, token);
    out.push_back({start, end, {std::move(*call)}});
    pos = end;
  }
  if (out.empty()) return out;
  std::vector<CallSpan> with_frames;
  size_t from = 0;
  for (auto& span : out) {
    add_frames(text, from, span.begin, &with_frames);
    from = span.end;
    with_frames.push_back(std::move(span));
  }
  add_frames(text, from, text.size(), &with_frames);
  return with_frames;
}

}  // namespace pair::tool_call_formats
