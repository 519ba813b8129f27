#pragma once
/// Numbers about the work: the status line while a turn runs (model,
/// elapsed time, tokens per second, context used of the window, how much of
/// the prompt the server's cache served) and /stats for the session. Fed the
/// same agent events as the transcript; counts are the server's own (usage,
/// llama-server's timings) where it reports them.
/// Thread affinity: the UI thread.

#include <cstdint>
#include <string>

#include "protocol/agent_event.h"
#include "tui/backend.h"
#include "tui/style.h"

namespace pair::tui {

class SessionStats {
 public:
  void turn_started(double now);
  void on_event(const AgentEvent& e, double now);
  void tool_running(bool running) { tool_running_ = running; }

  /// The status line while working.
  Row status_row(double now, const ModelInfo& model, int width, bool waiting_for_user) const;
  /// A short line after a turn: time, tokens/s, context, cache.
  std::string turn_summary(double now, const ModelInfo& model) const;
  /// /stats.
  std::string report(const ModelInfo& model, double now) const;

  /// Tokens in the context after the latest request (0 when unknown).
  int64_t context_used() const { return context_used_; }

 private:
  std::string speed_text() const;
  std::string context_text(const ModelInfo& model) const;
  std::string cache_text() const;
  /// "draft 73%": the latest request's share of drafted tokens accepted (speculative decoding).
  std::string draft_text() const;
  /// Ends the accounting of the latest request: one the server never
  /// measured (interrupted) counts its streamed deltas instead.
  void settle_request();

  double session_start_ = -1;
  double turn_start_ = 0;
  double first_delta_ = -1;
  int64_t deltas_ = 0;  ///< text/reasoning deltas of the current request (about one token each)
  double last_delta_ = 0;
  bool writing_ = false, thinking_ = false, tool_running_ = false;
  PromptProgress progress_;
  bool have_progress_ = false;
  std::string tool_name_;

  // The latest request.
  ServerTimings last_timings_;
  bool have_timings_ = false;
  TokenUsage last_usage_;
  bool have_usage_ = false;
  int64_t context_used_ = 0;
  int64_t context_window_ = 0;  ///< as the engine learned it from the server; 0: the model's

  // The session.
  int turns_ = 0;
  int requests_ = 0;
  int64_t prompt_tokens_ = 0, completion_tokens_ = 0, cached_tokens_ = 0;
  int64_t prompt_n_ = 0, cache_n_ = 0, predicted_n_ = 0;
  double prompt_ms_ = 0, predicted_ms_ = 0;
  int64_t draft_n_ = 0, draft_accepted_ = 0;
  int timed_requests_ = 0;
  bool request_measured_ = true;  ///< the latest request got usage or timings (or was settled)
  // Requests that ended without the server's numbers (an interrupted answer).
  int64_t streamed_tokens_ = 0, streamed_intervals_ = 0;
  double streamed_seconds_ = 0;
};

}  // namespace pair::tui
