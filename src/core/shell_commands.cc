#include "core/shell_commands.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace pair {
namespace {

constexpr std::array<std::string_view, 12> kLeadingKeywords = {"if",    "then", "else", "elif", "do",   "while",
                                                               "until", "!",    "{",    "}",    "time", "exec"};

class Splitter {
 public:
  /// Appends the commands of `s` to `out`; false when unreadable.
  bool split(std::string_view s, std::vector<SimpleCommand>& out, int depth = 0) {
    if (depth > 16) return false;
    std::string word;
    std::vector<std::string> words;
    bool redirect_pending = false;  // the next word is a redirection target
    bool writes = false;
    auto end_word = [&] {
      if (word.empty()) return;
      if (redirect_pending) {
        if (word != "/dev/null" && !word.starts_with("&")) writes = true;
        redirect_pending = false;
      }
      words.push_back(std::move(word));
      word.clear();
    };
    auto end_command = [&] {
      end_word();
      size_t first = 0;
      while (first < words.size() &&
             std::find(kLeadingKeywords.begin(), kLeadingKeywords.end(), words[first]) != kLeadingKeywords.end())
        ++first;
      std::string text;
      for (size_t i = first; i < words.size(); ++i) text += (text.empty() ? "" : " ") + words[i];
      if (!text.empty()) out.push_back({text, writes});
      words.clear();
      writes = false;
      redirect_pending = false;
    };
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '\\' && i + 1 < s.size()) {
        if (s[i + 1] != '\n') word += s[i + 1];
        ++i;
        continue;
      }
      if (c == '\'') {
        size_t close = s.find('\'', i + 1);
        if (close == std::string_view::npos) return false;
        word.append(s.substr(i, close - i + 1));
        i = close;
        continue;
      }
      if (c == '"') {
        size_t j = i + 1;
        word += '"';
        for (; j < s.size() && s[j] != '"'; ++j) {
          if (s[j] == '\\' && j + 1 < s.size()) {
            word += s[j];
            word += s[++j];
          } else if (s[j] == '$' && j + 1 < s.size() && s[j + 1] == '(') {
            size_t end;
            if (!substitution(s, j + 1, end, out, depth)) return false;
            word += "$()";
            j = end;
          } else if (s[j] == '`') {
            size_t end = s.find('`', j + 1);
            if (end == std::string_view::npos || !split(s.substr(j + 1, end - j - 1), out, depth + 1)) return false;
            word += "$()";
            j = end;
          } else {
            word += s[j];
          }
        }
        if (j >= s.size()) return false;
        word += '"';
        i = j;
        continue;
      }
      if ((c == '$' || c == '<' || c == '>') && i + 1 < s.size() && s[i + 1] == '(') {
        size_t end;
        if (!substitution(s, i + 1, end, out, depth)) return false;
        word += "$()";
        i = end;
        continue;
      }
      if (c == '`') {
        size_t end = s.find('`', i + 1);
        if (end == std::string_view::npos || !split(s.substr(i + 1, end - i - 1), out, depth + 1)) return false;
        word += "$()";
        i = end;
        continue;
      }
      if (c == '#' && word.empty()) {  // a comment runs to the end of the line
        size_t nl = s.find('\n', i);
        i = nl == std::string_view::npos ? s.size() : nl - 1;
        continue;
      }
      if (c == ';' || c == '\n' || c == '|' || c == '&' || c == '(' || c == ')') {
        if (c == '&' && i + 1 < s.size() && s[i + 1] == '>') {  // &> file
          end_word();
          redirect_pending = true;
          i += (i + 2 < s.size() && s[i + 2] == '>') ? 2 : 1;
          continue;
        }
        if (c == '&' && !word.empty() && word.back() == '>') {  // 2>&1: a descriptor, not a file
          word += c;
          redirect_pending = false;
          continue;
        }
        end_command();
        continue;
      }
      if (c == '>') {
        // 2>, >>, >|: the following word is a file written to.
        while (!word.empty() && std::isdigit(static_cast<unsigned char>(word.back()))) word.pop_back();
        end_word();
        while (i + 1 < s.size() && (s[i + 1] == '>' || s[i + 1] == '|')) ++i;
        if (i + 1 < s.size() && s[i + 1] == '&') {  // >&2
          ++i;
          while (i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) ++i;
          continue;
        }
        redirect_pending = true;
        continue;
      }
      if (c == ' ' || c == '\t') {
        end_word();
        continue;
      }
      word += c;
    }
    end_command();
    return true;
  }

 private:
  /// s[open] is '('; finds its match, splits the inside, sets `end` to the ')'.
  bool substitution(std::string_view s, size_t open, size_t& end, std::vector<SimpleCommand>& out, int depth) {
    int level = 0;
    char quote = 0;
    for (size_t j = open; j < s.size(); ++j) {
      char c = s[j];
      if (quote) {
        if (c == '\\' && quote == '"')
          ++j;
        else if (c == quote)
          quote = 0;
        continue;
      }
      if (c == '\\') {
        ++j;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        ++level;
      } else if (c == ')' && --level == 0) {
        end = j;
        return split(s.substr(open + 1, j - open - 1), out, depth + 1);
      }
    }
    return false;
  }
};

}  // namespace

std::optional<std::vector<SimpleCommand>> split_shell_commands(std::string_view command) {
  // bash never sees a NUL (argv ends there), so a line holding one cannot be judged as written.
  if (command.find('\0') != std::string_view::npos) return std::nullopt;
  std::vector<SimpleCommand> out;
  if (!Splitter().split(command, out)) return std::nullopt;
  return out;
}

std::string_view trim_shell_blanks(std::string_view line) {
  constexpr std::string_view kBlanks = " \t\n";
  size_t begin = line.find_first_not_of(kBlanks);
  if (begin == std::string_view::npos) return {};
  return line.substr(begin, line.find_last_not_of(kBlanks) - begin + 1);
}

}  // namespace pair
