#include "core/agent.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "core/compactor.h"
#include "core/prompt.h"
#include "core/read_access.h"
#include "core/reasoning_calls.h"
#include "core/text_tool_calls.h"
#include "core/tool_runner.h"
#include "util/notice_text.h"
#include "util/overloaded.h"
#include "util/strings.h"

namespace pair {
namespace {

/// A retry notice quotes at most this much of the error (the turn's end shows it whole).
constexpr size_t kNoticeBytes = 400;

}  // namespace

struct Agent::Reply {
  Message message;
  FinishReason finish = FinishReason::kStop;
  bool finished = false;
  bool received_content = false;
  int64_t measured_tokens = 0;  ///< the server's count of prompt + answer
  int64_t answer_tokens = 0;    ///< the server's count of the answer alone
};

Agent::Agent(AgentOptions options, ModelProvider& provider, const ToolRegistry& tools, PermissionPolicy& permissions,
             ApprovalHandler& approvals, AgentEventHandler on_event)
    : options_(std::move(options)),
      provider_(&provider),
      tools_(tools),
      permissions_(permissions),
      approvals_(approvals),
      on_event_(std::move(on_event)),
      tracker_([this](std::string_view text) { return exact_tokens(text); }) {
  messages_.push_back(Message::system(system_prompt()));
  count_tools();
}

void Agent::count_tools() {
  size_t tool_chars = 0;
  for (const auto& t : tools_.specs()) tool_chars += t.name.size() + t.description.size() + t.parameters_schema.size();
  tracker_.set_fixed_text_size(tool_chars);
}

void Agent::tools_changed() {
  count_tools();
  tracker_.reset_measurement();  // the server's last count was of the old tools
}

void Agent::set_provider(ModelProvider& provider) {
  provider_ = &provider;
  tokenizer_available_ = true;
  tracker_.reset_measurement();
}

void Agent::set_context_window(int64_t tokens, std::string source) {
  tracker_.set_window(tokens, std::move(source));
}

int64_t Agent::context_used() {
  return tracker_.estimate(messages_);
}

namespace {

/// Whether a failed count means the server has no tokenizer to ask (not
/// offered, no such endpoint, a server that answers something else), rather
/// than a cancelled or transient failure, after which it is asked again.
bool means_no_tokenizer(const Error& e) {
  if (e.code == ErrorCode::kHttp) return e.http_status == 404 || e.http_status == 405 || e.http_status == 501;
  return e.code == ErrorCode::kNotFound || e.code == ErrorCode::kProtocol || e.code == ErrorCode::kParse;
}

}  // namespace

std::optional<int64_t> Agent::exact_tokens(std::string_view text) {
  if (!tokenizer_available_) return std::nullopt;
  auto n = provider_->count_tokens(text, current_stop_);
  if (n) return *n;
  // Without a tokenizer, don't ask again for every message.
  if (means_no_tokenizer(n.error())) tokenizer_available_ = false;
  return std::nullopt;
}

int64_t Agent::answer_reserve() const {
  if (options_.generation.max_tokens) return *options_.generation.max_tokens;
  return std::clamp<int64_t>(tracker_.window() / 8, 256, 4096);
}

agent_event::AnswerCutOff Agent::cut_off(const Reply& reply) {
  int64_t window = tracker_.window();
  int64_t used = reply.measured_tokens > 0 ? reply.measured_tokens
                                           : tracker_.estimate(messages_) + tracker_.rough_tokens(reply.message);
  const auto& limit = options_.generation.max_tokens;
  bool hit_own_limit = limit && reply.answer_tokens >= *limit;
  // Servers stop a little short of the window (a token or two of their own); 2% covers it.
  bool window_full = !hit_own_limit && window > 0 && used >= window - window / 50;
  return {.window_full = window_full, .used = used, .window = window};
}

Result<agent_event::Compacted> Agent::compact(const std::string& focus, bool automatic, std::stop_token stop,
                                              bool after_overflow) {
  current_stop_ = stop;
  int64_t before = tracker_.estimate(messages_);
  int64_t window = tracker_.window();
  CompactionOptions o;
  // Without a known window, aim at half of what the conversation takes now.
  o.window = window > 0 ? window : before + 4096;
  if (after_overflow) o.window = std::min(o.window, before * 9 / 10);
  bool known = window > 0 || after_overflow;
  o.target = known ? o.window / 2 : before / 2;
  o.keep_budget = known ? o.window * 3 / 10 : before / 4;
  if (!automatic) o.target = o.keep_budget = 0;  // /compact: all but the latest turn goes into the summary
  o.summary_max_tokens = std::clamp<int64_t>(o.window / 10, 256, 2048);
  o.focus = focus;
  o.images = options_.tool_images;
  Compactor compactor(
      *provider_, tools_.specs(), [this](const Message& m) { return tracker_.rough_tokens(m); }, options_.generation);
  auto r = compactor.compact(messages_, o, stop);
  if (!r) return std::unexpected(r.error());
  agent_event::Compacted done{.tokens_before = before,
                              .tokens_after = before,  // until something is compacted
                              .summarized_messages = r->summarized_messages,
                              .trimmed_outputs = r->trimmed_outputs,
                              .automatic = automatic};
  if (!r->summarized && r->trimmed_outputs == 0) {
    // Asked for by the user, the caller says so (done shows nothing changed).
    if (automatic)
      on_event_(agent_event::Notice{"nothing to compact: the conversation is the first request and its latest steps"});
    return done;
  }
  messages_ = std::move(r->messages);
  tracker_.reset_measurement();
  if (compaction_observer_) compaction_observer_(messages_);
  done.tokens_after = tracker_.estimate(messages_);
  on_event_(done);
  return done;
}

std::optional<Error> Agent::fit_window(std::stop_token stop) {
  int64_t window = tracker_.window();
  int64_t used = tracker_.estimate(messages_);
  on_event_(
      agent_event::ContextUsage{.used = used, .window = window, .source = tracker_.window_source(), .measured = false});
  if (window <= 0) return std::nullopt;
  if (static_cast<double>(used) > options_.compact_at * static_cast<double>(window)) {
    auto r = compact("", /*automatic=*/true, stop);
    if (!r && r.error().code == ErrorCode::kCancelled) return r.error();
    // A server that cannot be reached is the cause to show, not the window.
    if (!r && (r.error().code == ErrorCode::kConnection || r.error().code == ErrorCode::kDisconnected ||
               r.error().code == ErrorCode::kTimeout))
      return r.error();
    if (!r) on_event_(agent_event::Notice{"compaction failed: " + r.error().message});
    used = tracker_.estimate(messages_);
  }
  if (used + answer_reserve() > window)
    return Error(ErrorCode::kContextOverflow, "the conversation needs about " + grouped_number(used) + " tokens plus " +
                                                  grouped_number(answer_reserve()) +
                                                  " for the answer, but the model's window is " +
                                                  grouped_number(window) + " tokens (" + tracker_.window_source() +
                                                  "). " + overflow_advice(options_.advice));
  return std::nullopt;
}

void Agent::append(Message m) {
  messages_.push_back(std::move(m));
  if (observer_) observer_(messages_.back());
}

void Agent::load_conversation(std::vector<Message> messages) {
  messages_.clear();
  call_ids_.clear();
  messages_.push_back(Message::system(system_prompt()));
  std::vector<ToolCall> open_calls;
  auto close_open_calls = [&] {
    for (const auto& call : open_calls) {
      Message m = Message::tool_result(call, "Interrupted: pair stopped before this call finished.", true);
      append(std::move(m));
    }
    open_calls.clear();
  };
  for (auto& m : messages) {
    if (m.role == Role::kSystem) continue;  // the current system prompt stands
    if (m.role == Role::kTool) {
      // A result whose call is not open would make the conversation invalid.
      if (std::erase_if(open_calls, [&](const ToolCall& c) { return c.id == m.tool_call_id; }) == 0) continue;
    } else {
      close_open_calls();
    }
    if (m.role == Role::kAssistant) {
      for (const auto& c : m.tool_calls) {
        call_ids_.insert(c.id);
        open_calls.push_back(c);
      }
      next_call_number_ += static_cast<int>(m.tool_calls.size());
    }
    messages_.push_back(std::move(m));
  }
  close_open_calls();
}

bool Agent::wait(std::chrono::milliseconds d, std::stop_token stop) {
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  return !cv.wait_for(lock, stop, d, [] { return false; });
}

bool Agent::request_model(Reply& reply, std::stop_token stop, std::optional<Error>* error) {
  // A model switched to that takes no images gets the earlier ones described.
  std::optional<std::vector<Message>> text_only = without_images(messages_, options_.tool_images);
  ChatRequest request{text_only ? *text_only : messages_, tools_.specs(), options_.generation};
  // One lambda per model event: a new event type does not compile until it is handled here.
  auto visitor = overloaded{
      [&](const model_event::TextDelta& e) {
        reply.received_content = true;
        reply.message.content += e.text;
        on_event_(agent_event::TextDelta{e.text});
      },
      [&](const model_event::ReasoningDelta& e) {
        reply.received_content = true;
        reply.message.reasoning += e.text;
        on_event_(agent_event::ReasoningDelta{e.text});
      },
      [&](const model_event::ToolCallBegin& e) {
        reply.received_content = true;
        on_event_(agent_event::ToolCallStreaming{e.name});
      },
      [&](const model_event::ToolCallDone& e) {
        reply.received_content = true;
        reply.message.tool_calls.push_back(e.call);
      },
      [&](const model_event::Usage& e) {
        reply.measured_tokens = std::max(reply.measured_tokens, e.usage.prompt_tokens + e.usage.completion_tokens);
        reply.answer_tokens = std::max(reply.answer_tokens, e.usage.completion_tokens);
        on_event_(agent_event::Usage{e.usage});
      },
      [&](const model_event::Timings& e) {
        reply.measured_tokens =
            std::max(reply.measured_tokens, e.timings.prompt_n + e.timings.cache_n + e.timings.predicted_n);
        reply.answer_tokens = std::max(reply.answer_tokens, e.timings.predicted_n);
        on_event_(agent_event::Timings{e.timings});
      },
      [&](const model_event::Progress& e) { on_event_(agent_event::Progress{e.progress}); },
      [&](const model_event::Finish& e) {
        reply.finish = e.reason;
        reply.finished = true;
      },
  };
  ModelEventHandler handler = [&](const ModelEvent& event) { std::visit(visitor, event); };

  RepeatFilter notices;  // a server that fails the same way again adds no line
  for (int attempt = 0;; ++attempt) {
    auto result = provider_->stream(request, handler, stop);
    if (result) return true;
    bool can_retry = is_retryable(result.error()) && !reply.received_content && attempt < options_.max_retries &&
                     !stop.stop_requested();
    if (!can_retry) {
      *error = result.error();
      return false;
    }
    auto delay = options_.retry_delay * (1 << attempt);
    if (notices.is_new(result.error().message))
      on_event_(agent_event::Notice{"retrying (up to " + std::to_string(options_.max_retries - attempt) +
                                    "×, first in " + std::to_string(delay.count()) +
                                    " ms): " + shorten_middle(result.error().message, kNoticeBytes)});
    if (!wait(delay, stop)) {
      *error = Error(ErrorCode::kCancelled, "cancelled");
      return false;
    }
  }
}

void Agent::adopt_text_tool_calls(Message& m) {
  if (!m.tool_calls.empty() || m.content.empty()) return;
  TextToolCalls found = extract_text_tool_calls(m.content, tools_.name_list(), BrokenCalls::kTaken);
  if (found.calls.empty()) return;
  std::string malformed =
      found.malformed == 0 ? ""
                           : " (" + std::to_string(found.malformed) + " malformed: the model is told what was wrong)";
  on_event_(agent_event::Notice{"recovered " + std::to_string(found.calls.size()) + " tool call(s) in " + found.format +
                                " format that the server left in the answer's text" + malformed});
  m.content = std::move(found.remaining_text);
  m.tool_calls = std::move(found.calls);
}

void Agent::assign_ids(Message& m) {
  for (auto& call : m.tool_calls) {
    if (call.id.empty() || call_ids_.contains(call.id)) {
      do {
        call.id = "call_" + std::to_string(next_call_number_++);
      } while (call_ids_.contains(call.id));
    } else {
      ++next_call_number_;
    }
    call_ids_.insert(call.id);
  }
}

agent_event::TurnFinished Agent::run_turn(Message user_message, std::stop_token stop) {
  agent_event::TurnFinished finished;
  auto end = [&](TurnOutcome outcome, std::optional<Error> error = std::nullopt) {
    finished.outcome = outcome;
    finished.error = std::move(error);
    on_event_(finished);
    return finished;
  };

  current_stop_ = stop;
  const size_t turn_start = messages_.size();
  append(std::move(user_message));
  ToolRunner runner(tools_, permissions_, approvals_, on_event_);
  ToolContext ctx{options_.workspace, options_.tool_limits, stop, options_.sandbox, options_.changes};
  ctx.read_access = read_access_of(permissions_);
  ctx.editor_files = options_.editor_files;
  ctx.editor_terminal = options_.editor_terminal;
  bool compacted_after_overflow = false;
  LoopGuard loop_guard(options_.loop_guard);  // a new user message is new information: each turn counts afresh
  bool nudged_about_reasoning = false;

  for (;;) {
    if (options_.max_turns > 0 && finished.model_requests >= options_.max_turns) return end(TurnOutcome::kMaxTurns);
    if (auto refusal = fit_window(stop)) {
      if (refusal->code == ErrorCode::kCancelled) return end(TurnOutcome::kCancelled);
      return end(TurnOutcome::kError, std::move(refusal));
    }
    on_event_(agent_event::RequestStarted{finished.model_requests});
    ++finished.model_requests;

    Reply reply;
    reply.message.role = Role::kAssistant;
    std::optional<Error> error;
    bool ok = request_model(reply, stop, &error);
    if (!ok && error->code == ErrorCode::kContextOverflow && !reply.received_content && !compacted_after_overflow) {
      // The server knows better than our estimate: learn its window, compact, retry once.
      compacted_after_overflow = true;
      int64_t used = tracker_.estimate(messages_);
      if (error->window > 0)
        tracker_.set_window(error->window, "the server's error");
      else if (tracker_.window() <= 0 || tracker_.window() >= used)
        tracker_.set_window(used * 3 / 4, "an estimate");
      on_event_(agent_event::Notice{"the request did not fit the model's window; compacting and retrying"});
      auto compacted = compact("", /*automatic=*/true, stop, /*after_overflow=*/true);
      bool changed = compacted && (compacted->summarized_messages > 0 || compacted->trimmed_outputs > 0);
      if (changed) continue;
      if (!compacted && compacted.error().code == ErrorCode::kCancelled) return end(TurnOutcome::kCancelled);
      if (!compacted) on_event_(agent_event::Notice{"compaction failed: " + compacted.error().message});
    }
    compacted_after_overflow = false;
    if (!ok) {
      // Keep what arrived: a partial answer is still the user's to see and resume from.
      if (!reply.message.content.empty() || !reply.message.reasoning.empty()) {
        reply.message.tool_calls.clear();
        finished.final_text = reply.message.content;
        append(std::move(reply.message));
      }
      if (stop.stop_requested() || error->code == ErrorCode::kCancelled) return end(TurnOutcome::kCancelled);
      return end(TurnOutcome::kError, with_advice(std::move(*error), options_.advice));
    }

    Message& m = reply.message;
    adopt_text_tool_calls(m);
    assign_ids(m);
    if (reply.finish == FinishReason::kLength) on_event_(cut_off(reply));
    if (reply.finish == FinishReason::kContentFilter) {
      on_event_(agent_event::AnswerCutOff{.filtered = true, .used = 0, .window = tracker_.window()});
      finished.final_text = m.content;
      on_event_(agent_event::AssistantMessage{m});
      size_t dropped = messages_.size() - turn_start;
      messages_.resize(turn_start);
      tracker_.reset_measurement();
      if (rewind_observer_) rewind_observer_(dropped);
      return end(TurnOutcome::kCompleted);
    }

    auto record_measurement = [&] {
      tracker_.measured(messages_.size(), reply.measured_tokens);
      if (reply.measured_tokens > 0)
        on_event_(agent_event::ContextUsage{.used = reply.measured_tokens,
                                            .window = tracker_.window(),
                                            .source = tracker_.window_source(),
                                            .measured = true});
    };
    if (m.tool_calls.empty()) {
      std::vector<std::string> in_reasoning;
      // Not when --max-turns leaves no request to answer it: the nudge would be left unanswered.
      bool can_ask = options_.max_turns == 0 || finished.model_requests < options_.max_turns;
      if (can_ask && !nudged_about_reasoning && reply.finish != FinishReason::kLength && trim(m.content).empty())
        in_reasoning = calls_ending_reasoning(m.reasoning, tools_);
      finished.final_text = m.content;
      on_event_(agent_event::AssistantMessage{m});
      append(std::move(m));
      record_measurement();
      if (in_reasoning.empty()) return end(TurnOutcome::kCompleted);
      // Once per turn, and after the answer as it was sent, so the server's cache still covers all of it.
      nudged_about_reasoning = true;
      on_event_(agent_event::Notice{reasoning_call_notice(in_reasoning)});
      append(reasoning_call_nudge(in_reasoning));
      continue;
    }

    std::vector<PreparedCall> prepared;
    for (auto& call : m.tool_calls) {
      prepared.push_back(runner.prepare(call));
      call = prepared.back().call;
    }
    finished.final_text = m.content;
    on_event_(agent_event::AssistantMessage{m});
    append(std::move(m));
    record_measurement();
    // Every call gets exactly one result, recorded as soon as it exists.
    bool cancelled = false;
    std::optional<LoopCheck> loop_stop;
    for (auto& p : prepared) {
      cancelled = cancelled || stop.stop_requested();
      ToolCallResult result = cancelled   ? ToolCallResult{.output = "Cancelled by the user.", .is_error = true}
                              : loop_stop ? ToolCallResult{.output = "Not run: the turn was stopped.", .is_error = true}
                                          : guarded_call(loop_guard, runner, p, ctx, &loop_stop);
      Message answer = Message::tool_result(p.call, std::move(result.output), result.is_error);
      attach_tool_images(answer, std::move(result.images), options_.tool_images);
      on_event_(agent_event::ToolFinished{p.call, answer.content, answer.is_error});
      append(std::move(answer));
    }
    if (cancelled || stop.stop_requested()) return end(TurnOutcome::kCancelled);
    if (loop_stop) {
      finished.detail = loop_stop_text(*loop_stop);
      return end(TurnOutcome::kLoopDetected);
    }
  }
}

ToolCallResult Agent::guarded_call(LoopGuard& guard, ToolRunner& runner, PreparedCall& p, const ToolContext& ctx,
                                   std::optional<LoopCheck>* stopped) {
  LoopCheck check = guard.check(p.call);
  switch (check.action) {
    case LoopAction::kRun: {
      ToolCallResult result = runner.execute(p, ctx);
      guard.ran(p.call, result.output, result.is_error);
      return result;
    }
    case LoopAction::kWarn:
      // Not run: its output is in the conversation twice already; a third copy only fills the window.
      guard.answered(check);
      on_event_(agent_event::Notice{loop_warning_notice(check)});
      return {.output = loop_warning(p.call, check), .is_error = true};
    case LoopAction::kStop: *stopped = check; return {.output = loop_stopped_result(check), .is_error = true};
  }
  return {};
}

}  // namespace pair
