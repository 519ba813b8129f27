#include "core/error_advice.h"

namespace pair {
namespace {

std::string sentence_end(const std::string& text) {
  return text.ends_with('.') ? " " : ". ";
}

}  // namespace

std::string switch_model_hint(FrontEnd front_end) {
  switch (front_end) {
    case FrontEnd::kTerminalUi: return "/model";
    case FrontEnd::kHeadless: return "--model NAME";
  }
  return "--model NAME";
}

std::string window_setting_hint(bool managed_model) {
  return managed_model ? "\"ctx\" in its models.json entry" : "context_window in models.json";
}

std::string overflow_advice(const AdviceContext& c) {
  std::string text = c.front_end == FrontEnd::kTerminalUi ? "Compact with a focus (/compact), start" : "Start";
  text += " a new session, ";
  if (c.managed_model) text += "raise the window (" + window_setting_hint(true) + "), ";
  text += "or use a model with a larger window (" + switch_model_hint(c.front_end) + ")";
  if (!c.managed_model) text += "; pair reads its size from the server or " + window_setting_hint(false);
  return text;
}

Error with_advice(Error e, const AdviceContext& c) {
  std::string other = "choose another model with " + switch_model_hint(c.front_end);
  switch (e.code) {
    case ErrorCode::kContextOverflow: e.message += sentence_end(e.message) + overflow_advice(c); break;
    case ErrorCode::kConnection:
    case ErrorCode::kAuth:
    case ErrorCode::kNotFound:
    case ErrorCode::kWrongServer: e.message += sentence_end(e.message) + "Or " + other; break;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kIo:
    case ErrorCode::kParse:
    case ErrorCode::kConfig:
    case ErrorCode::kDisconnected:
    case ErrorCode::kHttp:
    case ErrorCode::kProtocol:
    case ErrorCode::kTimeout:
    case ErrorCode::kCancelled:
    case ErrorCode::kPermission:
    case ErrorCode::kInternal: break;
  }
  return e;
}

}  // namespace pair
