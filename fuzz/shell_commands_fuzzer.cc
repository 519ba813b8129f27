// Bash command lines against the permission rules: reading never crashes, an allow
// rule never admits a line that splits into something it does not cover, and a line
// that an allow rule admits holds no construct outside the modelled grammar
// (core/shell_commands.h). The last check does not trust the splitter: it scans the
// raw line itself, deliberately simply, for the forbidden constructs.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/command_line.h"
#include "core/permission_rules.h"

namespace {

bool is_operator(char c) {
  return c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '<' || c == '>' || c == '\n';
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// One unquoted-context word starting at s[i]: its raw text (quotes kept) and whether any
/// character of it is quoted or escaped. Moves i to its end.
struct RawWord {
  std::string raw;
  std::string unquoted;  ///< only the characters outside quotes and escapes
  bool quoted = false;
  bool unclosed = false;
};

RawWord raw_word(std::string_view s, size_t& i) {
  RawWord w;
  char q = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (q) {
      w.raw += c;
      if (q == '"' && c == '\\' && i + 1 < s.size()) {
        w.raw += s[++i];
      } else if (c == q) {
        q = 0;
      }
      continue;
    }
    if (c == '\\' && i + 1 < s.size()) {
      w.raw += c;
      w.raw += s[++i];
      w.quoted = true;
      continue;
    }
    if (c == '\'' || c == '"') {
      q = c;
      w.quoted = true;
      w.raw += c;
      continue;
    }
    if (is_blank(c) || is_operator(c)) break;
    w.raw += c;
    w.unquoted += c;
  }
  w.unclosed = q != 0;
  return w;
}

bool has_glob(std::string_view unquoted) {
  return unquoted.find_first_of("*?") != std::string_view::npos ||
         (unquoted.find('[') != std::string_view::npos &&
          unquoted.find(']', unquoted.find('[')) != std::string_view::npos);
}

/// A `$` or a backquote outside single quotes.
bool expands(std::string_view raw) {
  char q = 0;
  for (size_t k = 0; k < raw.size(); ++k) {
    char d = raw[k];
    if (q == '\'') {
      if (d == '\'') q = 0;
    } else if (d == '\\') {
      ++k;
    } else if (d == '$' || d == '`') {
      return true;
    } else if (d == '\'' && q == 0) {
      q = '\'';
    } else if (d == '"') {
      q = q == '"' ? 0 : '"';
    }
  }
  return false;
}

/// The raw line holds something outside the grammar, or writes a file: true means an allow rule
/// must not have matched it.
bool outside_grammar(std::string_view s) {
  if (s.find('\0') != std::string_view::npos) return true;
  constexpr std::array<std::string_view, 12> kKeep = {"if",   "then",  "else",  "elif", "fi", "do",
                                                      "done", "while", "until", "!",    "{",  "}"};
  constexpr std::array<std::string_view, 8> kForbidden = {"case",     "esac",   "for", "select",
                                                          "function", "coproc", "[[",  "]]"};
  bool command_start = true;
  int parens = 0;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    char next = i + 1 < s.size() ? s[i + 1] : '\0';
    if (is_blank(c)) {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') ++i;
      continue;
    }
    if (c == '\\' && next == '\n') {
      i += 2;
      continue;
    }
    if (c == '<' || c == '>' || (c == '&' && next == '>')) {
      std::string_view op = s.substr(i, 3);
      if (op.starts_with("<<") || op.starts_with("<>") || op.starts_with("<(") || op.starts_with(">(")) return true;
      bool dup = op.starts_with(">&") || op.starts_with("<&");
      bool output = c != '<';
      i += (c == '&' || dup || op.starts_with(">>") || op.starts_with(">|")) ? 2 : 1;
      if (c == '&' && i < s.size() && s[i] == '>') ++i;
      if (dup && i < s.size() && s[i] == '-') {  // `>&-` closes; a word may follow at once
        ++i;
        continue;
      }
      while (i < s.size() && is_blank(s[i])) ++i;
      RawWord target = raw_word(s, i);
      if (target.unclosed || target.raw.empty() || expands(target.raw)) return true;
      if (dup) {
        if (target.raw.empty() || target.raw.find_first_not_of("0123456789-") != std::string::npos) return true;
      } else if (output && target.raw != "/dev/null") {
        return true;  // writes a file (or &> to one)
      }
      continue;
    }
    if (c == '(' || c == ')') {
      if (c == '(' && (!command_start || next == '(')) return true;
      parens += c == '(' ? 1 : -1;
      if (parens < 0) return true;
      command_start = c == '(';
      ++i;
      continue;
    }
    if (c == ';' && (next == ';' || next == '&')) return true;
    if (is_operator(c)) {
      command_start = true;
      ++i;
      continue;
    }
    size_t begin = i;
    RawWord w = raw_word(s, i);
    if (w.unclosed) return true;
    if (expands(w.raw)) return true;
    // Digits right before a redirection are a descriptor; `{x}>` allocates one.
    if (i < s.size() && (s[i] == '<' || s[i] == '>')) {
      if (!w.quoted && !w.raw.empty() && w.raw.find_first_not_of("0123456789") == std::string::npos) continue;
      if (!w.quoted && w.raw.starts_with("{") && w.raw.ends_with("}")) return true;
    }
    bool leading = command_start;
    if (command_start && !w.quoted) {
      if (std::find(kForbidden.begin(), kForbidden.end(), w.raw) != kForbidden.end()) return true;
      if (std::find(kKeep.begin(), kKeep.end(), w.raw) != kKeep.end() || w.raw == "time") continue;
    }
    size_t eq = w.raw.find('=');
    bool assignment = command_start && eq != std::string::npos && eq > 0 &&
                      w.raw.substr(0, eq).find_first_not_of(
                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789+") == std::string::npos;
    if (command_start && w.raw.find("]=") != std::string::npos && w.unquoted.find('[') != std::string::npos)
      return true;
    if (assignment) continue;  // a `$` in its value was caught above
    command_start = false;
    if (has_glob(w.unquoted) &&
        (leading || w.raw[0] == '-' || std::string_view("*?[").find(s[begin]) != std::string::npos))
      return true;
    // A `,` or `..` between a `{` and a later `}`.
    size_t open = w.unquoted.find('{');
    size_t close = w.unquoted.rfind('}');
    if (open != std::string::npos && close != std::string::npos && open < close) {
      std::string_view inside = std::string_view(w.unquoted).substr(open, close - open);
      if (inside.find(',') != std::string_view::npos || inside.find("..") != std::string_view::npos) return true;
    }
  }
  return parens != 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string line(reinterpret_cast<const char*>(data), size);
  pair::CommandLine commands = pair::read_command_line(line);
  static const pair::PermissionRules rules = [] {
    pair::PermissionRules r;
    for (const char* text : {"bash(git status)", "bash(ls*)", "bash(git diff*)"})
      r.add(*pair::parse_permission_rule(text, pair::RuleAction::kAllow, "fuzz"));
    return r;
  }();
  pair::ToolEffect effect{pair::ToolAccess::kExecute, {"/ws"}, "bash", line};
  auto verdict = rules.check("bash", effect, "/ws");
  if (verdict && verdict->action == pair::RuleAction::kAllow) {
    if (!commands.understood()) __builtin_trap();  // lines not understood are never allowed
    for (const auto& c : commands.commands) {
      const std::string& t = c.command.text;
      bool covered = t == "git status" || t.starts_with("ls") || t.starts_with("git diff");
      if (c.command.writes_redirect || !covered || !c.exec_option.empty()) __builtin_trap();
    }
    if (outside_grammar(line)) __builtin_trap();  // the splitter let through what the grammar excludes
  }
  return 0;
}
