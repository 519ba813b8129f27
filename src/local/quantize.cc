#include "local/quantize.h"

#include <cstdlib>

#include "local/download.h"
#include "local/ggml_types.h"
#include "local/gguf_model.h"
#include "util/byte_size.h"
#include "util/strings.h"
#include "util/subprocess.h"

namespace pair {
namespace fs = std::filesystem;

std::optional<QuantizeProgress> parse_quantize_line(std::string_view line) {
  // "[  12/ 291]                 blk.0.attn_k.weight - [ 4096,  1024,     1,     1], type =    f16, ..."
  line = trim(line);
  if (!line.starts_with("[")) return std::nullopt;
  size_t slash = line.find('/'), close = line.find(']');
  if (slash == std::string_view::npos || close == std::string_view::npos || slash > close) return std::nullopt;
  QuantizeProgress p;
  p.tensor = std::atoi(std::string(trim(line.substr(1, slash - 1))).c_str());
  p.tensors = std::atoi(std::string(trim(line.substr(slash + 1, close - slash - 1))).c_str());
  if (p.tensor <= 0 || p.tensors <= 0 || p.tensor > p.tensors) return std::nullopt;
  std::string_view rest = trim(line.substr(close + 1));
  p.name = std::string(rest.substr(0, rest.find(' ')));
  return p;
}

Result<void> quantize_model(const LlamaInstall& llama, const fs::path& in, const fs::path& out, const std::string& type,
                            const std::function<void(const QuantizeProgress&)>& on_progress, std::stop_token stop) {
  auto bpw = quant_bits_per_weight(type);
  if (!bpw)
    return fail(ErrorCode::kInvalidArgument,
                "unknown quantization \"" + type + "\"; one of: " + std::string(quant_names()));
  auto info = read_gguf_model(in);
  if (!info) return std::unexpected(info.error());
  std::error_code ec;
  if (fs::exists(out, ec) && fs::equivalent(in, out, ec))
    return fail(ErrorCode::kInvalidArgument, "the output must be another file than the input");
  fs::path dir = out.parent_path().empty() ? fs::path(".") : out.parent_path();
  uint64_t estimate = static_cast<uint64_t>(static_cast<double>(info->parameters) * *bpw / 8);
  if (uint64_t free = free_disk_bytes(dir); free > 0 && free < estimate)
    return fail(ErrorCode::kIo, "not enough disk space in " + dir.string() + ": " + type + " needs about " +
                                    format_bytes(estimate) + ", " + format_bytes(free) + " is free");
  if (llama.quantize.empty() || !fs::exists(llama.quantize, ec))
    return fail(ErrorCode::kNotFound, "llama-quantize is not installed; run pair setup llama.cpp");

  ProcessOptions po;
  po.argv = {llama.quantize.string(), in.string(), out.string(), type};
  po.head_bytes = 8 * 1024;
  po.tail_bytes = 8 * 1024;
  std::string pending;
  po.on_output = [&](std::string_view chunk) {
    pending.append(chunk);
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      if (auto p = parse_quantize_line(std::string_view(pending).substr(0, nl)); p && on_progress) on_progress(*p);
      pending.erase(0, nl + 1);
    }
  };
  auto r = run_process(po, stop);
  if (!r) return std::unexpected(r.error());
  if (r->cancelled) return fail(ErrorCode::kCancelled, "quantization cancelled");
  if (r->exit_code != 0)
    return fail(ErrorCode::kIo,
                "llama-quantize failed (exit " + std::to_string(r->exit_code) + "):\n" + std::string(trim(r->output)));
  return {};
}

std::vector<std::string> missing_convert_modules(const std::string& python) {
  std::vector<std::string> missing;
  for (const char* module : {"numpy", "torch", "transformers", "sentencepiece", "safetensors"}) {
    ProcessOptions po;
    po.argv = {python, "-c", std::string("import ") + module};
    po.timeout = std::chrono::seconds(60);
    auto r = run_process(po);
    if (!r || r->exit_code != 0) missing.push_back(module);
  }
  return missing;
}

Result<void> convert_model(const LlamaInstall& llama, const fs::path& hf_dir, const fs::path& out,
                           const std::string& outtype, const std::function<void(std::string_view)>& on_output,
                           std::stop_token stop) {
  std::error_code ec;
  if (!fs::is_directory(hf_dir, ec) || !fs::exists(hf_dir / "config.json", ec))
    return fail(ErrorCode::kNotFound, hf_dir.string() + " is not a Hugging Face model folder (no config.json)");
  fs::path script = llama.source / "convert_hf_to_gguf.py";
  if (llama.source.empty() || !fs::exists(script, ec))
    return fail(ErrorCode::kNotFound,
                "convert_hf_to_gguf.py was not found (the llama.cpp source comes with "
                "pair setup llama.cpp)");
  const char* env = std::getenv("PAIR_PYTHON");
  std::string python = env && *env ? env : find_executable("python3");
  if (python.empty()) return fail(ErrorCode::kNotFound, "python3 is needed to convert models; install it");
  if (auto missing = missing_convert_modules(python); !missing.empty())
    return fail(ErrorCode::kNotFound,
                "converting needs the Python modules " + join(missing, ", ") + ", which " + python +
                    " does not have. Install them (e.g. python3 -m pip install -r " +
                    (llama.source / "requirements" / "requirements-convert_hf_to_gguf.txt").string() +
                    "), or download a ready GGUF instead: pair model pull ORG/REPO-GGUF:Q4_K_M");
  ProcessOptions po;
  po.argv = {python, script.string(), hf_dir.string(), "--outfile", out.string(), "--outtype", outtype};
  po.extra_env = {"PYTHONPATH=" + (llama.source / "gguf-py").string()};
  po.on_output = on_output;
  auto r = run_process(po, stop);
  if (!r) return std::unexpected(r.error());
  if (r->exit_code != 0)
    return fail(ErrorCode::kIo, "convert_hf_to_gguf.py failed (exit " + std::to_string(r->exit_code) + "):\n" +
                                    std::string(trim(r->output)));
  return {};
}

}  // namespace pair
