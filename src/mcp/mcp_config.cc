#include "mcp/mcp_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "config/json_locator.h"
#include "util/atomic_file.h"
#include "util/json_parse.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/url.h"

namespace pair::mcp {
namespace fs = std::filesystem;
using nlohmann::json;

std::string_view scope_name(Scope s) {
  switch (s) {
    case Scope::kUser: return "user";
    case Scope::kProject: return "project";
  }
  return "user";
}

fs::path user_config_path() {
  return config_dir() / "mcp.json";
}
fs::path project_config_path(const fs::path& workspace) {
  return workspace / ".mcp.json";
}

bool valid_server_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
      return false;
  return name.find("__") == std::string_view::npos && !name.starts_with('_') && !name.ends_with('_');
}

std::string_view server_name_rule() {
  return "a server name may hold only letters, digits, '_' and '-', without \"__\" and without '_' at either end "
         "(it becomes part of tool names such as mcp__NAME__TOOL, and a rule mcp__NAME covers them all)";
}

namespace {

const std::set<std::string> kKnownKeys = {
    "type", "command", "args", "env", "url", "headers", "enabled", "tools", "startup_timeout_ms", "call_timeout_ms"};

/// Reads one entry; the first mistake makes it kBroken with a message naming
/// the line of the key at fault.
class EntryReader {
 public:
  EntryReader(ServerEntry& entry, const json& value, const JsonMemberLocation* loc, std::string_view text,
              const EnvLookup& env)
      : entry_(entry), value_(value), loc_(loc), text_(text), env_(env) {}

  /// False once the entry is broken.
  bool ok() const { return entry_.state != ServerEntry::State::kBroken; }

  void broken(std::string_view key, const std::string& what) {
    if (!ok()) return;
    entry_.state = ServerEntry::State::kBroken;
    entry_.problem =
        entry_.file.string() + ":" + std::to_string(line_of(key)) + ": server \"" + entry_.name + "\": " + what;
  }

  size_t line_of(std::string_view key) const {
    if (loc_)
      for (const auto& k : loc_->keys)
        if (k.key == key) return position_of(text_, k.offset).line;
    return entry_.line;
  }

  const json& member(std::string_view key) const { return json_member(value_, key); }

  std::optional<std::string> string(const char* key) {
    const json& v = member(key);
    if (v.is_null()) return std::nullopt;
    if (!v.is_string()) {
      broken(key, std::string("\"") + key + "\" must be a string");
      return std::nullopt;
    }
    return json_as_string(v);
  }

  std::vector<std::string> strings(const char* key, std::string_view example) {
    std::vector<std::string> out;
    const json& v = member(key);
    if (v.is_null()) return out;
    bool all_strings = v.is_array() && std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_string(); });
    if (!all_strings) {
      broken(key, std::string("\"") + key + "\" must be a list of strings, e.g. " + std::string(example));
      return out;
    }
    for (const auto& x : v) out.push_back(json_as_string(x));
    return out;
  }

  std::map<std::string, std::string> string_map(const char* key, std::string_view example) {
    std::map<std::string, std::string> out;
    const json& v = member(key);
    if (v.is_null()) return out;
    bool ok = v.is_object() && std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_string(); });
    if (!ok) {
      broken(key, std::string("\"") + key + "\" must be an object of strings, e.g. " + std::string(example));
      return out;
    }
    for (const auto& [k, x] : v.items()) out[k] = json_as_string(x);
    return out;
  }

  std::optional<std::chrono::milliseconds> milliseconds(const char* key) {
    const json& v = member(key);
    if (v.is_null()) return std::nullopt;
    int64_t n = v.is_number_integer() ? json_as_int(v, -1) : -1;
    if (n <= 0 || n > 24LL * 3600 * 1000) {
      broken(key, std::string("\"") + key + "\" must be a positive whole number of milliseconds, e.g. 10000");
      return std::nullopt;
    }
    return std::chrono::milliseconds(n);
  }

  /// `text` with variables expanded; `field` names it in the message
  /// ("args[2]", "env.TOKEN").
  std::string expand(std::string_view key, const std::string& field, const std::string& text) {
    if (!ok()) return text;
    auto expanded = expand_env(text, env_);
    if (!expanded) {
      broken(key, "\"" + field + "\": " + expanded.error().message);
      return text;
    }
    return *expanded;
  }

 private:
  ServerEntry& entry_;
  const json& value_;
  const JsonMemberLocation* loc_;
  std::string_view text_;
  const EnvLookup& env_;
};

/// The transport an entry asks for, from `type` or else from its keys.
std::optional<ServerConfig::Transport> read_transport(EntryReader& r) {
  auto type = r.string("type");
  if (!r.ok()) return std::nullopt;
  if (type) {
    if (*type == "stdio") return ServerConfig::Transport::kStdio;
    if (*type == "http" || *type == "streamable-http") return ServerConfig::Transport::kHttp;
    if (*type == "sse")
      r.broken("type",
               "\"type\": \"sse\" (the older HTTP+SSE transport) is not supported; if the server also speaks "
               "Streamable HTTP, write \"type\": \"http\" with that endpoint's URL (often ending in /mcp)");
    else
      r.broken("type", "\"type\" must be \"stdio\" or \"http\", not \"" + *type + "\"");
    return std::nullopt;
  }
  bool has_command = !r.member("command").is_null(), has_url = !r.member("url").is_null();
  if (has_command && has_url) {
    r.broken("url", "both \"command\" and \"url\" are set; add \"type\": \"stdio\" or \"type\": \"http\"");
    return std::nullopt;
  }
  if (has_command) return ServerConfig::Transport::kStdio;
  if (has_url) return ServerConfig::Transport::kHttp;
  r.broken("", "needs \"command\" (a program to start, with \"args\") or \"url\" (a Streamable HTTP endpoint)");
  return std::nullopt;
}

void read_stdio(EntryReader& r, bool expand, ServerConfig& c, ServerConfig& written, std::string& target) {
  auto command = r.string("command");
  if (r.ok() && (!command || command->empty()))
    r.broken("command", "\"command\" is required for a stdio server, e.g. \"npx\"");
  c.args = r.strings("args", "[\"-y\", \"@modelcontextprotocol/server-everything\"]");
  c.env = r.string_map("env", "{\"API_KEY\": \"${API_KEY}\"}");
  if (!r.ok()) return;
  target = *command;
  for (const auto& a : c.args) target += " " + a;
  c.command = *command;
  written = c;
  if (!expand) return;
  c.command = r.expand("command", "command", c.command);
  for (size_t i = 0; i < c.args.size(); ++i) c.args[i] = r.expand("args", "args[" + std::to_string(i) + "]", c.args[i]);
  for (auto& [k, v] : c.env) v = r.expand("env", "env." + k, v);
}

void read_http(EntryReader& r, bool expand, ServerConfig& c, ServerConfig& written, std::string& target) {
  auto url = r.string("url");
  if (r.ok() && (!url || url->empty()))
    r.broken("url", "\"url\" is required for an http server, e.g. \"http://localhost:3001/mcp\"");
  c.headers = r.string_map("headers", "{\"Authorization\": \"Bearer ${API_TOKEN}\"}");
  if (!r.ok()) return;
  target = c.url = *url;
  written = c;
  if (!expand) return;
  c.url = r.expand("url", "url", c.url);
  for (auto& [k, v] : c.headers) v = r.expand("headers", "headers." + k, v);
  if (!r.ok()) return;
  auto parsed = parse_url(c.url);
  if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https"))
    r.broken("url", "\"url\" must be an http:// or https:// URL, not \"" + c.url + "\"");
}

ServerEntry read_entry(const std::string& name, const json& value, const JsonMemberLocation* loc, std::string_view text,
                       const fs::path& file, Scope scope, const EnvLookup& env, std::vector<std::string>* warnings) {
  ServerEntry e;
  e.name = name;
  e.scope = scope;
  e.file = file;
  e.line = loc ? position_of(text, loc->offset).line : 1;
  e.config.name = name;
  e.config.source = file.string();
  EntryReader r(e, value, loc, text, env);
  if (!valid_server_name(name)) {
    r.broken("", std::string(server_name_rule()) + "; rename it");
    return e;
  }
  if (!value.is_object()) {
    r.broken("", "expected an object such as {\"command\": \"npx\", \"args\": [...]} or {\"url\": \"https://...\"}");
    return e;
  }
  const json& enabled = r.member("enabled");
  if (!enabled.is_null() && !enabled.is_boolean()) r.broken("enabled", "\"enabled\" must be true or false");
  e.config.enabled = json_as_bool(enabled, true);
  if (const json& t = r.member("tools"); !t.is_null()) e.config.tools = r.strings("tools", "[\"echo\", \"add\"]");
  if (auto ms = r.milliseconds("startup_timeout_ms")) e.config.startup_timeout = *ms;
  if (auto ms = r.milliseconds("call_timeout_ms")) e.config.call_timeout = *ms;
  auto transport = read_transport(r);
  if (!transport) return e;
  e.config.transport = *transport;
  // A disabled server is not started, so a variable it needs may be unset.
  bool expand = e.config.enabled;
  if (*transport == ServerConfig::Transport::kStdio)
    read_stdio(r, expand, e.config, e.written, e.target);
  else
    read_http(r, expand, e.config, e.written, e.target);
  if (!r.ok()) return e;
  if (!e.config.enabled) e.state = ServerEntry::State::kDisabled;
  if (warnings) {
    std::vector<std::string> unknown;
    for (auto it = value.begin(); it != value.end(); ++it)
      if (!kKnownKeys.contains(it.key())) unknown.push_back("\"" + it.key() + "\"");
    if (!unknown.empty())
      warnings->push_back(file.string() + ":" + std::to_string(e.line) + ": server \"" + name +
                          "\": " + plural(unknown.size(), "unknown key", "unknown keys") +
                          " ignored: " + join(unknown, ", ") + "; check the spelling");
  }
  return e;
}

}  // namespace

Result<std::vector<ServerEntry>> parse_mcp_file(std::string_view text, const fs::path& file, Scope scope,
                                                const EnvLookup& env, std::vector<std::string>* warnings) {
  auto parsed = parse_json(text, file.string(), ErrorCode::kConfig);
  if (!parsed) return std::unexpected(parsed.error());
  const json& doc = *parsed;
  const char* kShape = "{\"mcpServers\": {\"NAME\": {\"command\": \"...\", \"args\": [...]}}}";
  if (!doc.is_object()) return fail(ErrorCode::kConfig, file.string() + ":1: expected an object: " + kShape);
  const json& servers = json_member(doc, "mcpServers");
  if (servers.is_null()) return std::vector<ServerEntry>{};
  if (!servers.is_object()) {
    size_t line = 1;
    if (size_t at = text.find("\"mcpServers\""); at != std::string_view::npos) line = position_of(text, at).line;
    return fail(ErrorCode::kConfig,
                file.string() + ":" + std::to_string(line) + ": \"mcpServers\" must be an object: " + kShape);
  }
  auto locations = locate_object_members(text, "mcpServers");
  std::vector<ServerEntry> out;
  for (auto it = servers.begin(); it != servers.end(); ++it) {
    // Duplicate keys keep the last (nlohmann does); its location is the last one too.
    const JsonMemberLocation* loc = nullptr;
    for (const auto& l : locations)
      if (l.name == it.key()) loc = &l;
    ServerEntry e = read_entry(it.key(), *it, loc, text, file, scope, env, warnings);
    // A broken entry still shows what it would run or reach, as written.
    if (e.target.empty()) e.target = json_string_or(*it, "command", json_string_or(*it, "url"));
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const ServerEntry& a, const ServerEntry& b) { return a.line < b.line; });
  return out;
}

std::vector<ServerConfig> McpServers::used() const {
  std::vector<ServerConfig> out;
  for (const auto& e : entries)
    if (e.state == ServerEntry::State::kUsed) out.push_back(e.config);
  return out;
}

std::vector<std::string> McpServers::untrusted() const {
  std::vector<std::string> out;
  for (const auto& e : entries)
    if (e.state == ServerEntry::State::kUntrusted) out.push_back(e.name);
  return out;
}

std::string McpServers::untrusted_notice() const {
  auto names = untrusted();
  if (names.empty()) return "";
  return plural(names.size(), "server", "servers") + " of .mcp.json (" + join(names, ", ") + ") " +
         (names.size() == 1 ? "is" : "are") + " not used until you trust this project: `pair trust`";
}

McpServers load_mcp_servers(const fs::path& workspace, bool project_trusted, const EnvLookup& env) {
  McpServers result;
  for (Scope scope : {Scope::kUser, Scope::kProject}) {
    fs::path file = scope == Scope::kUser ? user_config_path() : project_config_path(workspace);
    std::error_code ec;
    if (!fs::exists(file, ec)) continue;
    auto text = read_file_to_string(file);
    if (!text) {
      result.problems.push_back(text.error().message);
      continue;
    }
    auto entries = parse_mcp_file(*text, file, scope, env, &result.problems);
    if (!entries) {
      result.problems.push_back(entries.error().message + "; its servers are not used until it is fixed");
      continue;
    }
    for (auto& e : *entries) {
      if (scope == Scope::kProject && !project_trusted) e.state = ServerEntry::State::kUntrusted;
      result.entries.push_back(std::move(e));
    }
  }
  std::stable_sort(result.entries.begin(), result.entries.end(),
                   [](const ServerEntry& a, const ServerEntry& b) { return a.name < b.name; });
  // A trusted project's entry replaces the user's of the same name, whatever its state.
  for (size_t i = 0; i + 1 < result.entries.size(); ++i) {
    auto& user = result.entries[i];
    auto& project = result.entries[i + 1];
    if (user.name == project.name && user.scope == Scope::kUser && project.state != ServerEntry::State::kUntrusted)
      user.state = ServerEntry::State::kShadowed;
  }
  for (const auto& e : result.entries)
    if (e.state == ServerEntry::State::kBroken) result.problems.push_back(e.problem);
  return result;
}

}  // namespace pair::mcp
