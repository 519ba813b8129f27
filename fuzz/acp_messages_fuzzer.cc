// `pair acp`'s input side on arbitrary lines from an editor: the JSON-RPC connection and the
// prompt's content blocks. No crash or sanitizer report; every line pair writes back is one JSON-RPC
// 2.0 response object (a result or an error), and no input line gets more than one.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "acp/json_rpc.h"
#include "acp/prompt_content.h"
#include "util/json_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nlohmann::json;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t answers = 0;
  pair::acp::Connection conn([&](const std::string& line) {
    ++answers;
    auto reply = pair::parse_json_text(line);
    if (!reply || !reply->is_object() || pair::json_string_or(*reply, "jsonrpc") != "2.0" ||
        reply->contains("result") == reply->contains("error") || line.find('\n') != std::string::npos)
      __builtin_trap();
  });
  conn.on_request("session/prompt", [&](const json& id, const json& params) {
    auto content = pair::acp::prompt_content(pair::json_member(params, "prompt"));
    if (content)
      conn.respond(id, json{{"text", content->text}, {"images", content->images.size()}});
    else
      conn.respond_error(id, pair::acp::kInvalidParams, content.error().message);
  });
  conn.on_notification("session/cancel", [](const json&) {});
  size_t lines = 0;
  while (!input.empty()) {
    size_t nl = input.find('\n');
    conn.receive(input.substr(0, nl));
    ++lines;
    if (answers > lines) __builtin_trap();
    input.remove_prefix(nl == std::string_view::npos ? input.size() : nl + 1);
  }
  return 0;
}
