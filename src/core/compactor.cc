#include "core/compactor.h"

#include <algorithm>

#include "util/strings.h"
#include "util/utf8.h"

namespace pair {
namespace {

constexpr std::string_view kSummaryHeading = "Summary of the earlier conversation (older messages were compacted):\n\n";

const char* kSummarizerSystem =
    "You condense coding-agent conversations into summaries that let the agent continue the work without the "
    "original messages. Write plain text or Markdown. Never call tools.";

std::string cut(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t n = utf8_safe_cut(s, max);
  return std::string(s.substr(0, n)) + "\n[... " + std::to_string(s.size() - n) + " more bytes]";
}

/// A turn starts at a user message; the first one (index 1) is pinned.
std::vector<size_t> turn_starts(const std::vector<Message>& messages) {
  std::vector<size_t> starts;
  for (size_t i = 2; i < messages.size(); ++i)
    if (messages[i].role == Role::kUser) starts.push_back(i);
  return starts;
}

std::string tool_call_label(const std::vector<Message>& messages, size_t result_index) {
  const Message& r = messages[result_index];
  for (size_t i = result_index; i-- > 0;) {
    for (const auto& c : messages[i].tool_calls)
      if (c.id == r.tool_call_id) return c.name + " " + cut(c.arguments, 200);
    if (messages[i].role == Role::kAssistant) break;
  }
  return r.tool_name;
}

}  // namespace

CompactionResult trim_tool_outputs(const std::vector<Message>& messages, const CompactionOptions& o) {
  CompactionResult out;
  out.messages = messages;
  size_t protected_from = messages.size();
  size_t seen = 0;
  for (size_t i = messages.size(); i-- > 0;) {
    if (messages[i].role != Role::kTool) continue;
    if (++seen > o.protect_recent_tool_results) break;
    protected_from = i;
  }
  for (size_t i = 0; i < protected_from; ++i) {
    Message& m = out.messages[i];
    bool large = m.content.size() > o.large_tool_output_chars;
    if (m.role != Role::kTool || (!large && m.images.empty())) continue;
    if (large)
      m.content = "[output of " + tool_call_label(messages, i) + " (" + std::to_string(m.content.size()) +
                  " bytes) removed to save context; run the call again if it is needed]";
    if (!m.images.empty()) {
      // An image costs about as much as a large output, whatever its text.
      bool one = m.images.size() == 1;
      m.content += "\n[" + (one ? std::string("its image") : "its " + std::to_string(m.images.size()) + " images") +
                   " removed to save context; run the call again if " + (one ? "it is" : "they are") + " needed]";
      m.images.clear();
    }
    ++out.trimmed_outputs;
  }
  return out;
}

size_t shrink_tool_outputs(std::vector<Message>& messages, size_t max_chars) {
  size_t n = 0;
  for (auto& m : messages) {
    if (m.role != Role::kTool || m.content.size() <= max_chars) continue;
    size_t head = utf8_safe_cut(m.content, max_chars / 2);
    size_t tail_from = utf8_safe_tail(m.content, max_chars / 2);
    m.content = m.content.substr(0, head) + "\n[... " + std::to_string(tail_from - head) +
                " bytes cut to fit the context window; read a smaller part if you need them ...]\n" +
                m.content.substr(tail_from);
    ++n;
  }
  return n;
}

size_t choose_tail_start(const std::vector<Message>& messages, const MessageTokens& tokens, int64_t keep_budget) {
  auto starts = turn_starts(messages);
  if (starts.empty()) return 0;
  // Suffix sums from the end; the earliest start that fits wins.
  std::vector<int64_t> suffix(messages.size() + 1, 0);
  for (size_t i = messages.size(); i-- > 0;) suffix[i] = suffix[i + 1] + tokens(messages[i]);
  for (size_t s : starts)
    if (suffix[s] <= keep_budget) return s;
  return starts.back();
}

std::string render_transcript(std::span<const Message> messages, size_t max_tool_output_chars) {
  std::string out;
  for (const auto& m : messages) {
    switch (m.role) {
      case Role::kSystem: continue;
      case Role::kUser: out += "USER:\n" + m.content + "\n\n"; break;
      case Role::kAssistant:
        out += "ASSISTANT:\n";
        if (!m.content.empty()) out += m.content + "\n";
        for (const auto& c : m.tool_calls) out += "[calls " + c.name + " " + cut(c.arguments, 2000) + "]\n";
        out += "\n";
        break;
      case Role::kTool:
        out += "TOOL RESULT (" + m.tool_name + (m.is_error ? ", failed" : "") + "):\n" +
               cut(m.content, max_tool_output_chars) + "\n\n";
        break;
    }
  }
  return out;
}

std::string summary_instruction(const std::string& focus) {
  std::string s =
      "Stop here and write a summary of this conversation so far; it will replace the older messages and you will "
      "continue the work from it. Cover: what the user asked (keep their requirements in their words), decisions "
      "made and why, every file touched and its current state, commands run and results that still matter, errors "
      "still open, and the next steps. Be complete but terse. Do not call tools.";
  if (!focus.empty()) s += "\nKeep especially: " + focus;
  return s;
}

Compactor::Compactor(ModelProvider& provider, std::span<const ToolSpec> tools, MessageTokens tokens,
                     GenerationOptions generation)
    : provider_(provider), tools_(tools), tokens_(std::move(tokens)), generation_(generation) {}

int64_t Compactor::total(std::span<const Message> messages) const {
  int64_t t = 0;
  for (const auto& m : messages) t += tokens_(m);
  return t;
}

Result<std::string> Compactor::ask(std::span<const Message> messages, std::span<const ToolSpec> tools, int max_tokens,
                                   std::stop_token stop) {
  std::string text;
  GenerationOptions g = generation_;
  g.max_tokens = max_tokens;
  ChatRequest req{messages, tools, g};
  auto r = provider_.stream(
      req,
      [&](const ModelEvent& e) {
        if (auto* d = std::get_if<model_event::TextDelta>(&e)) text += d->text;
      },
      stop);
  if (!r) return std::unexpected(r.error());
  return std::string(trim(text));
}

Result<std::string> Compactor::summarize_in_place(const std::vector<Message>& messages, const CompactionOptions& o,
                                                  std::stop_token stop) {
  // The same prefix as the conversation (tools included): the server's cache answers it.
  std::vector<Message> req = without_images(messages, o.images).value_or(messages);
  req.push_back(Message::user(summary_instruction(o.focus)));
  return ask(req, tools_, static_cast<int>(o.summary_max_tokens), stop);
}

Result<std::string> Compactor::summarize_in_chunks(std::span<const Message> older, const CompactionOptions& o,
                                                   std::stop_token stop) {
  // Each request: the summarizer's instructions, the summary so far and one chunk, within the window.
  int64_t chunk_budget = std::max<int64_t>(256, (o.window - 2 * o.summary_max_tokens) / 2);
  std::string summary;
  size_t i = 0;
  while (i < older.size()) {
    size_t j = i;
    int64_t used = 0;
    while (j < older.size() && (j == i || used + tokens_(older[j]) <= chunk_budget)) used += tokens_(older[j++]);
    // One message larger than a chunk is shown cut to fit.
    size_t max_chars = static_cast<size_t>(chunk_budget) * 3;
    std::string transcript = cut(render_transcript(older.subspan(i, j - i), max_chars / 2), max_chars);
    std::string prompt = (summary.empty() ? std::string() : "Summary so far:\n" + summary + "\n\n") +
                         "Conversation to add to it:\n\n" + transcript + "\n" + summary_instruction(o.focus);
    std::vector<Message> req{Message::system(kSummarizerSystem), Message::user(prompt)};
    auto s = ask(req, {}, static_cast<int>(o.summary_max_tokens), stop);
    if (!s) return s;
    if (!s->empty()) summary = *s;
    i = j;
  }
  return summary;
}

namespace {

/// The earliest assistant message after `from` whose suffix fits `budget`;
/// the last assistant message when none fits; 0 when there is none.
size_t fitting_exchange_start(const std::vector<Message>& m, size_t from, const MessageTokens& tokens, int64_t budget) {
  size_t best = 0, last = 0;
  int64_t suffix = 0;
  for (size_t i = m.size(); i-- > from + 1;) {
    suffix += tokens(m[i]);
    if (m[i].role != Role::kAssistant) continue;
    if (last == 0) last = i;
    if (suffix <= budget) best = i;
  }
  return best ? best : last;
}

}  // namespace

Result<CompactionResult> Compactor::compact(const std::vector<Message>& messages, const CompactionOptions& o,
                                            std::stop_token stop) {
  auto r = fold(messages, o, stop);
  if (!r) return r;
  if (total(r->messages) > o.target) {
    // Still too big: the newest outputs are the weight left.
    r->trimmed_outputs += shrink_tool_outputs(r->messages, static_cast<size_t>(std::max<int64_t>(2000, o.keep_budget)));
  }
  return r;
}

Result<CompactionResult> Compactor::fold(const std::vector<Message>& messages, const CompactionOptions& o,
                                         std::stop_token stop) {
  CompactionResult trimmed = trim_tool_outputs(messages, o);
  const auto& m = trimmed.messages;
  if (m.size() < 3 || total(m) <= o.target) return trimmed;

  // What stays verbatim: [0] system, [1] the first user message (pinned), then
  // either the latest turns from `tail` on, or, when the newest turn alone is
  // too big ("in-turn"), that turn's user message and its latest exchanges
  // from `resume`. Everything between goes into the summary.
  size_t tail = choose_tail_start(m, tokens_, o.keep_budget);
  size_t turn = tail == 0 ? 1 : tail;  // the turn that must be cut inside, if any
  bool in_turn = total(std::span(m).subspan(turn)) > o.keep_budget;
  size_t resume = in_turn ? fitting_exchange_start(m, turn, tokens_, o.keep_budget) : tail;
  if (in_turn && resume == 0) {
    in_turn = false;  // no exchange to cut at: keep the whole turn
    resume = tail;
  }
  if (resume <= 2 || (!in_turn && tail == 0)) return trimmed;  // nothing older to fold in
  size_t dropped = resume - 2 - (in_turn && turn >= 2 ? 1 : 0);
  if (dropped == 0) return trimmed;

  Result<std::string> summary = fail(ErrorCode::kInternal, "no summary yet");
  if (total(messages) + o.summary_max_tokens + 256 <= o.window) summary = summarize_in_place(messages, o, stop);
  if (!summary && summary.error().code == ErrorCode::kCancelled) return std::unexpected(summary.error());
  if (!summary || summary->empty()) summary = summarize_in_chunks(std::span(m).subspan(2, resume - 2), o, stop);
  if (!summary) return std::unexpected(summary.error());
  if (summary->empty()) return fail(ErrorCode::kProtocol, "the model returned an empty summary");
  // A summary no smaller than what it replaces would only lose detail.
  Message probe;
  probe.role = Role::kAssistant;
  probe.content = std::string(kSummaryHeading) + *summary;
  if (tokens_(probe) >= total(std::span(m).subspan(2, resume - 2))) return trimmed;

  CompactionResult out;
  out.trimmed_outputs = trimmed.trimmed_outputs;
  out.summarized = true;
  out.summarized_messages = dropped;
  out.messages.push_back(m[0]);
  std::string text = std::string(kSummaryHeading) + *summary;
  if (in_turn && turn == 1) {
    // The only turn: its request keeps its words, with the progress appended
    // (an assistant summary here would sit right before another assistant message).
    Message first = m[1];
    first.content += "\n\n<progress>\n" + text + "\n</progress>";
    out.messages.push_back(std::move(first));
  } else {
    out.messages.push_back(m[1]);
    Message s;
    s.role = Role::kAssistant;
    s.content = std::move(text);
    out.messages.push_back(std::move(s));
    if (in_turn) out.messages.push_back(m[turn]);
  }
  out.messages.insert(out.messages.end(), m.begin() + static_cast<std::ptrdiff_t>(resume), m.end());
  return out;
}

}  // namespace pair
