#pragma once
/// What pair's turns look like as ACP `session/update` payloads (the value of
/// its "update" member): message and thought chunks, tool calls and their
/// updates with kind, status, locations and content (edits and writes as a
/// `diff` with the whole old and new text, so the editor shows its own diff
/// view), and how a turn's outcome becomes a `stopReason`. Pure functions:
/// the caller reads the files and sends the messages.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/agent_event.h"
#include "protocol/message.h"

namespace pair::acp {

/// The ACP tool kind of a pair tool, so editors pick an icon: read, edit,
/// execute, search, fetch, or other (MCP tools and anything unknown).
std::string_view tool_kind(std::string_view tool);

/// The file a tool call names ("path" in its arguments), made absolute
/// against the workspace; nullopt when it names none.
std::optional<std::filesystem::path> tool_call_path(const ToolCall& call, const std::filesystem::path& workspace);

/// A file before and after an edit or write: `old_text` is absent for a new file.
struct FileDiff {
  std::filesystem::path path;  ///< absolute
  std::optional<std::string> old_text;
  std::string new_text;
};

/// {"sessionUpdate": "agent_message_chunk" | "agent_thought_chunk" | "user_message_chunk", "content": text}.
nlohmann::json text_chunk(std::string_view update_kind, std::string_view text);

/// The tool call as the model asked for it, before it runs or is approved:
/// "tool_call" with status pending, a title, its kind, the raw arguments
/// and the file it names as a location.
nlohmann::json tool_call_proposed(const ToolCall& call, const std::filesystem::path& workspace);

/// The fields of a "tool_call_update" (without "sessionUpdate", as a
/// permission request's `toolCall` carries them): the id, a status, and
/// optionally a title and content (a diff, else `text` when non-empty).
nlohmann::json tool_call_fields(std::string_view id, std::string_view status, std::string_view title = "",
                                const std::optional<FileDiff>& diff = std::nullopt, std::string_view text = "");
/// The same as a session update ("sessionUpdate": "tool_call_update").
nlohmann::json tool_call_update(std::string_view id, std::string_view status, std::string_view title = "",
                                const std::optional<FileDiff>& diff = std::nullopt, std::string_view text = "");

/// "notice": something for the user that is not part of the conversation
/// (a retry, a server that did not start); `severity` is "info" or "warning".
/// Only for clients that offer the `session.notices` capability.
nlohmann::json notice(std::string_view severity, std::string_view text);

/// "usage_update": the tokens the conversation takes in the model's window of `size` tokens.
nlohmann::json usage_update(int64_t used, int64_t size);

/// How the turn's last answer ended, beyond the turn's outcome.
enum class AnswerEnd { kWhole, kCutOff, kRefused };

/// The stopReason of a finished turn: end_turn, max_tokens (the answer was
/// cut off at a token limit), refusal (the provider's content filter or
/// guardrail stopped it), max_turn_requests, cancelled. nullopt for an
/// error, which is answered as a JSON-RPC error instead.
std::optional<std::string_view> stop_reason(TurnOutcome outcome, AnswerEnd answer);

}  // namespace pair::acp
