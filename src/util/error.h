#pragma once
/// Error values that travel between layers. Every fallible function returns
/// `Result<T>`; exceptions never cross a layer boundary.

#include <cstdint>
#include <expected>
#include <string>
#include <utility>

namespace pair {

enum class ErrorCode {
  kInvalidArgument,  ///< the caller (or the model) passed something unusable
  kNotFound,         ///< a file, model, session or tool that does not exist
  kIo,               ///< the operating system refused a read, write or spawn
  kParse,            ///< malformed input: JSON, config, wire data
  kConfig,           ///< a configuration file is wrong; message names file and line
  kConnection,       ///< could not reach a server at all
  kDisconnected,     ///< the connection broke before the answer was complete
  kHttp,             ///< a server answered with an HTTP error status
  kAuth,             ///< the server refused the credentials (HTTP 401/403)
  kWrongServer,      ///< something answers on the port, but not a server of the expected kind
  kProtocol,         ///< a server answered, but not in the expected wire format
  kContextOverflow,  ///< the request does not fit the model's context window
  kTimeout,          ///< real silence for longer than allowed
  kCancelled,        ///< the user (or a stop token) cancelled the work
  kPermission,       ///< refused by the permission policy
  kInternal,         ///< a bug in pair
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  ///< what happened, where, and what to do about it
  int http_status = 0;  ///< the server's status when it answered (kHttp, kAuth, kNotFound, ...)
  /// With kContextOverflow: the window in tokens the server named (0: it named none).
  int64_t window = 0;

  Error() = default;
  Error(ErrorCode c, std::string m, int status = 0) : code(c), message(std::move(m)), http_status(status) {}
};

/// Whether retrying the same request may succeed. Exhaustive on purpose: a new
/// code must decide.
inline bool is_retryable(const Error& e) {
  switch (e.code) {
    case ErrorCode::kConnection:
    case ErrorCode::kDisconnected: return true;
    case ErrorCode::kHttp:
      return e.http_status == 429 || e.http_status == 502 || e.http_status == 503 || e.http_status == 504;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kNotFound:
    case ErrorCode::kIo:
    case ErrorCode::kParse:
    case ErrorCode::kConfig:
    case ErrorCode::kAuth:
    case ErrorCode::kWrongServer:
    case ErrorCode::kProtocol:
    case ErrorCode::kContextOverflow:
    case ErrorCode::kTimeout:
    case ErrorCode::kCancelled:
    case ErrorCode::kPermission:
    case ErrorCode::kInternal: return false;
  }
  return false;
}

template <class T>
using Result = std::expected<T, Error>;

/// Shorthand for `std::unexpected(Error{...})`.
inline std::unexpected<Error> fail(ErrorCode code, std::string message, int http_status = 0) {
  return std::unexpected(Error(code, std::move(message), http_status));
}

}  // namespace pair
