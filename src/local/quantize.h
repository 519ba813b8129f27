#pragma once
/// `pair model quantize` and `pair model convert`: llama.cpp's llama-quantize
/// and convert_hf_to_gguf.py, run with progress and with errors that say what
/// to do.

#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "local/llama_install.h"
#include "util/error.h"

namespace pair {

struct QuantizeProgress {
  int tensor = 0, tensors = 0;  ///< from llama-quantize's "[  12/ 291] name ..." lines
  std::string name;
};

/// Parses one line of llama-quantize output; nullopt for other lines.
std::optional<QuantizeProgress> parse_quantize_line(std::string_view line);

/// Runs llama-quantize IN OUT TYPE. Checks first: IN is a GGUF, TYPE is a
/// known quantization, OUT is not IN, there is room on the disk.
Result<void> quantize_model(const LlamaInstall& llama, const std::filesystem::path& in,
                            const std::filesystem::path& out, const std::string& type,
                            const std::function<void(const QuantizeProgress&)>& on_progress, std::stop_token stop = {});

/// The Python modules convert_hf_to_gguf.py needs that `python` lacks.
std::vector<std::string> missing_convert_modules(const std::string& python);

/// Runs convert_hf_to_gguf.py HF_DIR --outfile OUT --outtype TYPE. Errors
/// (kNotFound) when the script or its Python modules are missing, naming them
/// and the pip command.
Result<void> convert_model(const LlamaInstall& llama, const std::filesystem::path& hf_dir,
                           const std::filesystem::path& out, const std::string& outtype,
                           const std::function<void(std::string_view)>& on_output, std::stop_token stop = {});

}  // namespace pair
