#include "tui/terminal.h"

#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace pair::tui {

namespace {

// Enter: bracketed paste, kitty keyboard protocol (push flags 1), xterm
// modifyOtherKeys level 2. Leave: the reverse, and the cursor shown.
constexpr std::string_view kEnterModes = "\x1b[?2004h\x1b[>1u\x1b[>4;2m";
constexpr std::string_view kLeaveModes = "\x1b[?2004l\x1b[<u\x1b[>4;0m\x1b[?25h";

struct Saved {
  bool valid = false;
  int fd = -1;
  int out_fd = -1;
  termios attrs{};
};
Saved g_saved;

void restore_saved() {
  if (!g_saved.valid) return;
  tcsetattr(g_saved.fd, TCSAFLUSH, &g_saved.attrs);
  (void)!::write(g_saved.out_fd, kLeaveModes.data(), kLeaveModes.size());
  g_saved.valid = false;
}

}  // namespace

Terminal::Terminal(int in_fd, int out_fd) : in_fd_(in_fd), out_fd_(out_fd) {}

Terminal::~Terminal() {
  leave();
}

bool Terminal::enter() {
  if (active_) return true;
  termios attrs{};
  if (!isatty(in_fd_) || tcgetattr(in_fd_, &attrs) != 0) return false;
  g_saved = {.valid = true, .fd = in_fd_, .out_fd = out_fd_, .attrs = attrs};
  static bool registered = (std::atexit(restore_saved), true);
  (void)registered;
  termios raw = attrs;
  raw.c_iflag &= ~static_cast<tcflag_t>(BRKINT | ICRNL | INPCK | ISTRIP | IXON);
  raw.c_oflag &= ~static_cast<tcflag_t>(OPOST);
  raw.c_cflag |= CS8;
  raw.c_lflag &= ~static_cast<tcflag_t>(ECHO | ICANON | IEXTEN | ISIG);
  raw.c_cc[VMIN] = 0;
  raw.c_cc[VTIME] = 0;
  if (tcsetattr(in_fd_, TCSAFLUSH, &raw) != 0) return false;
  write(kEnterModes);
  active_ = true;
  return true;
}

void Terminal::leave() {
  if (!active_) return;
  restore_saved();
  active_ = false;
}

TerminalSize Terminal::size() const {
  winsize ws{};
  if (ioctl(out_fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) return {ws.ws_col, ws.ws_row};
  if (ioctl(in_fd_, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) return {ws.ws_col, ws.ws_row};
  return {};
}

void Terminal::write(std::string_view bytes) const {
  while (!bytes.empty()) {
    ssize_t n = ::write(out_fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return;  // the terminal is gone; nothing sensible to do
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace pair::tui
