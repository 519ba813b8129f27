#include "core/shell_commands.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "core/command_words.h"

namespace pair {
namespace {

constexpr int kMaxDepth = 16;

/// Reserved words dropped at a command's start: what follows them is a command of its own.
constexpr std::array<std::string_view, 13> kLeadingKeywords = {"if",    "then",  "else", "elif", "fi", "do",  "done",
                                                               "while", "until", "!",    "{",    "}",  "time"};
/// Reserved words of constructs outside the grammar.
constexpr std::array<std::string_view, 8> kUnmodelledKeywords = {"case",     "esac",   "for", "select",
                                                                 "function", "coproc", "[[",  "]]"};

bool is_one_of(std::string_view w, const auto& list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

enum class Redirect { kNone, kInput, kOutput, kBoth, kDuplicate };

class Lexer {
 public:
  Lexer(std::string_view s, int depth, bool substituted, ShellLine& out)
      : s_(s), depth_(depth), substituted_(substituted), out_(out) {}

  void run() {
    while (i_ < s_.size() && !stop_) step();
    end_command();
    if (parens_ > 0) not_understood("a parenthesis left open");
  }

 private:
  void not_understood(std::string_view what) {
    if (out_.not_understood.empty()) out_.not_understood = what;
  }
  void unreadable(std::string_view what) {
    not_understood(what);
    stop_ = true;
  }
  char at(size_t k) const { return k < s_.size() ? s_[k] : '\0'; }
  void add(char c, bool quoted) {
    if (quoted) mark_quoted();
    word_.push_back({c, quoted});
    started_ = true;
  }
  /// A quote or escape starts here: the word is no reserved word, and no assignment unless its
  /// `=` came before.
  void mark_quoted() {
    if (!word_quoted_) quote_at_ = word_.size();
    word_quoted_ = started_ = true;
  }

  void step() {
    char c = s_[i_];
    char next = at(i_ + 1);
    if (c == '\\') {
      if (i_ + 1 >= s_.size()) {
        add('\\', true);
      } else if (next != '\n') {
        add(next, true);
      }
      i_ += 2;
    } else if (c == '\'') {
      size_t close = s_.find('\'', i_ + 1);
      if (close == std::string_view::npos) return unreadable("an unclosed quote");
      mark_quoted();
      for (size_t k = i_ + 1; k < close; ++k) add(s_[k], true);
      i_ = close + 1;
    } else if (c == '"') {
      double_quoted();
    } else if (c == '$') {
      dollar();
    } else if (c == '`') {
      backquote(i_);
    } else if (c == '#' && !started_) {
      while (i_ < s_.size() && s_[i_] != '\n') ++i_;
    } else if (c == ' ' || c == '\t') {
      end_word();
      ++i_;
    } else if (c == '\n') {
      end_command();
      ++i_;
    } else if (c == ';') {
      end_command();
      if (next == ';' || next == '&') not_understood("`case` syntax (`;;`)");
      ++i_;
    } else if (c == '&' && next == '>') {
      end_word();
      expect_target(Redirect::kBoth);
      i_ += at(i_ + 2) == '>' ? 3 : 2;
    } else if (c == '&' || c == '|') {
      end_command();
      // After `|` a pipeline goes on: `time` there is an ordinary word (a command).
      after_pipe_ = c == '|' && next != '|';
      i_ += (next == '&' || next == '|') ? 2 : 1;
    } else if (c == '(') {
      open_paren();
    } else if (c == ')') {
      end_command();
      if (parens_ == 0) not_understood("an unmatched `)`");
      parens_ = std::max(parens_ - 1, 0);
      ++i_;
    } else if (c == '<' || c == '>') {
      redirect();
    } else {
      add(c, false);
      ++i_;
    }
  }

  void open_paren() {
    if (started_ || !cmd_.words.empty() || has_redirect_ || pending_ != Redirect::kNone) {
      not_understood("`(` after a word (a function definition or pattern)");
      end_command();
    } else if (at(i_ + 1) == '(') {
      not_understood("arithmetic `((…))`");
      ++parens_;
      ++i_;
    }
    ++parens_;
    ++i_;
  }

  void double_quoted() {
    mark_quoted();
    size_t j = i_ + 1;
    for (; j < s_.size() && s_[j] != '"' && !stop_; ++j) {
      char d = s_[j];
      char e = at(j + 1);
      if (d == '\\' && j + 1 < s_.size()) {
        if (e == '\n') {
          ++j;
        } else if (e == '$' || e == '`' || e == '"' || e == '\\') {
          add(e, true);
          ++j;
        } else {
          add('\\', true);
        }
      } else if (d == '$') {
        not_understood("`$` expansion inside double quotes");
        if (e == '(' && at(j + 2) != '(') {
          size_t end = substitution(j + 1);
          if (end == std::string_view::npos) return;
          j = end;
        } else {
          add('$', true);
        }
      } else if (d == '`') {
        size_t end = backquote_end(j);
        if (end == std::string_view::npos) return unreadable("an unclosed backquote");
        not_understood("a backquote substitution");
        parse_inner(unescape_backquoted(s_.substr(j + 1, end - j - 1)));
        j = end;
      } else {
        add(d, true);
      }
    }
    if (stop_) return;
    if (j >= s_.size()) return unreadable("an unclosed quote");
    i_ = j + 1;
  }

  /// An unquoted `$`: never in the grammar. Substitutions are still read for deny rules.
  void dollar() {
    char next = at(i_ + 1);
    if (next == '(' && at(i_ + 2) != '(') {
      not_understood("command substitution `$(…)`");
      size_t end = substitution(i_ + 1);
      if (end == std::string_view::npos) return;
      started_ = true;
      i_ = end + 1;
      return;
    }
    if (next == '\'') {
      not_understood("ANSI-C quoting `$'…'`");
      size_t k = i_ + 2;
      for (; k < s_.size() && s_[k] != '\''; ++k) {
        if (s_[k] == '\\') ++k;
        if (k < s_.size()) add(s_[k], true);
      }
      if (k >= s_.size()) return unreadable("an unclosed quote");
      started_ = true;
      i_ = k + 1;
      return;
    }
    if (next == '"')
      not_understood("locale quoting `$\"…\"`");
    else if (next == '{')
      not_understood("parameter expansion `${…}`");
    else if (next == '(' || next == '[')
      not_understood("arithmetic expansion");
    else
      not_understood("`$` expansion");
    add('$', false);
    ++i_;
  }

  size_t backquote_end(size_t open) const {
    for (size_t k = open + 1; k < s_.size(); ++k) {
      if (s_[k] == '\\') {
        ++k;
      } else if (s_[k] == '`') {
        return k;
      }
    }
    return std::string_view::npos;
  }

  static std::string unescape_backquoted(std::string_view in) {
    std::string out;
    for (size_t k = 0; k < in.size(); ++k) {
      if (in[k] == '\\' && k + 1 < in.size() && std::string_view("$`\\").find(in[k + 1]) != std::string_view::npos) ++k;
      out += in[k];
    }
    return out;
  }

  void backquote(size_t open) {
    size_t end = backquote_end(open);
    if (end == std::string_view::npos) return unreadable("an unclosed backquote");
    not_understood("a backquote substitution");
    parse_inner(unescape_backquoted(s_.substr(open + 1, end - open - 1)));
    started_ = true;
    i_ = end + 1;
  }

  /// s_[open] is '('; reads the commands up to its match and returns the match's index (npos
  /// when unreadable).
  size_t substitution(size_t open) {
    int level = 0;
    char quote = 0;
    for (size_t j = open; j < s_.size(); ++j) {
      char c = s_[j];
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
        parse_inner(s_.substr(open + 1, j - open - 1));
        return j;
      }
    }
    unreadable("an unclosed substitution");
    return std::string_view::npos;
  }

  void parse_inner(std::string_view inner) {
    if (depth_ >= kMaxDepth) return unreadable("substitutions nested too deeply");
    ShellLine nested;
    Lexer(inner, depth_ + 1, true, nested).run();
    for (auto& c : nested.commands) out_.commands.push_back(std::move(c));
    if (!nested.understood()) not_understood(nested.not_understood);
  }

  void redirect() {
    char c = s_[i_];
    char next = at(i_ + 1);
    // A word of digits right before the operator is the descriptor; `{name}` allocates one.
    std::string before = value_of(word_);
    bool unquoted = !word_quoted_;  // `""2>x` is the word 2 and a redirection
    if (started_ && unquoted && is_descriptor(before) && before != "-" && !before.ends_with("-")) {
      word_.clear();
      started_ = false;
    } else if (started_ && unquoted && before.size() > 2 && before.front() == '{' && before.back() == '}') {
      not_understood("a `{fd}` redirection");
      word_.clear();
      started_ = false;
    } else {
      end_word();
    }
    if (pending_ != Redirect::kNone) not_understood("a redirection without a target");
    if (next == '(') {
      not_understood("process substitution");
      size_t end = substitution(i_ + 1);
      if (end == std::string_view::npos) return;
      started_ = true;
      i_ = end + 1;
      return;
    }
    if (c == '<') {
      if (next == '<') {
        not_understood("a here-document or here-string (`<<`)");
        i_ += 2;
        if (at(i_) == '<' || at(i_) == '-') ++i_;
        return expect_target(Redirect::kInput);
      }
      if (next == '>') {
        not_understood("`<>`");
        i_ += 2;
        return expect_target(Redirect::kOutput);
      }
      if (next == '&') {
        i_ += 2;
        return duplicate();
      }
      ++i_;
      return expect_target(Redirect::kInput);
    }
    ++i_;
    if (at(i_) == '>' || at(i_) == '|') {
      ++i_;
    } else if (at(i_) == '&') {
      ++i_;
      return duplicate();
    }
    expect_target(Redirect::kOutput);
  }

  /// After `>&` or `<&`: `-` closes the descriptor and ends the operator (`3>&-x` is `3>&-` and
  /// the word x); anything else is a word naming the descriptor.
  void duplicate() {
    if (at(i_) == '-') {
      ++i_;
      has_redirect_ = true;
      return;
    }
    expect_target(Redirect::kDuplicate);
  }

  void expect_target(Redirect r) {
    if (pending_ != Redirect::kNone) not_understood("a redirection without a target");
    pending_ = r;
    has_redirect_ = true;
  }

  void take_target(const std::string& v) {
    switch (pending_) {
      case Redirect::kInput: break;
      case Redirect::kOutput:
        if (v != "/dev/null") cmd_.writes_redirect = true;
        break;
      case Redirect::kBoth:
        if (v != "/dev/null") {
          not_understood("`&>` to a file");
          cmd_.writes_redirect = true;
        }
        break;
      case Redirect::kDuplicate:
        if (!is_descriptor(v)) {
          not_understood("`>&` or `<&` to a word that is not a descriptor");
          cmd_.writes_redirect = true;
        }
        break;
      case Redirect::kNone: break;
    }
    pending_ = Redirect::kNone;
  }

  void end_word() {
    if (!started_) return;
    Word w = std::move(word_);
    word_.clear();
    started_ = false;
    bool quoted = std::exchange(word_quoted_, false);
    size_t quote_at = std::exchange(quote_at_, std::string::npos);
    std::string v = value_of(w);
    if (pending_ != Redirect::kNone) return take_target(v);
    // Reserved words count only unquoted, as a command's first word (before any redirection).
    bool after_pipe = std::exchange(after_pipe_, false);
    if (cmd_.words.empty() && !has_redirect_ && !quoted) {
      // `time` takes `-p` and then `--`.
      int after_time = std::exchange(after_time_, 0);
      if (after_time == 1 && v == "-p") {
        after_time_ = 2;
        return;
      }
      if (after_time > 0 && v == "--") return;
      if (is_one_of(v, kLeadingKeywords) && !(after_pipe && v == "time")) {
        after_time_ = v == "time" ? 1 : 0;
        return;
      }
      if (is_one_of(v, kUnmodelledKeywords)) not_understood("`" + v + "`");
    }
    after_time_ = 0;
    bool command_position = cmd_.words.size() == cmd_.assignments;
    if (command_position) {
      AssignKind kind = assignment_kind(w, quote_at);
      if (kind == AssignKind::kArray) not_understood("an array assignment");
      if (kind != AssignKind::kNone) {
        if (v.find_first_of("$`", v.find('=')) != std::string::npos)
          not_understood("an assignment whose value holds `$` or a backquote");
        push(w, v);
        ++cmd_.assignments;
        return;
      }
    }
    if (has_glob(w)) {
      if (command_position)
        not_understood("a glob in a command's name");
      else if (glob_at_start(w) || v.starts_with("-"))
        not_understood("a glob that could expand to an option");
    }
    if (has_brace_expansion(w)) not_understood("brace expansion");
    push(w, v);
  }

  void push(const Word& w, std::string v) {
    cmd_.text += (cmd_.text.empty() ? "" : " ") + render(w);
    cmd_.words.push_back(std::move(v));
    cmd_.globs.push_back(has_glob(w));
  }

  void end_command() {
    end_word();
    if (pending_ != Redirect::kNone) {
      not_understood("a redirection without a target");
      pending_ = Redirect::kNone;
    }
    after_time_ = 0;
    after_pipe_ = false;
    if (!cmd_.words.empty() || has_redirect_) {
      cmd_.substituted = substituted_;
      out_.commands.push_back(std::move(cmd_));
    }
    cmd_ = {};
    has_redirect_ = false;
  }

  std::string_view s_;
  int depth_;
  bool substituted_;
  ShellLine& out_;
  size_t i_ = 0;
  bool stop_ = false;  ///< unreadable from here on
  int parens_ = 0;     ///< open subshells
  Word word_;
  bool started_ = false;                 ///< a word is being read (it may still be empty: '')
  bool word_quoted_ = false;             ///< some part of it was quoted or escaped (`""time` is no keyword)
  size_t quote_at_ = std::string::npos;  ///< where in word_ the first quoting began
  Redirect pending_ = Redirect::kNone;
  bool has_redirect_ = false;
  int after_time_ = 0;       ///< 1 after the keyword `time`, 2 after `time -p`
  bool after_pipe_ = false;  ///< the command follows `|` or `|&`
  SimpleCommand cmd_;
};

}  // namespace

ShellLine parse_shell_line(std::string_view line) {
  ShellLine out;
  // bash never sees a NUL (argv ends there), so a line holding one cannot be judged as written.
  if (line.find('\0') != std::string_view::npos) out.not_understood = "a NUL byte";
  Lexer(line, 0, false, out).run();
  return out;
}

std::string quote_shell_word(std::string_view word) {
  Word w;
  for (char c : word) w.push_back({c, true});
  return render(w);
}

std::string_view trim_shell_blanks(std::string_view line) {
  constexpr std::string_view kBlanks = " \t\n";
  size_t begin = line.find_first_not_of(kBlanks);
  if (begin == std::string_view::npos) return {};
  return line.substr(begin, line.find_last_not_of(kBlanks) - begin + 1);
}

}  // namespace pair
