#include "providers/openai_stream.h"

#include <nlohmann/json.hpp>

#include "providers/server_error.h"
#include "util/json_parse.h"
#include "util/utf8.h"

namespace pair {
namespace {

using nlohmann::json;

std::string string_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return json_as_string(*it);
  return dump_json(*it);  // an object where a string belongs (arguments sent as an object)
}

double double_field(const json& j, const char* key) {
  return json_double_or(j, key);
}

FinishReason parse_finish_reason(std::string_view r) {
  if (r == "stop" || r == "eos" || r == "end_turn") return FinishReason::kStop;
  if (r == "tool_calls" || r == "function_call" || r == "tool_use") return FinishReason::kToolCalls;
  if (r == "length" || r == "max_tokens") return FinishReason::kLength;
  if (r == "content_filter") return FinishReason::kContentFilter;
  return FinishReason::kOther;
}

}  // namespace

OpenAIStreamDecoder::OpenAIStreamDecoder(ModelEventHandler on_event, std::string url)
    : on_event_(std::move(on_event)), url_(std::move(url)) {}

Result<void> OpenAIStreamDecoder::on_data(std::string_view data) {
  if (data == "[DONE]") {
    saw_done_ = true;
    return {};
  }
  auto parsed = parse_json(data, "stream event");
  if (!parsed || !parsed->is_object()) {
    std::string shown = utf8_sanitize(data.substr(0, utf8_safe_cut(data, 200)));
    return fail(ErrorCode::kProtocol, "model server at " + url_ + " sent a stream event that is not a JSON object" +
                                          (parsed ? "" : " (" + parsed.error().message + ")") + ": " + shown);
  }
  const json& chunk = *parsed;
  if (chunk.contains("error")) return std::unexpected(server_error(0, data, url_));

  try {
    if (auto p = chunk.find("prompt_progress"); p != chunk.end() && p->is_object()) {
      on_event_(model_event::Progress{{json_int_or(*p, "total"), json_int_or(*p, "cache"), json_int_or(*p, "processed"),
                                       double_field(*p, "time_ms")}});
    }
    if (auto choices = chunk.find("choices"); choices != chunk.end() && choices->is_array()) {
      for (const json& choice : *choices) {
        if (json_int_or(choice, "index") != 0) continue;  // we ask for one choice
        if (auto d = choice.find("delta"); d != choice.end() && d->is_object()) {
          // vLLM and some proxies call it "reasoning"; llama.cpp "reasoning_content".
          for (const char* key : {"reasoning_content", "reasoning"}) {
            if (std::string r = string_field(*d, key); !r.empty()) {
              received_content_ = true;
              on_event_(model_event::ReasoningDelta{std::move(r)});
            }
          }
          if (std::string text = string_field(*d, "content"); !text.empty()) {
            received_content_ = true;
            on_event_(model_event::TextDelta{std::move(text)});
          }
          if (auto calls = d->find("tool_calls"); calls != d->end() && calls->is_array()) {
            for (const json& c : *calls) {
              ToolCallDelta delta;
              if (const json& i = json_member(c, "index"); i.is_number_integer()) delta.index = json_as_int32(i);
              delta.id = string_field(c, "id");
              if (auto f = c.find("function"); f != c.end() && f->is_object()) {
                delta.name = string_field(*f, "name");
                delta.arguments = string_field(*f, "arguments");
              }
              received_content_ = true;
              if (tool_calls_.add(delta))
                on_event_(model_event::ToolCallBegin{delta.index.value_or(0), delta.id, tool_calls_.last_name()});
            }
          }
        }
        if (const json& fr = json_member(choice, "finish_reason"); fr.is_string()) finish_reason_ = json_as_string(fr);
      }
    }
    if (auto u = chunk.find("usage"); u != chunk.end() && u->is_object()) {
      TokenUsage usage{json_int_or(*u, "prompt_tokens"), json_int_or(*u, "completion_tokens"), 0};
      if (auto details = u->find("prompt_tokens_details"); details != u->end() && details->is_object())
        usage.cached_tokens = json_int_or(*details, "cached_tokens");
      on_event_(model_event::Usage{usage});
    }
    if (auto t = chunk.find("timings"); t != chunk.end() && t->is_object()) {
      on_event_(model_event::Timings{{.prompt_n = json_int_or(*t, "prompt_n"),
                                      .cache_n = json_int_or(*t, "cache_n"),
                                      .predicted_n = json_int_or(*t, "predicted_n"),
                                      .prompt_ms = double_field(*t, "prompt_ms"),
                                      .predicted_ms = double_field(*t, "predicted_ms"),
                                      .prompt_per_second = double_field(*t, "prompt_per_second"),
                                      .predicted_per_second = double_field(*t, "predicted_per_second"),
                                      .draft_n = json_int_or(*t, "draft_n"),
                                      .draft_accepted = json_int_or(*t, "draft_n_accepted")}});
    }
  } catch (const json::exception& e) {
    return fail(ErrorCode::kProtocol, "model server at " + url_ + " sent a malformed stream event (" + e.what() + ")");
  }
  return {};
}

Result<void> OpenAIStreamDecoder::finish() {
  if (finished_) return {};
  finished_ = true;
  if (!finish_reason_ && !saw_done_)
    return fail(ErrorCode::kDisconnected, "the connection to " + url_ + " closed before the answer was complete");
  for (ToolCall& call : tool_calls_.calls()) on_event_(model_event::ToolCallDone{std::move(call)});
  FinishReason reason = finish_reason_ ? parse_finish_reason(*finish_reason_) : FinishReason::kStop;
  on_event_(model_event::Finish{reason, finish_reason_.value_or("")});
  return {};
}

}  // namespace pair
