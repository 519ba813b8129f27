#pragma once
/// What the conversation looks like on screen: agent events in, rows out.
/// Finished things (a user message, an answer's finished blocks, a tool call
/// with its output, a notice) become committed rows for the scrollback; the
/// answer's open block, the reasoning being written and a running tool form
/// the live rows above the status line. Every finished item is also kept (the
/// last kMaxItems) so a redraw (Ctrl+L) can re-render the latest output at the
/// current width.
/// Thread affinity: the UI thread.

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/agent_event.h"
#include "tui/completion.h"
#include "tui/markdown.h"
#include "tui/style.h"
#include "tui/ui_settings.h"

namespace pair::tui {

class Transcript {
 public:
  static constexpr size_t kMaxItems = 200;
  /// Lines of a diff shown before "… N more lines, ctrl+o to show".
  static constexpr size_t kDiffPreviewLines = 20;

  explicit Transcript(UiSettings settings);
  void set_settings(const UiSettings& s) { settings_ = s; }
  /// The terminal's width, at start and after a resize: what is rendered from
  /// now on, the open block of a streamed answer included, fits it; committed
  /// rows stay as they were drawn.
  void set_width(int cols);
  /// set_width, and the rows to reprint on a cleared screen (Ctrl+L): the
  /// latest items re-rendered, enough for `screen_rows`, and what the streamed
  /// answer committed so far.
  Rows resize(int cols, int screen_rows);

  void user_message(const std::string& shown, const std::vector<Attachment>& attachments);
  void on_event(const AgentEvent& event, double now);
  /// Before an approval question: what the call will do (diff or command).
  void approval_context(const ApprovalRequest& request);
  /// A line (or more) of information, warning or error.
  void note(const std::string& text, const Style& style = theme::muted(), bool spaced = false);
  /// Markdown text from pair itself (help, /diff, a resumed conversation).
  void markdown(const std::string& text, bool spaced = true);
  /// A unified diff, coloured.
  void diff(const std::string& text);
  /// Ctrl+O: the latest thing shown shortened, in full: a diff cut at
  /// kDiffPreviewLines, or else the latest answer's reasoning.
  void expand_latest();
  /// A conversation loaded from a session: user messages, answers, tool calls.
  void replay(const std::vector<Message>& messages);

  Rows take_committed();
  /// The open block, reasoning and running tool; `now` animates the spinner.
  Rows live_rows(double now) const;
  bool streaming() const { return md_ != nullptr; }

 private:
  using Render = std::function<Rows(int width)>;
  void add(Render render, bool spaced);
  void end_reasoning(double now);
  void end_message();
  void append_text(const std::string& text, double now);
  void tool_finished(const ToolCall& call, const std::string& output, bool is_error, const std::string& diff = "");
  /// Remembers a diff shown shortened, for Ctrl+O.
  void note_shortened(const std::string& diff);

  UiSettings settings_;
  int cols_ = 80;
  struct Item {
    Render render;
    bool spaced;
  };
  std::deque<Item> items_;
  Rows committed_;

  // The answer being streamed.
  std::unique_ptr<MarkdownStream> md_;
  std::string message_text_;
  bool message_rows_started_ = false;
  // Reasoning.
  std::string reasoning_;
  std::string last_reasoning_;
  // The latest diff shown shortened; Ctrl+O shows it in full while it is newer than the reasoning.
  std::string shortened_diff_;
  bool diff_is_latest_ = false;
  double reasoning_started_ = -1;
  // A tool call being written by the model, or running.
  std::string streaming_tool_;
  std::optional<ToolCall> running_;
  std::string running_diff_;  // an edit that runs unasked: its diff, shown with the result
  double running_since_ = 0;
};

/// "bash(git status)": a tool call's name and key argument, for one line.
std::string tool_call_title(const ToolCall& call);
/// Tool output as rows: at most `max_lines` lines (each cut to the width
/// unless all are shown), then how many more there were.
Rows tool_output_rows(const std::string& output, bool is_error, size_t max_lines, int width);
/// A coloured unified diff, hard-wrapped: its first `max_lines` lines, then
/// "… N more lines, ctrl+o to show" when there are more.
Rows diff_rows(const std::string& diff, int width, size_t max_lines = SIZE_MAX);
/// Whether diff_rows with `max_lines` leaves lines out.
bool diff_is_shortened(const std::string& diff, size_t max_lines);
/// A user message of a loaded session as the user saw it: what they typed
/// (pastes as their labels), and the files an /undo before it restored (the
/// note pair added for the model), shown as a notice rather than as typed.
struct ReplayedPrompt {
  std::string text;
  std::string undone_files;  ///< "hello.py, b.txt"; empty without an undo
};
ReplayedPrompt replayed_prompt(const Message& m);
/// "⎿ compacted automatically: 12,345 → 3,210 tokens (8 older messages summarised)".
std::string compacted_text(const agent_event::Compacted& e);
/// What the transcript says when an answer stopped at a token limit, with what to do.
std::string cut_off_text(const agent_event::AnswerCutOff& e);
/// The spinner frame for time `now` (seconds).
std::string_view spinner(double now);

}  // namespace pair::tui
