#include "tui/completion.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "tui/commands.h"
#include "tui/text_width.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace pair::tui {
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxCandidates = 50;
constexpr size_t kMaxWalk = 20000;

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    i += decode_utf8(s, i).length;
    ++n;
  }
  return n;
}

bool skipped_dir(const std::string& name) {
  static const std::set<std::string> kSkip = {".git",  "node_modules", "target", "__pycache__",
                                              ".venv", "venv",         "dist",   ".cache"};
  return kSkip.contains(name) || name.starts_with("build") || (name.starts_with(".") && name.size() > 1);
}

std::string common_prefix(const std::vector<Candidate>& c) {
  if (c.empty()) return {};
  std::string p = c[0].replacement;
  for (const auto& x : c) {
    size_t n = 0;
    while (n < p.size() && n < x.replacement.size() && p[n] == x.replacement[n]) ++n;
    p.resize(n);
  }
  p.resize(utf8_safe_cut(p, p.size()));  // whole characters
  return p;
}

std::vector<Candidate> path_candidates(std::string_view partial, const fs::path& workspace) {
  std::vector<Candidate> out;
  size_t slash = partial.rfind('/');
  std::string dir_part = slash == std::string_view::npos ? "" : std::string(partial.substr(0, slash + 1));
  std::string base = std::string(slash == std::string_view::npos ? partial : partial.substr(slash + 1));
  fs::path dir = resolve_path(workspace, dir_part.empty() ? "." : dir_part);
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!name.starts_with(base)) continue;
    if (name.starts_with(".") && !base.starts_with(".")) continue;
    if (name == ".git") continue;
    bool is_dir = it->is_directory(ec);
    std::string rel = dir_part + name + (is_dir ? "/" : "");
    out.push_back({"@" + rel + (is_dir ? "" : " "), rel, ""});
  }
  std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) { return a.label < b.label; });
  if (!out.empty() || !dir_part.empty() || base.empty()) return out;
  // No such name at the top: look for it anywhere (file names starting with it).
  size_t walked = 0;
  for (auto it = fs::recursive_directory_iterator(workspace, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator() && walked < kMaxWalk; it.increment(ec), ++walked) {
    std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (skipped_dir(name)) it.disable_recursion_pending();
      continue;
    }
    if (!name.starts_with(base) && to_lower(name).find(to_lower(base)) == std::string::npos) continue;
    std::string rel = display_path(workspace, it->path());
    out.push_back({"@" + rel + " ", rel, ""});
    if (out.size() >= kMaxCandidates * 4) break;
  }
  std::sort(out.begin(), out.end(), [&](const Candidate& a, const Candidate& b) {
    bool pa = fs::path(a.label).filename().string().starts_with(base);
    bool pb = fs::path(b.label).filename().string().starts_with(base);
    if (pa != pb) return pa;
    if (a.label.size() != b.label.size()) return a.label.size() < b.label.size();
    return a.label < b.label;
  });
  return out;
}

}  // namespace

std::optional<Completions> complete(std::string_view word, bool at_start, const fs::path& workspace) {
  Completions c;
  c.word_length = code_points(word);
  if (at_start && word.starts_with("/")) {
    for (const auto* cmd : commands_with_prefix(word.substr(1)))
      c.candidates.push_back(
          {"/" + std::string(cmd->name) + " ", "/" + std::string(cmd->name), std::string(cmd->help)});
  } else if (word.starts_with("@")) {
    c.candidates = path_candidates(word.substr(1), workspace);
  } else {
    return std::nullopt;
  }
  if (c.candidates.size() > kMaxCandidates) c.candidates.resize(kMaxCandidates);
  if (c.candidates.empty()) return std::nullopt;
  c.common = common_prefix(c.candidates);
  return c;
}

std::string attach_mentions(const std::string& text, const fs::path& workspace, std::vector<Attachment>* attachments,
                            size_t max_bytes) {
  return attach_mentions(text, workspace, attachments, AttachRefusal{}, max_bytes);
}

std::string attach_mentions(const std::string& text, const fs::path& workspace, std::vector<Attachment>* attachments,
                            const AttachRefusal& refusal, size_t max_bytes) {
  std::string blocks;
  std::set<std::string> seen;
  for (size_t at = text.find('@'); at != std::string::npos; at = text.find('@', at + 1)) {
    if (at > 0 && !std::isspace(static_cast<unsigned char>(text[at - 1])) && text[at - 1] != '(') continue;
    size_t end = text.find_first_of(" \t\n", at);
    std::string token = text.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
    // Trailing punctuation belongs to the sentence, unless the name has it.
    while (!token.empty() && std::string_view(",.;:!?)'\"").find(token.back()) != std::string_view::npos &&
           !fs::exists(resolve_path(workspace, token)))
      token.pop_back();
    if (token.empty() || seen.contains(token)) continue;
    fs::path path = resolve_path(workspace, token);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) continue;  // not a file: an e-mail address, a decorator, a directory
    seen.insert(token);
    Attachment a{.path = token, .note = "", .attached = false};
    std::optional<std::string> refused = refusal ? refusal(path) : std::nullopt;
    fs::path real = fs::weakly_canonical(path, ec);  // a symlink may lead out of the project
    fs::path real_workspace = fs::weakly_canonical(workspace, ec);
    if (!is_within(workspace, path) || ec || !is_within(real_workspace, real)) {
      a.note = "outside the project: not attached";
    } else if (refused) {
      a.note = "not attached: " + *refused;
    } else {
      std::ifstream in(path, std::ios::binary);
      std::string content(max_bytes + 1, '\0');
      in.read(content.data(), static_cast<std::streamsize>(content.size()));
      content.resize(static_cast<size_t>(in.gcount()));
      if (content.find('\0') != std::string::npos) {
        a.note = "binary: not attached";
      } else {
        bool cut = content.size() > max_bytes;
        if (cut) content.resize(max_bytes);
        size_t lines = static_cast<size_t>(std::count(content.begin(), content.end(), '\n'));
        if (!content.empty() && content.back() != '\n') ++lines;
        a.note = plural(lines, "line", "lines") + (cut ? " (cut at " + std::to_string(max_bytes / 1024) + " KiB)" : "");
        a.attached = true;
        blocks += "\n\n<file path=\"" + token + "\">\n" + content;
        if (!content.ends_with("\n")) blocks += "\n";
        if (cut) blocks += "[... cut: the file is larger; read_file can read the rest]\n";
        blocks += "</file>";
      }
    }
    if (attachments) attachments->push_back(std::move(a));
  }
  return text + blocks;
}

}  // namespace pair::tui
