#include "core/tool_call_formats/xml_calls.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"
#include "util/strings.h"

namespace pair::tool_call_formats {
namespace {

using nlohmann::json;
constexpr size_t npos = std::string_view::npos;

/// `<parameter=K>V</parameter>` pairs (a missing close ends V at the next
/// parameter); a body with none may be a JSON object or nothing at all.
std::optional<json> qwen_parameters(std::string_view body) {
  constexpr std::string_view kParam = "<parameter=";
  constexpr std::string_view kParamClose = "</parameter>";
  json args = json::object();
  size_t pos = body.find(kParam);
  if (pos == npos) {
    std::string_view rest = trim(body);
    if (rest.empty()) return args;
    json parsed = parse_json(rest, "tool call").value_or(json());
    return parsed.is_object() ? std::optional<json>(parsed) : std::nullopt;
  }
  while (pos != npos) {
    size_t key_end = body.find('>', pos);
    if (key_end == npos) return std::nullopt;
    std::string key(trim(body.substr(pos + kParam.size(), key_end - pos - kParam.size())));
    size_t value_end = body.find(kParamClose, key_end + 1);
    size_t next_param = body.find(kParam, key_end + 1);
    size_t stop = std::min(value_end, next_param);
    std::string_view value = body.substr(key_end + 1, stop == npos ? npos : stop - key_end - 1);
    args[key] = std::string(strip_newlines(value));
    pos = stop == npos ? npos : body.find(kParam, stop == value_end ? value_end + kParamClose.size() : stop);
  }
  return args;
}

std::vector<CallSpan> read_functions(const Answer& answer, std::string_view open, std::string_view close,
                                     bool wrapper_required) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  constexpr std::string_view kFn = "<function=";
  constexpr std::string_view kFnClose = "</function>";
  constexpr size_t unsearched = npos - 1;
  size_t fn_close = unsearched;
  size_t wrapper_close = unsearched;
  std::vector<CallSpan> out;
  size_t pos = 0;
  while ((pos = text.find(kFn, pos)) != npos) {
    size_t start = pos;
    pos += kFn.size();
    size_t wrapped = token_before(text, start, open);
    if ((wrapper_required && wrapped == npos) || answer.is_quoted(wrapped == npos ? start : wrapped)) continue;
    size_t name_end = text.find('>', pos);
    if (name_end == npos) break;
    // A missing </function> is forgiven only where the wrapper's close follows. The closes found
    // are kept while they lie ahead, and a call that runs into the next one is cut off: each
    // stretch of the text is searched and read once, however many calls it holds.
    if (fn_close == unsearched || fn_close < name_end) fn_close = text.find(kFnClose, name_end);
    if (wrapper_close == unsearched || wrapper_close < name_end) wrapper_close = text.find(close, name_end);
    size_t body_end = std::min(fn_close, wrapper_close);
    if (body_end == npos) break;
    if (text.find(kFn, name_end) < body_end) continue;
    auto args = qwen_parameters(text.substr(name_end + 1, body_end - name_end - 1));
    std::string name(trim(text.substr(pos, name_end - pos)));
    auto call = args ? make_call(name, *args, offered) : std::nullopt;
    // Inside the wrapper a name not offered is still a call: the model hears which tools there are.
    if (!call && args && wrapped != npos && answer.take_broken && !name.empty()) call = call_as_sent(name, *args);
    if (!call) continue;
    size_t end = body_end == fn_close ? fn_close + kFnClose.size() : body_end;
    end = past_token(text, end, close);
    out.push_back({wrapped == npos ? start : wrapped, end, {std::move(*call)}});
    pos = end;
  }
  return out;
}

/// The text between `open` and `close` starting at or after `pos`, when both are there.
std::optional<std::string_view> tag_text(std::string_view text, size_t* pos, std::string_view open,
                                         std::string_view close) {
  size_t at = skip_space(text, *pos);
  if (!text.substr(at).starts_with(open)) return std::nullopt;
  size_t inner = at + open.size();
  size_t end = text.find(close, inner);
  if (end == npos) return std::nullopt;
  *pos = end + close.size();
  return text.substr(inner, end - inner);
}

/// Whether a block's call must name an offered tool, or may name any (a
/// broken call inside the family's own block, answered with the offered ones).
enum class Names { kOffered, kAny };

/// The call `name` with `args`, when `names` allows its name.
std::optional<ToolCall> named_call(std::string name, const json& args, OfferedNames offered, Names names) {
  if (names == Names::kAny && !name.empty()) return call_as_sent(std::move(name), args);
  return make_call(std::move(name), args, offered);
}

/// `<invoke name="N"> <parameter name="K">V</parameter>... </invoke>` at body[*pos].
std::optional<ToolCall> minimax_invoke(std::string_view body, size_t* pos, OfferedNames offered, Names names) {
  auto name = tag_text(body, pos, "<invoke name=\"", "\">");
  if (!name) return std::nullopt;
  json args = json::object();
  while (auto key = tag_text(body, pos, "<parameter name=\"", "\">")) {
    size_t value_end = body.find("</parameter>", *pos);
    if (value_end == npos) return std::nullopt;
    args[std::string(*key)] = std::string(strip_newlines(body.substr(*pos, value_end - *pos)));
    *pos = value_end + std::string_view("</parameter>").size();
  }
  size_t at = skip_space(body, *pos);
  if (!body.substr(at).starts_with("</invoke>")) return std::nullopt;
  *pos = at + std::string_view("</invoke>").size();
  return named_call(std::string(*name), args, offered, names);
}

/// MiniMax's block: one or more invokes and nothing else.
std::optional<std::vector<ToolCall>> minimax_block(std::string_view body, OfferedNames offered, Names names) {
  std::vector<ToolCall> calls;
  size_t at = 0;
  while (skip_space(body, at) < body.size()) {
    auto call = minimax_invoke(body, &at, offered, names);
    if (!call) return std::nullopt;
    calls.push_back(std::move(*call));
  }
  if (calls.empty()) return std::nullopt;
  return calls;
}

/// GLM's block: the name, then key and value pairs and nothing else.
std::optional<std::vector<ToolCall>> glm_block(std::string_view body, OfferedNames offered, Names names) {
  size_t name_end = std::min(body.find('<'), body.size());
  // A name is one word: JSON or prose after the tag is another format, or none.
  std::string_view name = trim(body.substr(0, name_end));
  if (name.find_first_of(" \t\n{}\"") != std::string_view::npos) return std::nullopt;
  json args = json::object();
  size_t at = name_end;
  while (skip_space(body, at) < body.size()) {
    auto key = tag_text(body, &at, "<arg_key>", "</arg_key>");
    auto value = key ? tag_text(body, &at, "<arg_value>", "</arg_value>") : std::nullopt;
    if (!value) return std::nullopt;
    args[std::string(trim(*key))] = std::string(*value);
  }
  auto call = named_call(std::string(name), args, offered, names);
  if (!call) return std::nullopt;
  return std::vector<ToolCall>{std::move(*call)};
}

/// Every closed `open`...`close` block whose body `read_body` takes as calls.
std::vector<CallSpan> read_blocks(const Answer& answer, std::string_view open, std::string_view close,
                                  std::optional<std::vector<ToolCall>> (*read_body)(std::string_view, OfferedNames,
                                                                                    Names)) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  std::vector<CallSpan> out;
  size_t pos = 0;
  size_t end = 0;
  for (size_t start; (start = find_unquoted(answer, open, &pos)) != npos;) {
    if (end < pos) end = text.find(close, pos);  // kept while it lies ahead: one search for many opens
    if (end == npos) break;
    auto calls = read_body(text.substr(pos, end - pos), offered, Names::kOffered);
    if (!calls && answer.take_broken) calls = read_body(text.substr(pos, end - pos), offered, Names::kAny);
    if (!calls) continue;
    pos = end + close.size();
    out.push_back({start, pos, std::move(*calls)});
  }
  return out;
}

}  // namespace

std::vector<CallSpan> read_qwen3_coder(const Answer& answer) {
  return read_functions(answer, "<tool_call>", "</tool_call>", false);
}

std::vector<CallSpan> read_seed_oss(const Answer& answer) {
  return read_functions(answer, "<seed:tool_call>", "</seed:tool_call>", true);
}

std::vector<CallSpan> read_minimax(const Answer& answer) {
  return read_blocks(answer, "<minimax:tool_call>", "</minimax:tool_call>", minimax_block);
}

std::vector<CallSpan> read_glm(const Answer& answer) {
  return read_blocks(answer, "<tool_call>", "</tool_call>", glm_block);
}

}  // namespace pair::tool_call_formats
