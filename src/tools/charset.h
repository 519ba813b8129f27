#pragma once
/// Text encodings of fetched documents: which charset a response is in, and
/// conversion to UTF-8 (glibc's iconv).

#include <string>
#include <string_view>

#include "util/error.h"

namespace pair {

/// The charset of a document, lower-case, as the HTML standard finds it: a
/// byte-order mark, else the Content-Type header's `charset`, else (HTML) a
/// <meta charset> or <meta http-equiv="Content-Type"> in the first 4 KiB.
/// Empty when nothing names one.
std::string detect_charset(std::string_view content_type, std::string_view body, bool html);

/// `bytes` decoded from `charset` into UTF-8. A BOM is dropped; invalid
/// sequences become U+FFFD. An empty charset means UTF-8 when the bytes are
/// valid UTF-8, else windows-1252 (what browsers assume). Error (kInvalidArgument)
/// for a charset iconv does not know.
Result<std::string> decode_to_utf8(std::string_view bytes, std::string_view charset);

}  // namespace pair
