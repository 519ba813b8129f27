#include "util/image_info.h"

#include <cstdint>

namespace pair {
namespace {

uint32_t byte_at(std::string_view b, size_t i) {
  return i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
}
uint32_t be16(std::string_view b, size_t i) {
  return byte_at(b, i) << 8 | byte_at(b, i + 1);
}
uint32_t be32(std::string_view b, size_t i) {
  return be16(b, i) << 16 | be16(b, i + 2);
}
uint32_t le16(std::string_view b, size_t i) {
  return byte_at(b, i) | byte_at(b, i + 1) << 8;
}
uint32_t le24(std::string_view b, size_t i) {
  return le16(b, i) | byte_at(b, i + 2) << 16;
}

void jpeg_size(std::string_view b, ImageInfo* info) {
  size_t i = 2;
  while (i + 9 < b.size()) {
    if (byte_at(b, i) != 0xFF) return;  // lost sync: give up on the size
    uint32_t marker = byte_at(b, i + 1);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
      i += 2;
      continue;
    }
    bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      info->height = static_cast<int>(be16(b, i + 5));
      info->width = static_cast<int>(be16(b, i + 7));
      return;
    }
    if (marker == 0xD9 || marker == 0xDA) return;  // end of image, or scan data before any frame header
    i += 2 + be16(b, i + 2);
  }
}

void webp_size(std::string_view b, ImageInfo* info) {
  std::string_view chunk = b.substr(12, 4);
  if (chunk == "VP8 " && be16(b, 23) == 0x9D01 && byte_at(b, 25) == 0x2A) {
    info->width = static_cast<int>(le16(b, 26) & 0x3FFF);
    info->height = static_cast<int>(le16(b, 28) & 0x3FFF);
  } else if (chunk == "VP8L" && byte_at(b, 20) == 0x2F) {
    uint32_t bits = byte_at(b, 21) | byte_at(b, 22) << 8 | byte_at(b, 23) << 16 | byte_at(b, 24) << 24;
    info->width = static_cast<int>((bits & 0x3FFF) + 1);
    info->height = static_cast<int>((bits >> 14 & 0x3FFF) + 1);
  } else if (chunk == "VP8X") {
    info->width = static_cast<int>(le24(b, 24) + 1);
    info->height = static_cast<int>(le24(b, 27) + 1);
  }
}

}  // namespace

std::optional<ImageInfo> sniff_image(std::string_view b) {
  ImageInfo info;
  if (b.starts_with("\x89PNG\r\n\x1A\n")) {
    info = {"image/png", "PNG"};
    if (b.substr(12, 4) == "IHDR") {
      info.width = static_cast<int>(be32(b, 16));
      info.height = static_cast<int>(be32(b, 20));
    }
  } else if (b.starts_with("\xFF\xD8\xFF")) {
    info = {"image/jpeg", "JPEG"};
    jpeg_size(b, &info);
  } else if (b.starts_with("GIF87a") || b.starts_with("GIF89a")) {
    info = {"image/gif", "GIF"};
    if (b.size() >= 10) {
      info.width = static_cast<int>(le16(b, 6));
      info.height = static_cast<int>(le16(b, 8));
    }
  } else if (b.size() >= 16 && b.starts_with("RIFF") && b.substr(8, 4) == "WEBP") {
    info = {"image/webp", "WebP"};
    webp_size(b, &info);
  } else {
    return std::nullopt;
  }
  return info;
}

}  // namespace pair
