#include "core/command_options.h"

#include <algorithm>
#include <string_view>

#include "core/command_scripts.h"
#include "core/command_wrappers.h"

namespace pair {
namespace {

using Words = std::vector<std::string>;
using Names = std::vector<std::string_view>;

bool listed(const Names& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

/// "--name=value" -> "--name".
std::string_view option_name(std::string_view a) {
  return a.substr(0, a.find('='));
}

bool is_cluster(std::string_view a) {
  return a.size() > 1 && a[0] == '-' && a[1] != '-';
}

/// The first long option of `names` (as --name or --name=value), or a single-dash cluster holding one
/// of `letters`.
std::string flagged(const Words& w, const Names& names, std::string_view letters) {
  for (size_t i = 1; i < w.size(); ++i) {
    if (w[i] == "--") break;
    if (w[i].starts_with("--") && listed(names, option_name(w[i]).substr(2))) return std::string(option_name(w[i]));
    if (is_cluster(w[i]) && w[i].find_first_of(letters) != std::string::npos)
      return "-" + std::string(1, w[i][w[i].find_first_of(letters)]);
  }
  return "";
}

std::string describe(std::string_view command, std::string_view option) {
  return "`" + std::string(command) + " " + std::string(option) + "`";
}

std::string git(const Words& w) {
  size_t i = 1;
  for (; i < w.size() && w[i].starts_with("-"); ++i) {
    std::string_view name = option_name(w[i]);
    if (name == "-c" || name == "-C" || name == "--git-dir" || name == "--work-tree" || name == "--exec-path" ||
        name == "--config-env")
      return describe("git", name);
    if ((name == "--namespace" || name == "--super-prefix" || name == "--list-cmds" || name == "--attr-source") &&
        w[i].find('=') == std::string::npos)
      ++i;
  }
  if (i >= w.size()) return "";
  const std::string& sub = w[i];
  static const Names kRunning = {"difftool", "mergetool",  "config", "filter-branch", "send-email",  "instaweb",
                                 "daemon",   "credential", "shell",  "upload-pack",   "receive-pack"};
  if (listed(kRunning, sub)) return describe("git", sub);
  static const Names kAnywhere = {
      "--output", "--output-directory", "--ext-diff", "--exec",         "--upload-pack",         "--receive-pack",
      "--extcmd", "--to-cmd",           "--cc-cmd",   "--sendmail-cmd", "--open-files-in-pager", "--interactive"};
  for (size_t j = i + 1; j < w.size(); ++j) {
    std::string_view a = w[j];
    std::string_view name = option_name(a);
    if (listed(kAnywhere, name) && (name != "--interactive" || sub == "rebase")) return describe("git " + sub, name);
    bool writes_o = (sub == "format-patch" || sub == "archive") && a.starts_with("-o");
    bool runs_x =
        sub == "rebase" && (a == "-x" || a == "-i" || (is_cluster(a) && a.find_first_of("xi") != std::string::npos));
    if (writes_o || runs_x || (sub == "grep" && a.starts_with("-O")) || (sub == "clone" && a == "-u"))
      return describe("git " + sub, a.substr(0, 2));
    if ((sub == "bisect" && a == "run") || (sub == "submodule" && a == "foreach")) return describe("git " + sub, a);
  }
  return "";
}

std::string sed(const Words& w) {
  static const Names kSafeLong = {
      "quiet", "silent",  "regexp-extended", "separate",    "null-data", "zero-terminated", "unbuffered", "posix",
      "debug", "sandbox", "follow-symlinks", "line-length", "help",      "version"};
  bool script_given = false;
  auto check = [&](std::string_view script) {
    script_given = true;
    return sed_script_is_safe(script);
  };
  const std::string kScript = "a `sed` script with the e, w or W command or flag";
  for (size_t i = 1; i < w.size(); ++i) {
    std::string_view a = w[i];
    if (a == "--") {
      if (!script_given && i + 1 < w.size() && !check(w[i + 1])) return kScript;
      break;
    }
    if (a.starts_with("--")) {
      std::string_view name = option_name(a).substr(2);
      if (name == "expression") {
        bool attached = a.find('=') != std::string_view::npos;
        if (!attached && i + 1 >= w.size()) return describe("sed", a);
        if (!check(attached ? a.substr(a.find('=') + 1) : std::string_view(w[++i]))) return kScript;
        continue;
      }
      if (name == "line-length" && a.find('=') == std::string_view::npos) ++i;
      if (!listed(kSafeLong, name)) return describe("sed", option_name(a));
      continue;
    }
    if (is_cluster(a)) {
      for (size_t k = 1; k < a.size(); ++k) {
        char c = a[k];
        if (c == 'e' || c == 'l') {
          std::string_view value =
              k + 1 < a.size() ? a.substr(k + 1) : (i + 1 < w.size() ? std::string_view(w[++i]) : "");
          if (c == 'e' && !check(value)) return kScript;
          break;
        }
        if (std::string_view("nErsuz").find(c) == std::string_view::npos)
          return describe("sed", "-" + std::string(1, c));
      }
      continue;
    }
    if (!script_given && !check(a)) return kScript;
  }
  return "";
}

std::string awk(const Words& w) {
  bool program_given = false;
  const std::string kProgram = "an `awk` program that runs commands or writes files";
  for (size_t i = 1; i < w.size(); ++i) {
    std::string_view a = w[i];
    if (a == "--") {
      if (!program_given && i + 1 < w.size() && !awk_program_is_safe(w[i + 1])) return kProgram;
      break;
    }
    if (a.starts_with("--")) {
      std::string_view name = option_name(a).substr(2);
      bool attached = a.find('=') != std::string_view::npos;
      if (name == "source") {
        if (!attached && i + 1 >= w.size()) return describe("awk", a);
        program_given = true;
        if (!awk_program_is_safe(attached ? a.substr(a.find('=') + 1) : std::string_view(w[++i]))) return kProgram;
        continue;
      }
      if (name == "field-separator" || name == "assign") {
        if (!attached) ++i;
        continue;
      }
      if (!listed({"sandbox", "posix", "traditional", "characters-as-bytes", "re-interval", "lint", "version", "help"},
                  name))
        return describe("awk", option_name(a));
      continue;
    }
    if (is_cluster(a)) {
      char c = a[1];
      if (c == 'F' || c == 'v') {
        if (a.size() == 2) ++i;
        continue;
      }
      if (c == 'e') {
        program_given = true;
        std::string_view program = a.size() > 2 ? a.substr(2) : (i + 1 < w.size() ? std::string_view(w[++i]) : "");
        if (!awk_program_is_safe(program)) return kProgram;
        continue;
      }
      if (a.size() == 2 && std::string_view("SPcbnNrstOgCV").find(c) != std::string_view::npos) continue;
      return describe("awk", a.substr(0, 2));
    }
    if (!program_given) {
      program_given = true;
      if (!awk_program_is_safe(a)) return kProgram;
    }
  }
  return "";
}

std::string tar(const Words& w) {
  static const Names kLong = {"to-command",        "checkpoint-action", "use-compress-program", "info-script",
                              "new-volume-script", "rsh-command",       "rmt-command"};
  for (size_t i = 1; i < w.size(); ++i) {
    std::string_view a = w[i];
    if (a.starts_with("--") && listed(kLong, option_name(a).substr(2))) return describe("tar", option_name(a));
    bool old_style = i == 1 && !a.starts_with("-");
    if ((is_cluster(a) || old_style) && a.find_first_of("IF") != std::string_view::npos)
      return describe("tar", "-" + std::string(1, a[a.find_first_of("IF")]));
  }
  return "";
}

std::string wget(const Words& w) {
  for (size_t i = 1; i < w.size(); ++i) {
    std::string_view a = w[i];
    std::string_view name = option_name(a);
    if (name == "--output-document" &&
        !(a == "--output-document=-" || (a == name && i + 1 < w.size() && w[i + 1] == "-")))
      return describe("wget", name);
    if (name == "--output-file" || name == "--append-output" || name == "--execute") return describe("wget", name);
    if (!is_cluster(a)) continue;
    for (size_t k = 1; k < a.size(); ++k) {
      if (std::string_view("Ooae").find(a[k]) == std::string_view::npos) continue;
      std::string_view value =
          k + 1 < a.size() ? a.substr(k + 1) : (i + 1 < w.size() ? std::string_view(w[i + 1]) : "");
      if (a[k] != 'O' || value != "-") return describe("wget", "-" + std::string(1, a[k]));
      break;
    }
  }
  return "";
}

std::string tee(const Words& w) {
  for (size_t i = 1; i < w.size(); ++i)
    if (!w[i].starts_with("-") && w[i] != "/dev/null") return "`tee` to a file";
  return "";
}

/// Shells, evaluators and su: they run a string or their input.
std::string runs_a_string(const Words& w, std::string_view name) {
  static const Names kShells = {"bash", "sh", "dash", "zsh", "ksh", "mksh", "ash", "fish", "rbash"};
  if (name == "eval" || name == "trap" || name == "watch") return "`" + std::string(name) + "`";
  if (name == "su" || name == "runuser")
    return flagged(w, {"command", "session-command"}, "c").empty() ? "" : describe(name, "-c");
  if (name == "env") {
    std::string f = flagged(w, {"split-string"}, "S");
    return f.empty() ? "" : describe("env", f);
  }
  if (!listed(kShells, name)) return "";
  size_t i = 1;
  while (i < w.size()) {
    const std::string& a = w[i];
    if (a == "--" || a == "-") {
      ++i;
      break;
    }
    if (a.starts_with("--command")) return describe(name, "--command");
    if (a.starts_with("--")) {
      i += (a == "--rcfile" || a == "--init-file") ? 2 : 1;
      continue;
    }
    if (a.size() < 2 || (a[0] != '-' && a[0] != '+')) break;
    if (a[0] == '-' && a.find_first_of("cs", 1) != std::string::npos)
      return describe(name, "-" + std::string(1, a[a.find_first_of("cs", 1)]));
    i += 1 + static_cast<size_t>(std::count_if(a.begin(), a.end(), [](char c) { return c == 'o' || c == 'O'; }));
  }
  if (i >= w.size()) return "`" + std::string(name) + "` reading its input";
  return "";
}

}  // namespace

std::string exec_or_write_option(const std::vector<std::string>& w) {
  if (w.empty()) return "";
  std::string_view name = command_name(w[0]);
  if (name == "git") return git(w);
  if (name == "xargs") return "`xargs`";
  if (name == "find") {
    for (size_t i = 1; i < w.size(); ++i)
      if (listed({"-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls"}, w[i]))
        return describe("find", w[i]);
    return "";
  }
  if (name == "sed" || name == "gsed") return sed(w);
  if (name == "awk" || name == "gawk" || name == "mawk" || name == "nawk") return awk(w);
  if (name == "tar" || name == "gtar" || name == "bsdtar") return tar(w);
  if (name == "wget") return wget(w);
  if (name == "tee") return tee(w);
  std::string f;
  if (name == "rsync") f = flagged(w, {"rsh", "rsync-path", "write-batch", "only-write-batch", "log-file"}, "e");
  if (name == "ssh" || name == "scp" || name == "sftp" || name == "slogin") f = flagged(w, {}, "oFSD");
  if (name == "curl")
    f = flagged(w,
                {"output", "output-dir", "remote-name", "remote-name-all", "config", "dump-header", "cookie-jar",
                 "trace", "trace-ascii", "libcurl", "etag-save"},
                "oOKDc");
  if (name == "sort") f = flagged(w, {"output", "compress-program"}, "o");
  if (name == "rg") f = flagged(w, {"pre"}, "");
  if (name == "fd" || name == "fdfind") f = flagged(w, {"exec", "exec-batch"}, "xX");
  if (name == "man") f = flagged(w, {"pager", "html"}, "PH");
  if (name == "zip")
    f = flagged(w, {"unzip-command"}, "") + (std::find(w.begin(), w.end(), "-TT") != w.end() ? "-TT" : "");
  if (name == "time") f = flagged(w, {"output"}, "o");
  if (!f.empty()) return describe(name, f);
  return runs_a_string(w, name);
}

}  // namespace pair
