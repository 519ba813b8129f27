#include "config/json_locator.h"

namespace pair {
namespace {

/// Skips a string starting at text[i] == '"'; returns the index after it and
/// its raw contents.
size_t skip_string(std::string_view text, size_t i, std::string* contents) {
  size_t start = ++i;
  while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
  if (contents) *contents = std::string(text.substr(start, std::min(i, text.size()) - start));
  return std::min(i + 1, text.size());
}

}  // namespace

std::vector<JsonElementLocation> locate_array_elements(std::string_view text, std::string_view array_key) {
  std::vector<JsonElementLocation> out;
  // target_depth: the depth of the array's elements; found once we enter it.
  int depth = 0;
  int array_depth = -1;
  bool expect_element = false;
  std::string last_key;
  bool last_string_was_key = false;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',') {
      if (c == ',' && array_depth >= 0 && depth == array_depth) expect_element = true;
      ++i;
      continue;
    }
    if (expect_element && array_depth >= 0 && depth == array_depth && c != ']') {
      out.push_back({i, {}});
      expect_element = false;
    }
    if (c == '"') {
      std::string s;
      size_t next = skip_string(text, i, &s);
      size_t j = next;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\n' || text[j] == '\r' || text[j] == '\t')) ++j;
      last_string_was_key = j < text.size() && text[j] == ':';
      if (last_string_was_key) {
        last_key = s;
        if (array_depth >= 0 && depth == array_depth + 1 && !out.empty()) out.back().keys.push_back({s, i});
      }
      i = next;
      continue;
    }
    if (c == '[' || c == '{') {
      ++depth;
      if (c == '[' && array_depth < 0 &&
          ((array_key.empty() && depth == 1) || (!array_key.empty() && depth == 2 && last_key == array_key))) {
        array_depth = depth;
        expect_element = true;
      }
      ++i;
      continue;
    }
    if (c == ']' || c == '}') {
      if (array_depth >= 0 && depth == array_depth && c == ']') return out;
      --depth;
      ++i;
      continue;
    }
    ++i;  // numbers, literals, ':'
  }
  return out;
}

std::vector<JsonMemberLocation> locate_object_members(std::string_view text, std::string_view object_key) {
  std::vector<JsonMemberLocation> out;
  int depth = 0;
  int object_depth = -1;  // the depth inside the object under `object_key`, once entered
  std::string last_key;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '"') {
      std::string s;
      size_t next = skip_string(text, i, &s);
      size_t j = next;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\n' || text[j] == '\r' || text[j] == '\t')) ++j;
      if (j < text.size() && text[j] == ':') {
        last_key = s;
        if (object_depth >= 0 && depth == object_depth) out.push_back({s, i, {}});
        if (object_depth >= 0 && depth == object_depth + 1 && !out.empty()) out.back().keys.push_back({s, i});
      }
      i = next;
      continue;
    }
    if (c == '[' || c == '{') {
      ++depth;
      if (c == '{' && object_depth < 0 && depth == 2 && last_key == object_key) object_depth = depth;
      ++i;
      continue;
    }
    if (c == ']' || c == '}') {
      if (object_depth >= 0 && depth == object_depth) return out;
      --depth;
    }
    ++i;
  }
  return out;
}

}  // namespace pair
