#include "config/project_settings_split.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "util/json_parse.h"

namespace pair {
using nlohmann::json;

namespace {

std::string shown(const json& v) {
  std::string s = dump_json(v);
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

std::string dotted(const std::string& pointer) {
  std::string out = pointer.substr(1);
  std::replace(out.begin(), out.end(), '/', '.');
  return out;
}

std::string describe_allow_rule(const json& rule) {
  if (!rule.is_string()) return "add the allow rule " + shown(rule);
  std::string r = json_as_string(rule);
  if (r.find('(') == std::string::npos) return "allow every " + r + " call without asking";
  return "allow " + r + " without asking";
}

void withhold(const std::string& pointer, const json& value, std::vector<WithheldSetting>& out) {
  if (pointer == "/permissions/allow" && value.is_array()) {
    for (const json& rule : value) out.push_back({pointer, describe_allow_rule(rule)});
    return;
  }
  if (pointer == "/sandbox/enabled" && value == false) {
    out.push_back({pointer, "turn the command sandbox off (commands would run unconfined)"});
    return;
  }
  if (pointer == "/sandbox/network" && value == true) {
    out.push_back({pointer, "let sandboxed commands use the network"});
    return;
  }
  if (pointer == "/sandbox/writable" && value.is_array()) {
    for (const json& p : value)
      out.push_back({pointer, "make " + (p.is_string() ? json_as_string(p) : shown(p)) + " writable to commands"});
    return;
  }
  out.push_back({pointer, "set " + dotted(pointer) + " to " + shown(value)});
}

bool is_preference(const std::string& pointer) {
  for (const auto& p : project_preference_pointers())
    if (pointer == p || pointer.starts_with(p + "/")) return true;
  return false;
}

void walk(const json& node, const std::string& pointer, json& applied, std::vector<WithheldSetting>& withheld) {
  for (const auto& [key, value] : node.items()) {
    // Keys are written as JSON pointer tokens so that "a/b" cannot pose as a nested key.
    std::string escaped;
    for (char c : key) escaped += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    std::string child = pointer + "/" + escaped;
    if (is_preference(child)) {
      applied[json::json_pointer(child)] = value;
    } else if (value.is_object()) {
      walk(value, child, applied, withheld);  // each setting below is judged (and described) on its own
    } else {
      withhold(child, value, withheld);
    }
  }
}

}  // namespace

void split_project_settings(const json& file, json& applied, std::vector<WithheldSetting>& withheld) {
  applied = json::object();
  if (file.is_object()) walk(file, "", applied, withheld);
}

}  // namespace pair
