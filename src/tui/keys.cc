#include "tui/keys.h"

#include <cstdlib>

#include "tui/text_width.h"

namespace pair::tui {

namespace {

constexpr std::string_view kPasteStart = "\x1b[200~";
constexpr std::string_view kPasteEnd = "\x1b[201~";

unsigned decode_mods(int param) {
  // xterm: 1 + (shift 1, alt 2, ctrl 4, meta 8)
  if (param <= 1) return kNoMod;
  int bits = param - 1;
  unsigned m = kNoMod;
  if (bits & 1) m |= kShift;
  if (bits & (2 | 8)) m |= kAlt;
  if (bits & 4) m |= kCtrl;
  return m;
}

/// The key of a CSI or SS3 sequence's final byte for cursor keys, Home/End.
KeyCode cursor_key(char final) {
  switch (final) {
    case 'A': return KeyCode::kUp;
    case 'B': return KeyCode::kDown;
    case 'C': return KeyCode::kRight;
    case 'D': return KeyCode::kLeft;
    case 'H': return KeyCode::kHome;
    case 'F': return KeyCode::kEnd;
    default: return KeyCode::kUnknown;
  }
}

/// A key from a Unicode code point plus modifiers (kitty / modifyOtherKeys).
Key key_from_codepoint(int cp, unsigned mods) {
  Key k;
  k.mods = mods;
  switch (cp) {
    case 13: k.code = KeyCode::kEnter; return k;
    case 9: k.code = KeyCode::kTab; return k;
    case 27: k.code = KeyCode::kEscape; return k;
    case 127:
    case 8: k.code = KeyCode::kBackspace; return k;
    default: break;
  }
  k.code = KeyCode::kChar;
  k.ch = static_cast<char32_t>(cp);
  if ((mods & kShift) && cp >= 'a' && cp <= 'z' && !(mods & (kCtrl | kAlt))) k.ch = static_cast<char32_t>(cp - 32);
  if (!(mods & (kCtrl | kAlt))) k.mods &= ~kShift;  // a shifted character is just the character
  if (cp < 0x20) {
    k = control_key(static_cast<unsigned char>(cp));
    k.mods |= mods & ~kCtrl;
  }
  return k;
}

}  // namespace

Key control_key(unsigned char c) {
  Key k;
  switch (c) {
    case '\r': k.code = KeyCode::kEnter; return k;
    case '\t': k.code = KeyCode::kTab; return k;
    case 0x7f:
    case 0x08: k.code = KeyCode::kBackspace; return k;
    case 0x1b: k.code = KeyCode::kEscape; return k;
    case 0x00:
      k.code = KeyCode::kChar;
      k.ch = ' ';
      k.mods = kCtrl;
      return k;
    default: break;
  }
  k.code = KeyCode::kChar;
  k.mods = kCtrl;
  k.ch = c < 0x1b ? static_cast<char32_t>('a' + c - 1) : static_cast<char32_t>(c + 0x40);
  return k;
}

size_t KeyDecoder::decode_csi(std::string_view s, std::vector<Key>& out) {
  // s starts with ESC [ ; find the final byte.
  size_t j = 2;
  while (j < s.size() && !(s[j] >= 0x40 && s[j] <= 0x7e)) ++j;
  if (j >= s.size()) return 0;
  char final = s[j];
  std::string_view params = s.substr(2, j - 2);
  std::vector<int> p;
  if (!params.empty() && (params[0] == '<' || params[0] == '>' || params[0] == '?' || params[0] == '=')) {
    out.push_back({});  // a report (device attributes, mouse): ignored
    return j + 1;
  }
  for (size_t start = 0; start <= params.size();) {
    size_t end = params.find_first_of(";:", start);
    if (end == std::string_view::npos) end = params.size();
    p.push_back(std::atoi(std::string(params.substr(start, end - start)).c_str()));
    // kitty may add ":shifted:base" alternates to the first parameter: skip them
    if (end < params.size() && params[end] == ':') {
      size_t semi = params.find(';', end);
      end = semi == std::string_view::npos ? params.size() : semi;
    }
    start = end + 1;
    if (end == params.size()) break;
  }
  unsigned mods = p.size() >= 2 ? decode_mods(p[1]) : kNoMod;
  Key k;
  k.mods = mods;
  switch (final) {
    case 'A':
    case 'B':
    case 'C':
    case 'D':
    case 'H':
    case 'F': k.code = cursor_key(final); break;
    case 'Z':
      k.code = KeyCode::kTab;
      k.mods = kShift;
      break;
    case 'I': k.code = KeyCode::kFocusIn; break;
    case 'O': k.code = KeyCode::kFocusOut; break;
    case 'u':  // kitty: CSI code ; mods u
      k = key_from_codepoint(p.empty() ? 0 : p[0], mods);
      break;
    case '~': {
      int n = p.empty() ? 0 : p[0];
      if (n == 27 && p.size() >= 3) {  // modifyOtherKeys: CSI 27 ; mods ; code ~
        k = key_from_codepoint(p[2], decode_mods(p[1]));
        break;
      }
      switch (n) {
        case 1:
        case 7: k.code = KeyCode::kHome; break;
        case 2: k.code = KeyCode::kInsert; break;
        case 3: k.code = KeyCode::kDelete; break;
        case 4:
        case 8: k.code = KeyCode::kEnd; break;
        case 5: k.code = KeyCode::kPageUp; break;
        case 6: k.code = KeyCode::kPageDown; break;
        default: k.code = KeyCode::kUnknown; break;
      }
      break;
    }
    default: k.code = KeyCode::kUnknown; break;
  }
  out.push_back(std::move(k));
  return j + 1;
}

size_t KeyDecoder::decode_one(std::string_view s, std::vector<Key>& out, bool final) {
  unsigned char c = static_cast<unsigned char>(s[0]);
  if (c == 0x1b) {
    if (s.size() == 1) {
      if (!final) return 0;
      out.push_back(control_key(c));
      return 1;
    }
    if (s[1] == '[') {
      if (s.size() >= kPasteStart.size() && s.starts_with(kPasteStart)) {
        in_paste_ = true;
        paste_.clear();
        return kPasteStart.size();
      }
      if (kPasteStart.starts_with(s) && !final) return 0;
      size_t n = decode_csi(s, out);
      if (n == 0 && final) {
        out.push_back(control_key(0x1b));
        return 1;
      }
      return n;
    }
    if (s[1] == 'O') {  // SS3: application-mode arrows, Home/End, F1-F4
      if (s.size() < 3) return final ? 2 : 0;
      Key k;
      k.code = s[2] == 'M' ? KeyCode::kEnter : cursor_key(s[2]);
      out.push_back(k);
      return 3;
    }
    // Alt + key: ESC then the key.
    std::vector<Key> inner;
    size_t n = decode_one(s.substr(1), inner, final);
    if (n == 0) return 0;
    for (auto& k : inner) {
      if (k.code == KeyCode::kEscape && k.mods == kNoMod) {
        out.push_back(k);
        continue;
      }
      k.mods |= kAlt;
      out.push_back(std::move(k));
    }
    return n + 1;
  }
  if (c < 0x20 || c == 0x7f) {
    out.push_back(control_key(c));
    return 1;
  }
  // UTF-8 text: wait for a cut-off sequence unless it is final.
  size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (s.size() < need && !final) return 0;
  Utf8CodePoint cp = decode_utf8(s, 0);
  Key k;
  k.code = KeyCode::kChar;
  k.ch = cp.value;
  out.push_back(k);
  return cp.length;
}

std::vector<Key> KeyDecoder::feed(std::string_view bytes) {
  buffer_.append(bytes);
  std::vector<Key> out;
  size_t pos = 0;
  while (pos < buffer_.size()) {
    std::string_view rest = std::string_view(buffer_).substr(pos);
    if (in_paste_) {
      size_t end = rest.find(kPasteEnd);
      if (end == std::string_view::npos) {
        // Keep a tail that may be the start of the end marker.
        size_t keep = std::min(rest.size(), kPasteEnd.size() - 1);
        paste_.append(rest.substr(0, rest.size() - keep));
        pos += rest.size() - keep;
        break;
      }
      paste_.append(rest.substr(0, end));
      Key k;
      k.code = KeyCode::kPaste;
      k.text = std::move(paste_);
      paste_.clear();
      out.push_back(std::move(k));
      in_paste_ = false;
      pos += end + kPasteEnd.size();
      continue;
    }
    size_t n = decode_one(rest, out, false);
    if (n == 0) break;
    pos += n;
  }
  buffer_.erase(0, pos);
  std::erase_if(out, [](const Key& k) { return k.code == KeyCode::kUnknown && k.text.empty() && k.ch == 0; });
  return out;
}

std::vector<Key> KeyDecoder::flush() {
  std::vector<Key> out;
  if (in_paste_) return out;
  size_t pos = 0;
  while (pos < buffer_.size()) {
    size_t n = decode_one(std::string_view(buffer_).substr(pos), out, true);
    pos += n == 0 ? buffer_.size() - pos : n;
  }
  buffer_.clear();
  std::erase_if(out, [](const Key& k) { return k.code == KeyCode::kUnknown; });
  return out;
}

}  // namespace pair::tui
