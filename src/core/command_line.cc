#include "core/command_line.h"

#include "core/command_options.h"

namespace pair {

CommandLine read_command_line(std::string_view line) {
  ShellLine shell = parse_shell_line(line);
  CommandLine out;
  out.not_understood = shell.not_understood;
  for (auto& c : shell.commands) {
    CommandRuns runs = commands_run_by(c);
    if (out.not_understood.empty()) out.not_understood = runs.not_understood;
    JudgedCommand judged{std::move(c), std::move(runs.runs), ""};
    for (const auto& run : judged.runs) {
      judged.exec_option = exec_or_write_option(run.words);
      if (!judged.exec_option.empty()) break;
    }
    out.commands.push_back(std::move(judged));
  }
  return out;
}

}  // namespace pair
