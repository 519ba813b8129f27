#include "tools/bash.h"

#include <fmt/format.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/change_journal.h"
#include "core/editor_terminal.h"
#include "tools/sandbox.h"
#include "tools/tool_helpers.h"
#include "util/strings.h"
#include "util/subprocess.h"
#include "util/utf8.h"

namespace pair {

namespace {

constexpr size_t kSummaryChars = 80;

/// What a model's commands should see: no colours, no pagers, no prompts.
const std::vector<std::string> kEnvironment = {
    "TERM=dumb",       "NO_COLOR=1",
    "CLICOLOR=0",      "PAGER=cat",
    "GIT_PAGER=cat",   "MANPAGER=cat",
    "SYSTEMD_PAGER=",  "GIT_TERMINAL_PROMPT=0",
    "GIT_EDITOR=true", "DEBIAN_FRONTEND=noninteractive",
    "PIP_NO_INPUT=1",
};

std::string status_line(const ProcessResult& r, std::chrono::seconds timeout) {
  if (r.timed_out)
    return fmt::format("[timed out after {}s; the command and its children were killed]", timeout.count());
  if (r.cancelled) return "[cancelled; the command and its children were killed]";
  if (r.signal != 0) {
    const char* name = sigabbrev_np(r.signal);
    return fmt::format("[killed by signal {}{}]", r.signal, name ? fmt::format(" (SIG{})", name) : "");
  }
  return fmt::format("[exit code {}]", r.exit_code);
}

}  // namespace

std::string plain_terminal_text(std::string_view s) {
  // Escape sequences first: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other ESC x.
  std::string text;
  text.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\x1b') {
      text += s[i];
      continue;
    }
    if (i + 1 >= s.size()) break;
    char kind = s[i + 1];
    size_t j = i + 2;
    if (kind == '[') {
      while (j < s.size() && !(s[j] >= 0x40 && s[j] <= 0x7E)) ++j;
    } else if (kind == ']') {
      while (j < s.size() && s[j] != '\a' && !(s[j] == '\x1b' && j + 1 < s.size() && s[j + 1] == '\\')) ++j;
      if (j < s.size() && s[j] == '\x1b') ++j;
    } else {
      j = i + 1;  // ESC, intermediate bytes, a final byte
      while (j < s.size() && s[j] >= 0x20 && s[j] <= 0x2F) ++j;
    }
    i = j;  // the loop's ++i steps past the sequence's last byte
  }
  // Then carriage returns: a redrawn line keeps its last state.
  std::string out;
  out.reserve(text.size());
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line =
        std::string_view(text).substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (size_t cr = line.rfind('\r'); cr != std::string_view::npos) line.remove_prefix(cr + 1);
    out.append(line);
    if (nl == std::string::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

const ToolSpec& BashTool::spec() const {
  static const ToolSpec kSpec{
      "bash",
      "Run a bash command in the workspace directory; returns stdout and stderr together and the exit code. "
      "There is no terminal and no input: use non-interactive flags.",
      R"({"type":"object","properties":{"command":{"type":"string"},)"
      R"("timeout":{"type":"integer","description":"seconds"}},)"
      R"("required":["command"],"additionalProperties":false})"};
  return kSpec;
}

Result<ToolEffect> BashTool::inspect(const nlohmann::json& args, const ToolContext& ctx) const {
  std::string command = string_arg(args, "command");
  if (trim(command).empty()) return fail(ErrorCode::kInvalidArgument, "command is empty; give a bash command.");
  ToolEffect effect;
  effect.access = ToolAccess::kExecute;
  effect.paths = {ctx.workspace};
  std::string_view body = trim(command);
  size_t nl = body.find('\n');
  effect.summary = "bash: " + shorten(body.substr(0, nl), kSummaryChars);
  if (nl != std::string_view::npos && !effect.summary.ends_with("...")) effect.summary += " ...";
  effect.detail = command;
  return effect;
}

ToolOutput BashTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  std::string command = string_arg(args, "command");
  if (trim(command).empty()) return ToolOutput::error("command is empty; give a bash command.");
  std::chrono::seconds timeout = ctx.limits.bash_default_timeout;
  if (int64_t asked = int_arg(args, "timeout").value_or(0); asked > 0)
    timeout = std::min(std::chrono::seconds(asked), ctx.limits.bash_max_timeout);

  std::error_code ec;
  if (!std::filesystem::is_directory(ctx.workspace, ec))
    return ToolOutput::error("The workspace directory " + ctx.workspace.string() + " does not exist.");

  ProcessOptions options;
  options.argv = {"/bin/bash", "-c", command};
  bool sandboxed = ctx.sandbox.enabled && probe_sandbox().available;
  options.cwd = ctx.workspace;
  std::optional<SandboxRun> sandbox;
  if (sandboxed) {
    auto prepared = sandbox_process(options, ctx.sandbox, ctx.workspace);
    if (!prepared) return ToolOutput::error("Cannot run bash in the sandbox: " + prepared.error().message);
    sandbox = std::move(*prepared);
  }
  options.extra_env = kEnvironment;
  options.timeout = timeout;
  options.head_bytes = ctx.limits.bash_output_head;
  options.tail_bytes = ctx.limits.bash_output_tail;
  if (ctx.changes) ctx.changes->before_command(command);
  // The editor's terminal only stands in for a run outside the sandbox: a sandboxed command stays
  // pair's, so what it may touch is decided here, not by the editor.
  bool in_editor = !sandboxed && ctx.editor_terminal;
  Result<ProcessResult> result =
      in_editor ? ctx.editor_terminal->run({.argv = options.argv,
                                            .cwd = options.cwd,
                                            .env = options.extra_env,
                                            .timeout = timeout,
                                            .output_limit = options.head_bytes + options.tail_bytes},
                                           ctx.stop)
                : run_process(options, ctx.stop);
  std::string swept = sandbox ? sandbox->finish() : "";
  if (!result)
    return ToolOutput::error(
        std::string(in_editor ? "Cannot run bash in the editor's terminal: " : "Cannot run bash: ") +
        result.error().message);

  std::string text = utf8_sanitize(plain_terminal_text(result->output));
  if (text.empty()) text = "(no output)";
  if (text.back() != '\n') text += '\n';
  text += status_line(*result, timeout);
  if (!swept.empty()) text += "\n" + swept;
  bool ok = !result->timed_out && !result->cancelled && result->signal == 0 && result->exit_code == 0;
  if (!ok && sandboxed) {
    if (std::string note = sandbox_failure_note(text, ctx.sandbox, ctx.workspace); !note.empty()) text += "\n" + note;
  }
  return ok ? ToolOutput::ok(std::move(text)) : ToolOutput::error(std::move(text));
}

}  // namespace pair
