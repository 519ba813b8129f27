#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <string>
#include <utility>
#include <vector>

#include "app/version.h"

namespace pair {
namespace {

/// Maps the words of an enum option onto its values; a wrong word gets a message that lists the
/// right ones (CLI11's own lists the enum's numbers too).
template <typename Enum>
CLI::Validator word_choice(const std::vector<std::pair<std::string, Enum>>& words) {
  std::string names;
  for (const auto& [word, value] : words) names += (names.empty() ? "" : ", ") + word;
  return CLI::Validator(
      [words, names](std::string& input) -> std::string {
        for (const auto& [word, value] : words)
          if (input == word) {
            input = std::to_string(static_cast<int>(value));
            return {};
          }
        return "'" + input + "' is not one of " + names;
      },
      "");
}

}  // namespace

std::optional<CliOptions> parse_cli(int argc, char** argv, int* exit_code) {
  CliOptions o;
  CLI::App app{"pair: a coding agent for local models (llama.cpp, vLLM, Ollama) and the cloud", "pair"};
  app.set_version_flag("-V,--version", version_line());
  app.add_option("-p,--prompt", o.prompt, "Run one turn headless with this prompt (\"-\" reads it from stdin)");
  app.add_option("-m,--model", o.model, "A model's name from models.json");
  // Parsed into their types here, once; the rest of pair never sees the words.
  app.add_option("--output-format", o.output_format, "Headless output: text, json or stream-json")
      ->transform(word_choice<OutputFormat>(
          {{"text", OutputFormat::kText}, {"json", OutputFormat::kJson}, {"stream-json", OutputFormat::kStreamJson}}))
      ->option_text("text|json|stream-json");
  app.add_option("--max-turns", o.max_turns, "Stop after this many model requests in one turn")
      ->check(CLI::PositiveNumber);
  app.add_flag("-c,--continue", o.continue_last, "Continue the latest session of this directory");
  app.add_option("-r,--resume", o.resume_id, "Resume the session with this id");
  app.add_option("--permission-mode", o.permission_mode, "default, accept-edits or bypass")
      ->transform(word_choice<PermissionMode>({{"default", PermissionMode::kDefault},
                                               {"accept-edits", PermissionMode::kAcceptEdits},
                                               {"bypass", PermissionMode::kBypass}}))
      ->option_text("default|accept-edits|bypass");
  app.add_option("-C,--cwd", o.cwd, "Work in this directory instead of the current one");
  app.add_flag("-v,--verbose", o.verbose, "Show tool calls and notices on stderr");
  app.add_flag("--no-session", o.no_session, "Do not record this session");
  bool ide = false, no_ide = false;
  app.add_flag("--ide", ide, "Connect to the VS Code window of this workspace (automatic in its terminal)");
  app.add_flag("--no-ide", no_ide, "Do not connect to an editor");
  app.add_flag("--force", o.force, "Start a local model even when the memory check says it does not fit");
  add_local_commands(app, o.local);
  app.footer(
      "Exit codes: 0 done, 1 the turn failed, 2 usage or configuration error, 3 stopped by --max-turns, 4 "
      "stopped a loop of repeated tool calls, 130 interrupted.\nModels: .pair/models.json in the project, or "
      "~/.config/pair/models.json.\nLocal models: pair "
      "model "
      "--help, pair server --help, pair doctor.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    *exit_code = app.exit(e) == 0 ? kExitOk : kExitUsage;
    return std::nullopt;
  }
  if (ide && no_ide) {
    std::fprintf(stderr, "pair: --ide and --no-ide cannot be used together\n");
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  if (ide || no_ide) o.ide = ide;
  if (o.continue_last && !o.resume_id.empty()) {
    std::fprintf(stderr, "pair: --continue and --resume cannot be used together\n");
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  return o;
}

}  // namespace pair
