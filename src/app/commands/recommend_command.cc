// pair model recommend: the first run's recommendation for this machine, on demand.
#include <cstdio>

#include "app/cli.h"
#include "app/commands/local_cli.h"
#include "app/first_run.h"
#include "util/byte_size.h"

namespace pair {
namespace {

void print_choice(const char* heading, const ModelChoice& m) {
  std::printf("%-12s %s, %s\n%s", heading, m.label.c_str(), download_size_text(m).c_str(),
              reasons_text(m, "             ").c_str());
  std::printf("             pair model pull %s --add %s --default\n", m.hf.c_str(), m.name.c_str());
}

}  // namespace

int run_model_recommend(const CliOptions&) {
  FirstRunFacts f = first_run_facts();
  std::string memory = format_gib(f.memory.ram_available) + " of RAM free";
  for (const auto& g : f.memory.gpus) memory += ", " + g.name + " " + format_gib(g.free) + " free";
  if (f.recommendation) {
    print_choice("recommended", f.recommendation->model);
    if (f.recommendation->smaller) print_choice("smaller", *f.recommendation->smaller);
  } else {
    std::printf("recommended  (none: no model of the catalog fits in this machine's free memory)\n");
  }
  std::printf("%-12s %s\n", "memory", memory.c_str());
  std::printf("%-12s %s\n", "catalog", f.catalog_from.c_str());
  for (const auto& w : f.catalog_warnings) std::printf("%-12s %s\n", "note", w.c_str());
  return f.recommendation ? kExitOk : kExitTurnFailed;
}

}  // namespace pair
