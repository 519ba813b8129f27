#pragma once
/// Bedrock's errors, as an HTTP error answer (`x-amzn-errortype` header, JSON
/// body `{"message": ...}`) or as an exception frame in the stream
/// (`:exception-type`), turned into Errors that quote AWS's own message.
///
/// Retryable (the agent retries them while nothing has arrived):
/// throttlingException (429), serviceUnavailableException (503) and
/// modelNotReadyException (429, as AWS's SDKs retry it). Context-window
/// overflows ("Input is too long for requested model", ...) become
/// kContextOverflow (provider_error.h decides), refused credentials or
/// permissions kAuth, an unknown model kNotFound. Everything else is kHttp
/// with AWS's status.

#include <string>
#include <string_view>

#include "util/error.h"

namespace pair {

/// `x-amzn-errortype: ValidationException:http://internal.amazon.com/...` or
/// `:exception-type: validationException` → "ValidationException".
std::string bedrock_error_type(std::string_view raw);

/// An exception named `type` (any of the spellings above) with AWS's
/// `message`. `http_status` 0 takes the status AWS documents for the type.
/// `where` names the model and endpoint in the message.
Error bedrock_error(std::string_view type, std::string_view message, int http_status, std::string_view where);

/// An HTTP error answer: the type from the `x-amzn-errortype` header or the
/// body's `__type`, the message from the body (`message` or `Message`), or the
/// body's text when it is not JSON.
Error bedrock_http_error(int http_status, std::string_view error_type_header, std::string_view body,
                         std::string_view where);

/// Whether the error says the credentials themselves were refused (unknown,
/// expired or wrongly signed), as opposed to a permission missing.
bool is_credential_rejection(std::string_view type);

}  // namespace pair
