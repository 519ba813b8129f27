#pragma once
/// Headless output: turns agent events into what `pair -p` prints.
///   text         the final answer on stdout (progress on stderr with --verbose)
///   json         one JSON object with the result when the turn ends
///   stream-json  one JSON object per line as things happen
/// It only consumes events; it never touches the core.

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/agent_event.h"

namespace pair {

enum class OutputFormat { kText, kJson, kStreamJson };

struct SessionStart {
  std::string session_id;
  std::string model;
  std::string cwd;
  std::string permission_mode;
  std::vector<std::string> tools;
  bool resumed = false;
};

class HeadlessOutput {
 public:
  HeadlessOutput(OutputFormat format, bool verbose, std::FILE* out = stdout, std::FILE* err = stderr);

  void start(const SessionStart& session);
  void on_event(const AgentEvent& event);
  /// A tool call the permission mode refused because nobody could be asked:
  /// listed at the end (text) and counted in the result (json).
  /// Called on the agent's thread, like on_event.
  void refused(const ApprovalRequest& request);
  /// An error outside a turn (configuration, session) in the chosen format.
  void fatal(const std::string& message);
  /// Prints the turn's result (held back from TurnFinished so that it comes
  /// last, after anything done once the turn ended).
  void finish();

 private:
  void emit(const std::string& json_line);

  OutputFormat format_;
  bool verbose_;
  std::FILE* out_;
  std::FILE* err_;
  std::string session_id_;
  std::optional<agent_event::TurnFinished> finished_;
  std::optional<agent_event::AnswerCutOff> cut_off_;
  std::vector<std::string> refusals_;  ///< the refused calls' rules ("bash(make test)")
  TokenUsage usage_total_;
  ServerTimings timings_total_;
  int timed_requests_ = 0;
  long long started_ms_ = 0;
};

}  // namespace pair
