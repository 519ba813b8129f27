#include "core/tool_call_formats/call_scan.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>

#include "util/json_parse.h"

namespace pair::tool_call_formats {

using nlohmann::json;

bool is_offered(OfferedNames offered, std::string_view name) {
  return !name.empty() && std::ranges::find(offered, name) != offered.end();
}

namespace {

/// One past the JSON object or array at text[pos]; npos for a bracket that
/// does not match, or one never closed (then `*open_to_end` is set).
size_t scan_json_value(std::string_view text, size_t pos, bool* open_to_end) {
  *open_to_end = false;
  if (pos >= text.size() || (text[pos] != '{' && text[pos] != '[')) return std::string_view::npos;
  std::string closers;
  bool in_string = false;
  for (size_t i = pos; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      closers.push_back(c == '{' ? '}' : ']');
    } else if (c == '}' || c == ']') {
      if (closers.empty() || closers.back() != c) return std::string_view::npos;
      closers.pop_back();
      if (closers.empty()) return i + 1;
    }
  }
  *open_to_end = true;
  return std::string_view::npos;
}

}  // namespace

size_t json_value_end(std::string_view text, size_t pos) {
  bool open_to_end = false;
  return scan_json_value(text, pos, &open_to_end);
}

bool json_open_to_end(std::string_view text, size_t pos) {
  bool open_to_end = false;
  scan_json_value(text, skip_space(text, pos), &open_to_end);
  return open_to_end;
}

std::optional<json> arguments_at(std::string_view text, size_t pos, size_t* end) {
  pos = skip_space(text, pos);
  size_t value_end = json_value_end(text, pos);
  if (value_end == std::string_view::npos) return std::nullopt;
  json value = parse_json(text.substr(pos, value_end - pos), "tool call").value_or(json());
  if (!value.is_object()) return std::nullopt;
  *end = value_end;
  return value;
}

std::optional<ToolCall> make_call(std::string name, const json& arguments, OfferedNames offered) {
  if (!is_offered(offered, name)) return std::nullopt;
  return call_as_sent(std::move(name), arguments);
}

ToolCall call_as_sent(std::string name, const json& arguments) {
  ToolCall call;
  call.name = std::move(name);
  // An object sent as a JSON string is unwrapped; anything else stays as it came, as JSON, so that
  // the argument check tells the model what it sent instead of what it should have.
  json inner = arguments.is_string() ? parse_json(json_as_string(arguments), "tool call").value_or(json()) : json();
  call.arguments = dump_json(inner.is_object() ? inner : arguments);
  return call;
}

std::optional<ToolCall> call_from_object(const json& object, OfferedNames offered) {
  if (!object.is_object()) return std::nullopt;
  const json* fn = &object;
  if (auto f = object.find("function"); f != object.end() && f->is_object()) fn = &*f;
  std::string name = json_string_or(*fn, "name");
  if (name.empty()) name = json_string_or(*fn, "tool_name");
  for (const char* key : {"arguments", "parameters"})
    if (auto a = fn->find(key); a != fn->end()) return make_call(std::move(name), *a, offered);
  return make_call(std::move(name), json::object(), offered);
}

std::optional<std::vector<ToolCall>> calls_from_json_at(std::string_view text, size_t pos, OfferedNames offered,
                                                        size_t* end) {
  size_t value_end = json_value_end(text, pos);
  if (value_end == std::string_view::npos) return std::nullopt;
  json value = parse_json(text.substr(pos, value_end - pos), "tool call").value_or(json());
  std::vector<ToolCall> calls;
  if (value.is_object()) {
    auto call = call_from_object(value, offered);
    if (!call) return std::nullopt;
    calls.push_back(std::move(*call));
  } else if (value.is_array() && !value.empty()) {
    for (const auto& element : value) {
      auto call = call_from_object(element, offered);
      if (!call) return std::nullopt;
      calls.push_back(std::move(*call));
    }
  } else {
    return std::nullopt;
  }
  *end = value_end;
  return calls;
}

namespace {

bool is_fence_line(std::string_view line) {
  size_t indent = line.find_first_not_of(' ');
  if (indent > 3) return false;  // npos (a blank line) included
  line.remove_prefix(indent);
  return line.starts_with("```") || line.starts_with("~~~");
}

bool in_ranges(const std::vector<std::pair<size_t, size_t>>& ranges, size_t pos) {
  auto after = std::ranges::upper_bound(ranges, pos, {}, &std::pair<size_t, size_t>::first);
  return after != ranges.begin() && pos < std::prev(after)->second;
}

}  // namespace

Answer::Answer(std::string_view text_in, OfferedNames offered_in, bool take_broken_in)
    : text(text_in), offered(offered_in), take_broken(take_broken_in) {
  size_t open = std::string_view::npos;
  for (size_t line_start = 0; line_start <= text.size();) {
    size_t line_end = std::min(text.find('\n', line_start), text.size());
    std::string_view line = text.substr(line_start, line_end - line_start);
    if (is_fence_line(line)) {
      // A fence never closed shows nothing: the rest of the answer may be real calls.
      if (open == std::string_view::npos) {
        open = line_start;
      } else {
        fences_.emplace_back(open, line_end);
        open = std::string_view::npos;
      }
    } else {
      // `a` `b`: from just after an opening backtick to its closing one.
      for (size_t a = line.find('`'); a != std::string_view::npos;) {
        size_t b = line.find('`', a + 1);
        if (b == std::string_view::npos) break;
        inline_code_.emplace_back(line_start + a + 1, line_start + b + 1);
        a = line.find('`', b + 1);
      }
    }
    line_start = line_end + 1;
  }
}

bool Answer::is_quoted(size_t pos) const {
  return in_ranges(fences_, pos) || in_ranges(inline_code_, pos);
}

size_t find_unquoted(const Answer& answer, std::string_view marker, size_t* pos) {
  std::string_view text = answer.text;
  for (size_t at = text.find(marker, *pos); at != std::string_view::npos; at = text.find(marker, at + 1)) {
    if (answer.is_quoted(at)) continue;
    *pos = at + marker.size();
    return at;
  }
  *pos = text.size();
  return std::string_view::npos;
}

size_t next_line_start(const Answer& answer, size_t* line) {
  std::string_view text = answer.text;
  while (*line < text.size()) {
    size_t start = *line;
    size_t newline = text.find('\n', start);
    *line = newline == std::string_view::npos ? text.size() : newline + 1;
    while (start < text.size() && (text[start] == ' ' || text[start] == '\t')) ++start;
    if (start < text.size() && !answer.is_quoted(start)) return start;
  }
  return std::string_view::npos;
}

size_t past_token(std::string_view text, size_t pos, std::string_view token) {
  size_t at = skip_space(text, pos);
  return text.substr(at).starts_with(token) ? at + token.size() : pos;
}

size_t token_before(std::string_view text, size_t pos, std::string_view token) {
  while (pos > 0 && (text[pos - 1] == ' ' || text[pos - 1] == '\n' || text[pos - 1] == '\r' || text[pos - 1] == '\t'))
    --pos;
  return text.substr(0, pos).ends_with(token) ? pos - token.size() : std::string_view::npos;
}

size_t skip_space(std::string_view text, size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\r' || text[pos] == '\t')) ++pos;
  return pos;
}

std::string_view strip_newlines(std::string_view v) {
  if (v.starts_with("\r\n"))
    v.remove_prefix(2);
  else if (v.starts_with("\n"))
    v.remove_prefix(1);
  if (v.ends_with("\r\n"))
    v.remove_suffix(2);
  else if (v.ends_with("\n"))
    v.remove_suffix(1);
  return v;
}

}  // namespace pair::tool_call_formats
