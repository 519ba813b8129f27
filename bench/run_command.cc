// Runs a command N times and reports the median wall time, the median CPU time (user + system, of
// the child and the children it waited for) and the peak RSS of the child, measured with
// posix_spawn + wait4 so the harness adds as little as possible.
//   bench_run_command [--runs N] [--warmup N] [--stdin FILE] [--json] -- COMMAND ARGS...
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Sample {
  double wall_ms;
  double cpu_ms;
  long max_rss_kb;
  int status;
};

Sample run_once(char** argv, const char* stdin_file) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, stdin_file ? stdin_file : "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  auto start = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawnp(&pid, argv[0], &fa, nullptr, argv, environ) != 0) {
    std::perror("posix_spawnp");
    std::exit(2);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  auto end = std::chrono::steady_clock::now();
  posix_spawn_file_actions_destroy(&fa);
  auto ms = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) * 1e3 + static_cast<double>(tv.tv_usec) / 1e3;
  };
  return {std::chrono::duration<double, std::milli>(end - start).count(), ms(ru.ru_utime) + ms(ru.ru_stime),
          ru.ru_maxrss, status};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 50, warmup = 3;
  const char* stdin_file = nullptr;
  bool json = false;
  int i = 1;
  for (; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--runs"))
      runs = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--warmup"))
      warmup = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--stdin"))
      stdin_file = argv[++i];
    else if (!std::strcmp(argv[i], "--json"))
      json = true;
    else if (!std::strcmp(argv[i], "--")) {
      ++i;
      break;
    }
  }
  if (i >= argc || runs < 1) {
    std::fprintf(stderr, "usage: bench_run_command [--runs N] [--warmup N] [--stdin FILE] [--json] -- CMD...\n");
    return 2;
  }
  char** cmd = argv + i;
  for (int w = 0; w < warmup; ++w) run_once(cmd, stdin_file);
  std::vector<double> wall, rss, cpu;
  int failures = 0;
  for (int r = 0; r < runs; ++r) {
    Sample s = run_once(cmd, stdin_file);
    if (!WIFEXITED(s.status) || WEXITSTATUS(s.status) != 0) ++failures;
    wall.push_back(s.wall_ms);
    cpu.push_back(s.cpu_ms);
    rss.push_back(static_cast<double>(s.max_rss_kb));
  }
  double med = median(wall), p10, p90;
  std::vector<double> sorted = wall;
  std::sort(sorted.begin(), sorted.end());
  p10 = sorted[sorted.size() / 10];
  p90 = sorted[sorted.size() * 9 / 10];
  double rss_max = *std::max_element(rss.begin(), rss.end());
  if (json) {
    std::printf(
        "{\"runs\": %d, \"failures\": %d, \"median_ms\": %.3f, \"p10_ms\": %.3f, \"p90_ms\": %.3f, "
        "\"peak_rss_mib\": %.2f, \"median_cpu_ms\": %.3f}\n",
        runs, failures, med, p10, p90, rss_max / 1024.0, median(cpu));
  } else {
    std::printf(
        "runs %d  failures %d  median %.2f ms  p10 %.2f ms  p90 %.2f ms  peak RSS %.1f MiB  median CPU %.2f ms\n", runs,
        failures, med, p10, p90, rss_max / 1024.0, median(cpu));
  }
  return failures ? 1 : 0;
}
