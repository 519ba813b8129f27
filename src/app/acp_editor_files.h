#pragma once
/// The editor's files over the Agent Client Protocol: `fs/read_text_file`
/// and `fs/write_text_file` requests of one session, each used only when the
/// editor offered it in `initialize` (core/editor_files.h says what they
/// change and what they do not).
///
/// Thread affinity: the engine's (turn) thread; never the connection's reader
/// thread, which must stay free to receive the answers.

#include <filesystem>
#include <string>

#include "acp/client_capabilities.h"
#include "acp/json_rpc.h"
#include "core/editor_files.h"

namespace pair {

class AcpEditorFiles : public EditorFiles {
 public:
  /// `connection` outlives this.
  AcpEditorFiles(acp::Connection& connection, const acp::ClientCapabilities& offers)
      : connection_(connection), reads_(offers.read_text_file), writes_(offers.write_text_file) {}
  /// The session the requests name; set once the session has its id, before any turn.
  void set_session_id(std::string id) { session_id_ = std::move(id); }

  bool reads() const override { return reads_; }
  bool writes() const override { return writes_; }
  /// fs/read_text_file without line or limit: the whole buffer (read_file
  /// numbers its lines itself, and needs their count). An answer without a
  /// string `content` is a kProtocol error.
  Result<std::string> read_text(const std::filesystem::path& path, std::stop_token stop) override;
  /// fs/write_text_file with the whole content.
  Result<void> write_text(const std::filesystem::path& path, const std::string& content, std::stop_token stop) override;

 private:
  acp::Connection& connection_;
  const bool reads_, writes_;
  std::string session_id_;
};

}  // namespace pair
