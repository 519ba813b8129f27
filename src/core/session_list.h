#pragma once
/// The recent sessions of one project, newest first, summarised for a picker
/// (/resume): id, when, the first thing the user asked, how many messages.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace pair {

struct SessionListing {
  std::string id;
  std::filesystem::path path;
  std::filesystem::file_time_type modified;
  std::string title;  ///< the first user message without its context block, one line, at most 80 characters
  int messages = 0;   ///< not counting the system prompt
};

/// At most `max` sessions of the project at `cwd` under `root` that hold at
/// least one message, newest first, leaving out `skip` (the open one).
/// Unreadable files are passed over.
std::vector<SessionListing> list_project_sessions(const std::filesystem::path& root, const std::string& cwd, size_t max,
                                                  const std::filesystem::path& skip = {});

/// The line a picker shows for a user message: the context block that opens
/// a session's first message left out, the first line, shortened to 80.
std::string session_title(std::string_view first_user_message);

}  // namespace pair
