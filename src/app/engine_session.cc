// Engine: the session's life (open, record, close), and the managed server's.
#include <nlohmann/json.hpp>

#include "app/engine.h"
#include "app/prompt_cache_files.h"
#include "local/local_model.h"
#include "local/process_info.h"
#include "local/server_left_running.h"
#include "local/server_state.h"
#include "util/paths.h"

namespace pair {

void Engine::record(const Message& m) {
  if (!writer_) return;
  if (auto r = writer_->append_message(m); !r) stop_recording(r.error());
}

void Engine::stop_recording(const Error& e) {
  on_event_(agent_event::Notice{"session not saved from here on (" + e.message +
                                "); --continue would resume from before this point"});
  writer_.reset();
  record_ = false;
}

void Engine::start_recording() {
  auto w = SessionWriter::create(options_.sessions_root, session_);
  if (!w) {
    stop_recording(w.error());
    return;
  }
  writer_ = std::move(*w);
  session_.path = writer_->path();
}

Result<void> Engine::load_session_file(const std::filesystem::path& file) {
  auto loaded = load_session(file);
  if (!loaded) return std::unexpected(loaded.error());
  if (loaded->skipped_lines > 0)
    on_event_(agent_event::Notice{"passed over " + std::to_string(loaded->skipped_lines) + " unreadable line(s) in " +
                                  file.string()});
  writer_.reset();
  if (options_.record_session) {
    auto w = SessionWriter::reopen(file);
    if (!w) return std::unexpected(w.error());
    writer_ = std::move(*w);
  }
  session_ = loaded->info;
  session_.model = model_.name;
  record_ = options_.record_session;
  agent_->load_conversation(std::move(loaded->messages));
  journal_.clear();
  pending_note_.clear();
  if (loaded->compactions > 0)
    on_event_(agent_event::Notice{"resumed from the compacted conversation (" + std::to_string(loaded->compactions) +
                                  " compaction(s))"});
  saved_cache_ = loaded->prompt_cache;
  // The saved cache is restored when the server is next made ready.
  if (saved_cache_) prepared_ = false;
  resumed_ = true;
  cache_unsaved_ = false;
  return {};
}

Result<void> Engine::open_session(const SessionChoice& choice) {
  const auto& root = options_.sessions_root;
  switch (choice.opening) {
    case SessionOpening::kNew: return {};
    case SessionOpening::kContinueLatest: {
      auto file = latest_session(root, options_.workspace.string());
      if (!file) return std::unexpected(file.error());
      return load_session_file(*file);
    }
    case SessionOpening::kResume: {
      auto file = find_session(root, choice.id);
      if (!file) return std::unexpected(file.error());
      return load_session_file(*file);
    }
  }
  return {};
}

Result<void> Engine::resume(std::string_view id) {
  auto file = find_session(options_.sessions_root, std::string(id));
  if (!file) return std::unexpected(file.error());
  close_session();
  return load_session_file(*file);
}

std::vector<SessionListing> Engine::recent_sessions(size_t max) const {
  if (options_.sessions_root.empty()) return {};
  return list_project_sessions(options_.sessions_root, options_.workspace.string(), max, session_.path);
}

std::optional<std::string> Engine::close_session(std::stop_token stop) {
  if (!cache_unsaved_) return std::nullopt;
  cache_unsaved_ = false;
  return save_prompt_cache(stop);
}

std::optional<std::string> Engine::save_prompt_cache(std::stop_token stop) {
  PromptCacheStore* cache = provider_->prompt_cache();
  if (!cache || !writer_ || !prepared_ || !view_.context.save_prompt_cache) return std::nullopt;
  if (managed_server_exited()) return std::nullopt;  // nothing left to save
  const auto& messages = agent_->messages();
  PromptCacheRecord record;
  record.messages = messages.size();
  record.fingerprint = conversation_fingerprint(messages, record.messages, model_.model_id, tools_.specs());
  record.file = session_.id + "-" + record.fingerprint + ".bin";
  auto saved = cache->save(record.file, stop);
  if (!saved) {
    bool unsupported = saved.error().http_status == 404 || saved.error().http_status == 501;
    std::string problem =
        unsupported ? "prompt cache not saved: the server keeps no slot files (llama-server --slot-save-path DIR)"
                    : "prompt cache not saved (" + saved.error().message + ")";
    on_event_(agent_event::Notice{problem});
    // A server run without slot files is a choice, not a failure worth a line at every exit.
    if (unsupported) return std::nullopt;
    return problem;
  }
  record.tokens = *saved;
  if (auto r = writer_->append_prompt_cache(record); !r) {
    stop_recording(r.error());
    return "prompt cache saved but not recorded in the session (" + r.error().message + ")";
  }
  prune_prompt_cache_files(state_dir() / "slots", static_cast<uintmax_t>(view_.context.prompt_cache_max_mb) << 20);
  return std::nullopt;
}

void Engine::new_conversation() {
  close_session();
  agent_->load_conversation({});
  journal_.clear();
  pending_note_.clear();
  writer_.reset();
  record_ = options_.record_session && !options_.sessions_root.empty();
  resumed_ = false;
  session_.id = new_session_id();
  session_.created = utc_timestamp();
  session_.path.clear();
}

std::vector<std::string> Engine::servers_left_running() const {
  std::vector<std::string> lines;
  for (int port : managed_ports_) {
    auto record = read_server_record(port);
    if (!record || !server_running(*record)) continue;  // stopped meanwhile (pair server stop, a crash)
    // Only the memory is needed: no /health request on the way out.
    ServerStatus status{.record = *record, .alive = true, .rss_bytes = process_rss_bytes(record->pid)};
    lines.push_back(left_running_notice(status));
  }
  return lines;
}

bool Engine::managed_server_exited() const {
  if (!watch_server_ || !model_.is_managed()) return false;
  auto record = model_server_record(model_);
  return !record || !server_running(*record);
}

}  // namespace pair
