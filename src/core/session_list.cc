#include "core/session_list.h"

#include <algorithm>
#include <utility>

#include "core/session_store.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace pair {
namespace fs = std::filesystem;

std::string session_title(std::string_view text) {
  constexpr std::string_view kOpen = "<context>", kClose = "</context>";
  if (size_t end = text.find(kClose); text.starts_with(kOpen) && end != std::string_view::npos)
    text = text.substr(end + kClose.size());
  text = trim(text);
  std::string title(text.substr(0, text.find('\n')));
  if (title.size() > 80) title = title.substr(0, utf8_safe_cut(title, 77)) + "...";
  return title;
}

std::vector<SessionListing> list_project_sessions(const fs::path& root, const std::string& cwd, size_t max,
                                                  const fs::path& skip) {
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(project_sessions_dir(root, cwd), ec))
    if (e.path().extension() == ".jsonl") files.emplace_back(e.last_write_time(ec), e.path());
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<SessionListing> out;
  for (const auto& [when, path] : files) {
    if (out.size() >= max) break;
    if (!skip.empty() && path == skip) continue;
    auto loaded = load_session(path);
    if (!loaded) continue;
    SessionListing s{.id = loaded->info.id, .path = path, .modified = when};
    for (const auto& m : loaded->messages) {
      if (m.role == Role::kSystem) continue;
      ++s.messages;
      if (s.title.empty() && m.role == Role::kUser) s.title = session_title(m.content);
    }
    if (s.messages > 0) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace pair
