#include "core/project_instructions.h"

#include <optional>

#include "util/atomic_file.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

struct Found {
  std::string label;  ///< how the model and the user see the file
  std::string text;
};

/// The file's text when it is worth giving the model: readable, not blank,
/// and (for a project file) really inside the repository, so a link cannot
/// carry a file from elsewhere on this machine into the prompt.
std::optional<std::string> instruction_text(const fs::path& file, const fs::path& confine_to) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  if (!confine_to.empty()) {
    fs::path real = fs::weakly_canonical(file, ec);
    if (ec || !is_within(fs::weakly_canonical(confine_to, ec), real)) return std::nullopt;
  }
  auto text = read_file_to_string(file);
  if (!text || trim(*text).empty()) return std::nullopt;
  return std::move(*text);
}

/// The directories from `root` down to `workspace` (below it), root first.
std::vector<fs::path> levels(const fs::path& root, const fs::path& workspace) {
  std::vector<fs::path> out{root};
  fs::path at = root;
  for (const auto& part : workspace.lexically_relative(root)) {
    if (part == "." || part.empty()) continue;
    at /= part;
    out.push_back(at);
  }
  return out;
}

/// Where the project's files are looked for from: `root`, unless the workspace is not below it.
fs::path search_root(const InstructionSearch& s) {
  fs::path root = s.root.lexically_normal(), workspace = s.workspace.lexically_normal();
  return root.empty() || !is_within(root, workspace) ? workspace : root;
}

std::vector<Found> project_files(const InstructionSearch& s) {
  std::vector<Found> out;
  fs::path root = search_root(s), workspace = s.workspace.lexically_normal();
  for (const auto& dir : levels(root, workspace)) {
    auto add = [&](const char* name) {
      auto text = instruction_text(dir / name, root);
      if (text) out.push_back({display_path(root, dir / name), std::move(*text)});
      return text.has_value();
    };
    std::error_code ec;
    // CLAUDE.md stands in only where a level has no AGENTS.md at all.
    if (fs::exists(dir / "AGENTS.md", ec))
      add("AGENTS.md");
    else
      add("CLAUDE.md");
    add("PAIR.md");
  }
  return out;
}

std::string user_label(const fs::path& file) {
  std::string home = home_dir().lexically_normal().string();
  std::string path = file.lexically_normal().string();
  if (!home.empty() && is_within(home, path)) path = "~/" + display_path(home, path);
  return path + " (the user's own instructions)";
}

}  // namespace

GatheredInstructions read_instructions(const InstructionSearch& s) {
  std::vector<Found> found = project_files(s);
  std::optional<Found> user;
  if (!s.user_file.empty())
    if (auto text = instruction_text(s.user_file, {})) user = Found{user_label(s.user_file), std::move(*text)};

  GatheredInstructions out;
  std::vector<std::string> cut, left_out;
  size_t left = s.max_bytes;
  auto take = [&](Found& f) -> bool {
    if (left == 0) {
      left_out.push_back(f.label);
      return false;
    }
    if (f.text.size() > left) {
      size_t whole = f.text.size();
      f.text.resize(utf8_safe_cut(f.text, left));
      f.text += "\n[... " + f.label + " cut here: " + std::to_string(f.text.size()) + " of " + std::to_string(whole) +
                " bytes shown, instructions are limited to " + std::to_string(s.max_bytes) + " bytes in all ...]\n";
      cut.push_back(f.label);
      left = 0;
      return true;
    }
    left -= f.text.size();
    return true;
  };
  // The user's file is counted first and shown last.
  bool user_kept = user && take(*user);
  for (auto& f : found)
    if (take(f)) out.files.push_back({f.label, std::move(f.text)});
  if (user_kept) out.files.push_back({user->label, std::move(user->text)});
  if (!left_out.empty())
    out.model_note = "Instruction files left out, past the limit of " + std::to_string(s.max_bytes) +
                     " bytes in all: " + join(left_out, ", ") + " (paths from " + search_root(s).string() +
                     "; read them with read_file when they matter).";

  if (!cut.empty() || !left_out.empty()) {
    std::string what;
    if (!cut.empty()) what += "cut " + join(cut, ", ");
    if (!left_out.empty()) what += (what.empty() ? "left out " : "; left out ") + join(left_out, ", ");
    out.cut_notice = "instructions are limited to " + std::to_string(s.max_bytes) + " bytes in all: " + what +
                     " (raise /context/instructions_max_bytes in settings.json to give the model more)";
  }
  return out;
}

}  // namespace pair
