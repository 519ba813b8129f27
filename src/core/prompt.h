#pragma once
/// The system prompt and the context message.
///
/// Prompt-cache discipline: the system prompt is fixed text (no date, no path,
/// nothing that differs between sessions or projects), so together with the
/// fixed tools array it forms a prefix that is byte-identical everywhere and
/// that llama-server's cache serves to every new session. Whatever differs
/// (working directory, date, git status, AGENTS.md) goes at the start of the
/// first user message instead.

#include <string>
#include <vector>

namespace pair {

const std::string& system_prompt();

struct ProjectInstructions {
  std::string file;  ///< "AGENTS.md", "sub/AGENTS.md": relative to the repository root
  std::string content;
};

/// Facts gathered once when a session starts (front-ends gather them; the
/// core only formats).
struct WorkspaceFacts {
  std::string cwd;
  std::string date;      ///< YYYY-MM-DD
  std::string platform;  ///< "Linux x86_64"
  bool is_git_repo = false;
  std::string git_branch;
  std::string git_status;                         ///< `git status --short`, capped
  std::vector<ProjectInstructions> instructions;  ///< root first, the user's own last
  /// Names instruction files the size cap left out; empty when none were.
  std::string instructions_note;
  /// For the user: what the size cap cut or left out and how to raise it;
  /// empty when nothing was. Not part of the model's text.
  std::string instructions_cut_notice;
};

/// The environment block that opens the first user message.
std::string format_context(const WorkspaceFacts& facts);

/// The first user message: context, a blank line, then the user's text.
std::string first_user_message(const WorkspaceFacts& facts, const std::string& user_text);

/// The user's own text of a first user message (the context removed).
std::string strip_context(const std::string& content);

}  // namespace pair
