#include "tui/highlight.h"

#include <array>
#include <cctype>
#include <string>
#include <unordered_set>

#include "util/strings.h"

namespace pair::tui {

struct LanguageSpec {
  std::string_view names;  ///< space-separated
  std::array<std::string_view, 2> line_comments;
  std::string_view block_open, block_close;
  std::string_view quotes;          ///< characters that open a string
  bool triple_quotes = false;       ///< Python's """ and '''
  bool multiline_backtick = false;  ///< JavaScript template literals
  bool preprocessor = false;        ///< a leading # is a directive (C, C++)
  bool shell_variables = false;
  std::string_view keywords;   ///< space-separated
  std::string_view constants;  ///< space-separated: true, null, self, ...
  bool diff = false;
};

namespace {

enum Mode { kCode = 0, kBlockComment = 1, kTripleDouble = 2, kTripleSingle = 3, kTemplate = 4 };

constexpr std::string_view kCKeywords =
    "auto break case char const continue default do double else enum extern float for goto if inline int long "
    "register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while "
    "alignas alignof bool class constexpr consteval constinit co_await co_return co_yield concept decltype delete "
    "explicit export friend mutable namespace new noexcept operator override final private protected public "
    "requires static_assert static_cast dynamic_cast reinterpret_cast const_cast template this thread_local throw "
    "try catch typeid typename using virtual size_t int64_t uint64_t int32_t uint32_t uint8_t std string";

constexpr LanguageSpec kLanguages[] = {
    {"c cpp c++ cc cxx h hpp hxx cuda cu objc",
     {"//", ""},
     "/*",
     "*/",
     "\"'",
     false,
     false,
     true,
     false,
     kCKeywords,
     "true false nullptr NULL"},
    {"python py python3 py3 gyp",
     {"#", ""},
     "",
     "",
     "\"'",
     true,
     false,
     false,
     false,
     "and as assert async await break class continue def del elif else except finally for from global if import in "
     "is lambda nonlocal not or pass raise return try while with yield match case print len range int str float "
     "list dict set tuple bool",
     "True False None self cls"},
    {"javascript js jsx mjs cjs typescript ts tsx node",
     {"//", ""},
     "/*",
     "*/",
     "\"'`",
     false,
     true,
     false,
     false,
     "async await break case catch class const continue debugger default delete do else export extends finally for "
     "from function if import in instanceof let new of return static super switch throw try typeof var void while "
     "with yield interface type enum implements private public protected readonly declare namespace abstract as "
     "keyof",
     "true false null undefined this NaN Infinity"},
    {"rust rs",
     {"//", ""},
     "/*",
     "*/",
     "\"",
     false,
     false,
     false,
     false,
     "as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut "
     "pub ref return static struct super trait type unsafe use where while Self i8 i16 i32 i64 i128 isize u8 u16 "
     "u32 u64 u128 usize f32 f64 bool char str String Vec Option Result Box",
     "true false self None Some Ok Err"},
    {"go golang",
     {"//", ""},
     "/*",
     "*/",
     "\"'`",
     false,
     true,
     false,
     false,
     "break case chan const continue default defer else fallthrough for func go goto if import interface map "
     "package range return select struct switch type var int int64 int32 uint byte rune string float64 error bool "
     "any",
     "true false nil iota"},
    {"java kotlin kt scala csharp cs c# swift dart",
     {"//", ""},
     "/*",
     "*/",
     "\"'",
     false,
     false,
     false,
     false,
     "abstract assert boolean break byte case catch char class const continue default do double else enum extends "
     "final finally float for if implements import instanceof int interface long native new package private "
     "protected public return short static super switch synchronized throw throws transient try void volatile while "
     "var val fun object when namespace using struct func let override async await string",
     "true false null this"},
    {"bash sh shell zsh console shellscript ksh fish",
     {"#", ""},
     "",
     "",
     "\"'",
     false,
     false,
     false,
     true,
     "if then else elif fi case esac for while until do done in function return local export readonly declare "
     "set unset shift exit source alias echo printf cd test trap eval exec",
     "true false"},
    {"json jsonc json5 jsonl", {"//", ""}, "/*", "*/", "\"", false, false, false, false, "", "true false null"},
    {"yaml yml toml ini cfg conf properties",
     {"#", ";"},
     "",
     "",
     "\"'",
     false,
     false,
     false,
     false,
     "",
     "true false null yes no on off"},
    {"sql mysql postgresql psql sqlite",
     {"--", ""},
     "/*",
     "*/",
     "'\"",
     false,
     false,
     false,
     false,
     "select from where insert into values update set delete create table index view drop alter add primary key "
     "foreign references join left right inner outer on group by order having limit offset as and or not null is "
     "in exists distinct union all case when then else end begin commit rollback SELECT FROM WHERE INSERT INTO "
     "VALUES UPDATE SET DELETE CREATE TABLE INDEX DROP ALTER JOIN LEFT INNER ON GROUP BY ORDER LIMIT AS AND OR NOT "
     "NULL IN DISTINCT UNION CASE WHEN THEN ELSE END",
     "TRUE FALSE true false"},
    {"ruby rb",
     {"#", ""},
     "",
     "",
     "\"'",
     false,
     false,
     false,
     false,
     "alias and begin break case class def defined do else elsif end ensure for if in module next not or redo "
     "rescue retry return super then undef unless until when while yield require puts attr_accessor",
     "true false nil self"},
    {"lua",
     {"--", ""},
     "--[[",
     "]]",
     "\"'",
     false,
     false,
     false,
     false,
     "and break do else elseif end for function goto if in local not or repeat return then until while",
     "true false nil"},
    {"php",
     {"//", "#"},
     "/*",
     "*/",
     "\"'",
     false,
     false,
     false,
     true,
     "abstract and array as break case catch class const continue declare default do echo else elseif empty "
     "endif extends final for foreach function global if implements include interface isset namespace new or "
     "private protected public require return static switch throw trait try use var while",
     "true false null this"},
    {"cmake make makefile mk dockerfile docker",
     {"#", ""},
     "",
     "",
     "\"",
     false,
     false,
     false,
     true,
     "if else elseif endif foreach endforeach function endfunction macro endmacro set add_library add_executable "
     "target_link_libraries project include FROM RUN CMD COPY ADD ENV WORKDIR EXPOSE ENTRYPOINT ARG USER LABEL",
     "ON OFF TRUE FALSE"},
    {"css scss less",
     {"", ""},
     "/*",
     "*/",
     "\"'",
     false,
     false,
     false,
     false,
     "important media import keyframes from to",
     ""},
    {"html xml svg xhtml vue", {"", ""}, "<!--", "-->", "\"'", false, false, false, false, "", ""},
    {"diff patch", {"", ""}, "", "", "", false, false, false, false, "", "", true},
};

bool contains_word(std::string_view list, std::string_view word) {
  if (word.empty() || list.empty()) return false;
  for (size_t pos = list.find(word); pos != std::string_view::npos; pos = list.find(word, pos + 1)) {
    bool start = pos == 0 || list[pos - 1] == ' ';
    bool end = pos + word.size() == list.size() || list[pos + word.size()] == ' ';
    if (start && end) return true;
  }
  return false;
}

Style keyword_style() {
  return Style{}.with_fg(Color::kMagenta);
}
Style string_style() {
  return Style{}.with_fg(Color::kGreen);
}
Style comment_style() {
  return Style{}.with_fg(Color::kGray).with_italic();
}
Style number_style() {
  return Style{}.with_fg(Color::kCyan);
}
Style constant_style() {
  return Style{}.with_fg(Color::kYellow);
}
Style directive_style() {
  return Style{}.with_fg(Color::kBlue);
}

class LineHighlighter {
 public:
  LineHighlighter(std::string_view line, const LanguageSpec& lang, HighlightState& state)
      : s_(line), lang_(lang), state_(state) {}

  Spans run() {
    if (lang_.diff) return diff_line();
    size_t i = 0;
    if (state_.mode != kCode) i = continue_open(0);
    if (lang_.preprocessor && state_.mode == kCode) {
      size_t first = s_.find_first_not_of(" \t");
      if (first != std::string_view::npos && s_[first] == '#' && i == 0) {
        add(s_.substr(0, first), {});
        size_t word_end = first + 1;
        while (word_end < s_.size() && std::isalpha(static_cast<unsigned char>(s_[word_end]))) ++word_end;
        add(s_.substr(first, word_end - first), directive_style());
        i = word_end;
      }
    }
    while (i < s_.size()) i = step(i);
    return std::move(out_);
  }

 private:
  void add(std::string_view t, const Style& st) {
    if (t.empty()) return;
    if (!out_.empty() && out_.back().style == st)
      out_.back().text += t;
    else
      out_.push_back({std::string(t), st});
  }

  Spans diff_line() {
    Style st;
    if (s_.starts_with("+++") || s_.starts_with("---"))
      st = Style{}.with_bold();
    else if (s_.starts_with("+"))
      st = theme::added();
    else if (s_.starts_with("-"))
      st = theme::removed();
    else if (s_.starts_with("@@"))
      st = theme::accent();
    add(s_, st);
    return std::move(out_);
  }

  /// Inside a comment or string that began on an earlier line.
  size_t continue_open(size_t i) {
    std::string_view close = state_.mode == kBlockComment   ? lang_.block_close
                             : state_.mode == kTripleDouble ? std::string_view("\"\"\"")
                             : state_.mode == kTripleSingle ? std::string_view("'''")
                                                            : std::string_view("`");
    Style st = state_.mode == kBlockComment ? comment_style() : string_style();
    size_t end = state_.mode == kTemplate ? find_unescaped(i, '`') : s_.find(close, i);
    if (end == std::string_view::npos) {
      add(s_.substr(i), st);
      return s_.size();
    }
    end += close.size();
    add(s_.substr(i, end - i), st);
    state_.mode = kCode;
    return end;
  }

  size_t find_unescaped(size_t from, char quote) const {
    for (size_t k = from; k < s_.size(); ++k) {
      if (s_[k] == '\\') {
        ++k;
        continue;
      }
      if (s_[k] == quote) return k;
    }
    return std::string_view::npos;
  }

  size_t step(size_t i) {
    std::string_view rest = s_.substr(i);
    for (auto lc : lang_.line_comments) {
      if (!lc.empty() && rest.starts_with(lc) && (lc != "#" || !lang_.shell_variables || i == 0 || s_[i - 1] == ' ')) {
        add(rest, comment_style());
        return s_.size();
      }
    }
    if (!lang_.block_open.empty() && rest.starts_with(lang_.block_open)) {
      add(lang_.block_open, comment_style());
      state_.mode = kBlockComment;
      return continue_open(i + lang_.block_open.size());
    }
    char c = s_[i];
    if (lang_.triple_quotes && (rest.starts_with("\"\"\"") || rest.starts_with("'''"))) {
      add(rest.substr(0, 3), string_style());
      state_.mode = c == '"' ? kTripleDouble : kTripleSingle;
      return continue_open(i + 3);
    }
    if (lang_.quotes.find(c) != std::string_view::npos) {
      if (c == '\'' && lang_.names.starts_with("rust") && i + 2 < s_.size() && s_[i + 2] != '\'') {
        add(rest.substr(0, 1), {});  // a lifetime, not a char
        return i + 1;
      }
      if (c == '`' && lang_.multiline_backtick) {
        add("`", string_style());
        state_.mode = kTemplate;
        return continue_open(i + 1);
      }
      size_t end = find_unescaped(i + 1, c);
      size_t stop = end == std::string_view::npos ? s_.size() : end + 1;
      add(s_.substr(i, stop - i), string_style());
      return stop;
    }
    if (lang_.shell_variables && c == '$' && i + 1 < s_.size()) {
      size_t j = i + 1;
      if (s_[j] == '{') {
        size_t close = s_.find('}', j);
        j = close == std::string_view::npos ? s_.size() : close + 1;
      } else {
        while (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) ++j;
      }
      add(s_.substr(i, j - i), constant_style());
      return std::max(j, i + 1);
    }
    if (std::isdigit(static_cast<unsigned char>(c)) && (i == 0 || !is_word(s_[i - 1]))) {
      size_t j = i;
      while (j < s_.size() && (is_word(s_[j]) || s_[j] == '.')) ++j;
      add(s_.substr(i, j - i), number_style());
      return j;
    }
    if (is_word(c)) {
      size_t j = i;
      while (j < s_.size() && is_word(s_[j])) ++j;
      std::string_view word = s_.substr(i, j - i);
      if (contains_word(lang_.keywords, word))
        add(word, keyword_style());
      else if (contains_word(lang_.constants, word))
        add(word, constant_style());
      else
        add(word, {});
      return j;
    }
    size_t j = i + 1;
    while (j < s_.size() && !is_word(s_[j]) && lang_.quotes.find(s_[j]) == std::string_view::npos && s_[j] != '/' &&
           s_[j] != '#' && s_[j] != '-' && s_[j] != '<' && s_[j] != '$' && s_[j] != ';')
      ++j;
    add(s_.substr(i, j - i), {});
    return j;
  }

  static bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }

  std::string_view s_;
  const LanguageSpec& lang_;
  HighlightState& state_;
  Spans out_;
};

}  // namespace

const LanguageSpec* find_language(std::string_view info) {
  std::string name = to_lower(trim(info.substr(0, info.find_first_of(" {,"))));
  if (name.empty()) return nullptr;
  for (const auto& lang : kLanguages)
    if (contains_word(lang.names, name)) return &lang;
  return nullptr;
}

Spans highlight_line(std::string_view line, const LanguageSpec* lang, HighlightState& state) {
  if (!lang) return {{std::string(line), {}}};
  return LineHighlighter(line, *lang, state).run();
}

}  // namespace pair::tui
