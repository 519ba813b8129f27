#pragma once
/// Images in prompts: `@screenshot.png` in what the user types attaches that
/// image to the user message, for models that take images. Any front-end
/// (headless, the terminal UI) calls this on the user's text before
/// submitting it; Engine::submit does so for every turn.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/read_access.h"
#include "protocol/message.h"

namespace pair {

struct PromptImageOptions {
  bool model_accepts_images = false;
  std::string model_name;  ///< for the "not attached" note
  size_t max_bytes = 10 * 1024 * 1024;
  /// Appended to the note when an image cannot be attached ("analyze_media
  /// can look at it"); empty: nothing.
  std::string fallback_hint;
  /// read_file's ask and deny rules (read_access_of the policy): a mentioned
  /// file they cover is neither read nor attached. Empty: no rules.
  ReadCheck read_check;
};

struct PromptImages {
  std::string text;                  ///< the prompt, plus a note for each image not attached
  std::vector<ImageContent> images;  ///< to attach, in the order mentioned
  std::vector<std::string> notices;  ///< for the user: what was attached, what was not and why
};

/// Finds `@path` mentions (at the start or after a space; trailing
/// punctuation ignored) of image files: PNG, JPEG, GIF or WebP by their
/// bytes. Paths resolve against `workspace` (`~/` expands). An existing file
/// that is not an image is left alone (it may be meant as a file reference);
/// a missing file with an image extension, a too large image, or any image
/// for a model that takes none gets a bracketed note in `text` saying why it
/// was not attached, so the model knows. So does any mentioned file that
/// `options.read_check` keeps from the model (as written or by its real path),
/// and it is not opened. The mention itself stays in the text.
PromptImages attach_prompt_images(std::string_view text, const std::filesystem::path& workspace,
                                  const PromptImageOptions& options);

}  // namespace pair
