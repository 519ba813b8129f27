#include "core/command_wrappers.h"

#include <algorithm>
#include <cctype>

namespace pair {
namespace {

constexpr int kMaxDepth = 8;

using Words = std::vector<std::string>;

/// A wrapper's options, getopt style: `-abc` clusters, `-uVALUE` or `-u VALUE`, `--name`,
/// `--name=VALUE` or `--name VALUE`; options end at `--` or the first operand.
/// `shorts` as getopt writes them: "x" a flag, "x:" with a value, "x::" with a value only
/// attached (-iREPL). `longs`: "name" a flag, "name=" with a value, "name?" with a value only
/// as --name=VALUE. `numbers`: `-5` is an option too (nice).
struct Parsed {
  bool ok = true;
  size_t operand = 0;                                     ///< index of the first operand
  std::vector<std::pair<std::string, std::string>> seen;  ///< option name ("u", "user") and value
  bool has(std::string_view a, std::string_view b = {}) const {
    return std::any_of(seen.begin(), seen.end(),
                       [&](const auto& o) { return o.first == a || (!b.empty() && o.first == b); });
  }
  const std::string* value(std::string_view a, std::string_view b) const {
    for (const auto& o : seen)
      if (o.first == a || o.first == b) return &o.second;
    return nullptr;
  }
};

bool listed(const std::vector<std::string_view>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

bool all_digits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

enum class Takes { kUnknown, kNothing, kValue, kAttachedValue };

Takes short_option(std::string_view shorts, char c) {
  size_t at = c == ':' ? std::string_view::npos : shorts.find(c);
  if (at == std::string_view::npos) return Takes::kUnknown;
  if (shorts.substr(at + 1).starts_with("::")) return Takes::kAttachedValue;
  return shorts.substr(at + 1).starts_with(":") ? Takes::kValue : Takes::kNothing;
}

Takes long_option(std::initializer_list<std::string_view> longs, std::string_view name) {
  for (std::string_view l : longs) {
    if (l == name) return Takes::kNothing;
    if (l.size() == name.size() + 1 && l.starts_with(name))
      return l.back() == '=' ? Takes::kValue : Takes::kAttachedValue;
  }
  return Takes::kUnknown;
}

Parsed parse_options(const Words& w, size_t start, std::string_view shorts,
                     std::initializer_list<std::string_view> longs = {}, bool numbers = false) {
  Parsed p;
  size_t i = start;
  while (i < w.size()) {
    std::string_view a = w[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.size() < 2 || a[0] != '-') break;
    if (a.starts_with("--")) {
      size_t eq = a.find('=');
      std::string name(a.substr(2, eq == std::string_view::npos ? std::string_view::npos : eq - 2));
      Takes takes = long_option(longs, name);
      if (eq != std::string_view::npos && (takes == Takes::kValue || takes == Takes::kAttachedValue)) {
        p.seen.emplace_back(name, std::string(a.substr(eq + 1)));
        ++i;
      } else if (eq == std::string_view::npos && (takes == Takes::kNothing || takes == Takes::kAttachedValue)) {
        p.seen.emplace_back(name, "");
        ++i;
      } else if (eq == std::string_view::npos && takes == Takes::kValue && i + 1 < w.size()) {
        p.seen.emplace_back(name, w[i + 1]);
        i += 2;
      } else {
        p.ok = false;
        return p;
      }
      continue;
    }
    if (numbers && all_digits(a.substr(1))) {
      p.seen.emplace_back("n", std::string(a.substr(1)));
      ++i;
      continue;
    }
    size_t step = 1;
    for (size_t k = 1; k < a.size(); ++k) {
      std::string name(1, a[k]);
      Takes takes = short_option(shorts, a[k]);
      if (takes == Takes::kNothing) {
        p.seen.emplace_back(name, "");
        continue;
      }
      if (takes == Takes::kAttachedValue) {
        p.seen.emplace_back(name, std::string(a.substr(k + 1)));
        break;
      }
      if (takes == Takes::kUnknown || (k + 1 == a.size() && i + 1 >= w.size())) {
        p.ok = false;
        return p;
      }
      if (k + 1 < a.size()) {
        p.seen.emplace_back(name, std::string(a.substr(k + 1)));
      } else {
        p.seen.emplace_back(name, w[i + 1]);
        step = 2;
      }
      break;
    }
    i += step;
  }
  p.operand = i;
  return p;
}

bool is_assignment(std::string_view w) {
  size_t eq = w.find('=');
  if (eq == 0 || eq == std::string_view::npos) return false;
  for (size_t k = 0; k < eq; ++k)
    if (!(std::isalpha(static_cast<unsigned char>(w[k])) || w[k] == '_' ||
          (k > 0 && std::isdigit(static_cast<unsigned char>(w[k])))))
      return false;
  return true;
}

std::string join(const Words& w, size_t from) {
  std::string out;
  for (size_t i = from; i < w.size(); ++i) out += (i == from ? "" : " ") + w[i];
  return out;
}

const std::vector<std::string_view> kShells = {"bash", "sh", "dash", "zsh", "ksh", "mksh", "ash", "fish", "rbash"};
/// Commands that start another command or run a string (kShells too).
const std::vector<std::string_view> kWrappers = {"env",   "command", "exec",    "builtin", "busybox", "nice",  "nohup",
                                                 "time",  "timeout", "stdbuf",  "sudo",    "doas",    "eval",  "trap",
                                                 "watch", "su",      "runuser", "xargs",   "setsid",  "ionice"};
const std::vector<std::string_view> kStatefulBuiltins = {
    "alias",    "unalias", "enable", "hash",      "shopt",   "let",     "declare",  "typeset", "local",
    "readonly", "unset",   "read",   "readarray", "mapfile", "compgen", "complete", "fc",      "bind"};

class Unwrapper {
 public:
  explicit Unwrapper(CommandRuns& out) : out_(out) {}

  /// `globbed`: a word of `w` holds an unquoted glob (bash may put any number of file names
  /// there, moving every later word).
  void run(Words w, bool open, size_t known, int depth, bool globbed) {
    if (w.empty()) return;
    if (depth > kMaxDepth) return fail("commands nested too deeply");
    out_.runs.push_back({w, open, open ? std::min(known, w.size()) : w.size()});
    std::string name(command_name(w[0]));
    bool finds_exec = name == "find" && std::any_of(w.begin(), w.end(), [](const std::string& a) {
                        return a == "-exec" || a == "-execdir" || a == "-ok" || a == "-okdir";
                      });
    if (globbed && (listed(kWrappers, name) || listed(kShells, name) || finds_exec))
      return fail("a glob among the words of `" + name + "`, which could change what it runs");
    auto rest = [&](size_t from) {
      // NAME=value words before the command (sudo takes them; elsewhere they name no command).
      for (; from < w.size() && is_assignment(w[from]); ++from)
        if (w[from].find_first_of("$`") != std::string::npos)
          return fail("an assignment whose value holds `$` or a backquote");
      if (from >= w.size()) return;
      run(Words(w.begin() + static_cast<std::ptrdiff_t>(from), w.end()), open, known > from ? known - from : 0,
          depth + 1, false);
    };
    auto options = [&](std::string_view shorts, std::initializer_list<std::string_view> longs = {},
                       bool numbers = false) {
      Parsed p = parse_options(w, 1, shorts, longs, numbers);
      if (!p.ok) fail("an option of `" + name + "` that rules do not know");
      return p;
    };
    bool runs_string = listed(kShells, name) || name == "eval" || name == "trap" || name == "watch" || name == "su" ||
                       name == "runuser";
    if (runs_string && open && known < w.size()) return fail("`" + name + "` running a string known only when it runs");
    if (name == "env") return env(w, open, known, depth);
    if (name == "command") {
      Parsed p = options("pvV");
      if (p.ok && !p.has("v") && !p.has("V")) rest(p.operand);
      return;
    }
    if (name == "exec") {
      Parsed p = options("cla:");
      if (p.ok) rest(p.operand);
      return;
    }
    if (name == "builtin" || name == "busybox") {
      if (w.size() > 1 && !w[1].starts_with("-")) rest(1);
      return;
    }
    if (name == "nice") {
      Parsed p = options("n:", {"adjustment="}, true);
      if (p.ok) rest(p.operand);
      return;
    }
    if (name == "setsid") {
      Parsed p = options("cfw", {"ctty", "fork", "wait"});
      if (p.ok) rest(p.operand);
      return;
    }
    if (name == "ionice") {
      Parsed p = options("c:n:tp:P:u:", {"class=", "classdata=", "ignore", "pid=", "pgid=", "uid="});
      if (p.ok && !p.has("p", "pid") && !p.has("P", "pgid") && !p.has("u", "uid")) rest(p.operand);
      return;
    }
    if (name == "nohup") {
      Parsed p = options("");
      if (p.ok) rest(p.operand);
      return;
    }
    if (name == "time") {
      Parsed p = options("apvqf:o:", {"portability", "append", "verbose", "quiet", "format=", "output="});
      if (p.ok) rest(p.operand);
      return;
    }
    if (name == "timeout") {
      Parsed p = options("vs:k:", {"foreground", "preserve-status", "verbose", "signal=", "kill-after="});
      if (p.ok) rest(p.operand + 1);  // after the duration
      return;
    }
    if (name == "stdbuf") {
      Parsed p = options("i:o:e:", {"input=", "output=", "error="});
      if (p.ok) rest(p.operand);
      return;
    }
    if (name == "sudo") return sudo(w, rest);
    if (name == "doas") {
      Parsed p = options("nsLu:C:");
      if (!p.ok) return;
      if (p.operand >= w.size() && p.has("s")) return fail("a shell that reads its commands from its input");
      return rest(p.operand);
    }
    if (listed(kShells, name)) return shell(w, depth);
    if (name == "eval") return shell_string(join(w, 1), depth);
    if (name == "trap") {
      size_t i = 1;
      if (i < w.size() && (w[i] == "-l" || w[i] == "-p")) return;
      if (i < w.size() && w[i] == "--") ++i;
      if (i < w.size() && w[i] != "-" && !w[i].empty() && !all_digits(w[i])) shell_string(w[i], depth);
      return;
    }
    if (name == "watch") {
      Parsed p = options("bcCdegptwrxn:q:", {"beep", "color", "no-color", "errexit", "chgexit", "precise", "no-title",
                                             "no-wrap", "no-rerun", "exec", "interval=", "equexit=", "differences?"});
      if (!p.ok) return;
      if (p.has("x", "exec")) return rest(p.operand);
      return shell_string(join(w, p.operand), depth);
    }
    if (name == "su" || name == "runuser") return su(w, depth);
    if (name == "xargs") return xargs(w, depth);
    if (name == "find") return find(w, depth);
    check_builtin(w, name);
  }

  void fail(std::string what) {
    if (out_.not_understood.empty()) out_.not_understood = std::move(what);
  }

 private:
  /// Builtins that run what they read or change how later commands are read
  /// or run: `source` of a device, stateful builtins, `printf -v`, `export`
  /// of anything but NAME=value.
  void check_builtin(const Words& w, const std::string& name) {
    if (name == "source" || name == ".") {
      if (w.size() > 1 && (w[1].starts_with("/dev/") || w[1].starts_with("/proc/")))
        fail("`" + name + "` of a device, which runs what it reads");
      return;
    }
    if (listed(kStatefulBuiltins, name))
      return fail("the builtin `" + name + "`, which changes how later commands are read or run");
    if (name == "printf") {
      for (size_t i = 1; i < w.size() && w[i].starts_with("-") && w[i] != "--"; ++i)
        if (w[i].starts_with("-v")) return fail("`printf -v`, which sets a variable");
      return;
    }
    if (name == "export") {
      for (size_t i = 1; i < w.size(); ++i) {
        bool plain = is_assignment(w[i]) ? w[i].find_first_of("$`") == std::string::npos
                                         : is_assignment(w[i] + "=") && w[i].find('=') == std::string::npos;
        if (!plain) return fail("`export` of anything but NAME=value");
      }
    }
  }

  void env(const Words& w, bool open, size_t known, int depth) {
    Parsed p = parse_options(w, 1, "i0vu:C:S:a:",
                             {"ignore-environment", "null", "debug", "list-signal-handling", "unset=", "chdir=",
                              "split-string=", "argv0=", "block-signal?", "default-signal?", "ignore-signal?"});
    if (!p.ok) return fail("an option of `env` that rules do not know");
    if (p.has("S", "split-string")) return fail("`env -S`, which splits a string into a command");
    size_t i = p.operand;
    if (i < w.size() && w[i] == "-") ++i;
    for (; i < w.size() && is_assignment(w[i]); ++i)
      if (w[i].find_first_of("$`") != std::string::npos)
        return fail("an assignment whose value holds `$` or a backquote");
    if (i < w.size())
      run(Words(w.begin() + static_cast<std::ptrdiff_t>(i), w.end()), open, known > i ? known - i : 0, depth + 1,
          false);
  }

  void sudo(const Words& w, const auto& rest) {
    Parsed p = parse_options(w, 1, "AbEeHiKklnPSsVvC:D:g:p:R:r:T:t:U:u:",
                             {"askpass",
                              "background",
                              "edit",
                              "set-home",
                              "login",
                              "remove-timestamp",
                              "reset-timestamp",
                              "list",
                              "non-interactive",
                              "preserve-groups",
                              "stdin",
                              "shell",
                              "validate",
                              "version",
                              "close-from=",
                              "chdir=",
                              "group=",
                              "host=",
                              "prompt=",
                              "chroot=",
                              "role=",
                              "type=",
                              "command-timeout=",
                              "other-user=",
                              "user=",
                              "preserve-env?"});
    if (!p.ok) return fail("an option of `sudo` that rules do not know");
    if (p.has("e", "edit")) return;  // sudoedit: edits files, runs no command
    if (p.operand >= w.size()) {
      if (p.has("s", "shell") || p.has("i", "login")) fail("a shell that reads its commands from its input");
      return;
    }
    rest(p.operand);
  }

  void shell(const Words& w, int depth) {
    bool string_given = false, from_input = false;
    size_t i = 1;
    for (; i < w.size(); ++i) {
      const std::string& a = w[i];
      if (a == "--" || a == "-") {
        ++i;
        break;
      }
      if (a.starts_with("--command")) {  // fish
        if (a.size() > 9 && a[9] == '=') return shell_string(a.substr(10), depth);
        if (i + 1 < w.size()) return shell_string(w[i + 1], depth);
        return fail("`--command` without a command string");
      }
      if (a == "--rcfile" || a == "--init-file") {
        ++i;
        continue;
      }
      if (a.starts_with("--")) continue;
      if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
      size_t skip = 0;
      for (char c : a.substr(1)) {
        if (c == 'c' && a[0] == '-') string_given = true;
        if (c == 's' && a[0] == '-') from_input = true;
        if (c == 'o' || c == 'O') ++skip;
      }
      i += skip;
    }
    if (string_given) {
      if (i >= w.size()) return fail("`-c` without a command string");
      return shell_string(w[i], depth);
    }
    if (from_input || i >= w.size()) return fail("a shell that reads its commands from its input");
    if (w[i].starts_with("/dev/") || w[i].starts_with("/proc/")) fail("a shell that reads its commands from a device");
  }

  void su(const Words& w, int depth) {
    for (size_t i = 1; i < w.size(); ++i) {
      const std::string& a = w[i];
      for (std::string_view opt : {"--command", "--session-command"}) {
        if (a == opt) return i + 1 < w.size() ? shell_string(w[i + 1], depth) : fail("`su -c` without a command");
        if (a.starts_with(std::string(opt) + "=")) return shell_string(a.substr(opt.size() + 1), depth);
      }
      if (a.size() > 1 && a[0] == '-' && a[1] != '-') {
        size_t c = a.find('c');
        if (c != std::string::npos) {
          if (c + 1 < a.size()) return shell_string(a.substr(c + 1), depth);
          return i + 1 < w.size() ? shell_string(w[i + 1], depth) : fail("`su -c` without a command");
        }
      }
    }
    fail("a shell that reads its commands from its input");
  }

  void xargs(const Words& w, int depth) {
    Parsed p =
        parse_options(w, 1, "0rtpxoa:d:E:I:L:n:P:s:e::i::l::",
                      {"null", "no-run-if-empty", "verbose", "interactive", "exit", "open-tty", "show-limits",
                       "arg-file=", "delimiter=", "max-args=", "max-procs=", "max-chars=", "process-slot-var=", "eof?",
                       "replace?", "max-lines?"});
    if (!p.ok) return fail("an option of `xargs` that rules do not know");
    size_t first = std::min(p.operand, w.size());
    while (first < w.size() && is_assignment(w[first])) ++first;
    Words inner(w.begin() + static_cast<std::ptrdiff_t>(first), w.end());
    if (inner.empty()) inner = {"echo"};
    std::string replace;
    if (const std::string* r = p.value("I", "replace")) replace = r->empty() ? "{}" : *r;
    if (const std::string* r = p.value("i", "i")) replace = r->empty() ? "{}" : *r;
    size_t known = inner.size();
    if (!replace.empty())
      for (size_t k = 0; k < inner.size(); ++k)
        if (inner[k].find(replace) != std::string::npos) {
          known = k;
          break;
        }
    run(std::move(inner), true, known, depth + 1, false);
  }

  void find(const Words& w, int depth) {
    for (size_t i = 1; i < w.size(); ++i) {
      if (w[i] != "-exec" && w[i] != "-execdir" && w[i] != "-ok" && w[i] != "-okdir") continue;
      size_t j = i + 1;
      while (j < w.size() && w[j] != ";" && !(w[j] == "+" && w[j - 1] == "{}")) ++j;
      if (j >= w.size()) return fail("`find " + w[i] + "` without its `;`");
      size_t first = i + 1;
      while (first < j && is_assignment(w[first])) ++first;
      Words inner(w.begin() + static_cast<std::ptrdiff_t>(first), w.begin() + static_cast<std::ptrdiff_t>(j));
      size_t known = inner.size();
      for (size_t k = 0; k < inner.size(); ++k)
        if (inner[k].find("{}") != std::string::npos) {
          known = k;
          break;
        }
      run(std::move(inner), true, known, depth + 1, false);
      i = j;
    }
  }

  void shell_string(const std::string& s, int depth) {
    ShellLine line = parse_shell_line(s);
    if (!line.understood()) fail("a command string with " + line.not_understood);
    for (const auto& c : line.commands) run_command(c, depth + 1);
  }

  CommandRuns& out_;

 public:
  void run_command(const SimpleCommand& c, int depth) {
    auto first = static_cast<std::ptrdiff_t>(std::min(c.assignments, c.words.size()));
    bool globbed = std::any_of(c.globs.begin() + std::min(first, static_cast<std::ptrdiff_t>(c.globs.size())),
                               c.globs.end(), [](bool g) { return g; });
    run(Words(c.words.begin() + first, c.words.end()), false, 0, depth, globbed);
  }
};

}  // namespace

std::string_view command_name(std::string_view word) {
  size_t slash = word.rfind('/');
  return slash == std::string_view::npos ? word : word.substr(slash + 1);
}

CommandRuns commands_run_by(const SimpleCommand& command) {
  CommandRuns out;
  Unwrapper(out).run_command(command, 0);
  return out;
}

}  // namespace pair
