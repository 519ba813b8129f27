#include "acp/client_capabilities.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"

namespace pair::acp {

ClientCapabilities client_capabilities(const nlohmann::json& capabilities) {
  const nlohmann::json& fs = json_member(capabilities, "fs");
  ClientCapabilities c;
  c.read_text_file = json_as_bool(json_member(fs, "readTextFile"), false);
  c.write_text_file = json_as_bool(json_member(fs, "writeTextFile"), false);
  c.terminal = json_as_bool(json_member(capabilities, "terminal"), false);
  // An object (possibly empty) announces it, as the protocol's extensible capabilities do.
  c.notices = json_member(json_member(capabilities, "session"), "notices").is_object();
  return c;
}

}  // namespace pair::acp
