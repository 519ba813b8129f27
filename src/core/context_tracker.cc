#include "core/context_tracker.h"

#include <algorithm>
#include <cmath>

namespace pair {
namespace {

constexpr int64_t kMessageOverhead = 8;  // role markers and separators of chat templates

}  // namespace

ContextTracker::ContextTracker(ExactCounter exact) : exact_(std::move(exact)) {}

void ContextTracker::set_window(int64_t tokens, std::string source) {
  window_ = tokens;
  source_ = std::move(source);
}

size_t ContextTracker::text_size(const Message& m) {
  size_t n = m.content.size() + m.reasoning.size();
  for (const auto& c : m.tool_calls) n += c.name.size() + c.arguments.size() + 16;
  for (const auto& i : m.images) n += std::min<size_t>(i.data_base64.size(), 4000);  // an image is ~1k tokens
  return n;
}

void ContextTracker::measured(size_t message_count, int64_t tokens) {
  if (tokens <= 0) return;
  measured_count_ = message_count;
  measured_tokens_ = tokens;
}

int64_t ContextTracker::rough_tokens(const Message& m) const {
  return static_cast<int64_t>(std::ceil(static_cast<double>(text_size(m)) / chars_per_token_)) + kMessageOverhead;
}

int64_t ContextTracker::tokens(const Message& m) {
  if (exact_) {
    std::string text = m.content + m.reasoning;
    for (const auto& c : m.tool_calls) text += c.name + c.arguments;
    if (auto n = exact_(text)) return *n + kMessageOverhead + 8 * static_cast<int64_t>(m.tool_calls.size());
  }
  return rough_tokens(m);
}

int64_t ContextTracker::estimate(const std::vector<Message>& messages) {
  if (measured_count_ == 0 || measured_count_ > messages.size()) {
    int64_t total = static_cast<int64_t>(static_cast<double>(fixed_chars_) / chars_per_token_);
    for (const auto& m : messages) total += rough_tokens(m);
    return total;
  }
  // Calibrate the size estimate on what the server measured.
  size_t chars = fixed_chars_;
  for (size_t i = 0; i < measured_count_; ++i) chars += text_size(messages[i]);
  int64_t overhead = kMessageOverhead * static_cast<int64_t>(measured_count_);
  if (measured_tokens_ > overhead && chars > 0)
    chars_per_token_ =
        std::clamp(static_cast<double>(chars) / static_cast<double>(measured_tokens_ - overhead), 1.5, 6.0);
  int64_t total = measured_tokens_;
  for (size_t i = measured_count_; i < messages.size(); ++i) total += tokens(messages[i]);
  return total;
}

}  // namespace pair
