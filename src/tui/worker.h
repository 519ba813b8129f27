#pragma once
/// The engine thread: runs jobs (a turn, a model switch, /undo, ...) one at
/// a time, in order, off the UI thread. Every Backend call except the "any
/// thread" ones happens here.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace pair::tui {

class Worker {
 public:
  Worker();
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  /// Any thread.
  void post(std::function<void()> job);
  /// Drops jobs not yet started, waits for the running one, ends the thread.
  void shutdown();

 private:
  void loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace pair::tui
