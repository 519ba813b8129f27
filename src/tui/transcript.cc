#include "tui/transcript.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "protocol/user_notes.h"
#include "tui/highlight.h"
#include "tui/text_width.h"
#include "tui/wrap.h"
#include "util/json_parse.h"
#include "util/overloaded.h"
#include "util/strings.h"

namespace pair::tui {

namespace {

constexpr int kMargin = 2;
constexpr size_t kLiveReasoningRows = 3;
constexpr size_t kLiveReasoningBytes = 2048;

Rows with_margin(Rows rows, bool first_gets_bullet, const Style& bullet_style = {}) {
  for (size_t i = 0; i < rows.size(); ++i) {
    bool bullet = first_gets_bullet && i == 0;
    rows[i].text = (bullet ? sgr(bullet_style) + "●" + kReset + " " : std::string("  ")) + rows[i].text;
    rows[i].width += kMargin;
  }
  return rows;
}

/// The whole reasoning, under a "Thinking" header.
Rows reasoning_rows(const std::string& text, int width) {
  Style st = theme::muted().with_italic();
  Rows out{styled_row("∴ Thinking", st)};
  for (const auto& line : split_lines(std::string(trim(text)))) {
    Rows wrapped = wrap_words({{line, st}}, width, {{"  ", {}}}, {{"  ", {}}});
    out.insert(out.end(), wrapped.begin(), wrapped.end());
  }
  return out;
}

std::string seconds_text(double s) {
  if (s < 60) return fmt::format("{:.0f}s", std::max(0.0, s));
  return fmt::format("{}m {:02}s", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
}

Row title_row(std::string_view bullet, const Style& bullet_style, const ToolCall& call, int width) {
  std::string title = tool_call_title(call);
  size_t paren = title.find('(');
  std::string name = title.substr(0, paren);
  std::string rest = paren == std::string::npos ? "" : title.substr(paren);
  int room = std::max(4, width - 2 - display_width(name));
  return make_row({{std::string(bullet), bullet_style},
                   {" ", {}},
                   {name, Style{}.with_bold()},
                   {truncate_to_width(rest, room), theme::muted()}});
}

}  // namespace

std::string_view spinner(double now) {
  static constexpr std::string_view kFrames[] = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
  return kFrames[static_cast<size_t>(std::fmod(std::max(0.0, now) * 10, 10))];
}

std::string tool_call_title(const ToolCall& call) {
  auto args = parse_json(call.arguments, "arguments").value_or(nlohmann::json());
  std::string key;
  if (args.is_object()) {
    for (const char* k : {"path", "command", "pattern", "url", "query", "file"}) {
      if (json_member(args, k).is_string()) {
        key = first_line(json_string_or(args, k), " …");
        if (std::string_view(k) == "pattern" && json_member(args, "path").is_string())
          key += " in " + json_string_or(args, "path");
        break;
      }
    }
  }
  return key.empty() ? call.name : call.name + "(" + key + ")";
}

Rows tool_output_rows(const std::string& output, bool is_error, size_t max_lines, int width) {
  std::vector<std::string> lines = split_lines(strip_escapes(output));
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  Style st = is_error ? theme::error() : theme::muted();
  Rows out;
  size_t shown = std::min(lines.size(), max_lines);
  bool all = max_lines == SIZE_MAX;
  for (size_t i = 0; i < shown; ++i) {
    std::string line = expand_tabs(lines[i]);
    Spans prefix{{i == 0 ? "  ⎿ " : "    ", theme::muted()}};
    if (all) {
      Rows wrapped = wrap_hard({{line, st}}, width, prefix, {{"    ", {}}});
      out.insert(out.end(), wrapped.begin(), wrapped.end());
    } else {
      out.push_back(make_row({prefix[0], {truncate_to_width(line, std::max(4, width - 4)), st}}));
    }
  }
  if (lines.size() > shown)
    out.push_back(
        styled_row(fmt::format("    … +{} lines (/settings: tool output)", lines.size() - shown), theme::muted()));
  if (lines.empty()) out.push_back(styled_row("  ⎿ (no output)", theme::muted()));
  return out;
}

Rows diff_rows(const std::string& diff, int width, size_t max_lines) {
  Rows out;
  HighlightState state;
  const LanguageSpec* lang = find_language("diff");
  std::vector<std::string> lines = split_lines(diff);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  size_t shown = std::min(lines.size(), max_lines);
  for (size_t i = 0; i < shown; ++i) {
    const std::string& line = lines[i];
    if (line.starts_with("\\ No newline")) {
      out.push_back(styled_row(truncate_to_width(line, width - 4), theme::muted()));
      continue;
    }
    Rows wrapped = wrap_hard(highlight_line(expand_tabs(line), lang, state), width, {{"    ", {}}}, {{"    ", {}}});
    out.insert(out.end(), wrapped.begin(), wrapped.end());
  }
  if (lines.size() > shown)
    out.push_back(styled_row(fmt::format("    … {} more lines, ctrl+o to show", lines.size() - shown), theme::muted()));
  return out;
}

bool diff_is_shortened(const std::string& diff, size_t max_lines) {
  std::vector<std::string> lines = split_lines(diff);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines.size() > max_lines;
}

Transcript::Transcript(UiSettings settings) : settings_(settings) {}

void Transcript::add(Render render, bool spaced) {
  Rows rows = render(cols_);
  if (spaced) committed_.push_back({});
  for (auto& r : rows) committed_.push_back(std::move(r));
  items_.push_back({std::move(render), spaced});
  if (items_.size() > kMaxItems) items_.pop_front();
}

void Transcript::set_width(int cols) {
  cols_ = std::max(10, cols);
  if (md_) md_->set_width(cols_ - kMargin);
}

Rows Transcript::resize(int cols, int screen_rows) {
  cols_ = std::max(10, cols);
  std::vector<Rows> parts;
  int total = 0;
  // The answer being streamed: re-rendered from its text so far.
  Rows streaming;
  if (md_) {
    md_ = std::make_unique<MarkdownStream>(cols_ - kMargin, settings_.syntax_highlighting);
    md_->append(message_text_);
    Rows rows = md_->take_committed();
    message_rows_started_ = !rows.empty();
    streaming = with_margin(std::move(rows), true);
    total += static_cast<int>(streaming.size());
  }
  for (auto it = items_.rbegin(); it != items_.rend() && total < screen_rows; ++it) {
    Rows rows = it->render(cols_);
    if (it->spaced) rows.insert(rows.begin(), Row{});
    total += static_cast<int>(rows.size());
    parts.push_back(std::move(rows));
  }
  Rows out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out.insert(out.end(), it->begin(), it->end());
  out.insert(out.end(), streaming.begin(), streaming.end());
  committed_.clear();  // all of it is in the reprint
  if (static_cast<int>(out.size()) > screen_rows) out.erase(out.begin(), out.end() - screen_rows);
  return out;
}

void Transcript::user_message(const std::string& shown, const std::vector<Attachment>& attachments) {
  add(
      [shown, attachments](int width) {
        Rows rows = wrap_words({{shown, {}}}, width, {{"❯ ", theme::accent()}}, {{"  ", {}}});
        for (const auto& a : attachments)
          rows.push_back(styled_row(truncate_to_width("  ⎿ @" + a.path + " (" + a.note + ")", width),
                                    a.attached ? theme::muted() : theme::warning()));
        return rows;
      },
      true);
}

void Transcript::note(const std::string& text, const Style& style, bool spaced) {
  add([text, style](int width) { return wrap_words({{text, style}}, width, {{"  ", {}}}, {{"  ", {}}}); }, spaced);
}

void Transcript::markdown(const std::string& text, bool spaced) {
  bool hl = settings_.syntax_highlighting;
  add([text, hl](int width) { return with_margin(render_markdown(text, width - kMargin, hl), false); }, spaced);
}

void Transcript::diff(const std::string& text) {
  add([text](int width) { return diff_rows(text, width); }, false);
}

void Transcript::note_shortened(const std::string& diff) {
  if (!diff_is_shortened(diff, kDiffPreviewLines)) return;
  shortened_diff_ = diff;
  diff_is_latest_ = true;
}

void Transcript::approval_context(const ApprovalRequest& r) {
  if (r.tool != "bash") note_shortened(r.detail);
  add(
      [r](int width) {
        // A command is shown once, in full, below; other calls are named by their summary.
        Spans title{{"●", theme::warning()}, {" ", {}}};
        std::string label = r.outside_workspace ? "  outside the workspace" : "";
        int room = std::max(4, width - 2 - display_width(label));
        title.push_back({truncate_to_width(r.tool == "bash" ? "bash" : r.summary, room), Style{}.with_bold()});
        if (!label.empty()) title.push_back({label, theme::warning()});
        Rows rows{make_row(title)};
        if (r.detail.empty()) return rows;
        Rows body;
        if (r.tool == "bash") {
          HighlightState state;
          const LanguageSpec* sh = find_language("sh");
          for (const auto& line : split_lines(r.detail)) {
            Rows w = wrap_hard(highlight_line(expand_tabs(line), sh, state), width, {{"    ", {}}}, {{"    ", {}}});
            body.insert(body.end(), w.begin(), w.end());
          }
        } else {
          body = diff_rows(r.detail, width, kDiffPreviewLines);
        }
        rows.insert(rows.end(), body.begin(), body.end());
        return rows;
      },
      true);
}

void Transcript::end_reasoning(double now) {
  if (reasoning_started_ < 0) return;
  std::string text = std::move(reasoning_);
  reasoning_.clear();
  double took = now - reasoning_started_;
  reasoning_started_ = -1;
  if (trim(text).empty()) return;
  last_reasoning_ = text;
  diff_is_latest_ = false;
  switch (settings_.reasoning) {
    case ReasoningView::kHidden: return;
    case ReasoningView::kShown: add([text](int width) { return reasoning_rows(text, width); }, true); return;
    case ReasoningView::kCollapsed:
      add(
          [took](int) {
            return Rows{
                styled_row("∴ Thought for " + seconds_text(took) + " (ctrl+o to show)", theme::muted().with_italic())};
          },
          true);
      return;
  }
}

void Transcript::expand_latest() {
  if (diff_is_latest_) {
    add([text = shortened_diff_](int width) { return diff_rows(text, width); }, true);
    return;
  }
  if (last_reasoning_.empty()) {
    note("No reasoning or shortened diff to show yet.");
    return;
  }
  add([text = last_reasoning_](int width) { return reasoning_rows(text, width); }, true);
}

void Transcript::end_message() {
  if (!md_) return;
  md_->finish();
  Rows rows = with_margin(md_->take_committed(), !message_rows_started_);
  committed_.insert(committed_.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  md_.reset();
  // Kept for resizes; the rows are on screen already.
  std::string text = std::move(message_text_);
  message_text_.clear();
  bool hl = settings_.syntax_highlighting;
  items_.push_back(
      {.render = [text, hl](int width) { return with_margin(render_markdown(text, width - kMargin, hl), true); },
       .spaced = true});
  if (items_.size() > kMaxItems) items_.pop_front();
}

void Transcript::tool_finished(const ToolCall& call, const std::string& output, bool is_error,
                               const std::string& diff) {
  size_t lines = tool_output_lines(settings_.tool_output);
  if (!diff.empty()) note_shortened(diff);
  add(
      [call, output, is_error, lines, diff](int width) {
        Rows rows{title_row("●", is_error ? theme::error() : theme::success(), call, width)};
        Rows body = tool_output_rows(output, is_error, lines, width);
        rows.insert(rows.end(), body.begin(), body.end());
        if (!diff.empty()) {
          Rows d = diff_rows(diff, width, kDiffPreviewLines);
          rows.insert(rows.end(), d.begin(), d.end());
        }
        return rows;
      },
      true);
}

void Transcript::on_event(const AgentEvent& event, double now) {
  // One lambda per event: a new event type does not compile until the transcript decides about it.
  std::visit(overloaded{
                 [](const agent_event::RequestStarted&) {},  // the status line shows requests
                 [&](const agent_event::ReasoningDelta& e) {
                   if (reasoning_started_ < 0) reasoning_started_ = now;
                   reasoning_ += e.text;
                 },
                 [&](const agent_event::TextDelta& e) { append_text(e.text, now); },
                 [&](const agent_event::ToolCallStreaming& e) {
                   end_reasoning(now);
                   end_message();
                   streaming_tool_ = e.name;
                 },
                 [&](const agent_event::AssistantMessage&) {
                   end_reasoning(now);
                   end_message();
                   streaming_tool_.clear();
                 },
                 [&](const agent_event::ToolStarted& e) {
                   running_ = e.call;
                   running_since_ = now;
                   running_diff_ = e.diff;
                 },
                 [&](const agent_event::ToolFinished& e) {
                   bool same = running_ && running_->id == e.call.id;
                   running_.reset();
                   // A refused or failed write changed nothing: its diff would mislead.
                   tool_finished(e.call, e.output, e.is_error, same && !e.is_error ? running_diff_ : "");
                   running_diff_.clear();
                 },
                 [](const agent_event::Usage&) {},         // numbers for the status line (stats.h)
                 [](const agent_event::Timings&) {},       // numbers for the status line
                 [](const agent_event::Progress&) {},      // numbers for the status line
                 [](const agent_event::ContextUsage&) {},  // numbers for the status line
                 [&](const agent_event::Compacted& e) {
                   // /compact reports its own result; an automatic one would otherwise go unseen.
                   if (e.automatic) note(compacted_text(e), theme::muted(), true);
                 },
                 [&](const agent_event::Notice& e) {
                   // One row: the turn's end shows a failure in full; the row keeps the start and the cause.
                   add(
                       [text = "· " + replace_all(e.text, "\n", " ")](int width) {
                         return Rows{styled_row(truncate_middle_to_width("  " + text, width), theme::muted())};
                       },
                       false);
                 },
                 [&](const agent_event::Warning& e) { note("⚠ " + e.text, theme::warning()); },
                 [&](const agent_event::AnswerCutOff& e) {
                   end_reasoning(now);
                   end_message();
                   note(cut_off_text(e), theme::warning(), true);
                 },
                 [&](const agent_event::TurnFinished& e) {
                   end_reasoning(now);
                   end_message();
                   streaming_tool_.clear();
                   running_.reset();
                   if (e.outcome == TurnOutcome::kCancelled)
                     note("⎿ Interrupted. What should pair do instead?", theme::warning());
                   if (e.outcome == TurnOutcome::kMaxTurns)
                     note("⎿ Stopped after " + std::to_string(e.model_requests) + " model requests (--max-turns).",
                          theme::warning());
                   if (e.outcome == TurnOutcome::kLoopDetected)
                     note("⎿ Stopped a loop: " + e.detail + ". Tell pair what to do differently.", theme::warning(),
                          true);
                   if (e.error) note("✗ " + e.error->message, theme::error(), true);
                 },
             },
             event);
}

void Transcript::append_text(const std::string& text, double now) {
  end_reasoning(now);
  if (!md_) {
    md_ = std::make_unique<MarkdownStream>(cols_ - kMargin, settings_.syntax_highlighting);
    message_rows_started_ = false;
    committed_.push_back({});  // a blank row before the answer
  }
  message_text_ += text;
  md_->append(text);
  Rows rows = md_->take_committed();
  if (!rows.empty()) {
    Rows m = with_margin(std::move(rows), !message_rows_started_);
    message_rows_started_ = true;
    committed_.insert(committed_.end(), m.begin(), m.end());
  }
}

ReplayedPrompt replayed_prompt(const Message& m) {
  std::string_view text = m.content;
  if (text.starts_with("<context>")) {  // the workspace facts ahead of the first message
    size_t end = text.find("</context>");
    if (end != std::string_view::npos) text = trim(text.substr(end + 10));
  }
  ReplayedPrompt out;
  text = strip_undo_note(text, &out.undone_files);
  out.text = m.shown.empty() ? std::string(text) : m.shown;
  return out;
}

std::string compacted_text(const agent_event::Compacted& e) {
  std::string text = "⎿ compacted automatically: " + grouped_number(e.tokens_before) + " → " +
                     grouped_number(e.tokens_after) + " tokens (";
  if (e.summarized_messages > 0)
    text += plural(e.summarized_messages, "older message", "older messages") + " summarised";
  if (e.summarized_messages > 0 && e.trimmed_outputs > 0) text += ", ";
  if (e.trimmed_outputs > 0) text += plural(e.trimmed_outputs, "tool output", "tool outputs") + " trimmed";
  return text + ")";
}

std::string cut_off_text(const agent_event::AnswerCutOff& e) {
  if (e.filtered)
    return "⚠ The provider stopped the answer (its content filter or guardrail); the request and the answer are left "
           "out of the conversation. Rephrase the request, or /model for another model.";
  if (e.window_full)
    return "⚠ The answer was cut off: the context window is full (" + grouped_number(e.used) + " of " +
           grouped_number(e.window) +
           " tokens). Send a message to continue (the conversation is compacted first), /compact with a focus, "
           "/clear, or /model for a model with a larger window.";
  return "⚠ The answer was cut off at its token limit (max_tokens of this model in models.json). Ask it to "
         "continue.";
}

void Transcript::replay(const std::vector<Message>& messages) {
  for (const auto& m : messages) {
    switch (m.role) {
      case Role::kSystem: break;
      case Role::kUser: {
        ReplayedPrompt prompt = replayed_prompt(m);
        if (!prompt.undone_files.empty())
          note("↺ /undo: " + prompt.undone_files + " back as before the previous turn", theme::muted(), true);
        user_message(prompt.text, {});
        break;
      }
      case Role::kAssistant:
        if (!trim(m.content).empty()) {
          bool hl = settings_.syntax_highlighting;
          add([text = m.content,
               hl](int width) { return with_margin(render_markdown(text, width - kMargin, hl), true); },
              true);
        }
        break;
      case Role::kTool: {
        ToolCall call{m.tool_call_id, m.tool_name, "{}"};
        for (const auto& prev : messages)
          for (const auto& c : prev.tool_calls)
            if (c.id == m.tool_call_id) call = c;
        tool_finished(call, m.content, m.is_error);
        break;
      }
    }
  }
}

Rows Transcript::take_committed() {
  return std::exchange(committed_, {});
}

Rows Transcript::live_rows(double now) const {
  Rows out;
  if (reasoning_started_ >= 0 && settings_.reasoning != ReasoningView::kHidden) {
    out.push_back(styled_row(std::string(spinner(now)) + " Thinking… " + seconds_text(now - reasoning_started_),
                             theme::muted().with_italic()));
    // Only the tail is shown: wrap the last part, not all of a long reasoning, every frame.
    std::string_view tail = reasoning_;
    if (tail.size() > kLiveReasoningBytes) {
      tail.remove_prefix(tail.size() - kLiveReasoningBytes);
      if (size_t nl = tail.find('\n'); nl != std::string_view::npos) tail.remove_prefix(nl + 1);
      tail.remove_prefix(utf8_safe_tail(tail, tail.size()));
    }
    Rows body = reasoning_rows(std::string(tail), cols_);
    body.erase(body.begin());  // the header: the spinner line stands for it
    if (body.size() > kLiveReasoningRows) body.erase(body.begin(), body.end() - kLiveReasoningRows);
    out.insert(out.end(), body.begin(), body.end());
  }
  if (md_) {
    Rows live = with_margin(md_->live_rows(), !message_rows_started_);
    out.insert(out.end(), live.begin(), live.end());
  }
  if (!streaming_tool_.empty())
    out.push_back(make_row({{std::string(spinner(now)), theme::accent()},
                            {" " + streaming_tool_, Style{}.with_bold()},
                            {" (the model is writing the call)", theme::muted()}}));
  if (running_) {
    out.push_back(title_row(spinner(now), theme::accent(), *running_, cols_));
    out.push_back(styled_row("  ⎿ running… " + seconds_text(now - running_since_), theme::muted()));
  }
  return out;
}

}  // namespace pair::tui
