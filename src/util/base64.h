#pragma once
/// Base64 (RFC 4648, standard alphabet, padded), for images sent to models.

#include <string>
#include <string_view>

namespace pair {

std::string base64_encode(std::string_view bytes);

}  // namespace pair
