#pragma once
/// Tab completion (slash commands, `@path` file mentions) and what a mention
/// does when the message is sent: the file's content is attached.
/// Reads the file system; the UI thread calls it.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pair::tui {

struct Candidate {
  std::string replacement;  ///< replaces the word ("/model ", "@src/app/")
  std::string label;        ///< shown in the menu
  std::string detail;       ///< a command's help, empty for paths
};

struct Completions {
  size_t word_length = 0;  ///< code points of the word being completed
  std::vector<Candidate> candidates;
  std::string common;  ///< the longest common prefix of the replacements
};

/// Completions for `word` (the text from the last space to the cursor).
/// `at_start`: the word begins the message (only then are commands offered).
std::optional<Completions> complete(std::string_view word, bool at_start, const std::filesystem::path& workspace);

struct Attachment {
  std::string path;  ///< as written after '@'
  std::string note;  ///< "42 lines", or why it was not attached
  bool attached = false;
};

/// Why a file (absolute path) may not be attached, or nullopt when it may
/// (Backend::attach_refusal).
using AttachRefusal = std::function<std::optional<std::string>(const std::filesystem::path&)>;

/// The message to send: `text`, then for each `@path` naming a readable
/// text file inside the workspace, its content in a <file path="..."> block.
/// Files past `max_bytes` are cut (and say so). A file `refusal` names a
/// reason for is not read; its attachment note says why.
std::string attach_mentions(const std::string& text, const std::filesystem::path& workspace,
                            std::vector<Attachment>* attachments, const AttachRefusal& refusal,
                            size_t max_bytes = 256 * 1024);
/// As above, with no permission rules to apply.
std::string attach_mentions(const std::string& text, const std::filesystem::path& workspace,
                            std::vector<Attachment>* attachments, size_t max_bytes = 256 * 1024);

}  // namespace pair::tui
