#include "app/acp_editor_terminal.h"

#include <signal.h>

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "acp/terminal_requests.h"
#include "util/json_parse.h"

namespace pair {
using nlohmann::json;

namespace {

/// The number of a signal the editor names ("SIGKILL" or "KILL"); SIGKILL
/// when it names none pair knows: the command was ended from outside.
int signal_number(std::string_view name) {
  if (name.starts_with("SIG")) name.remove_prefix(3);
  for (int s = 1; s < NSIG; ++s)
    if (const char* abbrev = sigabbrev_np(s); abbrev && name == abbrev) return s;
  return SIGKILL;
}

/// Runs `on_timeout` once `limit` passes, unless destroyed (or stopped) first.
class Deadline {
 public:
  Deadline(std::chrono::milliseconds limit, std::function<void()> on_timeout)
      : thread_([limit, on_timeout = std::move(on_timeout)](std::stop_token stop) {
          std::mutex mu;
          std::condition_variable_any cv;
          std::unique_lock lock(mu);
          cv.wait_for(lock, stop, limit, [] { return false; });
          if (!stop.stop_requested()) on_timeout();
        }) {}

 private:
  std::jthread thread_;  // joined (after a stop request) when the deadline goes
};

}  // namespace

Result<json> AcpEditorTerminal::call_within(std::string_view method, const json& params,
                                            std::chrono::milliseconds limit) {
  std::stop_source give_up;
  Deadline deadline(limit, [&] { give_up.request_stop(); });
  return connection_.call(method, params, give_up.get_token());
}

Result<ProcessResult> AcpEditorTerminal::run(const TerminalCommand& command, std::stop_token stop) {
  auto created = connection_.call(
      "terminal/create",
      acp::terminal_create_params(session_id_, command.argv, command.cwd, command.env, command.output_limit), stop);
  if (!created) return std::unexpected(created.error());
  std::string id = json_string_or(*created, "terminalId");
  if (id.empty()) return fail(ErrorCode::kProtocol, "its answer to terminal/create has no \"terminalId\"");
  if (on_created_) on_created_(id);
  json params = acp::terminal_params(session_id_, id);

  // The wait ends with the command, the timeout or the turn's cancellation, whichever comes first.
  ProcessResult result;
  std::stop_source waiting;
  std::atomic<bool> timed_out = false;
  Result<json> exited = [&] {
    std::stop_callback cancel(stop, [&] { waiting.request_stop(); });
    Deadline deadline(command.timeout, [&] {
      timed_out = true;
      waiting.request_stop();
    });
    return connection_.call("terminal/wait_for_exit", params, waiting.get_token());
  }();
  if (!exited && exited.error().code == ErrorCode::kCancelled) {
    result.timed_out = timed_out;
    result.cancelled = !timed_out;
    (void)call_within("terminal/kill", params, kCleanupWait);  // release kills it too, should this fail
  }
  auto output = call_within("terminal/output", params, kCleanupWait);
  (void)call_within("terminal/release", params, kCleanupWait);  // the editor frees it; nothing to tell the model
  if (!exited && !result.timed_out && !result.cancelled) return std::unexpected(exited.error());
  if (!output) return std::unexpected(output.error());

  result.output = json_string_or(*output, "output");
  result.output_truncated = json_bool_or(*output, "truncated", false);
  if (result.output_truncated) result.output = "[... the start of the output was cut ...]\n" + result.output;
  result.output_bytes = result.output.size();
  auto status = exited ? acp::terminal_exit(*exited) : acp::terminal_exit(json_member(*output, "exitStatus"));
  if (status && status->exit_code) {
    result.exit_code = *status->exit_code;
  } else if (status && !status->signal.empty()) {
    result.signal = signal_number(status->signal);
  } else if (!result.timed_out && !result.cancelled) {
    return fail(ErrorCode::kProtocol, "the editor said the command ended, but neither how nor with which exit code");
  }
  return result;
}

}  // namespace pair
