#pragma once
/// Base64 (RFC 4648, standard alphabet, padded), for images sent to models
/// and images received from editors.

#include <optional>
#include <string>
#include <string_view>

namespace pair {

std::string base64_encode(std::string_view bytes);
/// The bytes of `text`, padded or not; nullopt for a character outside the
/// alphabet, padding anywhere but the end, or a length no encoding has.
std::optional<std::string> base64_decode(std::string_view text);

/// How many bytes `encoded` stands for: 3 per 4 characters, less the `=`
/// padding at its end. Exact for well-formed padded text; an estimate (never
/// more than the characters allow) otherwise. Nothing is decoded.
size_t base64_decoded_size(std::string_view encoded);

}  // namespace pair
