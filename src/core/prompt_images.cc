#include "core/prompt_images.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include "util/base64.h"
#include "util/byte_size.h"
#include "util/image_info.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

bool has_image_extension(const fs::path& p) {
  std::string ext = to_lower(p.extension().string());
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".gif" || ext == ".webp";
}

/// The `@` mentions in `text`, as written (without the '@').
std::vector<std::string> mentions(std::string_view text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '@' || (i > 0 && !std::isspace(static_cast<unsigned char>(text[i - 1])) && text[i - 1] != '(' &&
                           text[i - 1] != '"' && text[i - 1] != '\''))
      continue;
    size_t end = i + 1;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    if (end > i + 1) out.emplace_back(text.substr(i + 1, end - i - 1));
    i = end;
  }
  return out;
}

}  // namespace

PromptImages attach_prompt_images(std::string_view text, const fs::path& workspace, const PromptImageOptions& o) {
  PromptImages result;
  result.text = std::string(text);
  std::vector<std::string> notes;
  std::vector<fs::path> seen;
  for (std::string mention : mentions(text)) {
    // "see @shot.png." — try the mention as written, then without trailing punctuation.
    fs::path path;
    std::error_code ec;
    for (;;) {
      path = resolve_path(workspace, mention);
      if (fs::is_regular_file(path, ec) || mention.empty()) break;
      char last = mention.back();
      if (std::string_view(".,;:!?)]}\"'").find(last) == std::string_view::npos) break;
      mention.pop_back();
    }
    if (mention.empty()) continue;
    std::string shown = "@" + mention;
    if (!fs::is_regular_file(path, ec)) {
      if (has_image_extension(path) && !fs::exists(path, ec))
        notes.push_back(shown + " was not attached: no such file");
      continue;
    }
    if (std::find(seen.begin(), seen.end(), path) != seen.end()) continue;
    seen.push_back(path);
    if (o.read_check) {
      ReadFilter filter(o.read_check, is_within(workspace, path) ? workspace : path, workspace);
      if (ReadDecision d = filter.decide(path); !d.allowed()) {
        notes.push_back(shown + " was not attached: " + d.reason);
        continue;
      }
    }
    std::ifstream in(path, std::ios::binary);
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    auto info = sniff_image(head);
    if (!info) continue;  // not an image: a plain file reference
    std::string hint = o.fallback_hint.empty() ? "" : "; " + o.fallback_hint;
    if (!o.model_accepts_images) {
      notes.push_back(
          fmt::format("{} was not attached: the model {} does not take images{}", shown, o.model_name, hint));
      continue;
    }
    uintmax_t size = fs::file_size(path, ec);
    if (size > o.max_bytes) {
      notes.push_back(fmt::format("{} was not attached: it is {}, more than the {} limit{}", shown, format_bytes(size),
                                  format_bytes(o.max_bytes), hint));
      continue;
    }
    std::string bytes = head + std::string(std::istreambuf_iterator<char>(in), {});
    result.images.push_back({info->mime_type, base64_encode(bytes)});
    std::string dims = info->width > 0 ? fmt::format(" {}x{}", info->width, info->height) : "";
    result.notices.push_back(fmt::format("attached {} ({}{}, {})", shown, info->format, dims, format_bytes(size)));
  }
  for (const std::string& note : notes) {
    result.text += "\n[" + note + "]";
    result.notices.push_back(note);
  }
  return result;
}

}  // namespace pair
