#pragma once
/// The interactive terminal UI: `pair` in a terminal.
///
/// Threads: this (the UI) thread owns the terminal: it reads keys, renders
/// and runs slash commands. The agent runs on the engine thread (worker.h);
/// its events and approval questions cross over through the UiQueue, and a
/// turn is cancelled through its stop token (Ctrl+C / Esc), which reaches the
/// model request and the tool's process group.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/settings.h"
#include "tui/backend.h"
#include "tui/history.h"
#include "tui/input_editor.h"
#include "tui/keys.h"
#include "tui/picker.h"
#include "tui/screen.h"
#include "tui/stats.h"
#include "tui/terminal.h"
#include "tui/transcript.h"
#include "tui/ui_queue.h"
#include "tui/ui_settings.h"
#include "tui/worker.h"

namespace pair::tui {

struct TuiOptions {
  std::filesystem::path workspace;
  std::string permission_mode;  ///< shown in the banner
  bool replay = false;          ///< show the conversation so far (after -c / -r)
  std::string version;
  UiSettings ui;  ///< the /ui settings as read at start; /settings changes them
};

/// Runs the UI until the user leaves; returns the exit code (128 + signal
/// when ended by SIGTERM/SIGHUP). `queue` and `bridge` are the ones the
/// backend's engine reports to. Call it before starting other threads: it
/// blocks the signals it reads through a signalfd for every thread after it.
int run_tui(Backend& backend, UiQueue& queue, UiBridge& bridge, Settings& settings, const TuiOptions& options);

class App {
 public:
  App(Backend& backend, UiQueue& queue, UiBridge& bridge, Settings& settings, TuiOptions options);
  ~App();
  int run();

 private:
  enum class Mode { kPrompt, kApproval, kPicker };
  enum class PickerKind { kModel, kResume, kSettings };

  double now() const;
  // The loop.
  void on_keys(const std::vector<Key>& keys);
  void on_key(const Key& key);
  void on_message(UiMessage& message);
  void on_resize();
  /// Reads the terminal's size; a change starts the wait below.
  void note_size();
  /// Whether the terminal's size changed too recently to draw (a window
  /// being dragged): frames wait until it settles (kResizeSettleSeconds),
  /// then the live area is redrawn at the new size.
  bool resize_settling();
  void render();
  void suspend();
  void quit() { quit_ = true; }

  // The prompt.
  void prompt_key(const Key& key);
  void enter();
  void submit(const std::string& text, const std::string& shown);
  void start_turn(const std::string& text, const std::string& shown, const std::vector<Attachment>& attachments);
  void turn_done();
  void run_next_queued();
  /// Interrupting a turn: its queued messages go back into the input box
  /// (ahead of anything typed since), never lost.
  void restore_queued();
  void update_menu(bool from_tab);
  void accept_menu(bool run);
  void history_move(bool up);
  void ctrl_c();
  Rows prompt_rows(int* cursor_row, int* cursor_col) const;

  // Approvals.
  void approval_key(const Key& key);
  void answer_approval(ApprovalDecision decision);
  Rows approval_rows() const;

  // Commands (app_commands.cc).
  void run_command(const std::string& name, const std::string& args);
  /// /model: reads models.json again (engine thread), then shows the picker.
  void open_model_picker();
  void show_model_picker();
  /// After a switch: probes the model's server and warns at once when it does not answer.
  void warn_if_unreachable(const std::string& name);
  void open_settings_picker();
  void open_resume_picker(std::vector<SessionSummary> sessions);
  void picker_key(const Key& key);
  void picked(const PickerItem& item);
  void switch_model(const std::string& name);
  void engine_job(std::function<void()> job);  ///< runs on the engine thread
  void post_ui(UiTask task) { queue_.post(std::move(task)); }

  Backend& backend_;
  UiQueue& queue_;
  UiBridge& bridge_;
  Settings& settings_;
  TuiOptions options_;
  UiSettings ui_settings_;
  Terminal terminal_;
  Screen screen_;
  KeyDecoder decoder_;
  InputEditor editor_;
  History history_;
  Transcript transcript_;
  SessionStats stats_;
  Worker worker_;
  ModelInfo model_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();

  Mode mode_ = Mode::kPrompt;
  bool quit_ = false;
  int exit_code_ = 0;
  int jobs_ = 0;  ///< engine jobs in flight
  bool turn_running_ = false;
  bool cancelling_ = false;
  std::stop_source stop_;
  std::stop_source warm_up_stop_;  ///< ends a start-up warm-up still running when pair quits
  struct Queued {
    std::string text, shown;
    EditorContent content;  ///< as typed: what goes back into the input box if the turn is interrupted
  };
  std::vector<Queued> queued_;  ///< messages sent while a turn ran
  double exit_armed_until_ = -1;
  double last_render_ = -1;
  bool render_now_ = true;
  bool content_pending_ = false;  ///< engine output handled but not drawn yet
  double resized_at_ = -1;        ///< when the size last changed, until the frame at the new size
  TerminalSize seen_size_;        ///< the size when last looked at
  std::string flash_;             ///< a one-off hint in the footer
  double flash_until_ = -1;

  std::optional<Completions> menu_;
  size_t menu_selected_ = 0;

  std::shared_ptr<PendingApproval> approval_;
  size_t approval_choice_ = 0;

  std::unique_ptr<Picker> picker_;
  PickerKind picker_kind_ = PickerKind::kModel;
  int picker_generation_ = 0;
  std::vector<std::thread> probes_;
};

}  // namespace pair::tui
