#pragma once
/// Keeps count of how much of the model's window the conversation fills. The
/// server's own figures come first: after each answer, usage (or
/// llama-server's timings: prompt_n + cache_n + predicted_n) measures the
/// whole conversation so far; only messages added since then are counted,
/// with the server's tokenizer when it has one, else estimated from their size
/// with a ratio calibrated on the server's last measurement.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/message.h"

namespace pair {

class ContextTracker {
 public:
  /// Exact token count of a text, when the server can tell (nullopt: cannot).
  using ExactCounter = std::function<std::optional<int64_t>(std::string_view)>;

  explicit ContextTracker(ExactCounter exact = {});

  void set_window(int64_t tokens, std::string source);
  /// Size of the text every request carries besides its messages (the tool
  /// schemas): counted in the server's figures, so calibration must know it.
  void set_fixed_text_size(size_t chars) { fixed_chars_ = chars; }
  int64_t window() const { return window_; }
  const std::string& window_source() const { return source_; }

  /// The server measured `tokens` for the first `message_count` messages
  /// (its prompt plus the answer it wrote).
  void measured(size_t message_count, int64_t tokens);
  /// Forget the measurement (the conversation was rewritten).
  void reset_measurement() { measured_count_ = 0; }

  /// Tokens a request with these messages will take: the last measurement
  /// plus the messages added since; the estimate when nothing was measured.
  int64_t estimate(const std::vector<Message>& messages);
  /// A quick size-based estimate of one message (template overhead included),
  /// for planning; never calls the server.
  int64_t rough_tokens(const Message& m) const;
  /// Exact where possible.
  int64_t tokens(const Message& m);

 private:
  static size_t text_size(const Message& m);

  ExactCounter exact_;
  int64_t window_ = 0;
  std::string source_;
  size_t measured_count_ = 0;
  int64_t measured_tokens_ = 0;
  double chars_per_token_ = 3.2;  // conservative until calibrated
  size_t fixed_chars_ = 0;
};

}  // namespace pair
