#include "util/interrupt_watcher.h"

#include <signal.h>
#include <unistd.h>

#include <thread>

namespace pair {

InterruptWatcher::InterruptWatcher() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set, source = source_]() mutable {
    for (int count = 0;; ++count) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (count > 0) _exit(130);
      source.request_stop();
    }
  }).detach();
}

}  // namespace pair
