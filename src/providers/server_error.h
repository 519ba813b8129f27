#pragma once
/// Turns an error answer from an OpenAI-compatible server (llama.cpp, vLLM,
/// Ollama, LM Studio, OpenAI) into an Error that shows the server's own words.

#include <string>
#include <string_view>

#include "util/error.h"

namespace pair {

/// `body` is the response body (JSON or text) or an in-stream error object.
/// Classified once (provider_error.h): a context-window overflow is
/// kContextOverflow with `window` when the server names it; an HTML page is
/// kWrongServer; 401/403 kAuth; 404 kNotFound (an unknown model or path);
/// everything else kHttp with the status (0 for an in-stream error). The
/// message quotes the server and says what to check.
Error server_error(int http_status, std::string_view body, std::string_view url);

}  // namespace pair
