#include "app/acp_prompt_images.h"

#include <unistd.h>

#include <atomic>
#include <string>

#include "util/atomic_file.h"
#include "util/base64.h"
#include "util/image_info.h"
#include "util/paths.h"
#include "util/sha256.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

/// A name no other prompt's image gets, in this process or another: the same
/// picture sent twice is two files, each removed by its own turn.
std::string unique_name(std::string_view bytes, std::string_view mime_type) {
  static std::atomic<unsigned> counter = 0;
  std::string ext(mime_type.substr(mime_type.find('/') + 1));
  // With the extension core/prompt_images.h looks for.
  return sha256_hex(bytes).substr(0, 16) + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "." +
         (ext == "jpeg" ? "jpg" : ext);
}

}  // namespace

Result<std::vector<fs::path>> write_prompt_images(const std::vector<ImageContent>& images, const fs::path& dir) {
  std::vector<fs::path> files;
  auto failed = [&files](Error e) {
    std::error_code ec;
    for (const auto& f : files) fs::remove(f, ec);
    return std::unexpected(std::move(e));
  };
  for (size_t i = 0; i < images.size(); ++i) {
    std::string which = "image " + std::to_string(i + 1) + " of the prompt";
    auto bytes = base64_decode(images[i].data_base64);
    if (!bytes) return failed({ErrorCode::kInvalidArgument, which + ": its data is not base64"});
    auto info = sniff_image(*bytes);
    if (!info || info->mime_type != images[i].mime_type)
      return failed({ErrorCode::kInvalidArgument, which + ": its bytes are not " + images[i].mime_type +
                                                      (info ? " but " + info->mime_type : std::string())});
    if (auto made = make_private_dir(dir); !made) return failed(made.error());
    fs::path file = dir / unique_name(*bytes, info->mime_type);
    if (auto written = write_file_atomically(file, *bytes, FileAccess::kPrivate); !written)
      return failed(written.error());
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace pair
