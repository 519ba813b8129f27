#pragma once
/// Compaction: makes a conversation that outgrew its window fit again,
/// keeping what matters byte for byte.
///
/// 1. Large tool outputs of older calls go first: each becomes a one-line
///    note saying how to get it back (the call's own arguments are kept);
///    so do the images of older calls' results.
/// 2. If that is not enough, the older turns are summarised by the same model
///    (what the user asked, decisions, files touched and their state, open
///    work) into one assistant message placed after the first user message
///    (which is pinned: it holds the workspace context and the original
///    request). The system prompt and the latest turns stay as they were.
///    When the whole conversation still fits the window, the summary request
///    is the conversation itself plus one instruction, so the server answers
///    it from its prompt cache; otherwise the older turns are summarised in
///    chunks that each fit.
/// After compaction the conversation is a new, stable prefix.

#include <cstdint>
#include <functional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "core/tool_images.h"
#include "protocol/model_provider.h"

namespace pair {

struct CompactionOptions {
  int64_t window = 0;       ///< tokens per request
  int64_t target = 0;       ///< aim for at most this many tokens afterwards
  int64_t keep_budget = 0;  ///< the latest turns kept verbatim may take this many
  int64_t summary_max_tokens = 1024;
  std::string focus;                       ///< what the user wants the summary to keep (/compact FOCUS)
  size_t protect_recent_tool_results = 4;  ///< the newest results are never trimmed
  size_t large_tool_output_chars = 2000;   ///< trimmed above this size
  /// What the model takes of images: the summary request that repeats the
  /// conversation sends it as the agent does (core/tool_images.h), so the
  /// server's cache answers it. By default the conversation goes as it is.
  ToolImageOptions images = {.model_accepts_images = true};
};

struct CompactionResult {
  std::vector<Message> messages;
  size_t trimmed_outputs = 0;      ///< tool outputs replaced by a note
  size_t summarized_messages = 0;  ///< messages folded into the summary
  bool summarized = false;
};

using MessageTokens = std::function<int64_t(const Message&)>;

/// Step 1 alone; pure.
CompactionResult trim_tool_outputs(const std::vector<Message>& messages, const CompactionOptions& options);

/// Last resort when the newest turn alone is too big: cuts every tool output
/// above `max_chars` to its head and tail with a note, recent ones included
/// (a removed output would only be asked for again). Returns how many. Pure.
size_t shrink_tool_outputs(std::vector<Message>& messages, size_t max_chars);

/// Where the verbatim tail starts: the earliest turn start (a user message
/// after the first) whose tail fits `keep_budget`; the last turn start when
/// none does; 0 when there is no turn after the first. Pure.
size_t choose_tail_start(const std::vector<Message>& messages, const MessageTokens& tokens, int64_t keep_budget);

/// The messages in [begin, end) as plain text for a summary request. Pure.
std::string render_transcript(std::span<const Message> messages, size_t max_tool_output_chars = 4000);

/// The instruction that asks for a summary.
std::string summary_instruction(const std::string& focus);

class Compactor {
 public:
  Compactor(ModelProvider& provider, std::span<const ToolSpec> tools, MessageTokens tokens,
            GenerationOptions generation);
  /// Errors come from the summary requests (the provider's errors).
  Result<CompactionResult> compact(const std::vector<Message>& messages, const CompactionOptions& options,
                                   std::stop_token stop);

 private:
  Result<std::string> ask(std::span<const Message> messages, std::span<const ToolSpec> tools, int max_tokens,
                          std::stop_token stop);
  Result<std::string> summarize_in_place(const std::vector<Message>& messages, const CompactionOptions& options,
                                         std::stop_token stop);
  Result<std::string> summarize_in_chunks(std::span<const Message> older, const CompactionOptions& options,
                                          std::stop_token stop);
  /// Trimming and the summary; `compact` adds the last resort.
  Result<CompactionResult> fold(const std::vector<Message>& messages, const CompactionOptions& options,
                                std::stop_token stop);
  int64_t total(std::span<const Message> messages) const;

  ModelProvider& provider_;
  std::span<const ToolSpec> tools_;
  MessageTokens tokens_;
  GenerationOptions generation_;
};

}  // namespace pair
