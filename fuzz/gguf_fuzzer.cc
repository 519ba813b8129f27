// GGUF files from anywhere: any input gives a model summary or an error that names the problem,
// never a crash, a hang or an allocation sized by a number read from the file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "local/gguf.h"
#include "local/gguf_model.h"
#include "local/memory_fit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto file = pair::parse_gguf_bytes(input, "fuzz.gguf");
  if (!file) return 0;
  pair::GgufModelInfo model = pair::summarize_gguf({*file});
  (void)pair::kv_bytes_per_token(model, "f16", "q8_0");
  pair::MemoryReadings memory;
  memory.ram_total = 16ull << 30;
  memory.ram_available = 12ull << 30;
  pair::FitRequest request;
  request.context = 4096;
  (void)pair::plan_fit(model, request, memory);
  // With a GPU too small for it: the experts' placement and partial offload are planned as well.
  pair::GpuMemory gpu;
  gpu.total = gpu.free = 2ull << 30;
  memory.gpus.push_back(gpu);
  (void)pair::plan_fit(model, request, memory);
  (void)pair::choose_context(model, 0, request, memory, nullptr);
  return 0;
}
