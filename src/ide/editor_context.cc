#include "ide/editor_context.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "util/paths.h"
#include "util/utf8.h"

namespace pair {
namespace {

/// Backticks enough that no run inside the text closes the fence.
std::string fence_for(const std::string& text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

std::string fenced(const std::string& text, const std::string& language) {
  std::string fence = fence_for(text);
  std::string lang = language == "plaintext" ? "" : language;
  std::string body = text;
  if (!body.empty() && body.back() != '\n') body += '\n';
  return fence + lang + "\n" + body + fence + "\n";
}

/// At most kMaxSelectionLines lines and kMaxSelectionBytes bytes (cut at a
/// character boundary); a note says how much was left out.
std::string capped(const std::string& text, bool already_cut) {
  size_t end = 0, lines = 0;
  while (end < text.size() && lines < kMaxSelectionLines && end < kMaxSelectionBytes) {
    size_t nl = text.find('\n', end);
    end = nl == std::string::npos ? text.size() : nl + 1;
    ++lines;
  }
  if (end > kMaxSelectionBytes) end = kMaxSelectionBytes;
  std::string out = text.substr(0, utf8_safe_cut(text, end));
  if (out.size() < text.size() || already_cut) {
    size_t rest =
        static_cast<size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(out.size()), text.end(), '\n'));
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += fmt::format("[... selection cut here{}; read the file for the rest]\n",
                       rest > 0 ? fmt::format(", {} more lines", rest) : std::string());
  }
  return out;
}

std::string shown(const std::filesystem::path& workspace, const std::string& path) {
  return display_path(workspace, std::filesystem::path(path).lexically_normal());
}

std::string state_of(const EditorContext& c, const std::filesystem::path& ws, const std::string& editor) {
  if (!c.active) return "";
  const ActiveFile& a = *c.active;
  std::string file = shown(ws, a.path);
  std::string out = fmt::format("Open in {}: {}", editor, file);
  if (!a.language.empty() && a.language != "plaintext") out += " (" + a.language + ")";
  out += fmt::format(", cursor at line {}", a.cursor.line);
  if (!a.visible.empty()) out += fmt::format(", lines {}-{} visible", a.visible.front().start, a.visible.back().end);
  if (a.dirty) out += ", unsaved changes";
  out += ".\n";
  if (a.selection && !a.selection->text.empty()) {
    const EditorSelection& s = *a.selection;
    // A selection that ends at the start of a line does not include that line.
    int last = s.end.character == 1 && s.end.line > s.start.line ? s.end.line - 1 : s.end.line;
    out += last == s.start.line ? fmt::format("Selected (line {}):\n", s.start.line)
                                : fmt::format("Selected (lines {}-{}):\n", s.start.line, last);
    out += fenced(capped(s.text, s.truncated), a.language);
  }
  size_t errors = std::min(c.active_errors.size(), kMaxErrors);
  if (errors > 0) {
    out += fmt::format("Errors the editor reports in {}:\n", file);
    for (size_t i = 0; i < errors; ++i) {
      const EditorDiagnostic& d = c.active_errors[i];
      out += fmt::format("- line {}: {}{}\n", d.start.line, d.message, d.source.empty() ? "" : " (" + d.source + ")");
    }
    if (c.active_errors.size() > errors) out += fmt::format("- and {} more\n", c.active_errors.size() - errors);
  }
  return out;
}

}  // namespace

std::string strip_editor_block(const std::string& user_message) {
  constexpr std::string_view kOpen = "\n\n<editor>\n", kClose = "</editor>";
  if (!user_message.ends_with(kClose)) return user_message;
  size_t open = user_message.rfind(kOpen);
  return open == std::string::npos ? user_message : user_message.substr(0, open);
}

std::string EditorContextTracker::next_block(const EditorContext& context, const std::filesystem::path& workspace,
                                             const std::string& editor) {
  std::string state = state_of(context, workspace, editor);
  std::string body;
  if (state != last_state_) {
    body = state.empty() ? fmt::format("No file is open in {} now.\n", editor) : state;
    last_state_ = state;
  }
  for (const auto& q : context.queued) {
    std::string lines = q.start_line == q.end_line ? fmt::format("line {}", q.start_line)
                                                   : fmt::format("lines {}-{}", q.start_line, q.end_line);
    body += fmt::format("The user sent from {}: {} {}:\n", editor, shown(workspace, q.path), lines);
    body += fenced(capped(q.text, false), q.language);
  }
  if (body.empty()) return "";
  return "<editor>\n" + body + "</editor>";
}

}  // namespace pair
