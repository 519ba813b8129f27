#include "tui/history.h"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <fstream>

#include "tui/text_width.h"
#include "util/atomic_file.h"
#include "util/json_parse.h"
#include "util/paths.h"

namespace pair::tui {
namespace fs = std::filesystem;

namespace {

constexpr char32_t kMark = 0xFFFC;

std::string encode(const EditorContent& c) {
  std::string text;
  for (char32_t a : c.atoms) append_utf8(text, a >= kPasteAtom ? kMark : a);
  nlohmann::json j = {{"text", text}};
  if (!c.pastes.empty()) {
    // Only the pastes still in the text, in order.
    nlohmann::json pastes = nlohmann::json::array();
    for (char32_t a : c.atoms)
      if (a >= kPasteAtom && a - kPasteAtom < c.pastes.size()) pastes.push_back(c.pastes[a - kPasteAtom]);
    j["pastes"] = pastes;
  }
  return dump_json(j);
}

std::optional<EditorContent> decode(const std::string& line) {
  auto j = parse_json(line, "history").value_or(nlohmann::json());
  if (!json_member(j, "text").is_string()) return std::nullopt;
  EditorContent c;
  for (const auto& p : json_array_member(j, "pastes"))
    if (p.is_string()) c.pastes.push_back(json_as_string(p));
  std::string text = json_string_or(j, "text");
  size_t next_paste = 0;
  for (size_t i = 0; i < text.size();) {
    auto [cp, length] = decode_utf8(text, i);
    i += length;
    if (cp == kMark && next_paste < c.pastes.size())
      c.atoms += kPasteAtom + static_cast<char32_t>(next_paste++);
    else
      c.atoms += cp;
  }
  return c;
}

}  // namespace

fs::path History::file_for(const fs::path& state_dir, const std::string& workspace) {
  return state_dir / "history" / (path_slug(workspace) + ".jsonl");
}

History::History(fs::path file) : file_(std::move(file)) {
  std::ifstream in(file_);
  std::string line;
  while (std::getline(in, line))
    if (auto c = decode(line)) entries_.push_back(std::move(*c));
  if (entries_.size() > kMaxEntries) entries_.erase(entries_.begin(), entries_.end() - kMaxEntries);
  index_ = entries_.size();
}

void History::save_compacted() const {
  std::string all;
  for (const auto& e : entries_) all += encode(e) + "\n";
  (void)write_file_atomically(file_, all);
}

void History::add(const EditorContent& entry) {
  index_ = entries_.size();
  if (entry.atoms.empty() || (!entries_.empty() && entries_.back() == entry)) return;
  std::string line = encode(entry);
  if (line.size() > kMaxEntryBytes) return;
  entries_.push_back(entry);
  index_ = entries_.size();
  if (file_.empty()) return;
  if (entries_.size() > kMaxEntries * 2) {
    entries_.erase(entries_.begin(), entries_.end() - kMaxEntries);
    index_ = entries_.size();
    save_compacted();
    return;
  }
  if (!make_private_dir(file_.parent_path())) return;
  // One append per entry: concurrent pair processes interleave whole lines.
  int fd = ::open(file_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  line += '\n';
  (void)!::write(fd, line.data(), line.size());
  ::close(fd);
}

std::optional<EditorContent> History::previous(const EditorContent& draft) {
  if (index_ == 0) return std::nullopt;
  if (index_ == entries_.size()) draft_ = draft;
  return entries_[--index_];
}

std::optional<EditorContent> History::next() {
  if (index_ >= entries_.size()) return std::nullopt;
  ++index_;
  return index_ == entries_.size() ? draft_ : entries_[index_];
}

}  // namespace pair::tui
