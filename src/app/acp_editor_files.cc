#include "app/acp_editor_files.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"

namespace pair {
using nlohmann::json;

Result<std::string> AcpEditorFiles::read_text(const std::filesystem::path& path, std::stop_token stop) {
  auto result = connection_.call("fs/read_text_file", json{{"sessionId", session_id_}, {"path", path.string()}}, stop);
  if (!result) return std::unexpected(result.error());
  const json& content = json_member(*result, "content");
  if (!content.is_string())
    return fail(ErrorCode::kProtocol, "its answer to fs/read_text_file has no \"content\" string");
  return json_as_string(content);
}

Result<void> AcpEditorFiles::write_text(const std::filesystem::path& path, const std::string& content,
                                        std::stop_token stop) {
  auto result = connection_.call("fs/write_text_file",
                                 json{{"sessionId", session_id_}, {"path", path.string()}, {"content", content}}, stop);
  if (!result) return std::unexpected(result.error());
  return {};
}

}  // namespace pair
