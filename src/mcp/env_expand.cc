#include "mcp/env_expand.h"

#include <cstdlib>

namespace pair::mcp {

EnvLookup process_env() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
}

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? std::nullopt : std::optional(it->second);
  };
}

namespace {

bool valid_variable(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  for (char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

Result<std::string> expand_env(std::string_view text, const EnvLookup& env) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t dollar = text.find("${", i);
    if (dollar == std::string_view::npos) break;
    out.append(text.substr(i, dollar - i));
    size_t close = text.find('}', dollar + 2);
    if (close == std::string_view::npos)
      return fail(ErrorCode::kConfig, "\"" + std::string(text.substr(dollar)) + "\" has no closing '}'");
    std::string_view inside = text.substr(dollar + 2, close - dollar - 2);
    std::optional<std::string_view> fallback;
    if (size_t sep = inside.find(":-"); sep != std::string_view::npos) {
      fallback = inside.substr(sep + 2);
      inside = inside.substr(0, sep);
    }
    if (!valid_variable(inside))
      return fail(ErrorCode::kConfig,
                  "\"${" + std::string(inside) +
                      "}\" is not a variable name (letters, digits and '_', not starting with a digit)");
    std::optional<std::string> value = env(inside);
    if (fallback && (!value || value->empty()))
      out.append(*fallback);
    else if (value)
      out.append(*value);
    else
      return fail(ErrorCode::kConfig, "${" + std::string(inside) + "} is not set; set it, or write ${" +
                                          std::string(inside) + ":-default}");
    i = close + 1;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

}  // namespace pair::mcp
