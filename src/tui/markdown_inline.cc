#include "tui/markdown_inline.h"

#include <cctype>

namespace pair::tui {

namespace {

enum class Kind { kText, kDelim, kCode, kLink };

struct Piece {
  Kind kind = Kind::kText;
  std::string text;  ///< text, code, the delimiter characters, or link text
  std::string url;
  char ch = 0;
  int count = 0;
  bool can_open = false, can_close = false;
  int bold = 0, italic = 0, strike = 0;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\0';
}
bool is_punct(char c) {
  return std::ispunct(static_cast<unsigned char>(c)) != 0;
}

/// Position after the run of `tick` backticks closing a code span that opens
/// with `n` of them at `from`, or npos.
size_t find_code_close(std::string_view s, size_t from, size_t n) {
  for (size_t i = from; i < s.size();) {
    if (s[i] != '`') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < s.size() && s[j] == '`') ++j;
    if (j - i == n) return i;
    i = j;
  }
  return std::string_view::npos;
}

/// For "[text](url)" at s[i] == '[': the end of the link and its parts.
bool match_link(std::string_view s, size_t i, size_t* end, std::string_view* text, std::string_view* url) {
  int depth = 0;
  size_t close = std::string_view::npos;
  for (size_t k = i; k < s.size(); ++k) {
    if (s[k] == '\\') {
      ++k;
      continue;
    }
    if (s[k] == '[') ++depth;
    if (s[k] == ']' && --depth == 0) {
      close = k;
      break;
    }
  }
  if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != '(') return false;
  int parens = 0;
  for (size_t k = close + 2; k < s.size(); ++k) {
    if (s[k] == ' ' && parens == 0 && k == close + 2) return false;
    if (s[k] == '(') ++parens;
    if (s[k] == ')') {
      if (parens-- == 0) {
        *text = s.substr(i + 1, close - i - 1);
        *url = s.substr(close + 2, k - close - 2);
        *end = k + 1;
        return true;
      }
    }
  }
  return false;
}

std::vector<Piece> tokenize(std::string_view s) {
  std::vector<Piece> out;
  auto text = [&](std::string_view t) {
    if (out.empty() || out.back().kind != Kind::kText) out.push_back({});
    out.back().text += t;
  };
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '\\' && i + 1 < s.size() && is_punct(s[i + 1])) {
      text(s.substr(i + 1, 1));
      i += 2;
    } else if (c == '`') {
      size_t j = i;
      while (j < s.size() && s[j] == '`') ++j;
      size_t close = find_code_close(s, j, j - i);
      if (close == std::string_view::npos) {
        text(s.substr(i, j - i));
        i = j;
        continue;
      }
      std::string_view code = s.substr(j, close - j);
      if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ' && code.find_first_not_of(' ') != code.npos)
        code = code.substr(1, code.size() - 2);
      Piece p;
      p.kind = Kind::kCode;
      p.text = code;
      out.push_back(std::move(p));
      i = close + (j - i);
    } else if (c == '[' || (c == '!' && i + 1 < s.size() && s[i + 1] == '[')) {
      size_t start = c == '!' ? i + 1 : i, end = 0;
      std::string_view link_text, url;
      if (!match_link(s, start, &end, &link_text, &url)) {
        text(s.substr(i, 1));
        ++i;
        continue;
      }
      Piece p;
      p.kind = Kind::kLink;
      p.text = c == '!' ? "[image: " + std::string(link_text) + "]" : std::string(link_text);
      p.url = url;
      if (size_t sp = p.url.find(' '); sp != std::string::npos) p.url.resize(sp);  // drop a "title"
      out.push_back(std::move(p));
      i = end;
    } else if (c == '<' && (s.substr(i + 1).starts_with("http://") || s.substr(i + 1).starts_with("https://"))) {
      size_t close = s.find('>', i);
      if (close == std::string_view::npos || s.substr(i, close - i).find(' ') != std::string_view::npos) {
        text("<");
        ++i;
        continue;
      }
      Piece p;
      p.kind = Kind::kLink;
      p.text = s.substr(i + 1, close - i - 1);
      p.url = p.text;
      out.push_back(std::move(p));
      i = close + 1;
    } else if (c == '*' || c == '_' || c == '~') {
      size_t j = i;
      while (j < s.size() && s[j] == c) ++j;
      char before = i > 0 ? s[i - 1] : '\0', after = j < s.size() ? s[j] : '\0';
      bool left = !is_space(after) && (!is_punct(after) || is_space(before) || is_punct(before));
      bool right = !is_space(before) && (!is_punct(before) || is_space(after) || is_punct(after));
      Piece p;
      p.kind = Kind::kDelim;
      p.ch = c;
      p.count = static_cast<int>(j - i);
      p.text = s.substr(i, j - i);
      if (c == '_') {
        p.can_open = left && (!right || is_punct(before));
        p.can_close = right && (!left || is_punct(after));
      } else {
        p.can_open = left;
        p.can_close = right;
      }
      if (c == '~' && p.count != 2) p.can_open = p.can_close = false;
      out.push_back(std::move(p));
      i = j;
    } else {
      size_t j = i + 1;
      while (j < s.size() && s[j] != '\\' && s[j] != '`' && s[j] != '[' && s[j] != '!' && s[j] != '<' && s[j] != '*' &&
             s[j] != '_' && s[j] != '~')
        ++j;
      text(s.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

void resolve_emphasis(std::vector<Piece>& pieces) {
  for (size_t i = 0; i < pieces.size(); ++i) {
    Piece& closer = pieces[i];
    if (closer.kind != Kind::kDelim || !closer.can_close) continue;
    for (size_t j = i; j-- > 0 && closer.count > 0;) {
      Piece& opener = pieces[j];
      if (opener.kind != Kind::kDelim || !opener.can_open || opener.ch != closer.ch || opener.count == 0) continue;
      int n = closer.ch == '~' ? 2 : (opener.count >= 2 && closer.count >= 2 ? 2 : 1);
      for (size_t k = j + 1; k < i; ++k) {
        if (closer.ch == '~')
          ++pieces[k].strike;
        else if (n == 2)
          ++pieces[k].bold;
        else
          ++pieces[k].italic;
        if (pieces[k].kind == Kind::kDelim) pieces[k].can_open = false;  // no pairing across
      }
      opener.count -= n;
      closer.count -= n;
      opener.text.resize(opener.count);
      closer.text.resize(closer.count);
      if (opener.count > 0) ++j;  // try the same opener again (***x***)
    }
  }
}

}  // namespace

Spans parse_inline(std::string_view text, const Style& base) {
  std::vector<Piece> pieces = tokenize(text);
  resolve_emphasis(pieces);
  Spans out;
  auto add = [&](std::string t, const Style& st) {
    if (t.empty()) return;
    if (!out.empty() && out.back().style == st)
      out.back().text += t;
    else
      out.push_back({std::move(t), st});
  };
  for (auto& p : pieces) {
    Style st = base;
    if (p.bold) st.bold = true;
    if (p.italic) st.italic = true;
    if (p.strike) st.strike = true;
    switch (p.kind) {
      case Kind::kText:
      case Kind::kDelim: add(std::move(p.text), st); break;
      case Kind::kCode: {
        Style code = theme::code();
        code.bold = st.bold;
        add(std::move(p.text), code);
        break;
      }
      case Kind::kLink: {
        Style link = theme::link();
        link.bold = st.bold;
        link.italic = st.italic;
        bool same = p.url == p.text || p.url.empty() || p.url.starts_with("#");
        for (auto& span : parse_inline(p.text, link)) add(std::move(span.text), span.style);
        if (!same) add(" (" + p.url + ")", theme::muted());
        break;
      }
    }
  }
  return out;
}

}  // namespace pair::tui
