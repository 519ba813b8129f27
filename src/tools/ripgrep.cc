#include "tools/ripgrep.h"

#include "util/subprocess.h"

namespace pair {
namespace {

/// A record longer than this is passed on cut (rg's own limits keep real ones short).
constexpr size_t kMaxRecordBytes = 64 * 1024;

}  // namespace

Result<RipgrepOutcome> run_ripgrep(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                                   char separator, const std::function<void(std::string_view)>& on_record,
                                   std::chrono::milliseconds timeout, std::stop_token stop) {
  std::string rg = find_executable("rg");
  if (rg.empty())
    return fail(ErrorCode::kNotFound,
                "ripgrep (rg) is not installed, and this tool needs it. Ask the user to install it "
                "(Debian/Ubuntu: apt-get install ripgrep); until then, use bash with find or grep.");

  ProcessOptions options;
  options.argv = {rg, "--no-config"};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = cwd;
  options.merge_stderr = false;
  options.timeout = timeout;
  options.head_bytes = 4096;  // stdout is parsed below; stderr keeps this much
  options.tail_bytes = 1024;

  std::string pending;
  bool overlong = false;
  options.on_output = [&](std::string_view chunk) {
    for (;;) {
      size_t end = chunk.find(separator);
      std::string_view piece = chunk.substr(0, end);
      if (!overlong) {
        size_t room = kMaxRecordBytes - pending.size();
        pending.append(piece.substr(0, room));
        overlong = piece.size() > room;
      }
      if (end == std::string_view::npos) return;
      on_record(pending);
      pending.clear();
      overlong = false;
      chunk.remove_prefix(end + 1);
    }
  };

  auto run = run_process(options, stop);
  if (!run) return std::unexpected(run.error());
  if (!pending.empty()) on_record(pending);

  RipgrepOutcome outcome;
  outcome.exit_code = run->signal ? -1 : run->exit_code;
  outcome.errors = run->error_output;
  outcome.timed_out = run->timed_out;
  outcome.cancelled = run->cancelled;
  return outcome;
}

}  // namespace pair
