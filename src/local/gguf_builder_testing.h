#pragma once
/// Tests only: GGUF bytes written by hand (broken ones too), and models of a
/// given shape with no weights worth the name, for the reader, the layer
/// shapes and the memory fit.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pair::testing {

class GgufBuilder {
 public:
  GgufBuilder& u8(uint8_t v) { return raw(&v, 1); }
  GgufBuilder& u32(uint32_t v) { return raw(&v, 4); }
  GgufBuilder& u64(uint64_t v) { return raw(&v, 8); }
  GgufBuilder& f32(float v) { return raw(&v, 4); }
  GgufBuilder& str(std::string_view s) {
    u64(s.size());
    bytes_.append(s);
    return *this;
  }
  GgufBuilder& raw(const void* p, size_t n) {
    bytes_.append(static_cast<const char*>(p), n);
    return *this;
  }
  GgufBuilder& header(uint64_t tensors, uint64_t kvs, uint32_t version = 3) {
    bytes_.append("GGUF");
    return u32(version).u64(tensors).u64(kvs);
  }
  GgufBuilder& kv_u32(std::string_view key, uint32_t v) { return str(key).u32(4).u32(v); }
  GgufBuilder& kv_str(std::string_view key, std::string_view v) { return str(key).u32(8).str(v); }
  GgufBuilder& kv_u32_array(std::string_view key, const std::vector<uint32_t>& v) {
    str(key).u32(9).u32(4).u64(v.size());
    for (uint32_t x : v) u32(x);
    return *this;
  }
  GgufBuilder& kv_str_array(std::string_view key, const std::vector<std::string>& v) {
    str(key).u32(9).u32(8).u64(v.size());
    for (const auto& x : v) str(x);
    return *this;
  }
  GgufBuilder& tensor(std::string_view name, std::vector<uint64_t> dims, uint32_t type, uint64_t offset) {
    str(name).u32(static_cast<uint32_t>(dims.size()));
    for (uint64_t d : dims) u64(d);
    return u32(type).u64(offset);
  }
  GgufBuilder& pad(size_t alignment = 32) {
    while (bytes_.size() % alignment) bytes_.push_back('\0');
    return *this;
  }
  GgufBuilder& zeros(size_t n) {
    bytes_.append(n, '\0');
    return *this;
  }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

/// A model of `arch`: u32 `keys` and `arrays` (the architecture's prefix
/// added) and f32 `tensors` (name, elements; a multiple of 8). `header` is
/// everything before the tensor data, `data_bytes` the zeros that follow: a
/// test may write them, or make the file that long without writing them.
struct ShapedGguf {
  std::string header;
  uint64_t data_bytes = 0;
  std::string bytes() const { return header + std::string(data_bytes, '\0'); }
};

inline ShapedGguf shaped_gguf(const std::string& arch, const std::vector<std::pair<std::string, uint32_t>>& keys,
                              const std::vector<std::pair<std::string, std::vector<uint32_t>>>& arrays = {},
                              const std::vector<std::pair<std::string, uint64_t>>& tensors = {}) {
  GgufBuilder b;
  b.header(tensors.size(), 1 + keys.size() + arrays.size());
  b.kv_str("general.architecture", arch);
  for (const auto& [key, value] : keys) b.kv_u32(arch + "." + key, value);
  for (const auto& [key, values] : arrays) b.kv_u32_array(arch + "." + key, values);
  uint64_t off = 0;
  for (const auto& [name, elements] : tensors) {
    b.tensor(name, {elements}, 0, off);
    off += elements * 4;
  }
  b.pad();
  return ShapedGguf{b.bytes(), off};
}

}  // namespace pair::testing
