#pragma once
/// Turns SIGINT/SIGTERM/SIGHUP into a stop request that reaches model
/// requests and tool processes. A second signal exits at once (130).
/// Construct it in main before any other thread starts: it blocks those
/// signals for the process and waits for them on a thread of its own.

#include <stop_token>

namespace pair {

class InterruptWatcher {
 public:
  InterruptWatcher();
  std::stop_token token() const { return source_.get_token(); }
  bool interrupted() const { return source_.stop_requested(); }

 private:
  std::stop_source source_;
};

}  // namespace pair
