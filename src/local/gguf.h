#pragma once
/// A GGUF reader of our own: the header, the metadata and the tensor table of
/// a llama.cpp model file, never the weights. Built for files that may be
/// truncated, corrupted or hostile: every read is bounds-checked against the
/// file size, every count and length is capped before anything is allocated,
/// integer arithmetic is overflow-checked, and any problem is an error (kParse)
/// that names the file, the byte offset and what was wrong. Never a crash,
/// never an allocation proportional to a number read from the file.
///
/// Large arrays (a tokenizer's 150k tokens and merges) are skipped, not kept:
/// only their element type and count are recorded; numeric arrays of up to
/// `GgufLimits::kept_array_elements` values (per-layer head counts) are kept.
///
/// Thread affinity: none (pure functions over a source).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace pair {

enum class GgufType : uint32_t {
  kUint8 = 0,
  kInt8 = 1,
  kUint16 = 2,
  kInt16 = 3,
  kUint32 = 4,
  kInt32 = 5,
  kFloat32 = 6,
  kBool = 7,
  kString = 8,
  kArray = 9,
  kUint64 = 10,
  kInt64 = 11,
  kFloat64 = 12,
};

std::string_view gguf_type_name(GgufType t);

/// One metadata value. Scalars land in `number`/`integer`/`text`; arrays keep
/// their element type and count, and their values when numeric and short.
struct GgufValue {
  GgufType type = GgufType::kUint32;
  int64_t integer = 0;     ///< integer and bool scalars (uint64 above INT64_MAX is clamped)
  double number = 0;       ///< every numeric scalar, also integers
  std::string text;        ///< string scalars, up to `kept_string_bytes`
  uint64_t text_size = 0;  ///< the string's full size in the file
  GgufType array_type = GgufType::kUint8;
  uint64_t array_count = 0;
  std::vector<double> array_numbers;  ///< numeric arrays of at most `kept_array_elements`

  bool is_integer() const;
  bool is_numeric_array() const;
};

struct GgufTensor {
  std::string name;
  std::vector<uint64_t> dims;  ///< ne[0] first, as ggml stores them
  uint32_t type = 0;           ///< ggml type id
  uint64_t offset = 0;         ///< from the start of the data section
  uint64_t elements = 0;
  uint64_t bytes = 0;
};

struct GgufFile {
  std::string name;  ///< for messages: the path, or what the caller called it
  uint32_t version = 0;
  uint64_t file_size = 0;
  uint32_t alignment = 32;
  uint64_t data_offset = 0;                                 ///< where the tensor data starts
  std::vector<std::pair<std::string, GgufValue>> metadata;  ///< in file order
  std::vector<GgufTensor> tensors;

  const GgufValue* find(std::string_view key) const;
  std::optional<int64_t> get_int(std::string_view key) const;
  std::optional<double> get_number(std::string_view key) const;
  std::optional<std::string> get_string(std::string_view key) const;
};

struct GgufLimits {
  uint64_t max_metadata_entries = 1 << 20;
  uint64_t max_tensors = 1 << 20;
  uint64_t max_key_bytes = 1 << 16;
  uint64_t max_string_bytes = 256ull << 20;  ///< a longer string is corruption
  uint64_t kept_string_bytes = 4 << 20;      ///< longer strings are recorded by size only
  uint64_t max_array_elements = 1ull << 32;
  uint64_t kept_array_elements = 4096;
  uint32_t max_nesting = 2;  ///< arrays of arrays, at most this deep
};

/// Random access to the bytes of a file (or of memory, for tests and fuzzing).
class GgufSource {
 public:
  virtual ~GgufSource() = default;
  virtual uint64_t size() const = 0;
  /// Fills `out` from `offset`; returns how many bytes were read (fewer only
  /// at the end of the file).
  virtual Result<size_t> read(uint64_t offset, char* out, size_t n) = 0;
};

Result<GgufFile> parse_gguf(GgufSource& source, std::string name, const GgufLimits& limits = {});
/// Over bytes in memory (tests, the fuzzer).
Result<GgufFile> parse_gguf_bytes(std::string_view bytes, std::string name = "<memory>", const GgufLimits& limits = {});
/// Opens and parses a file. Errors: kNotFound / kIo for the file, kParse for its content.
Result<GgufFile> read_gguf(const std::filesystem::path& path, const GgufLimits& limits = {});

}  // namespace pair
