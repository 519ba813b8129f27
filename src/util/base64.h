#pragma once
/// Base64 (RFC 4648, standard alphabet, padded), for images sent to models.

#include <string>
#include <string_view>

namespace pair {

std::string base64_encode(std::string_view bytes);

/// How many bytes `encoded` stands for: 3 per 4 characters, less the `=`
/// padding at its end. Exact for well-formed padded text; an estimate (never
/// more than the characters allow) otherwise. Nothing is decoded.
size_t base64_decoded_size(std::string_view encoded);

}  // namespace pair
