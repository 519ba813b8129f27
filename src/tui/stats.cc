#include "tui/stats.h"

#include <fmt/format.h>

#include <algorithm>

#include "tui/text_width.h"
#include "tui/transcript.h"
#include "util/overloaded.h"
#include "util/token_count.h"

namespace pair::tui {

/// The shortest stretch of streaming a speed is measured over.
constexpr double kMinStreamSpanSeconds = 0.2;

void SessionStats::turn_started(double now) {
  if (session_start_ < 0) session_start_ = now;
  turn_start_ = now;
  first_delta_ = -1;
  deltas_ = 0;
  writing_ = thinking_ = tool_running_ = false;
  have_progress_ = false;
  ++turns_;
}

void SessionStats::settle_request() {
  // An interrupted answer ends without the server's usage or timings: count what streamed.
  if (!request_measured_ && deltas_ > 0) {
    streamed_tokens_ += deltas_;
    if (deltas_ > 1 && last_delta_ > first_delta_) {
      streamed_intervals_ += deltas_ - 1;
      streamed_seconds_ += last_delta_ - first_delta_;
    }
  }
  request_measured_ = true;  // settled: a later event of the same request does not count it twice
}

void SessionStats::on_event(const AgentEvent& event, double now) {
  auto delta = [&](bool text) {
    if (first_delta_ < 0) first_delta_ = now;
    last_delta_ = now;
    ++deltas_;
    writing_ = text;
    thinking_ = !text;
    have_progress_ = false;
  };
  // One lambda per event: a new event type does not compile until the numbers decide about it.
  std::visit(overloaded{
                 [&](const agent_event::RequestStarted&) {
                   settle_request();
                   request_measured_ = false;
                   ++requests_;
                   first_delta_ = -1;
                   deltas_ = 0;
                   have_timings_ = false;
                   have_progress_ = false;
                   writing_ = thinking_ = false;
                 },
                 [&](const agent_event::TextDelta&) { delta(true); },
                 [&](const agent_event::ReasoningDelta&) { delta(false); },
                 [&](const agent_event::ToolCallStreaming&) {
                   writing_ = true;
                   thinking_ = false;
                 },
                 [](const agent_event::AssistantMessage&) {},  // counted from its deltas
                 [&](const agent_event::Progress& e) {
                   progress_ = e.progress;
                   have_progress_ = true;
                 },
                 [&](const agent_event::ToolStarted& e) {
                   tool_running_ = true;
                   tool_name_ = e.call.name;
                 },
                 [&](const agent_event::ToolFinished&) { tool_running_ = false; },
                 [&](const agent_event::Usage& e) {
                   request_measured_ = true;
                   last_usage_ = e.usage;
                   have_usage_ = true;
                   prompt_tokens_ += e.usage.prompt_tokens;
                   completion_tokens_ += e.usage.completion_tokens;
                   cached_tokens_ += e.usage.cached_tokens;
                   context_used_ = e.usage.prompt_tokens + e.usage.completion_tokens;
                 },
                 [&](const agent_event::Timings& e) {
                   request_measured_ = true;
                   last_timings_ = e.timings;
                   have_timings_ = true;
                   prompt_n_ += e.timings.prompt_n;
                   cache_n_ += e.timings.cache_n;
                   predicted_n_ += e.timings.predicted_n;
                   prompt_ms_ += e.timings.prompt_ms;
                   predicted_ms_ += e.timings.predicted_ms;
                   draft_n_ += e.timings.draft_n;
                   draft_accepted_ += e.timings.draft_accepted;
                   ++timed_requests_;
                   int64_t from_timings = e.timings.prompt_n + e.timings.cache_n + e.timings.predicted_n;
                   if (from_timings > 0) context_used_ = from_timings;
                 },
                 [&](const agent_event::ContextUsage& e) {
                   // The engine's own accounting: what the next request takes, and the window it learned.
                   context_used_ = e.used;
                   if (e.window > 0) context_window_ = e.window;
                 },
                 [&](const agent_event::Compacted& e) { context_used_ = e.tokens_after; },
                 [](const agent_event::Notice&) {},        // words for the transcript
                 [](const agent_event::Warning&) {},       // words for the transcript
                 [](const agent_event::AnswerCutOff&) {},  // words for the transcript; Usage has the numbers
                 [&](const agent_event::TurnFinished&) {
                   settle_request();
                   writing_ = thinking_ = tool_running_ = false;
                 },
             },
             event);
}

std::string SessionStats::speed_text() const {
  if (have_timings_ && last_timings_.predicted_per_second > 0)
    return fmt::format("{:.0f} tok/s", last_timings_.predicted_per_second);
  // An answer that arrived in one burst (a buffering proxy, a tiny answer) has no measurable rate:
  // millions of tokens per second would be noise, not a speed.
  if (first_delta_ >= 0 && deltas_ > 4 && last_delta_ - first_delta_ >= kMinStreamSpanSeconds)
    return fmt::format("{:.0f} tok/s", static_cast<double>(deltas_ - 1) / (last_delta_ - first_delta_));
  return {};
}

std::string SessionStats::context_text(const ModelInfo& model) const {
  if (context_used_ <= 0) return {};
  int64_t window = context_window_ > 0 ? context_window_ : model.context_window;
  if (window > 0)
    return fmt::format("ctx {}/{} ({}%)", format_tokens_short(context_used_), format_tokens_short(window),
                       context_used_ * 100 / window);
  return "ctx " + format_tokens_short(context_used_);
}

std::string SessionStats::cache_text() const {
  if (have_timings_ && last_timings_.prompt_n + last_timings_.cache_n > 0)
    return fmt::format("cache {}%", last_timings_.cache_n * 100 / (last_timings_.prompt_n + last_timings_.cache_n));
  if (have_usage_ && last_usage_.prompt_tokens > 0 && last_usage_.cached_tokens > 0)
    return fmt::format("cache {}%", last_usage_.cached_tokens * 100 / last_usage_.prompt_tokens);
  return {};
}

std::string SessionStats::draft_text() const {
  if (!have_timings_ || last_timings_.draft_n <= 0) return {};
  return fmt::format("draft {}%", last_timings_.draft_accepted * 100 / last_timings_.draft_n);
}

Row SessionStats::status_row(double now, const ModelInfo& model, int width, bool waiting_for_user) const {
  std::string phase;
  if (waiting_for_user)
    phase = "Waiting for your answer";
  else if (tool_running_)
    phase = "Running " + tool_name_;
  else if (have_progress_ && progress_.total > 0)
    phase = fmt::format("Reading the prompt {}%", (progress_.processed * 100) / std::max<int64_t>(1, progress_.total));
  else if (thinking_)
    phase = "Thinking";
  else if (writing_)
    phase = "Writing";
  else
    phase = "Waiting for the model";
  double elapsed = now - turn_start_;
  std::string details = fmt::format("{:.0f}s", std::max(0.0, elapsed));
  for (const auto& part : {model.name, speed_text(), draft_text(), context_text(model), cache_text()})
    if (!part.empty()) details += " · " + part;
  Spans spans{{std::string(spinner(now)) + " ", theme::accent()},
              {phase + "… ", theme::accent().with_bold()},
              {"(" + details + ")", theme::muted()}};
  std::string hint = waiting_for_user ? "" : "  esc to interrupt";
  int used = display_width(spans[0].text) + display_width(spans[1].text) + display_width(spans[2].text);
  if (used + display_width(hint) <= width) spans.push_back({hint, theme::muted()});
  Row row = make_row(spans);
  if (row.width > width) row = styled_row(truncate_to_width(strip_escapes(row.text), width), theme::muted());
  return row;
}

std::string SessionStats::turn_summary(double now, const ModelInfo& model) const {
  std::string s = fmt::format("{:.1f}s", now - turn_start_);
  for (const auto& part : {speed_text(), draft_text(), context_text(model), cache_text()})
    if (!part.empty()) s += " · " + part;
  return s;
}

std::string SessionStats::report(const ModelInfo& model, double now) const {
  std::string out = "**Session**\n\n";
  out += fmt::format("- model: {} ({})\n", model.name, model.model_id);
  out += fmt::format("- turns: {}, model requests: {}, time: {:.0f}s\n", turns_, requests_,
                     session_start_ < 0 ? 0.0 : now - session_start_);
  out += fmt::format("- tokens: {} prompt, {} generated", format_tokens(prompt_tokens_),
                     format_tokens(completion_tokens_ + streamed_tokens_));
  if (streamed_tokens_ > 0)
    out += fmt::format(" ({} counted from the stream: the server did not report them, as after an interrupted answer)",
                       format_tokens(streamed_tokens_));
  out += "\n";
  if (std::string ctx = context_text(model); !ctx.empty()) out += "- context now: " + ctx + "\n";
  if (timed_requests_ > 0) {
    int64_t total = prompt_n_ + cache_n_;
    out += fmt::format("- prompt cache: {} of {} prompt tokens reused ({}%), {} processed\n", format_tokens(cache_n_),
                       format_tokens(total), total > 0 ? cache_n_ * 100 / total : 0, format_tokens(prompt_n_));
    if (predicted_ms_ > 0)
      out += fmt::format("- generation: {:.1f} tok/s ({} tokens)\n", predicted_n_ * 1000.0 / predicted_ms_,
                         format_tokens(predicted_n_));
    if (prompt_ms_ > 0) out += fmt::format("- prompt processing: {:.0f} tok/s\n", prompt_n_ * 1000.0 / prompt_ms_);
    if (draft_n_ > 0)
      out += fmt::format("- speculative decoding: {} of {} drafted tokens accepted ({}%)\n",
                         format_tokens(draft_accepted_), format_tokens(draft_n_), draft_accepted_ * 100 / draft_n_);
  } else if (cached_tokens_ > 0) {
    out += fmt::format("- prompt cache: {} of {} prompt tokens reused\n", format_tokens(cached_tokens_),
                       format_tokens(prompt_tokens_));
  } else if (streamed_seconds_ <= 0) {
    out += "- no server timings yet (llama-server reports prompt-cache reuse and speed)\n";
  }
  if (timed_requests_ == 0 && streamed_seconds_ >= kMinStreamSpanSeconds)
    out += fmt::format("- generation: {:.1f} tok/s (measured from the stream)\n",
                       static_cast<double>(streamed_intervals_) / streamed_seconds_);
  return out;
}

}  // namespace pair::tui
