#pragma once
/// Finds where things are in a JSON text, so a config error can name the line
/// of the entry and key at fault (nlohmann's parser only reports positions
/// for syntax errors).

#include <string>
#include <string_view>
#include <vector>

namespace pair {

struct JsonKeyLocation {
  std::string key;
  size_t offset = 0;
};

struct JsonElementLocation {
  size_t offset = 0;                  ///< where the element begins
  std::vector<JsonKeyLocation> keys;  ///< its own keys, when it is an object
};

/// Elements of the top-level array, or of the array under `array_key` when the
/// top level is an object. Tolerates malformed text (returns what it found).
std::vector<JsonElementLocation> locate_array_elements(std::string_view text, std::string_view array_key = "");

/// One member of an object: its name, where its key begins, and the keys of
/// its value when that is an object.
struct JsonMemberLocation {
  std::string name;
  size_t offset = 0;                  ///< where the member's key begins
  std::vector<JsonKeyLocation> keys;  ///< its value's own keys, when an object
};

/// Members of the object under `object_key` of the top-level object (e.g.
/// each server of `{"mcpServers": {...}}`). Tolerates malformed text.
std::vector<JsonMemberLocation> locate_object_members(std::string_view text, std::string_view object_key);

}  // namespace pair
