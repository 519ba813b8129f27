#include "core/command_scripts.h"

#include <cctype>
#include <string>

namespace pair {
namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

/// Reads sed's script as GNU sed's compiler does, far enough to find every command letter.
class SedReader {
 public:
  explicit SedReader(std::string_view s) : s_(s) {}

  bool safe() {
    while (true) {
      while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == ';')) ++i_;
      if (i_ >= s_.size()) return true;
      if (s_[i_] == '#') {
        to_line_end();
        continue;
      }
      if (!address()) return false;
      blanks();
      if (at() == ',') {
        ++i_;
        blanks();
        if (at() == '+' || at() == '~') {
          ++i_;
          while (is_digit(at())) ++i_;
        } else if (!address()) {
          return false;
        }
      }
      blanks();
      while (at() == '!') {
        ++i_;
        blanks();
      }
      if (i_ >= s_.size()) return false;
      if (!command(s_[i_++])) return false;
    }
  }

 private:
  char at() const { return at(i_); }
  char at(size_t k) const { return k < s_.size() ? s_[k] : '\0'; }
  void blanks() {
    while (at() == ' ' || at() == '\t') ++i_;
  }
  void to_line_end() {
    while (i_ < s_.size() && s_[i_] != '\n') ++i_;
  }
  /// Up to `;` or a newline (labels, `v`): ending early only shows more commands.
  void to_command_end() {
    while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != ';') ++i_;
  }
  /// Moves past a text argument (a, i, c): to the line's end, a backslash joining lines.
  void text() {
    while (i_ < s_.size() && s_[i_] != '\n') i_ += s_[i_] == '\\' ? 2 : 1;
  }
  /// After an opening delimiter: moves past the closing one. A backslash escapes the next
  /// character; a newline leaves the part unterminated. In a regular expression, GNU sed 4.9
  /// reads a bracket expression whole (`s/[/]/x/` replaces a slash) where older versions end
  /// the expression at the delimiter inside it: such a script is not safe.
  bool delimited(char delim, bool regex) {
    bool bracket = false;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (bracket) {
        if (c == '\n' || c == delim) return false;
        if (c == '[' && (at(i_ + 1) == ':' || at(i_ + 1) == '.' || at(i_ + 1) == '=')) {
          size_t end = s_.find(std::string{at(i_ + 1), ']'}, i_ + 2);
          if (end == std::string_view::npos ||
              s_.substr(i_, end - i_).find_first_of(std::string{'\n', delim}) != std::string_view::npos)
            return false;
          i_ = end + 2;
          continue;
        }
        if (c == ']') bracket = false;
        ++i_;
        continue;
      }
      if (c == '\\') {
        i_ += 2;
        continue;
      }
      if (c == '\n') return false;
      ++i_;
      if (c == delim) return true;
      if (regex && c == '[') {
        bracket = true;
        if (at() == '^') ++i_;
        if (at() == ']') ++i_;
      }
    }
    return false;
  }
  bool address() {
    if (is_digit(at())) {
      while (is_digit(at())) ++i_;
      if (at() == '~') {
        ++i_;
        while (is_digit(at())) ++i_;
      }
      return true;
    }
    if (at() == '$') {
      ++i_;
      return true;
    }
    if (at() == '/' || at() == '\\') {
      char delim = '/';
      if (at() == '\\') {
        ++i_;
        if (i_ >= s_.size() || s_[i_] == '\n' || s_[i_] == '\\') return false;
        delim = s_[i_];
      }
      ++i_;
      if (!delimited(delim, true)) return false;
      while (at() == 'I' || at() == 'M') ++i_;
    }
    return true;
  }
  bool command(char c) {
    switch (c) {
      case '{':
      case '}':
      case '=':
      case 'd':
      case 'D':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'x':
      case 'z':
      case 'F': return true;
      case 'l':
      case 'L':
      case 'q':
      case 'Q':
        blanks();
        while (is_digit(at())) ++i_;
        return true;
      case 'a':
      case 'i':
      case 'c': text(); return true;
      case 'r':
      case 'R': to_line_end(); return true;
      case 'b':
      case 't':
      case 'T':
      case ':':
      case 'v': to_command_end(); return true;
      case 'y': {
        char delim = at();
        if (delim == '\0' || delim == '\n' || delim == '\\') return false;
        ++i_;
        return delimited(delim, false) && delimited(delim, false);
      }
      case 's': {
        char delim = at();
        if (delim == '\0' || delim == '\n' || delim == '\\') return false;
        ++i_;
        if (!delimited(delim, true) || !delimited(delim, false)) return false;
        while (i_ < s_.size() && s_[i_] != ';' && s_[i_] != '\n' && s_[i_] != '}') {
          char f = s_[i_++];
          if (!(is_digit(f) || f == 'g' || f == 'p' || f == 'i' || f == 'I' || f == 'm' || f == 'M' || f == ' ' ||
                f == '\t'))
            return false;  // e and w among them
        }
        return true;
      }
      default: return false;  // e, w, W, and whatever this reader does not know
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

/// Whether a `/` after this token starts a regular expression (an operand is expected) rather
/// than dividing. After an operand (a name, number, string, `)`, `]`, `++`, `--`) it divides.
bool regex_may_start(char prev, const std::string& prev_word, bool prev_incdec) {
  if (prev_incdec) return false;
  if (!prev_word.empty())
    return prev_word == "print" || prev_word == "printf" || prev_word == "return" || prev_word == "else" ||
           prev_word == "do" || prev_word == "case" || prev_word == "in";
  return !(prev == ')' || prev == ']' || prev == '"' || prev == '$');
}

/// Moves `i` from the opening `"` of an awk string past its closing one;
/// false when the string does not end on its line.
bool skip_awk_string(std::string_view p, size_t& i) {
  for (++i; i < p.size() && p[i] != '"'; ++i) {
    if (p[i] == '\n') return false;
    if (p[i] == '\\') ++i;
  }
  if (i >= p.size()) return false;
  ++i;
  return true;
}

/// Moves `i` from the opening `/` of an awk regular expression past its
/// closing one; false when it does not end on its line, or when a `/` inside
/// a bracket expression leaves awks disagreeing on where it ends.
bool skip_awk_regex(std::string_view p, size_t& i) {
  bool bracket = false;
  for (++i; i < p.size() && (bracket || p[i] != '/'); ++i) {
    if (p[i] == '\n') return false;
    if (p[i] == '\\') {
      ++i;
    } else if (p[i] == '[') {
      if (bracket) {
        // [:alpha:], [.a.], [=a=] inside a bracket expression end with their own `:]`.
        char kind = i + 1 < p.size() ? p[i + 1] : '\0';
        if (kind != ':' && kind != '.' && kind != '=') continue;
        size_t end = p.find(std::string{kind, ']'}, i + 2);
        if (end == std::string_view::npos || p.substr(i, end - i).find_first_of("/\n") != std::string_view::npos)
          return false;
        i = end + 1;
        continue;
      }
      bracket = true;
      if (i + 1 < p.size() && p[i + 1] == '^') ++i;
      if (i + 1 < p.size() && p[i + 1] == ']') ++i;
    } else if (p[i] == ']') {
      bracket = false;
    } else if (p[i] == '/' && bracket) {
      return false;  // awks disagree on whether this ends the expression
    }
  }
  if (i >= p.size()) return false;
  ++i;
  return true;
}

}  // namespace

bool sed_script_is_safe(std::string_view script) {
  return SedReader(script).safe();
}

bool awk_program_is_safe(std::string_view p) {
  size_t i = 0;
  int depth = 0;
  bool in_print = false;
  int print_depth = 0;
  char prev = '\0';  // the last significant character outside literals
  std::string prev_word;
  bool prev_incdec = false;
  while (i < p.size()) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size() && p[i + 1] == '\n') {  // a continued line
      i += 2;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < p.size() && p[i] != '\n') ++i;
      continue;
    }
    if (c == '"') {
      if (!skip_awk_string(p, i)) return false;
      prev = '"';
      prev_word.clear();
      prev_incdec = false;
      continue;
    }
    if (c == '/' && regex_may_start(prev, prev_word, prev_incdec)) {
      if (!skip_awk_regex(p, i)) return false;
      prev = ')';  // like any operand: a following `/` divides
      prev_word.clear();
      prev_incdec = false;
      continue;
    }
    if (is_word_char(c)) {
      size_t start = i;
      while (i < p.size() && is_word_char(p[i])) ++i;
      std::string word(p.substr(start, i - start));
      if (word == "system" || word == "extension") return false;
      if (word == "print" || word == "printf") {
        in_print = true;
        print_depth = depth;
      }
      prev = word.back();
      prev_word = word;
      prev_incdec = false;
      continue;
    }
    if (c == '@') return false;
    if (c == '|') {
      if (i + 1 < p.size() && p[i + 1] == '|') {
        i += 2;
        prev = '|';
        prev_word.clear();
        prev_incdec = false;
        continue;
      }
      return false;
    }
    if (c == '>' && in_print && depth <= print_depth) return false;
    if (c == '(' || c == '[') ++depth;
    if (c == ')' || c == ']') --depth;
    if (c == ';' || c == '\n' || c == '{' || c == '}') in_print = false;
    prev_incdec = (c == '+' || c == '-') && i + 1 < p.size() && p[i + 1] == c;
    if (prev_incdec) ++i;
    prev = c;
    prev_word.clear();
    ++i;
  }
  return true;
}

}  // namespace pair
