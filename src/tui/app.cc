#include "tui/app.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>

#include "config/project_trust.h"
#include "tui/commands.h"
#include "tui/text_width.h"
#include "tui/wrap.h"
#include "util/overloaded.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair::tui {

namespace {

constexpr double kFrameSeconds = 1.0 / 30;  ///< streaming output: at most 30 frames a second
constexpr double kEscapeSeconds = 0.03;     ///< a lone ESC is the Escape key after this
constexpr double kExitArmSeconds = 2.0;
/// A resize is drawn once the size held this long: while a window is dragged, tmux already draws
/// at each new width but tells the program at most every 250 ms, and a frame drawn at a width the
/// terminal no longer has leaves rows behind that no later frame can find.
constexpr double kResizeSettleSeconds = 0.3;

/// The signals the UI takes through its signalfd. Blocked before any thread
/// starts (every thread inherits the mask; a signal delivered to a thread that
/// has it unblocked would end the process); child processes get an empty mask
/// (util/subprocess).
sigset_t ui_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGQUIT}) sigaddset(&set, s);
  return set;
}

std::string home_relative(const std::filesystem::path& p) {
  std::string s = p.string(), home = home_dir().string();
  if (!home.empty() && home != "/" && (s == home || s.starts_with(home + "/"))) return "~" + s.substr(home.size());
  return s;
}

}  // namespace

App::App(Backend& backend, UiQueue& queue, UiBridge& bridge, Settings& settings, TuiOptions options)
    : backend_(backend),
      queue_(queue),
      bridge_(bridge),
      settings_(settings),
      options_(std::move(options)),
      ui_settings_(options_.ui),
      terminal_(STDIN_FILENO, STDOUT_FILENO),
      history_(History::file_for(state_dir(), options_.workspace.string())),
      transcript_(ui_settings_),
      model_(backend.model()) {}

App::~App() {
  bridge_.close();
  worker_.shutdown();
  for (auto& t : probes_)
    if (t.joinable()) t.join();
}

double App::now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

int App::run() {
  sigset_t signals = ui_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // run_tui did it before any thread; repeated for direct use
  int signal_fd = signalfd(-1, &signals, SFD_CLOEXEC | SFD_NONBLOCK);

  if (!terminal_.enter()) return 2;
  TerminalSize size = terminal_.size();
  screen_.set_size(size.cols, size.rows);
  transcript_.set_width(size.cols);
  seen_size_ = size;

  std::string where = home_relative(options_.workspace);
  transcript_.markdown("**pair " + options_.version + "** · " + model_.name + " (" + model_.url + ") · " + where +
                           (options_.permission_mode == "default" ? "" : " · " + options_.permission_mode),
                       false);
  transcript_.note("/help for commands · @ mentions a file · shift+enter or ctrl+j for a new line");
  if (options_.replay) {
    std::vector<Message> messages = backend_.messages();  // the engine thread has not started any job yet
    transcript_.note("Resumed session " + backend_.session_id() + ":", theme::muted(), true);
    transcript_.replay(messages);
  }
  render();
  if (ui_settings_.warm_up && !options_.replay)
    engine_job([this, stop = warm_up_stop_.get_token()] { backend_.warm_up(stop); });

  while (!quit_) {
    double t = now();
    bool frame_due = last_render_ < 0 || t - last_render_ >= kFrameSeconds;
    int timeout_ms = -1;
    if (turn_running_ || jobs_ > 0) timeout_ms = 100;  // the spinner and the clock
    if (decoder_.pending()) timeout_ms = static_cast<int>(kEscapeSeconds * 1000);
    if (exit_armed_until_ > t) timeout_ms = std::min(timeout_ms < 0 ? 1000 : timeout_ms, 200);
    if (flash_until_ > t) timeout_ms = std::min(timeout_ms < 0 ? 1000 : timeout_ms, 250);
    if (resized_at_ >= 0) timeout_ms = std::min(timeout_ms < 0 ? 1000 : timeout_ms, 10);
    // While a frame is not yet due, leave the engine's messages queued: they
    // are handled together when it is (a fast stream costs one render per frame).
    bool watch_queue = frame_due || !content_pending_;
    if (!watch_queue) {
      int wait = static_cast<int>((kFrameSeconds - (t - last_render_)) * 1000) + 1;
      timeout_ms = timeout_ms < 0 ? wait : std::min(timeout_ms, wait);
    }
    pollfd fds[3] = {{STDIN_FILENO, POLLIN, 0}, {signal_fd, POLLIN, 0}, {queue_.fd(), POLLIN, 0}};
    int n = poll(fds, watch_queue ? 3 : 2, timeout_ms);
    if (n < 0 && errno != EINTR) break;

    if (fds[0].revents & (POLLIN | POLLHUP)) {
      char buf[65536];
      ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
      if (got > 0) {
        on_keys(decoder_.feed(std::string_view(buf, static_cast<size_t>(got))));
        render_now_ = true;
      } else if (got == 0) {
        quit();  // the terminal went away
      }
    } else if (n == 0 && decoder_.pending()) {
      on_keys(decoder_.flush());
      render_now_ = true;
    }
    if (fds[1].revents & POLLIN) {
      signalfd_siginfo info{};
      while (read(signal_fd, &info, sizeof info) == sizeof info) {
        if (info.ssi_signo == SIGWINCH) {
          note_size();  // drawn once it settles (resize_settling)
        } else if (info.ssi_signo == SIGINT) {
          ctrl_c();
        } else {
          exit_code_ = 128 + static_cast<int>(info.ssi_signo);
          quit();
        }
      }
    }
    if (watch_queue && (fds[2].revents & POLLIN)) {
      for (auto& m : queue_.drain()) on_message(m);
      content_pending_ = true;
    }
    if (mode_ == Mode::kApproval && approval_ && approval_->answered()) {  // answered elsewhere (an editor)
      approval_.reset();
      mode_ = Mode::kPrompt;
    }
    render();
  }

  // Leaving: stop the turn, refuse open questions, wait for the engine.
  if (turn_running_) stop_.request_stop();
  warm_up_stop_.request_stop();
  bridge_.close();
  worker_.shutdown();
  for (auto& m : queue_.drain()) on_message(m);
  if (resized_at_ >= 0) on_resize();  // the last frame goes where the terminal has the live area now
  screen_.commit(transcript_.take_committed());
  terminal_.write(screen_.close());
  terminal_.leave();
  if (signal_fd >= 0) close(signal_fd);
  std::string id = backend_.session_id();
  if (!id.empty())
    std::printf("Session %s saved. Continue it with: pair -c  (or pair -r %s)\n", id.c_str(), id.c_str());
  return exit_code_;
}

void App::on_resize() {
  TerminalSize size = terminal_.size();
  if (size.cols == screen_.cols() && size.rows == screen_.rows()) return;
  // Only the live area is redrawn, at the new width: what went to the scrollback stays as it was
  // (a reprint would leave a second copy there: clearing the screen pushes it into the scrollback).
  screen_.set_size(size.cols, size.rows);
  transcript_.set_width(size.cols);
  seen_size_ = size;
  render_now_ = true;
}

void App::note_size() {
  TerminalSize size = terminal_.size();
  if (size.cols == seen_size_.cols && size.rows == seen_size_.rows) return;
  seen_size_ = size;
  resized_at_ = now();
  transcript_.set_width(size.cols);  // what finishes meanwhile is rendered at the newest width
}

bool App::resize_settling() {
  note_size();  // also a change whose signal is not read yet
  if (resized_at_ < 0) return false;
  if (now() - resized_at_ < kResizeSettleSeconds) return true;
  resized_at_ = -1;
  on_resize();
  return false;
}

void App::suspend() {
  terminal_.write(screen_.close());
  terminal_.leave();
  raise(SIGTSTP);  // stops here until `fg`
  terminal_.enter();
  screen_.forget_position();
  on_resize();
  render_now_ = true;
}

void App::on_message(UiMessage& message) {
  std::visit(overloaded{
                 [&](const AgentEvent& event) {
                   double t = now();
                   stats_.on_event(event, t);
                   transcript_.on_event(event, t);
                 },
                 [&](const std::shared_ptr<PendingApproval>& pending) {
                   if (pending->answered()) return;
                   approval_ = pending;
                   approval_choice_ = 0;
                   mode_ = Mode::kApproval;
                   transcript_.approval_context(approval_->request());
                   render_now_ = true;
                 },
                 [](const UiTask& task) { task(); },
             },
             message);
}

void App::on_keys(const std::vector<Key>& keys) {
  for (const auto& k : keys) {
    if (quit_) return;
    on_key(k);
  }
}

void App::on_key(const Key& k) {
  if (k.is_ctrl('z')) {
    suspend();
    return;
  }
  if (k.is_ctrl('l')) {
    terminal_.write("\x1b[H\x1b[2J");
    screen_.forget_position();
    screen_.reprint(transcript_.resize(screen_.cols(), screen_.rows()));
    return;
  }
  if (k.is_ctrl('o')) {
    transcript_.expand_latest();
    return;
  }
  switch (mode_) {
    case Mode::kApproval: approval_key(k); return;
    case Mode::kPicker: picker_key(k); return;
    case Mode::kPrompt: prompt_key(k); return;
  }
}

void App::ctrl_c() {
  if (mode_ == Mode::kApproval) {
    answer_approval(ApprovalDecision::kDeny);
    stop_.request_stop();
    cancelling_ = true;
    restore_queued();
    return;
  }
  if (mode_ == Mode::kPicker) {
    picker_.reset();
    mode_ = Mode::kPrompt;
    return;
  }
  if (turn_running_) {
    stop_.request_stop();
    cancelling_ = true;
    restore_queued();
    return;
  }
  if (!editor_.empty()) {
    editor_.clear();
    menu_.reset();
    history_.reset();
    return;
  }
  if (exit_armed_until_ > now()) {
    quit();
    return;
  }
  exit_armed_until_ = now() + kExitArmSeconds;
}

void App::prompt_key(const Key& k) {
  int width = screen_.cols();
  if (k.is_ctrl('c')) {
    ctrl_c();
    return;
  }
  if (k.is(KeyCode::kEscape)) {
    if (menu_) {
      menu_.reset();
    } else if (turn_running_) {
      stop_.request_stop();
      cancelling_ = true;
      restore_queued();
    }
    return;
  }
  exit_armed_until_ = -1;
  if (menu_ && (k.is(KeyCode::kUp) || k.is(KeyCode::kDown))) {
    size_t n = menu_->candidates.size();
    menu_selected_ = k.is(KeyCode::kUp) ? (menu_selected_ + n - 1) % n : (menu_selected_ + 1) % n;
    return;
  }
  bool edited = true;
  if (k.is(KeyCode::kEnter)) {
    if (menu_ && !menu_->candidates.empty()) {
      accept_menu(true);
      return;
    }
    enter();
    return;
  } else if (k.is(KeyCode::kEnter, kShift) || k.is(KeyCode::kEnter, kAlt) || k.is_ctrl('j')) {
    editor_.newline();
  } else if (k.is(KeyCode::kTab)) {
    if (menu_ && menu_->candidates.size() > 1 && menu_->common.size() <= editor_.word_before_cursor().size()) {
      accept_menu(false);
    } else {
      update_menu(true);
    }
    return;
  } else if (k.code == KeyCode::kPaste) {
    editor_.paste(k.text);
  } else if (k.is(KeyCode::kBackspace) || k.is_ctrl('h')) {
    editor_.backspace();
  } else if (k.is(KeyCode::kBackspace, kAlt) || k.is_ctrl('w')) {
    editor_.kill_word();
  } else if (k.is(KeyCode::kDelete)) {
    editor_.delete_forward();
  } else if (k.is_ctrl('d')) {
    if (editor_.empty()) {
      quit();
      return;
    }
    editor_.delete_forward();
  } else if (k.is(KeyCode::kLeft) || k.is_ctrl('b')) {
    editor_.left();
    edited = false;
  } else if (k.is(KeyCode::kRight) || k.is_ctrl('f')) {
    editor_.right();
    edited = false;
  } else if (k.is(KeyCode::kLeft, kCtrl) || k.is(KeyCode::kLeft, kAlt) ||
             (k.code == KeyCode::kChar && k.mods == kAlt && k.ch == U'b')) {
    editor_.word_left();
    edited = false;
  } else if (k.is(KeyCode::kRight, kCtrl) || k.is(KeyCode::kRight, kAlt) ||
             (k.code == KeyCode::kChar && k.mods == kAlt && k.ch == U'f')) {
    editor_.word_right();
    edited = false;
  } else if (k.code == KeyCode::kChar && k.mods == kAlt && k.ch == U'd') {
    editor_.alt_delete_word();
  } else if (k.is(KeyCode::kHome) || k.is_ctrl('a')) {
    editor_.home();
    edited = false;
  } else if (k.is(KeyCode::kEnd) || k.is_ctrl('e')) {
    editor_.end();
    edited = false;
  } else if (k.is_ctrl('u')) {
    editor_.kill_to_start();
  } else if (k.is_ctrl('k')) {
    editor_.kill_to_end();
  } else if (k.is_ctrl('y')) {
    editor_.yank();
  } else if (k.is(KeyCode::kUp) || k.is_ctrl('p')) {
    if (k.is_ctrl('p') || !editor_.up(width, 2)) history_move(true);
    return;
  } else if (k.is(KeyCode::kDown) || k.is_ctrl('n')) {
    if (k.is_ctrl('n') || !editor_.down(width, 2)) history_move(false);
    return;
  } else if (k.code == KeyCode::kChar && (k.mods & (kCtrl | kAlt)) == 0 && k.ch >= 0x20) {
    editor_.insert(k.ch);
  } else {
    return;
  }
  if (edited) update_menu(false);
}

void App::history_move(bool up) {
  std::optional<EditorContent> c = up ? history_.previous(editor_.content()) : history_.next();
  if (!c) return;
  editor_.set_content(std::move(*c));
  menu_.reset();
}

void App::update_menu(bool from_tab) {
  std::string word = editor_.word_before_cursor();
  std::string shown = editor_.shown_text();
  bool at_start = shown.size() == word.size() || trim(shown.substr(0, shown.size() - word.size())).empty();
  // Typing "/": the commands show as you type. "@": only on Tab (it reads the disk).
  bool auto_menu = at_start && word.starts_with("/") && editor_.cursor() == editor_.content().atoms.size();
  if (!from_tab && !auto_menu) {
    if (menu_ && !(word.starts_with("@") && from_tab)) menu_.reset();
    return;
  }
  auto c = complete(word, at_start, options_.workspace);
  if (!c) {
    menu_.reset();
    return;
  }
  menu_selected_ = 0;
  if (from_tab) {
    // Complete as far as all candidates agree; one candidate completes fully.
    if (c->candidates.size() == 1) {
      editor_.replace_before_cursor(c->word_length, c->candidates[0].replacement);
      menu_.reset();
      if (c->candidates[0].replacement.ends_with("/")) update_menu(true);  // into the directory
      return;
    }
    if (c->common.size() > word.size()) {
      editor_.replace_before_cursor(c->word_length, c->common);
      c->word_length = 0;
      for (size_t i = 0; i < c->common.size();) {
        i += decode_utf8(c->common, i).length;
        ++c->word_length;
      }
    }
  }
  menu_ = std::move(c);
}

void App::accept_menu(bool run) {
  if (!menu_ || menu_->candidates.empty()) return;
  Candidate chosen = menu_->candidates[std::min(menu_selected_, menu_->candidates.size() - 1)];
  size_t length = 0;
  std::string word = editor_.word_before_cursor();
  for (size_t i = 0; i < word.size();) {
    i += decode_utf8(word, i).length;
    ++length;
  }
  editor_.replace_before_cursor(length, chosen.replacement);
  menu_.reset();
  if (run && chosen.replacement.starts_with("/")) {
    enter();  // a command's arguments are optional
  } else if (chosen.replacement.ends_with("/")) {
    update_menu(true);
  }
}

void App::enter() {
  if (editor_.before_cursor() == U'\\') {  // a trailing backslash continues the message
    editor_.backspace();
    editor_.newline();
    return;
  }
  std::string text = editor_.text();
  if (trim(text).empty()) return;
  EditorContent content = editor_.content();
  history_.add(content);
  std::string shown = editor_.shown_text();
  editor_.clear();
  menu_.reset();
  if (jobs_ > 0) {
    auto cmd = parse_command_line(text);
    const Command* c = cmd ? find_command(cmd->name) : nullptr;
    if (c && c->while_working) {
      run_command(cmd->name, cmd->args);
      return;
    }
    queued_.push_back({text, shown, std::move(content)});
    return;
  }
  submit(text, shown);
}

void App::submit(const std::string& text, const std::string& shown) {
  if (auto cmd = parse_command_line(text); cmd && cmd->name.find('/') == std::string::npos) {
    transcript_.user_message(std::string(trim(shown)), {});
    run_command(cmd->name, cmd->args);
    return;
  }
  std::vector<Attachment> attachments;
  std::string full = attach_mentions(text, options_.workspace, &attachments, [this](const std::filesystem::path& p) {
    return backend_.attach_refusal(p.string());
  });
  start_turn(full, shown, attachments);  // shown: what was typed, pastes as their labels
}

void App::start_turn(const std::string& text, const std::string& shown, const std::vector<Attachment>& attachments) {
  transcript_.user_message(shown, attachments);
  stats_.turn_started(now());
  turn_running_ = true;
  cancelling_ = false;
  stop_ = std::stop_source();
  std::stop_token token = stop_.get_token();
  engine_job([this, text, shown, token] {
    backend_.submit(text, shown, token);
    post_ui([this] { turn_done(); });
  });
}

void App::turn_done() {
  turn_running_ = false;
  cancelling_ = false;
  transcript_.note("⎿ " + stats_.turn_summary(now(), model_));
  run_next_queued();
}

void App::run_next_queued() {
  if (jobs_ > 0 || queued_.empty() || mode_ != Mode::kPrompt) return;
  Queued next = queued_.front();
  queued_.erase(queued_.begin());
  submit(next.text, next.shown);
}

void App::restore_queued() {
  if (queued_.empty()) return;
  std::vector<EditorContent> parts;
  for (auto& q : queued_) parts.push_back(std::move(q.content));
  if (!editor_.empty()) parts.push_back(editor_.content());
  queued_.clear();
  editor_.set_content(join_contents(parts));
  menu_.reset();
  history_.reset();
}

void App::engine_job(std::function<void()> job) {
  ++jobs_;
  worker_.post([this, job = std::move(job)] {
    job();
    post_ui([this] {
      --jobs_;
      run_next_queued();
    });
  });
}

// --- approvals ---

void App::approval_key(const Key& k) {
  if (k.is_ctrl('c')) {
    ctrl_c();
    return;
  }
  if (k.is(KeyCode::kUp) || k.is_ctrl('p')) approval_choice_ = (approval_choice_ + 2) % 3;
  if (k.is(KeyCode::kDown) || k.is_ctrl('n') || k.is(KeyCode::kTab)) approval_choice_ = (approval_choice_ + 1) % 3;
  static constexpr ApprovalDecision kChoices[] = {ApprovalDecision::kAllowOnce, ApprovalDecision::kAllowAlways,
                                                  ApprovalDecision::kDeny};
  if (k.is(KeyCode::kEnter)) answer_approval(kChoices[approval_choice_]);
  if (k.is(KeyCode::kEscape)) answer_approval(ApprovalDecision::kDeny);
  if (k.code == KeyCode::kChar && k.mods == kNoMod) {
    switch (k.ch) {
      case U'1':
      case U'y': answer_approval(ApprovalDecision::kAllowOnce); break;
      case U'2':
      case U'a': answer_approval(ApprovalDecision::kAllowAlways); break;
      case U'3':
      case U'n': answer_approval(ApprovalDecision::kDeny); break;
      default: break;
    }
  }
}

void App::answer_approval(ApprovalDecision decision) {
  if (!approval_) return;
  ApprovalRequest request = approval_->request();
  ApprovalAnswer answer{decision, ""};
  // Saved before answering, so the rule the engine adds names where it is kept (/permissions).
  if (decision == ApprovalDecision::kAllowAlways && !request.rule.empty() && !approval_->answered()) {
    if (auto saved = save_allow_rule(options_.workspace, request.rule)) {
      answer.saved_in = user_project_rules_source();
      transcript_.note("✓ Always allowed from now on: " + request.rule + " (saved for this project in " +
                           trust_store_path().string() + ")",
                       theme::success());
    } else {
      transcript_.note("Allowed for this session; not saved: " + saved.error().message, theme::warning());
    }
  }
  approval_->answer(std::move(answer));
  approval_.reset();
  mode_ = Mode::kPrompt;
}

Rows App::approval_rows() const {
  Rows rows;
  if (!approval_) return rows;
  const ApprovalRequest& r = approval_->request();
  int width = screen_.cols();
  // The command itself is shown once, above (Transcript::approval_context).
  std::string question = r.tool == "bash"              ? "Run this command?"
                         : r.tool.starts_with("mcp__") ? "Call this MCP tool?  " + r.summary
                                                       : "Make this change?  " + r.summary;
  if (r.outside_workspace) question += " (outside the workspace)";
  rows.push_back(styled_row(truncate_to_width(question, width), theme::warning().with_bold()));
  if (!r.reviewer.empty())
    rows.push_back(
        styled_row(truncate_to_width(
                       "  waiting for review in " + r.reviewer + " (accept or reject it there, or answer here)", width),
                   theme::muted()));
  std::string rule = r.rule.empty() ? r.tool : r.rule;
  std::string always = r.tool == "bash" && r.rule.starts_with("bash(") ? "this exact command" : first_line(rule, " …");
  std::string labels[] = {"Yes", "Yes, and don't ask again for " + always, "No, tell the model (esc)"};
  for (size_t i = 0; i < 3; ++i) {
    bool sel = i == approval_choice_;
    rows.push_back(make_row({{sel ? "❯ " : "  ", theme::accent()},
                             {std::to_string(i + 1) + ". ", theme::muted()},
                             {truncate_to_width(labels[i], width - 5), sel ? theme::accent().with_bold() : Style{}}}));
  }
  return rows;
}

// --- rendering ---

Rows App::prompt_rows(int* cursor_row, int* cursor_col) const {
  int width = screen_.cols();
  Rows rows;
  std::string rule;
  for (int i = 0; i < width; ++i) rule += "─";
  rows.push_back(styled_row(rule, theme::muted()));
  auto layout = editor_.layout(width, {{"❯ ", theme::accent()}}, {{"  ", {}}});
  *cursor_row = static_cast<int>(rows.size()) + layout.cursor_row;
  *cursor_col = layout.cursor_col;
  rows.insert(rows.end(), layout.rows.begin(), layout.rows.end());
  rows.push_back(styled_row(rule, theme::muted()));
  if (menu_) {
    size_t n = std::min<size_t>(menu_->candidates.size(), 8);
    size_t first = menu_selected_ >= n ? menu_selected_ - n + 1 : 0;
    for (size_t i = first; i < first + n && i < menu_->candidates.size(); ++i) {
      const auto& c = menu_->candidates[i];
      bool sel = i == menu_selected_;
      Spans spans{{sel ? "❯ " : "  ", theme::accent()}, {c.label, sel ? theme::accent().with_bold() : Style{}}};
      if (!c.detail.empty()) spans.push_back({"  " + c.detail, theme::muted()});
      Row row = make_row(spans);
      if (row.width > width) row = styled_row(truncate_to_width(strip_escapes(row.text), width), {});
      rows.push_back(row);
    }
    if (menu_->candidates.size() > n)
      rows.push_back(styled_row("  … " + std::to_string(menu_->candidates.size() - n) + " more", theme::muted()));
    return rows;
  }
  std::string hint;
  double t = now();
  if (exit_armed_until_ > t)
    hint = "Press Ctrl+C again to exit";
  else if (flash_until_ > t)
    hint = flash_;
  else if (turn_running_)
    hint = cancelling_ ? "cancelling…" : "esc to interrupt · enter queues a message";
  else
    hint = "enter send · shift+enter/ctrl+j newline · / commands · @ files · ctrl+c exit";
  rows.push_back(styled_row(truncate_to_width(hint, width), theme::muted()));
  return rows;
}

void App::render() {
  double t = now();
  if (!render_now_ && last_render_ >= 0 && t - last_render_ < kFrameSeconds) return;
  if (resize_settling()) return;
  int width = screen_.cols();
  screen_.commit(transcript_.take_committed());
  Rows live = transcript_.live_rows(t);
  int cursor_row = 0, cursor_col = 0;
  bool show_cursor = true;
  if (mode_ == Mode::kApproval) {
    if (turn_running_) live.push_back(stats_.status_row(t, model_, width, true));
    Rows q = approval_rows();
    live.insert(live.end(), q.begin(), q.end());
    cursor_row = static_cast<int>(live.size()) - 1;
    show_cursor = false;
  } else if (mode_ == Mode::kPicker && picker_) {
    Rows p = picker_->rows(width, std::max(4, screen_.rows() - static_cast<int>(live.size()) - 2));
    live.insert(live.end(), p.begin(), p.end());
    cursor_row = static_cast<int>(live.size()) - 1;
    show_cursor = false;
  } else {
    for (const auto& q : queued_)
      live.push_back(styled_row(truncate_to_width("  ⏵ queued: " + first_line(q.shown, " …"), width), theme::muted()));
    if (turn_running_ || jobs_ > 0) {
      if (!live.empty()) live.push_back({});
      live.push_back(turn_running_ ? stats_.status_row(t, model_, width, false)
                                   : styled_row(std::string(spinner(t)) + " Working…", theme::accent()));
    }
    int r = 0, c = 0;
    Rows p = prompt_rows(&r, &c);
    cursor_row = static_cast<int>(live.size()) + r;
    cursor_col = c;
    live.insert(live.end(), p.begin(), p.end());
  }
  screen_.set_live(std::move(live), cursor_row, cursor_col, show_cursor);
  std::string bytes = screen_.frame();
  if (!bytes.empty()) terminal_.write(bytes);
  last_render_ = t;
  render_now_ = false;
  content_pending_ = false;
}

int run_tui(Backend& backend, UiQueue& queue, UiBridge& bridge, Settings& settings, const TuiOptions& options) {
  sigset_t signals = ui_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before App starts the engine thread
  App app(backend, queue, bridge, settings, options);
  return app.run();
}

}  // namespace pair::tui
