#pragma once
/// The images of an editor's prompt as files pair attaches: Engine::submit
/// attaches `@path` mentions of image files (core/prompt_images.h), to the
/// message for a model that takes images, with a note saying why not for one
/// that does not. Each image is written, private, under `dir`, under a name
/// of its own; the turn's message carries the image itself, so the caller
/// removes the files once the turn has begun.

#include <filesystem>
#include <vector>

#include "protocol/message.h"
#include "util/error.h"

namespace pair {

/// Writes each image to `dir` (made private when missing) and returns the
/// files, in order. Errors: kInvalidArgument (data that is not base64, or
/// bytes that are not the image type the editor named), kIo (the file could
/// not be written; those written before are removed).
Result<std::vector<std::filesystem::path>> write_prompt_images(const std::vector<ImageContent>& images,
                                                               const std::filesystem::path& dir);

}  // namespace pair
