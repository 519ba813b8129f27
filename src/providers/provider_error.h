#pragma once
/// What a model server's failure means, decided once for every provider:
/// context-window overflow (with the window when the server names it), a web
/// page where an API was expected (another kind of server on the port), and
/// the phrases each server family uses for them. `server_error` (OpenAI-
/// compatible servers) and `bedrock_error` (AWS) build their Errors with
/// these; the core only reads the resulting ErrorCode and `Error::window`.

#include <cstdint>
#include <string>
#include <string_view>

#include "util/error.h"

namespace pair {

/// Whether a server's error says the request did not fit the model's window:
/// llama.cpp ("exceeds the available context size", exceed_context_size_error),
/// vLLM ("maximum context length", "maximum model length"), OpenAI
/// (context_length_exceeded), Anthropic/Bedrock ("prompt is too long",
/// "Input is too long for requested model", "too many input tokens").
/// `type` is the error's type or code when the server gives one.
bool is_context_overflow(std::string_view type, std::string_view message);

/// The window in tokens an overflow message names ("available context size
/// (4096 tokens)", "maximum context length is 8192 tokens", "> 200000
/// maximum"); 0 when it names none or the number is implausibly long.
int64_t window_from_overflow_message(std::string_view message);

/// Whether a body is a web page (an HTML document) rather than an API answer.
bool is_html_page(std::string_view body);

/// A web page in a few words: its <title>, or "an HTML page" when it has none.
std::string describe_html_page(std::string_view body);

/// The error for an HTML page answered where a model API was expected:
/// kWrongServer naming the status, the page's title and the URL.
Error wrong_server_error(int http_status, std::string_view body, std::string_view url);

/// Adds what to do to a transport error (nothing answered): a refused
/// connection to this machine asks whether the server runs on that port, or,
/// for a server pair manages (`managed_server`), says it starts again.
Error unreachable_error(const Error& transport, std::string_view url, bool managed_server = false);

/// A problem in a few words for a list of models: "connection refused",
/// "API key refused (HTTP 401)", "not a model server (HTTP 501)", ...
std::string brief_problem(const Error& e);

}  // namespace pair
