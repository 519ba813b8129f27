#include "acp/session_updates.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "util/json_parse.h"

namespace pair::acp {
using nlohmann::json;
namespace fs = std::filesystem;

std::string_view tool_kind(std::string_view tool) {
  if (tool == "read_file" || tool == "list_files" || tool == "analyze_media") return "read";
  if (tool == "edit_file" || tool == "write_file") return "edit";
  if (tool == "bash") return "execute";
  if (tool == "search_files") return "search";
  if (tool == "web_fetch" || tool == "web_search") return "fetch";
  return "other";
}

namespace {

/// The model's arguments as an object; its text when they are not JSON, so
/// the editor still sees what was asked.
json raw_input(const ToolCall& call) {
  auto parsed = parse_json_text(call.arguments);
  if (parsed && parsed->is_object()) return *parsed;
  return json{{"arguments", call.arguments}};
}

/// A short title before pair's own summary is known: the tool and its main argument.
std::string proposed_title(const ToolCall& call) {
  json args = raw_input(call);
  for (const char* key : {"command", "path", "pattern", "url", "query"}) {
    std::string value = json_string_or(args, key);
    if (value.empty()) continue;
    if (size_t nl = value.find('\n'); nl != std::string::npos) value = value.substr(0, nl) + " …";
    return call.name + ": " + value;
  }
  return call.name;
}

/// The 1-based line of the first difference between a file's old and new text, where an
/// editor that follows the agent shows the change.
int64_t first_changed_line(const std::optional<std::string>& old_text, const std::string& new_text) {
  if (!old_text) return 1;
  size_t i = 0;
  while (i < old_text->size() && i < new_text.size() && (*old_text)[i] == new_text[i]) ++i;
  return 1 +
         static_cast<int64_t>(std::count(new_text.begin(), new_text.begin() + static_cast<std::ptrdiff_t>(i), '\n'));
}

}  // namespace

std::optional<fs::path> tool_call_path(const ToolCall& call, const fs::path& workspace) {
  std::string path = json_string_or(raw_input(call), "path");
  if (path.empty()) return std::nullopt;
  return (workspace / fs::path(path)).lexically_normal();
}

json text_chunk(std::string_view update_kind, std::string_view text) {
  return json{{"sessionUpdate", std::string(update_kind)},
              {"content", {{"type", "text"}, {"text", std::string(text)}}}};
}

json tool_call_proposed(const ToolCall& call, const fs::path& workspace) {
  json update{{"sessionUpdate", "tool_call"},  {"toolCallId", call.id},
              {"title", proposed_title(call)}, {"kind", std::string(tool_kind(call.name))},
              {"status", "pending"},           {"rawInput", raw_input(call)}};
  if (auto path = tool_call_path(call, workspace)) {
    json location{{"path", path->string()}};
    // read_file's offset is a 1-based line, as the protocol's locations are.
    json offset = json_member(raw_input(call), "offset");
    if (offset.is_number_integer() && json_as_int(offset, 0) >= 1) location["line"] = offset;
    update["locations"] = json::array({location});
  }
  return update;
}

json tool_call_fields(std::string_view id, std::string_view status, std::string_view title,
                      const std::optional<FileDiff>& diff, std::string_view text) {
  json fields{{"toolCallId", std::string(id)}, {"status", std::string(status)}};
  if (!title.empty()) fields["title"] = std::string(title);
  if (diff) {
    json d{{"type", "diff"}, {"path", diff->path.string()}, {"newText", diff->new_text}};
    d["oldText"] = diff->old_text ? json(*diff->old_text) : json(nullptr);
    fields["content"] = json::array({d});
    fields["locations"] =
        json::array({{{"path", diff->path.string()}, {"line", first_changed_line(diff->old_text, diff->new_text)}}});
  } else if (!text.empty()) {
    fields["content"] =
        json::array({{{"type", "content"}, {"content", {{"type", "text"}, {"text", std::string(text)}}}}});
  }
  return fields;
}

json tool_call_update(std::string_view id, std::string_view status, std::string_view title,
                      const std::optional<FileDiff>& diff, std::string_view text) {
  json update = tool_call_fields(id, status, title, diff, text);
  update["sessionUpdate"] = "tool_call_update";
  return update;
}

json notice(std::string_view severity, std::string_view text) {
  return json{{"sessionUpdate", "notice"}, {"severity", std::string(severity)}, {"title", std::string(text)}};
}

json usage_update(int64_t used, int64_t size) {
  return json{{"sessionUpdate", "usage_update"}, {"used", used}, {"size", size}};
}

std::optional<std::string_view> stop_reason(TurnOutcome outcome, AnswerEnd answer) {
  switch (outcome) {
    case TurnOutcome::kCompleted:
      if (answer == AnswerEnd::kRefused) return "refusal";
      return answer == AnswerEnd::kCutOff ? "max_tokens" : "end_turn";
    case TurnOutcome::kMaxTurns: return "max_turn_requests";
    case TurnOutcome::kCancelled: return "cancelled";
    case TurnOutcome::kError: return std::nullopt;
    // "refusal" would tell the editor to drop the prompt and what followed from the next one, but the
    // conversation keeps them; the turn ended normally, with a notice saying why (AcpSession).
    case TurnOutcome::kLoopDetected: return "end_turn";
  }
  return std::nullopt;
}

}  // namespace pair::acp
