#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <iterator>
#include <string>

#include "app/cli.h"
#include "app/commands/local_cli.h"
#include "app/first_run_prompt.h"
#include "app/headless_run.h"
#include "app/interactive_run.h"
#include "app/version.h"

namespace {

/// The last resort for an exception nothing caught (a bug: errors travel as
/// Result values): one line naming it and exit code 1, instead of an abort.
/// Any thread may get here; nothing else runs (no destructors, no atexit).
[[noreturn]] void on_terminate() {
  std::string what = "terminate called without an exception";
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      what = ex.what();
    } catch (...) {
      what = "an exception of unknown type";
    }
  }
  std::fprintf(stderr, "pair: internal error: %s\n", what.c_str());
  std::_Exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  std::set_terminate(on_terminate);
  // The fast path: nothing else is set up for it.
  if (argc == 2 && (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "-V") == 0)) {
    std::printf("%s\n", pair::version_line().c_str());
    return 0;
  }
  ::signal(SIGPIPE, SIG_IGN);
  // Past a file-size limit, writes must fail with EFBIG (and leave the old file) rather than kill pair.
  ::signal(SIGXFSZ, SIG_IGN);
  int exit_code = 0;
  auto options = pair::parse_cli(argc, argv, &exit_code);
  if (!options) return exit_code;
  if (!options->local.group.empty()) return pair::run_local_command(*options);

  std::string prompt;
  if (options->prompt && *options->prompt != "-") {
    prompt = *options->prompt;
  } else if ((options->prompt && *options->prompt == "-") || !::isatty(STDIN_FILENO)) {
    prompt.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    // An interactive start: a first run asks which model to use (first_run_prompt.h).
    auto configured = pair::configure_interactively(
        options->cwd.empty() ? std::filesystem::current_path() : std::filesystem::path(options->cwd), options->model);
    if (!configured) {
      std::fprintf(stderr, "pair: %s\n", configured.error().message.c_str());
      return pair::kExitUsage;
    }
    // Leaving the question is not an error: q and Ctrl+D exit 0, Ctrl+C 130 (first_run_prompt.h).
    if (*configured == pair::FirstRunEnd::kQuit) return pair::kExitOk;
    if (*configured == pair::FirstRunEnd::kInterrupted) return pair::kExitInterrupted;
    return pair::run_interactive(*options);  // stdin is a terminal: the interactive UI
  }
  if (prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
    std::fprintf(stderr, "pair: the prompt is empty\n");
    return pair::kExitUsage;
  }
  return pair::run_headless(*options, prompt);
}
