#pragma once
/// What an image file is, from its bytes (not its name): PNG, JPEG, GIF or
/// WebP, with its pixel size when the header says it. No image library.

#include <optional>
#include <string>
#include <string_view>

namespace pair {

struct ImageInfo {
  std::string mime_type;  ///< image/png, image/jpeg, image/gif, image/webp
  std::string format;     ///< "PNG", "JPEG", "GIF", "WebP"
  int width = 0;          ///< 0 when the header does not say
  int height = 0;
};

/// The image type of `bytes` by magic number; nullopt for anything else.
/// Dimensions are read from the header (for JPEG, the first frame header,
/// which may come after large metadata: pass the whole file).
std::optional<ImageInfo> sniff_image(std::string_view bytes);

}  // namespace pair
