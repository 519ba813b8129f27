#include "config/models_writer.h"

#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/json_parse.h"

namespace pair {
using nlohmann::ordered_json;

Result<void> add_model_entry(const std::filesystem::path& file, const NewModelEntry& e, bool replace) {
  ordered_json doc = ordered_json::array();
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    auto text = read_file_to_string(file);
    if (!text) return std::unexpected(text.error());
    auto parsed = parse_ordered_json(*text, file.string(), ErrorCode::kConfig);
    if (!parsed) return fail(ErrorCode::kConfig, parsed.error().message + "; not changed");
    doc = std::move(*parsed);
  }
  ordered_json* list = &doc;
  if (doc.is_object() && doc.contains("models")) list = &doc["models"];
  if (!list->is_array()) return fail(ErrorCode::kConfig, file.string() + ": not a list of models, not changed");

  ordered_json entry = {{"name", e.name}};
  entry["url"] = e.url.empty() ? "http://localhost:8004/v1" : e.url;
  entry["modelId"] = e.model_id.empty() ? e.name : e.model_id;
  entry["purpose"] = "text";
  if (!e.gguf.empty()) entry["gguf"] = e.gguf;
  if (!e.hf.empty()) entry["hf"] = e.hf;
  if (!e.server.empty()) entry["server"] = e.server;
  if (!e.api_key_env.empty()) entry["api_key_env"] = e.api_key_env;
  if (e.ctx) entry["ctx"] = *e.ctx;
  if (e.make_default) entry["default"] = true;

  bool placed = false;
  for (auto& existing : *list) {
    if (!existing.is_object()) continue;
    if (e.make_default) existing.erase("default");
    if (auto name = existing.find("name"); name != existing.end() && *name == e.name) {
      if (!replace)
        return fail(ErrorCode::kConfig, file.string() + " already has a model named \"" + e.name +
                                            "\"; add --replace to replace it, or pick another name");
      existing = entry;
      placed = true;
    }
  }
  if (!placed) list->push_back(entry);
  return write_file_atomically(file, dump_json(doc, 2) + "\n");
}

}  // namespace pair
