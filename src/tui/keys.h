#pragma once
/// Keyboard input: terminal bytes to key events. Understands UTF-8 text,
/// control keys, the usual CSI/SS3 sequences (arrows, Home/End, Delete, with
/// modifiers), Alt as an ESC prefix, bracketed paste, and the two ways
/// terminals report keys like Shift+Enter: the kitty keyboard protocol
/// (`CSI 13;2u`) and xterm's modifyOtherKeys (`CSI 27;2;13~`).
/// Pure; the UI thread feeds it what it reads.

#include <string>
#include <string_view>
#include <vector>

namespace pair::tui {

enum class KeyCode {
  kChar,  ///< `ch`, possibly with modifiers (Ctrl+A is kChar 'a' + kCtrl)
  kEnter,
  kTab,
  kBackspace,
  kDelete,
  kEscape,
  kLeft,
  kRight,
  kUp,
  kDown,
  kHome,
  kEnd,
  kPageUp,
  kPageDown,
  kInsert,
  kPaste,  ///< bracketed paste; the text is in `text`
  kFocusIn,
  kFocusOut,
  kUnknown,
};

enum KeyMod : unsigned { kNoMod = 0, kShift = 1, kAlt = 2, kCtrl = 4 };

struct Key {
  KeyCode code = KeyCode::kUnknown;
  char32_t ch = 0;
  unsigned mods = kNoMod;
  std::string text;  ///< the pasted text for kPaste

  bool is(KeyCode c, unsigned m = kNoMod) const { return code == c && mods == m; }
  bool is_ctrl(char c) const { return code == KeyCode::kChar && mods == kCtrl && ch == static_cast<char32_t>(c); }
};

class KeyDecoder {
 public:
  /// Decodes what it can; an incomplete sequence waits for more bytes.
  std::vector<Key> feed(std::string_view bytes);
  /// Called when no byte came for a moment: a lone ESC is the Escape key.
  std::vector<Key> flush();
  /// Whether bytes are waiting (an ESC that may start a sequence).
  bool pending() const { return !buffer_.empty() && !in_paste_; }

 private:
  /// Decodes one key at buffer_[0]; returns bytes used, or 0 when incomplete.
  size_t decode_one(std::string_view s, std::vector<Key>& out, bool final);
  size_t decode_csi(std::string_view s, std::vector<Key>& out);

  std::string buffer_;
  bool in_paste_ = false;
  std::string paste_;
};

/// Key event for a control byte (0x00-0x1f, 0x7f).
Key control_key(unsigned char c);

}  // namespace pair::tui
