#pragma once
/// The terminal: raw mode and back, the modes the UI turns on (bracketed
/// paste, the kitty keyboard protocol's "disambiguate" flag and xterm's
/// modifyOtherKeys, so Shift+Enter can be told from Enter; focus events are
/// left alone), its size, and writing bytes. Restores everything on
/// `leave()`, on destruction, and at exit.
/// Thread affinity: the UI thread.

#include <string_view>

namespace pair::tui {

struct TerminalSize {
  int cols = 80;
  int rows = 24;
};

class Terminal {
 public:
  Terminal(int in_fd, int out_fd);
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;

  /// Raw mode and the input modes above. False when the input is not a
  /// terminal.
  bool enter();
  /// Back to how the terminal was (also done at exit).
  void leave();
  bool active() const { return active_; }

  TerminalSize size() const;
  /// Writes everything (retrying short writes).
  void write(std::string_view bytes) const;
  int in_fd() const { return in_fd_; }

 private:
  int in_fd_, out_fd_;
  bool active_ = false;
};

}  // namespace pair::tui
