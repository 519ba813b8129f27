#include "core/change_journal.h"

#include <algorithm>

#include "util/atomic_file.h"

namespace pair {
namespace fs = std::filesystem;

FileChangeJournal::Snapshot FileChangeJournal::snapshot(const fs::path& path) {
  Snapshot s;
  s.path = path;
  std::error_code ec;
  auto status = fs::symlink_status(path, ec);
  s.existed = !ec && fs::exists(status);
  if (!s.existed) {
    s.kept = true;
    return s;
  }
  if (fs::is_regular_file(status) && fs::file_size(path, ec) <= kMaxFileBytes && !ec) {
    if (auto text = read_file_to_string(path)) {
      s.content = std::move(*text);
      s.kept = true;
    }
  }
  return s;
}

void FileChangeJournal::begin_turn() {
  if (!turns_.empty() && turns_.back().files.empty() && turns_.back().commands.empty()) return;
  turns_.emplace_back();
}

void FileChangeJournal::before_write(const fs::path& path) {
  if (turns_.empty()) turns_.emplace_back();
  auto& files = turns_.back().files;
  if (std::any_of(files.begin(), files.end(), [&](const Snapshot& s) { return s.path == path; })) return;
  Snapshot s = snapshot(path);
  if (!originals_.contains(path)) {
    originals_.emplace(path, s);
    order_.push_back(path);
  }
  files.push_back(std::move(s));
}

void FileChangeJournal::before_command(std::string_view command) {
  if (turns_.empty()) turns_.emplace_back();
  turns_.back().commands.emplace_back(command);
}

Result<UndoReport> FileChangeJournal::undo_last_turn() {
  while (!turns_.empty() && turns_.back().files.empty()) turns_.pop_back();
  if (turns_.empty()) return fail(ErrorCode::kNotFound, "no file changes to undo in this session");
  Turn turn = std::move(turns_.back());
  turns_.pop_back();
  UndoReport report;
  report.commands = std::move(turn.commands);
  // Latest first, so a file touched twice ends as it was before the first.
  for (auto it = turn.files.rbegin(); it != turn.files.rend(); ++it) {
    const Snapshot& s = *it;
    std::string shown = s.path.string();
    if (!s.kept) {
      report.failed.push_back(shown + ": too large or unreadable to have been kept");
      continue;
    }
    if (!s.existed) {
      std::error_code ec;
      fs::remove(s.path, ec);
      if (ec)
        report.failed.push_back(shown + ": " + ec.message());
      else
        report.deleted.push_back(shown);
      continue;
    }
    if (auto r = write_file_atomically(s.path, s.content); !r)
      report.failed.push_back(r.error().message);
    else
      report.restored.push_back(shown);
  }
  report.turns_left =
      static_cast<int>(std::count_if(turns_.begin(), turns_.end(), [](const Turn& t) { return !t.files.empty(); }));
  return report;
}

std::vector<SessionFileChange> FileChangeJournal::session_changes() const {
  std::vector<SessionFileChange> out;
  for (const auto& path : order_) {
    const Snapshot& before = originals_.at(path);
    Snapshot now = snapshot(path);
    SessionFileChange c;
    c.path = path;
    c.existed_before = before.existed;
    c.exists_now = now.existed;
    c.unknown = !before.kept || !now.kept;
    if (!c.unknown && c.existed_before == c.exists_now && before.content == now.content) continue;
    c.before = before.content;
    c.now = std::move(now.content);
    out.push_back(std::move(c));
  }
  return out;
}

void FileChangeJournal::clear() {
  turns_.clear();
  originals_.clear();
  order_.clear();
}

}  // namespace pair
