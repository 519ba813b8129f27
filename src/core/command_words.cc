#include "core/command_words.h"

#include <algorithm>
#include <cctype>

namespace pair {
namespace {

bool plain_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80 ||
         std::string_view("_-./=:,+@%^").find(c) != std::string_view::npos;
}

/// Characters bash expands when unquoted: they must stay unquoted in `text`.
bool expanding_char(WordChar ch) {
  return !ch.quoted && std::string_view("*?[~").find(ch.c) != std::string_view::npos;
}

bool is_name_char(char c, bool first) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}

}  // namespace

std::string value_of(const Word& w) {
  std::string out;
  for (auto ch : w) out += ch.c;
  return out;
}

std::string render(const Word& w) {
  if (w.empty()) return "''";
  bool all_plain = true, expands = false;
  for (auto ch : w) {
    bool unquoted_literal = !ch.quoted && std::string_view("*?[]~{}!#").find(ch.c) != std::string_view::npos;
    all_plain = all_plain && (plain_char(ch.c) || unquoted_literal);
    expands = expands || expanding_char(ch);
  }
  if (all_plain) return value_of(w);
  std::string out;
  if (!expands) {
    out = "'";
    for (auto ch : w) out += ch.c == '\'' ? std::string("'\\''") : std::string(1, ch.c);
    return out + "'";
  }
  for (auto ch : w) {
    if (plain_char(ch.c) || expanding_char(ch) ||
        (!ch.quoted && std::string_view("]{}!#").find(ch.c) != std::string_view::npos))
      out += ch.c;
    else if (ch.c == '\'')
      out += "\\'";
    else
      out += std::string("'") + ch.c + "'";
  }
  return out;
}

bool has_glob(const Word& w) {
  for (size_t k = 0; k < w.size(); ++k) {
    if (w[k].quoted) continue;
    if (w[k].c == '*' || w[k].c == '?') return true;
    if (w[k].c == '[')
      for (size_t m = k + 1; m < w.size(); ++m)
        if (w[m].c == ']') return true;
  }
  return false;
}

bool glob_at_start(const Word& w) {
  if (w.empty() || w[0].quoted) return false;
  if (w[0].c == '*' || w[0].c == '?') return true;
  return w[0].c == '[' && has_glob(w);
}

bool has_brace_expansion(const Word& w) {
  for (size_t a = 0; a < w.size(); ++a) {
    if (w[a].quoted || w[a].c != '{') continue;
    bool list = false;
    for (size_t b = a + 1; b < w.size(); ++b) {
      if (w[b].quoted) continue;
      if (w[b].c == ',' || (w[b].c == '.' && b + 1 < w.size() && w[b + 1].c == '.' && !w[b + 1].quoted)) list = true;
      if (w[b].c == '}' && list) return true;
    }
  }
  return false;
}

AssignKind assignment_kind(const Word& w, size_t quote_at) {
  size_t k = 0;
  while (k < w.size() && k < quote_at && is_name_char(w[k].c, k == 0)) ++k;
  if (k == 0 || k >= w.size() || k >= quote_at) return AssignKind::kNone;
  if (w[k].c == '=') return AssignKind::kScalar;
  if (w[k].c == '+' && k + 1 < w.size() && k + 1 < quote_at && w[k + 1].c == '=') return AssignKind::kScalar;
  if (w[k].c == '[') {
    std::string v = value_of(w);
    if (v.find("]=", k) != std::string::npos || v.find("]+=", k) != std::string::npos) return AssignKind::kArray;
  }
  return AssignKind::kNone;
}

bool is_descriptor(std::string_view v) {
  if (v == "-") return true;
  if (v.ends_with("-")) v.remove_suffix(1);
  return !v.empty() &&
         std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

}  // namespace pair
