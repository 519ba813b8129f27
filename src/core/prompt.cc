#include "core/prompt.h"

namespace pair {
namespace {

constexpr std::string_view kContextEnd = "</context>\n\n";

}  // namespace

const std::string& system_prompt() {
  static const std::string kPrompt =
      R"(You are pair, a coding agent that works in the user's repository through tools. Be precise, careful and brief.

How to work:
- Understand before changing: find files with list_files and search_files, read them with read_file.
- Change files with edit_file: small exact replacements, old_string copied exactly from read_file output (without the line-number prefix), enough context to be unique. Use write_file for new files or full rewrites.
- Verify: build and run the relevant tests with bash when the project has them, and fix what you broke.
- Do what was asked, nothing more. Keep the code's existing style.
- When a tool call fails, read the error and correct the call instead of repeating it.
- Never invent file contents or command output: use the tools.
- Ask before risky, irreversible steps (deleting data, force-pushing) and when the request is ambiguous.

Answer concisely in Markdown, in the user's language. When done, say what you changed and how you checked it; cite code as path:line.

The first user message starts with a <context> block: working directory, date, git status and the project's instructions (AGENTS.md). Follow those instructions.)";
  return kPrompt;
}

std::string format_context(const WorkspaceFacts& f) {
  std::string out = "<context>\n";
  out += "Working directory: " + f.cwd + "\n";
  out += "Date: " + f.date + "\n";
  if (!f.platform.empty()) out += "Platform: " + f.platform + "\n";
  if (f.is_git_repo) {
    out += "Git branch: " + (f.git_branch.empty() ? std::string("(none)") : f.git_branch) + "\n";
    out += f.git_status.empty() ? "Git status: clean\n"
                                : "Git status:\n" + f.git_status + (f.git_status.ends_with("\n") ? "" : "\n");
  } else {
    out += "Not a git repository.\n";
  }
  for (const auto& i : f.instructions) {
    out += "\nInstructions from " + i.file + ":\n" + i.content;
    if (!i.content.ends_with("\n")) out += "\n";
  }
  if (!f.instructions_note.empty()) out += "\n" + f.instructions_note + "\n";
  out += kContextEnd;
  return out;
}

std::string first_user_message(const WorkspaceFacts& facts, const std::string& user_text) {
  return format_context(facts) + user_text;
}

std::string strip_context(const std::string& content) {
  if (!content.starts_with("<context>\n")) return content;
  size_t end = content.find(kContextEnd);
  return end == std::string::npos ? content : content.substr(end + kContextEnd.size());
}

}  // namespace pair
