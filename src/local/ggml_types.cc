#include "local/ggml_types.h"

#include <cctype>

#include "util/strings.h"

namespace pair {
namespace {

constexpr uint32_t kQkK = 256;

struct TypeRow {
  uint32_t id;
  GgmlTypeInfo info;
};

// ggml.h ids; sizes from ggml-common.h (gguf-py's GGML_QUANT_SIZES).
constexpr TypeRow kTypes[] = {
    {0, {"f32", 1, 4}},
    {1, {"f16", 1, 2}},
    {2, {"q4_0", 32, 2 + 16}},
    {3, {"q4_1", 32, 2 + 2 + 16}},
    {6, {"q5_0", 32, 2 + 4 + 16}},
    {7, {"q5_1", 32, 2 + 2 + 4 + 16}},
    {8, {"q8_0", 32, 2 + 32}},
    {9, {"q8_1", 32, 2 + 2 + 32}},
    {10, {"q2_K", kQkK, 2 + 2 + kQkK / 16 + kQkK / 4}},
    {11, {"q3_K", kQkK, 2 + kQkK / 4 + kQkK / 8 + 12}},
    {12, {"q4_K", kQkK, 2 + 2 + kQkK / 2 + 12}},
    {13, {"q5_K", kQkK, 2 + 2 + kQkK / 2 + kQkK / 8 + 12}},
    {14, {"q6_K", kQkK, 2 + kQkK / 2 + kQkK / 4 + kQkK / 16}},
    {15, {"q8_K", kQkK, 4 + kQkK + kQkK / 8}},
    {16, {"iq2_xxs", kQkK, 2 + kQkK / 4}},
    {17, {"iq2_xs", kQkK, 2 + kQkK / 4 + kQkK / 32}},
    {18, {"iq3_xxs", kQkK, 2 + kQkK / 4 + kQkK / 8}},
    {19, {"iq1_s", kQkK, 2 + kQkK / 8 + kQkK / 16}},
    {20, {"iq4_nl", 32, 2 + 16}},
    {21, {"iq3_s", kQkK, 2 + kQkK / 4 + kQkK / 8 + kQkK / 32 + 4}},
    {22, {"iq2_s", kQkK, 2 + kQkK / 4 + kQkK / 16}},
    {23, {"iq4_xs", kQkK, 2 + 2 + kQkK / 2 + kQkK / 64}},
    {24, {"i8", 1, 1}},
    {25, {"i16", 1, 2}},
    {26, {"i32", 1, 4}},
    {27, {"i64", 1, 8}},
    {28, {"f64", 1, 8}},
    {29, {"iq1_m", kQkK, kQkK / 8 + kQkK / 16 + kQkK / 32}},
    {30, {"bf16", 1, 2}},
    {34, {"tq1_0", kQkK, 2 + 4 * 13}},
    {35, {"tq2_0", kQkK, 2 + 64}},
    {39, {"mxfp4", 32, 1 + 16}},
    {40, {"nvfp4", 64, 4 + 32}},
    {41, {"q1_0", 128, 2 + 16}},
    {42, {"q2_0", 64, 2 + 16}},
};

struct FileTypeRow {
  uint32_t id;
  std::string_view name;
};

constexpr FileTypeRow kFileTypes[] = {
    {0, "F32"},        {1, "F16"},     {2, "Q4_0"},       {3, "Q4_1"},    {7, "Q8_0"},     {8, "Q5_0"},
    {9, "Q5_1"},       {10, "Q2_K"},   {11, "Q3_K_S"},    {12, "Q3_K_M"}, {13, "Q3_K_L"},  {14, "Q4_K_S"},
    {15, "Q4_K_M"},    {16, "Q5_K_S"}, {17, "Q5_K_M"},    {18, "Q6_K"},   {19, "IQ2_XXS"}, {20, "IQ2_XS"},
    {21, "Q2_K_S"},    {22, "IQ3_XS"}, {23, "IQ3_XXS"},   {24, "IQ1_S"},  {25, "IQ4_NL"},  {26, "IQ3_S"},
    {27, "IQ3_M"},     {28, "IQ2_S"},  {29, "IQ2_M"},     {30, "IQ4_XS"}, {31, "IQ1_M"},   {32, "BF16"},
    {36, "TQ1_0"},     {37, "TQ2_0"},  {38, "MXFP4_MOE"}, {39, "NVFP4"},  {40, "Q1_0"},    {41, "Q2_0"},
    {1024, "GUESSED"},
};

struct QuantRow {
  std::string_view name;
  double bits_per_weight;
};

// Average bits per weight of whole models at each llama-quantize target
// (llama.cpp's tools/quantize table and typical Llama/Qwen files).
constexpr QuantRow kQuants[] = {
    {"F32", 32.0},    {"F16", 16.0},   {"BF16", 16.0},   {"Q8_0", 8.5},     {"Q6_K", 6.56},   {"Q5_K_M", 5.69},
    {"Q5_K_S", 5.54}, {"Q5_1", 6.0},   {"Q5_0", 5.5},    {"Q4_K_M", 4.85},  {"Q4_K_S", 4.58}, {"Q4_1", 5.0},
    {"Q4_0", 4.5},    {"IQ4_NL", 4.5}, {"IQ4_XS", 4.25}, {"Q3_K_L", 4.27},  {"Q3_K_M", 3.91}, {"Q3_K_S", 3.5},
    {"IQ3_M", 3.66},  {"IQ3_S", 3.44}, {"IQ3_XS", 3.3},  {"IQ3_XXS", 3.06}, {"Q2_K", 3.0},    {"Q2_K_S", 2.96},
    {"IQ2_M", 2.7},   {"IQ2_S", 2.5},  {"IQ2_XS", 2.31},
};

}  // namespace

std::optional<GgmlTypeInfo> ggml_type_info(uint32_t id) {
  for (const auto& row : kTypes)
    if (row.id == id && row.info.block_size > 0) return row.info;
  return std::nullopt;
}

std::string llama_file_type_name(uint32_t file_type) {
  for (const auto& row : kFileTypes)
    if (row.id == file_type) return std::string(row.name);
  return "file type " + std::to_string(file_type);
}

std::optional<double> quant_bits_per_weight(std::string_view quant) {
  std::string upper(quant);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& row : kQuants)
    if (row.name == upper) return row.bits_per_weight;
  return std::nullopt;
}

std::string_view quant_names() {
  return "Q8_0, Q6_K, Q5_K_M, Q5_K_S, Q5_0, Q5_1, Q4_K_M, Q4_K_S, Q4_0, Q4_1, IQ4_NL, IQ4_XS, Q3_K_L, Q3_K_M, "
         "Q3_K_S, IQ3_M, IQ3_S, IQ3_XS, IQ3_XXS, Q2_K, Q2_K_S, IQ2_M, IQ2_S, IQ2_XS, F16, BF16, F32";
}

std::optional<double> kv_cache_bytes_per_element(std::string_view type) {
  std::string t = to_lower(type);
  if (t == "f32") return 4.0;
  if (t == "f16" || t == "bf16") return 2.0;
  if (t == "q8_0") return 34.0 / 32;
  if (t == "q5_1") return 24.0 / 32;
  if (t == "q5_0") return 22.0 / 32;
  if (t == "q4_1") return 20.0 / 32;
  if (t == "q4_0" || t == "iq4_nl") return 18.0 / 32;
  return std::nullopt;
}

}  // namespace pair
