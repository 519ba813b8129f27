// Drives a program in a pseudo-terminal and times it: waits for text on its screen output, types
// keys, and records marks (wall time and the program's CPU time from /proc/PID/stat). Repeats the
// session and prints the median of each interval between consecutive marks as JSON.
//   bench_pty_session [--runs N] [--cols C] [--rows R] [--timeout S] STEP... -- COMMAND ARGS...
// Steps, in order: expect:TEXT (wait until the output since the last expect contains TEXT),
// send:TEXT (type it; \r, \n, \xHH escapes), mark:NAME (the first mark is the start of the run).
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Step {
  char kind;  // e(xpect), s(end), m(ark)
  std::string text;
};

struct Mark {
  double wall_ms;
  double cpu_ms;
};

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    if (c == 'r')
      out += '\r';
    else if (c == 'n')
      out += '\n';
    else if (c == 'x' && i + 2 < s.size()) {
      out += static_cast<char>(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16));
      i += 2;
    } else
      out += c;
  }
  return out;
}

/// utime + stime of a process, in ms (clock ticks from /proc).
double cpu_ms(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::atof(field.c_str());
    if (i == 15) stime = std::atof(field.c_str());
  }
  return (utime + stime) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool run_once(const std::vector<Step>& steps, char** cmd, int cols, int rows, double timeout_s,
              std::vector<Mark>* marks) {
  winsize ws{};
  ws.ws_col = static_cast<unsigned short>(cols);
  ws.ws_row = static_cast<unsigned short>(rows);
  int master = -1;
  double start = now_ms();
  pid_t pid = forkpty(&master, nullptr, nullptr, &ws);
  if (pid < 0) return false;
  if (pid == 0) {
    execvp(cmd[0], cmd);
    _exit(127);
  }
  std::string output;
  size_t searched_from = 0;
  bool ok = true;
  auto pump = [&](int ms) {
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, ms) > 0) {
      char buf[65536];
      ssize_t n = read(master, buf, sizeof buf);
      if (n > 0) output.append(buf, static_cast<size_t>(n));
      if (n <= 0) return false;
    }
    return true;
  };
  marks->clear();
  for (const auto& step : steps) {
    if (step.kind == 'm') {
      marks->push_back({now_ms() - start, cpu_ms(pid)});
    } else if (step.kind == 's') {
      std::string text = unescape(step.text);
      (void)!write(master, text.data(), text.size());
    } else {
      for (;;) {
        size_t found = output.find(step.text, searched_from);
        if (found != std::string::npos) {
          searched_from = found + step.text.size();
          break;
        }
        // Next time only the new output (and a possible partial match at its start): searching
        // megabytes of frames again on every read would make this reader the bottleneck.
        if (output.size() >= step.text.size())
          searched_from = std::max(searched_from, output.size() - step.text.size() + 1);
        if (now_ms() - start > timeout_s * 1000 || !pump(50)) {
          std::fprintf(stderr, "bench_pty_session: timed out waiting for \"%s\"\n", step.text.c_str());
          ok = false;
          break;
        }
      }
      if (!ok) break;
    }
  }
  // Drain until the program exits.
  int status = 0;
  double deadline = now_ms() + 5000;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (now_ms() > deadline || !ok) {
      kill(pid, SIGKILL);
      ok = false;
    }
    pump(20);
  }
  close(master);
  return ok && WIFEXITED(status);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 10, cols = 120, rows = 40;
  double timeout_s = 60;
  std::vector<Step> steps;
  int i = 1;
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--runs")
      runs = std::atoi(argv[++i]);
    else if (a == "--cols")
      cols = std::atoi(argv[++i]);
    else if (a == "--rows")
      rows = std::atoi(argv[++i]);
    else if (a == "--timeout")
      timeout_s = std::atof(argv[++i]);
    else if (a == "--") {
      ++i;
      break;
    } else if (a.rfind("expect:", 0) == 0)
      steps.push_back({'e', a.substr(7)});
    else if (a.rfind("send:", 0) == 0)
      steps.push_back({'s', a.substr(5)});
    else if (a.rfind("mark:", 0) == 0)
      steps.push_back({'m', a.substr(5)});
    else {
      std::fprintf(stderr, "bench_pty_session: unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  if (i >= argc) {
    std::fprintf(stderr, "usage: bench_pty_session [--runs N] STEP... -- COMMAND ARGS...\n");
    return 2;
  }
  std::vector<std::string> names;
  for (const auto& s : steps)
    if (s.kind == 'm') names.push_back(s.text);
  std::vector<std::vector<double>> wall(names.size()), cpu(names.size());
  int failures = 0;
  for (int r = 0; r < runs; ++r) {
    std::vector<Mark> marks;
    if (!run_once(steps, argv + i, cols, rows, timeout_s, &marks)) {
      ++failures;
      continue;
    }
    for (size_t m = 0; m < marks.size(); ++m) {
      double w0 = m == 0 ? 0 : marks[m - 1].wall_ms, c0 = m == 0 ? 0 : marks[m - 1].cpu_ms;
      wall[m].push_back(marks[m].wall_ms - w0);
      cpu[m].push_back(marks[m].cpu_ms - c0);
    }
  }
  std::printf("{\"runs\": %d, \"failures\": %d", runs, failures);
  for (size_t m = 0; m < names.size(); ++m)
    std::printf(", \"%s_wall_ms\": %.3f, \"%s_cpu_ms\": %.3f", names[m].c_str(), median(wall[m]), names[m].c_str(),
                median(cpu[m]));
  std::printf("}\n");
  return failures ? 1 : 0;
}
