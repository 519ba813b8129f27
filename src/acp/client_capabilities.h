#pragma once
/// What the editor offers in `initialize`'s clientCapabilities, read
/// tolerantly: a capability is on only when its field is `true` (the
/// protocol: an agent must not call a method whose capability is false or
/// missing). Pure functions.

#include <nlohmann/json_fwd.hpp>

namespace pair::acp {

struct ClientCapabilities {
  bool read_text_file = false;   ///< fs.readTextFile: fs/read_text_file
  bool write_text_file = false;  ///< fs.writeTextFile: fs/write_text_file
  bool terminal = false;         ///< terminal: terminal/create and the rest
  bool notices = false;          ///< session.notices: `notice` session updates
};

/// `capabilities` is initialize's params.clientCapabilities (anything else: none).
ClientCapabilities client_capabilities(const nlohmann::json& capabilities);

}  // namespace pair::acp
