#include "headless/headless_output.h"

#include <nlohmann/json.hpp>

#include <chrono>

#include "util/json_parse.h"
#include "util/overloaded.h"
#include "util/strings.h"

namespace pair {
namespace {

using nlohmann::json;

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

json usage_json(const TokenUsage& u) {
  return {{"prompt_tokens", u.prompt_tokens},
          {"completion_tokens", u.completion_tokens},
          {"cached_tokens", u.cached_tokens}};
}

json timings_json(const ServerTimings& t) {
  json j = {{"prompt_n", t.prompt_n},
            {"cache_n", t.cache_n},
            {"predicted_n", t.predicted_n},
            {"prompt_ms", t.prompt_ms},
            {"predicted_ms", t.predicted_ms},
            {"prompt_per_second", t.prompt_per_second},
            {"predicted_per_second", t.predicted_per_second}};
  if (t.total_ms > 0) j["total_ms"] = t.total_ms;  // Bedrock's latencyMs
  if (t.draft_n > 0) {                             // speculative decoding is on
    j["draft_n"] = t.draft_n;
    j["draft_n_accepted"] = t.draft_accepted;
  }
  return j;
}

std::string one_line(std::string_view s, size_t max = 160) {
  std::string out;
  for (char c : s) {
    if (out.size() >= max) {
      out += "...";
      break;
    }
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string_view cut_off_reason(const agent_event::AnswerCutOff& e) {
  if (e.filtered) return "content_filter";
  return e.window_full ? "context_window" : "max_tokens";
}

json cut_off_json(const agent_event::AnswerCutOff& e) {
  return {{"type", "cut_off"}, {"reason", std::string(cut_off_reason(e))}, {"used", e.used}, {"window", e.window}};
}

/// The stderr line for an answer cut off, with what to do from the command line.
std::string cut_off_text(const agent_event::AnswerCutOff& e) {
  if (e.filtered)
    return "the provider stopped the answer (its content filter or guardrail), so the request and the answer are "
           "left out of the conversation; rephrase the request or choose another model (--model)";
  if (e.window_full)
    return "the answer was cut off: the context window is full (" + grouped_number(e.used) + " of " +
           grouped_number(e.window) +
           " tokens). Continue with pair -c (the conversation is compacted first), or choose a model with a larger "
           "window (--model)";
  return "the answer was cut off at its token limit (max_tokens of the model in models.json); continue with pair -c";
}

}  // namespace

HeadlessOutput::HeadlessOutput(OutputFormat format, bool verbose, std::FILE* out, std::FILE* err)
    : format_(format), verbose_(verbose), out_(out), err_(err), started_ms_(now_ms()) {}

void HeadlessOutput::emit(const std::string& line) {
  std::fputs(line.c_str(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

void HeadlessOutput::start(const SessionStart& s) {
  session_id_ = s.session_id;
  if (format_ == OutputFormat::kStreamJson) {
    emit(dump_json(json{{"type", "init"},
                        {"session_id", s.session_id},
                        {"model", s.model},
                        {"cwd", s.cwd},
                        {"permission_mode", s.permission_mode},
                        {"tools", s.tools},
                        {"resumed", s.resumed}}));
  } else if (verbose_) {
    std::fprintf(err_, "[pair] session %s, model %s%s\n", s.session_id.c_str(), s.model.c_str(),
                 s.resumed ? " (resumed)" : "");
  }
}

void HeadlessOutput::fatal(const std::string& message) {
  if (format_ == OutputFormat::kText) {
    std::fprintf(err_, "pair: %s\n", message.c_str());
    return;
  }
  emit(dump_json(json{
      {"type", "result"}, {"outcome", "error"}, {"is_error", true}, {"error", message}, {"session_id", session_id_}}));
}

void HeadlessOutput::on_event(const AgentEvent& event) {
  bool stream = format_ == OutputFormat::kStreamJson;
  // One lambda per event: a new event type does not compile until headless output decides about it.
  std::visit(
      overloaded{
          [&](const agent_event::RequestStarted& e) {
            if (stream) emit(dump_json(json{{"type", "request"}, {"index", e.request_index}}));
          },
          [&](const agent_event::TextDelta& e) {
            if (stream) emit(dump_json(json{{"type", "text"}, {"text", e.text}}));
          },
          [&](const agent_event::ReasoningDelta& e) {
            if (stream) emit(dump_json(json{{"type", "reasoning"}, {"text", e.text}}));
          },
          [](const agent_event::ToolCallStreaming&) {},  // the whole call follows in AssistantMessage
          [&](const agent_event::AssistantMessage& e) {
            if (!stream) return;
            for (const auto& c : e.message.tool_calls)
              emit(dump_json(json{{"type", "tool_call"}, {"id", c.id}, {"name", c.name}, {"arguments", c.arguments}}));
          },
          [&](const agent_event::ToolStarted& e) {
            if (!stream && verbose_) std::fprintf(err_, "[tool] %s\n", one_line(e.summary).c_str());
          },
          [&](const agent_event::ToolFinished& e) {
            if (stream) {
              emit(dump_json(json{{"type", "tool_result"},
                                  {"id", e.call.id},
                                  {"name", e.call.name},
                                  {"output", e.output},
                                  {"is_error", e.is_error}}));
            } else if (verbose_ && e.is_error) {
              std::fprintf(err_, "[tool] %s failed: %s\n", e.call.name.c_str(), one_line(e.output).c_str());
            }
          },
          [&](const agent_event::Usage& e) {
            usage_total_.prompt_tokens += e.usage.prompt_tokens;
            usage_total_.completion_tokens += e.usage.completion_tokens;
            usage_total_.cached_tokens += e.usage.cached_tokens;
            if (stream) emit(dump_json(json{{"type", "usage"}, {"usage", usage_json(e.usage)}}));
          },
          [&](const agent_event::Timings& e) {
            timings_total_.prompt_n += e.timings.prompt_n;
            timings_total_.cache_n += e.timings.cache_n;
            timings_total_.predicted_n += e.timings.predicted_n;
            timings_total_.prompt_ms += e.timings.prompt_ms;
            timings_total_.predicted_ms += e.timings.predicted_ms;
            timings_total_.total_ms += e.timings.total_ms;
            timings_total_.draft_n += e.timings.draft_n;
            timings_total_.draft_accepted += e.timings.draft_accepted;
            ++timed_requests_;
            if (stream) emit(dump_json(json{{"type", "timings"}, {"timings", timings_json(e.timings)}}));
          },
          [&](const agent_event::Progress& e) {
            if (stream)
              emit(dump_json(json{{"type", "progress"},
                                  {"processed", e.progress.processed},
                                  {"total", e.progress.total},
                                  {"cache", e.progress.cache}}));
          },
          [&](const agent_event::ContextUsage& e) {
            if (stream)
              emit(dump_json(json{{"type", "context"},
                                  {"used", e.used},
                                  {"window", e.window},
                                  {"source", e.source},
                                  {"measured", e.measured}}));
          },
          [&](const agent_event::Compacted& e) {
            if (stream) {
              emit(dump_json(json{{"type", "compacted"},
                                  {"tokens_before", e.tokens_before},
                                  {"tokens_after", e.tokens_after},
                                  {"summarized_messages", e.summarized_messages},
                                  {"trimmed_outputs", e.trimmed_outputs},
                                  {"automatic", e.automatic}}));
            } else if (verbose_) {
              std::fprintf(err_, "[pair] compacted the conversation: %lld -> %lld tokens\n",
                           static_cast<long long>(e.tokens_before), static_cast<long long>(e.tokens_after));
            }
          },
          [&](const agent_event::Notice& e) {
            if (stream)
              emit(dump_json(json{{"type", "notice"}, {"text", e.text}}));
            else if (verbose_)
              std::fprintf(err_, "[pair] %s\n", e.text.c_str());
          },
          [&](const agent_event::Warning& e) {
            if (stream)
              emit(dump_json(json{{"type", "warning"}, {"text", e.text}}));
            else
              std::fprintf(err_, "[pair] %s\n", e.text.c_str());
          },
          [&](const agent_event::AnswerCutOff& e) {
            cut_off_ = e;
            if (stream) emit(dump_json(cut_off_json(e)));
          },
          [&](const agent_event::TurnFinished& e) { finished_ = e; },
      },
      event);
}

void HeadlessOutput::refused(const ApprovalRequest& request) {
  refusals_.push_back(request.rule.empty() ? request.summary : request.rule);
}

void HeadlessOutput::finish() {
  if (!finished_) return;
  const agent_event::TurnFinished& f = *finished_;
  if (format_ == OutputFormat::kText) {
    if (!f.final_text.empty()) {
      std::fputs(f.final_text.c_str(), out_);
      if (!f.final_text.ends_with("\n")) std::fputc('\n', out_);
      std::fflush(out_);
    }
    if (f.error) std::fprintf(err_, "pair: %s\n", f.error->message.c_str());
    if (f.outcome == TurnOutcome::kMaxTurns)
      std::fprintf(err_, "pair: stopped after %d model requests (--max-turns); continue with pair -c\n",
                   f.model_requests);
    if (f.outcome == TurnOutcome::kCancelled) std::fprintf(err_, "pair: cancelled\n");
    if (f.outcome == TurnOutcome::kLoopDetected)
      std::fprintf(err_, "pair: stopped a loop: %s; continue with pair -c and a different instruction\n",
                   f.detail.c_str());
    if (cut_off_) std::fprintf(err_, "pair: %s\n", cut_off_text(*cut_off_).c_str());
    if (!refusals_.empty()) {
      std::fprintf(err_, "pair: %zu tool call%s refused by the permission mode (nobody to ask):\n", refusals_.size(),
                   refusals_.size() == 1 ? " was" : "s were");
      for (const auto& r : refusals_) std::fprintf(err_, "  %s\n", one_line(r).c_str());
      std::fprintf(err_,
                   "allow them with these rules in .pair/settings.json (permissions.allow), or rerun with "
                   "--permission-mode\n");
    }
    return;
  }
  json result = {{"type", "result"},
                 {"outcome", std::string(turn_outcome_name(f.outcome))},
                 {"is_error", f.outcome == TurnOutcome::kError},
                 {"result", f.final_text},
                 {"session_id", session_id_},
                 {"model_requests", f.model_requests},
                 {"duration_ms", now_ms() - started_ms_},
                 {"usage", usage_json(usage_total_)}};
  if (timed_requests_ > 0) result["timings"] = timings_json(timings_total_);
  if (f.error) result["error"] = f.error->message;
  if (!f.detail.empty()) result["detail"] = f.detail;
  result["refused_tool_calls"] = refusals_.size();
  if (!refusals_.empty()) result["refused"] = refusals_;
  if (cut_off_) result["cut_off"] = std::string(cut_off_reason(*cut_off_));
  emit(dump_json(result));
}

}  // namespace pair
