#include "mcp/mcp_config_writer.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"

namespace pair::mcp {
namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

/// The file's document; an empty object when it does not exist.
Result<ordered_json> read_document(const fs::path& file, bool* exists) {
  std::error_code ec;
  *exists = fs::exists(file, ec);
  if (!*exists) return ordered_json::object();
  auto text = read_file_to_string(file);
  if (!text) return std::unexpected(text.error());
  auto doc = parse_ordered_json(*text, file.string(), ErrorCode::kConfig);
  if (!doc) return std::unexpected(Error(ErrorCode::kConfig, doc.error().message + "; fix it first"));
  if (!doc->is_object())
    return fail(ErrorCode::kConfig, file.string() + ": expected an object {\"mcpServers\": {...}}; fix it first");
  const auto servers = doc->find("mcpServers");
  if (servers != doc->end() && !servers->is_object())
    return fail(ErrorCode::kConfig, file.string() + ": \"mcpServers\" must be an object; fix it first");
  return doc;
}

Result<void> write_document(const fs::path& file, const ordered_json& doc, FileAccess access) {
  return write_file_atomically(file, dump_json(doc, 2) + "\n", access);
}

}  // namespace

Result<void> add_server(const fs::path& file, const ServerConfig& server, FileAccess access) {
  bool exists = false;
  auto doc = read_document(file, &exists);
  if (!doc) return std::unexpected(doc.error());
  ordered_json& servers = (*doc)["mcpServers"];
  if (servers.is_null()) servers = ordered_json::object();
  if (servers.contains(server.name))
    return fail(ErrorCode::kInvalidArgument, "a server named \"" + server.name + "\" is already in " + file.string() +
                                                 "; `pair mcp remove " + server.name + "` first");
  ordered_json entry = ordered_json::object();
  if (server.transport == ServerConfig::Transport::kStdio) {
    entry["type"] = "stdio";
    entry["command"] = server.command;
    entry["args"] = server.args;
    entry["env"] = server.env;
  } else {
    entry["type"] = "http";
    entry["url"] = server.url;
    if (!server.headers.empty()) entry["headers"] = server.headers;
  }
  servers[server.name] = std::move(entry);
  return write_document(file, *doc, access);
}

Result<bool> remove_server(const fs::path& file, std::string_view name, FileAccess access) {
  bool exists = false;
  auto doc = read_document(file, &exists);
  if (!doc) return std::unexpected(doc.error());
  auto servers = doc->find("mcpServers");
  if (!exists || servers == doc->end() || !servers->contains(name)) return false;
  servers->erase(std::string(name));
  if (auto w = write_document(file, *doc, access); !w) return std::unexpected(w.error());
  return true;
}

}  // namespace pair::mcp
