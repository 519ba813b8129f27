#include "local/gguf.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <unordered_set>

#include "local/ggml_types.h"

namespace pair {
namespace {

constexpr uint32_t kMaxDims = 4;  // GGML_MAX_DIMS
constexpr size_t kBufferBytes = 64 * 1024;

class MemorySource final : public GgufSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  Result<size_t> read(uint64_t offset, char* out, size_t n) override {
    if (offset >= bytes_.size()) return size_t{0};
    size_t got = std::min<uint64_t>(n, bytes_.size() - offset);
    std::memcpy(out, bytes_.data() + offset, got);
    return got;
  }

 private:
  std::string_view bytes_;
};

class FileSource final : public GgufSource {
 public:
  FileSource(int fd, uint64_t size, std::string name) : fd_(fd), size_(size), name_(std::move(name)) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  uint64_t size() const override { return size_; }
  Result<size_t> read(uint64_t offset, char* out, size_t n) override {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, out + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return fail(ErrorCode::kIo, name_ + ": read failed: " + std::strerror(errno));
      if (r == 0) break;
      done += static_cast<size_t>(r);
    }
    return done;
  }

 private:
  int fd_;
  uint64_t size_;
  std::string name_;
};

/// Sequential reads through a buffer, every one checked against the file size.
class Cursor {
 public:
  Cursor(GgufSource& source, const std::string& name) : source_(source), name_(name), size_(source.size()) {}

  uint64_t position() const { return pos_; }
  uint64_t remaining() const { return size_ - pos_; }

  Error corrupt(const std::string& what) const {
    return {ErrorCode::kParse, name_ + ": not a valid GGUF file: " + what + " (at byte " + std::to_string(pos_) + ")"};
  }
  Error truncated(const std::string& what) const {
    return {ErrorCode::kParse, name_ + ": truncated GGUF file: it ends at byte " + std::to_string(size_) +
                                   " while reading " + what + " (is the download or copy incomplete?)"};
  }

  Result<void> bytes(char* out, size_t n, const std::string& what) {
    if (n > remaining()) return std::unexpected(truncated(what));
    while (n > 0) {
      if (buf_pos_ == buf_.size()) {
        if (auto r = fill(); !r) return r;
      }
      size_t take = std::min(n, buf_.size() - buf_pos_);
      std::memcpy(out, buf_.data() + buf_pos_, take);
      buf_pos_ += take;
      pos_ += take;
      out += take;
      n -= take;
    }
    return {};
  }

  Result<void> skip(uint64_t n, const std::string& what) {
    if (n > remaining()) return std::unexpected(truncated(what));
    uint64_t in_buffer = buf_.size() - buf_pos_;
    if (n <= in_buffer) {
      buf_pos_ += n;
    } else {
      buf_.clear();
      buf_pos_ = 0;
    }
    pos_ += n;
    return {};
  }

  template <class T>
  Result<T> scalar(const std::string& what) {
    T v{};
    char raw[sizeof(T)];
    if (auto r = bytes(raw, sizeof(T), what); !r) return std::unexpected(r.error());
    std::memcpy(&v, raw, sizeof(T));  // GGUF is little-endian, as every host pair runs on
    return v;
  }

 private:
  Result<void> fill() {
    buf_.resize(std::min<uint64_t>(kBufferBytes, remaining()));
    auto got = source_.read(pos_, buf_.data(), buf_.size());
    if (!got) return std::unexpected(got.error());
    if (*got < buf_.size()) {
      buf_.resize(*got);
      if (buf_.empty()) return std::unexpected(truncated("data the file size promised (the file shrank?)"));
    }
    buf_pos_ = 0;
    return {};
  }

  GgufSource& source_;
  const std::string& name_;
  uint64_t size_;
  uint64_t pos_ = 0;
  std::string buf_;
  size_t buf_pos_ = 0;
};

#define GGUF_TRY(var, expr)                              \
  auto var##_r = (expr);                                 \
  if (!var##_r) return std::unexpected(var##_r.error()); \
  auto var = *var##_r

bool valid_type(uint32_t t) {
  return t <= static_cast<uint32_t>(GgufType::kFloat64);
}

size_t scalar_size(GgufType t) {
  switch (t) {
    case GgufType::kUint8:
    case GgufType::kInt8:
    case GgufType::kBool: return 1;
    case GgufType::kUint16:
    case GgufType::kInt16: return 2;
    case GgufType::kUint32:
    case GgufType::kInt32:
    case GgufType::kFloat32: return 4;
    case GgufType::kUint64:
    case GgufType::kInt64:
    case GgufType::kFloat64: return 8;
    case GgufType::kString:
    case GgufType::kArray: return 0;
  }
  return 0;
}

class Parser {
 public:
  Parser(GgufSource& source, std::string name, const GgufLimits& limits)
      : name_(std::move(name)), cur_(source, name_), limits_(limits) {}

  Result<GgufFile> run() {
    GgufFile f;
    f.name = name_;
    f.file_size = cur_.remaining();
    GGUF_TRY(counts, read_header(f));
    if (auto r = read_metadata(f, counts.metadata); !r) return std::unexpected(r.error());
    if (auto r = read_alignment(f); !r) return std::unexpected(r.error());
    if (auto r = read_tensors(f, counts.tensors); !r) return std::unexpected(r.error());
    if (auto r = place_tensor_data(f); !r) return std::unexpected(r.error());
    return f;
  }

 private:
  /// What the header announces.
  struct Counts {
    uint64_t tensors = 0;
    uint64_t metadata = 0;
  };

  /// The magic number, the version (2 or 3) and the counts, each count
  /// within its limit and within what the file can hold.
  Result<Counts> read_header(GgufFile& f) {
    char magic[4];
    if (f.file_size < 4) return std::unexpected(cur_.truncated("the magic number"));
    if (auto r = cur_.bytes(magic, 4, "the magic number"); !r) return std::unexpected(r.error());
    if (std::memcmp(magic, "GGUF", 4) != 0) {
      return fail(ErrorCode::kParse, name_ +
                                         ": not a GGUF file (it does not start with \"GGUF\"; a safetensors or "
                                         "PyTorch checkpoint needs `pair model convert` first)");
    }
    GGUF_TRY(version, cur_.scalar<uint32_t>("the version"));
    if (version == 1)
      return fail(ErrorCode::kParse, name_ + ": GGUF version 1 is obsolete and not supported; convert the model again");
    if (version > 0xffff && (version & 0xffff) == 0)
      return fail(ErrorCode::kParse, name_ + ": a big-endian GGUF file; pair reads little-endian files only");
    if (version != 2 && version != 3)
      return fail(ErrorCode::kParse, name_ + ": unsupported GGUF version " + std::to_string(version));
    f.version = version;
    GGUF_TRY(n_tensors, cur_.scalar<uint64_t>("the tensor count"));
    GGUF_TRY(n_kv, cur_.scalar<uint64_t>("the metadata count"));
    if (n_tensors > limits_.max_tensors)
      return std::unexpected(cur_.corrupt("it claims " + std::to_string(n_tensors) + " tensors (limit " +
                                          std::to_string(limits_.max_tensors) + ")"));
    if (n_kv > limits_.max_metadata_entries)
      return std::unexpected(cur_.corrupt("it claims " + std::to_string(n_kv) + " metadata entries (limit " +
                                          std::to_string(limits_.max_metadata_entries) + ")"));
    // Each entry needs at least a few bytes: a count larger than the file allows is corruption, found
    // before anything is reserved.
    if (n_kv > cur_.remaining() / 12 || n_tensors > cur_.remaining() / 24)
      return std::unexpected(cur_.truncated("the metadata and tensor table that the header announces (" +
                                            std::to_string(n_kv) + " entries, " + std::to_string(n_tensors) +
                                            " tensors)"));
    return Counts{.tensors = n_tensors, .metadata = n_kv};
  }

  /// The metadata entries: each key non-empty and unique, each type known.
  Result<void> read_metadata(GgufFile& f, uint64_t n_kv) {
    std::unordered_set<std::string> keys;
    f.metadata.reserve(n_kv);
    for (uint64_t i = 0; i < n_kv; ++i) {
      std::string where = "metadata entry " + std::to_string(i + 1) + " of " + std::to_string(n_kv);
      GGUF_TRY(key, string(limits_.max_key_bytes, limits_.max_key_bytes, where + " (its key)", nullptr));
      if (key.empty()) return std::unexpected(cur_.corrupt(where + " has an empty key"));
      if (!keys.insert(key).second) return std::unexpected(cur_.corrupt("duplicate metadata key \"" + key + "\""));
      GGUF_TRY(type, cur_.scalar<uint32_t>(where + " (\"" + key + "\": its type)"));
      if (!valid_type(type))
        return std::unexpected(cur_.corrupt("metadata \"" + key + "\" has unknown type " + std::to_string(type)));
      GgufValue v;
      if (auto r = value(static_cast<GgufType>(type), v, "metadata \"" + key + "\"", 0); !r)
        return std::unexpected(r.error());
      f.metadata.emplace_back(std::move(key), std::move(v));
    }
    return {};
  }

  /// `general.alignment`, when the metadata sets it: a power of two up to 1 MiB.
  Result<void> read_alignment(GgufFile& f) {
    if (const GgufValue* a = f.find("general.alignment")) {
      if (!a->is_integer() || a->integer <= 0 || a->integer > (1 << 20) || (a->integer & (a->integer - 1)) != 0)
        return fail(ErrorCode::kParse, name_ + ": not a valid GGUF file: general.alignment must be a power of two");
      f.alignment = static_cast<uint32_t>(a->integer);
    }
    return {};
  }

  /// The tensor table.
  Result<void> read_tensors(GgufFile& f, uint64_t n_tensors) {
    std::unordered_set<std::string> names;
    f.tensors.reserve(n_tensors);
    for (uint64_t i = 0; i < n_tensors; ++i) {
      std::string where = "tensor " + std::to_string(i + 1) + " of " + std::to_string(n_tensors);
      GGUF_TRY(t, read_tensor(where, f.alignment, names));
      f.tensors.push_back(std::move(t));
    }
    return {};
  }

  /// One entry of the tensor table: a name not in `names` (added to it), a
  /// shape (1 to 4 dimensions, no overflow), a ggml type whose block size
  /// divides a row, and an aligned offset.
  Result<GgufTensor> read_tensor(const std::string& where, uint32_t alignment, std::unordered_set<std::string>& names) {
    GgufTensor t;
    GGUF_TRY(name, string(limits_.max_key_bytes, limits_.max_key_bytes, where + " (its name)", nullptr));
    t.name = std::move(name);
    if (!names.insert(t.name).second) return std::unexpected(cur_.corrupt("duplicate tensor \"" + t.name + "\""));
    GGUF_TRY(n_dims, cur_.scalar<uint32_t>(where + " (its dimensions)"));
    if (n_dims == 0 || n_dims > kMaxDims)
      return std::unexpected(
          cur_.corrupt("tensor \"" + t.name + "\" has " + std::to_string(n_dims) + " dimensions (1 to 4 allowed)"));
    uint64_t elements = 1;
    for (uint32_t d = 0; d < n_dims; ++d) {
      GGUF_TRY(dim, cur_.scalar<uint64_t>(where + " (its shape)"));
      if (dim == 0 || dim > (uint64_t{1} << 62))
        return std::unexpected(cur_.corrupt("tensor \"" + t.name + "\" has dimension " + std::to_string(dim)));
      if (__builtin_mul_overflow(elements, dim, &elements) || elements > (uint64_t{1} << 62))
        return std::unexpected(cur_.corrupt("tensor \"" + t.name + "\" has too many elements"));
      t.dims.push_back(dim);
    }
    t.elements = elements;
    GGUF_TRY(type, cur_.scalar<uint32_t>(where + " (its type)"));
    auto info = ggml_type_info(type);
    if (!info)
      return std::unexpected(cur_.corrupt("tensor \"" + t.name + "\" has unknown or removed ggml type " +
                                          std::to_string(type) + " (a newer llama.cpp may know it)"));
    t.type = type;
    if (t.dims[0] % info->block_size != 0)
      return std::unexpected(cur_.corrupt("tensor \"" + t.name + "\": its row of " + std::to_string(t.dims[0]) +
                                          " is not a multiple of the " + std::string(info->name) + " block size"));
    uint64_t blocks = elements / info->block_size;
    if (__builtin_mul_overflow(blocks, uint64_t{info->type_size}, &t.bytes))
      return std::unexpected(cur_.corrupt("tensor \"" + t.name + "\" is too large"));
    GGUF_TRY(offset, cur_.scalar<uint64_t>(where + " (its offset)"));
    if (offset % alignment != 0)
      return std::unexpected(cur_.corrupt("tensor \"" + t.name + "\" data offset " + std::to_string(offset) +
                                          " is not aligned to " + std::to_string(alignment)));
    t.offset = offset;
    return t;
  }

  /// Where the tensor data starts (after the table, padded to the alignment),
  /// and that every tensor's data lies within the file.
  Result<void> place_tensor_data(GgufFile& f) {
    uint64_t pos = cur_.position();
    uint64_t pad = (f.alignment - pos % f.alignment) % f.alignment;
    f.data_offset = pos + pad;
    for (const auto& t : f.tensors) {
      uint64_t end = 0;
      if (__builtin_add_overflow(f.data_offset, t.offset, &end) || __builtin_add_overflow(end, t.bytes, &end) ||
          end > f.file_size) {
        return fail(ErrorCode::kParse,
                    name_ + ": truncated GGUF file: the data of tensor \"" + t.name + "\" would end at byte " +
                        (end > 0 ? std::to_string(end) : std::string("(overflow)")) + " but the file has " +
                        std::to_string(f.file_size) + " bytes (is the download or copy incomplete?)");
      }
    }
    return {};
  }

  /// A GGUF string: u64 length, bytes. Longer than `max` is corruption; longer than `keep` is skipped
  /// (its size goes to `*size_out`).
  Result<std::string> string(uint64_t max, uint64_t keep, const std::string& what, uint64_t* size_out) {
    GGUF_TRY(len, cur_.scalar<uint64_t>(what));
    if (size_out) *size_out = len;
    if (len > max)
      return std::unexpected(
          cur_.corrupt(what + ": string of " + std::to_string(len) + " bytes (limit " + std::to_string(max) + ")"));
    if (len > cur_.remaining()) return std::unexpected(cur_.truncated(what));
    if (len > keep) {
      if (auto r = cur_.skip(len, what); !r) return std::unexpected(r.error());
      return std::string();
    }
    std::string s(len, '\0');
    if (auto r = cur_.bytes(s.data(), len, what); !r) return std::unexpected(r.error());
    return s;
  }

  Result<void> number(GgufType t, GgufValue& v, const std::string& what) {
    switch (t) {
#define GGUF_CASE(tag, ctype)                                                                   \
  case GgufType::tag: {                                                                         \
    GGUF_TRY(x, cur_.scalar<ctype>(what));                                                      \
    v.number = static_cast<double>(x);                                                          \
    if constexpr (std::is_integral_v<ctype>) {                                                  \
      if constexpr (std::is_same_v<ctype, uint64_t>)                                            \
        v.integer = x > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(x); \
      else                                                                                      \
        v.integer = static_cast<int64_t>(x);                                                    \
    }                                                                                           \
    return {};                                                                                  \
  }
      GGUF_CASE(kUint8, uint8_t)
      GGUF_CASE(kInt8, int8_t)
      GGUF_CASE(kUint16, uint16_t)
      GGUF_CASE(kInt16, int16_t)
      GGUF_CASE(kUint32, uint32_t)
      GGUF_CASE(kInt32, int32_t)
      GGUF_CASE(kUint64, uint64_t)
      GGUF_CASE(kInt64, int64_t)
      GGUF_CASE(kFloat32, float)
      GGUF_CASE(kFloat64, double)
#undef GGUF_CASE
      case GgufType::kBool: {
        GGUF_TRY(x, cur_.scalar<uint8_t>(what));
        if (x > 1) return std::unexpected(cur_.corrupt(what + ": a bool of value " + std::to_string(x)));
        v.integer = x;
        v.number = x;
        return {};
      }
      case GgufType::kString:
      case GgufType::kArray: break;
    }
    return std::unexpected(cur_.corrupt(what + ": not a number"));
  }

  Result<void> value(GgufType t, GgufValue& v, const std::string& what, uint32_t depth) {
    v.type = t;
    if (t == GgufType::kString) {
      GGUF_TRY(s, string(limits_.max_string_bytes, limits_.kept_string_bytes, what, &v.text_size));
      v.text = std::move(s);
      return {};
    }
    if (t != GgufType::kArray) return number(t, v, what);
    if (depth >= limits_.max_nesting) return std::unexpected(cur_.corrupt(what + ": arrays nested too deeply"));
    GGUF_TRY(elem, cur_.scalar<uint32_t>(what + " (array type)"));
    if (!valid_type(elem))
      return std::unexpected(cur_.corrupt(what + ": array of unknown type " + std::to_string(elem)));
    GGUF_TRY(count, cur_.scalar<uint64_t>(what + " (array length)"));
    v.array_type = static_cast<GgufType>(elem);
    v.array_count = count;
    if (count > limits_.max_array_elements)
      return std::unexpected(cur_.corrupt(what + ": array of " + std::to_string(count) + " elements"));
    if (size_t width = scalar_size(v.array_type); width > 0) {
      if (count > cur_.remaining() / width) return std::unexpected(cur_.truncated(what));
      if (count > limits_.kept_array_elements) return cur_.skip(count * width, what);
      v.array_numbers.reserve(count);
      for (uint64_t i = 0; i < count; ++i) {
        GgufValue x;
        if (auto r = number(v.array_type, x, what); !r) return r;
        v.array_numbers.push_back(x.number);
      }
      return {};
    }
    // Strings (a tokenizer's vocabulary) and nested arrays: walked, not kept. Every element takes at
    // least 8 bytes, so a count beyond what the file holds is caught before the walk.
    if (count > cur_.remaining() / 8) return std::unexpected(cur_.truncated(what));
    for (uint64_t i = 0; i < count; ++i) {
      GgufValue x;
      if (v.array_type == GgufType::kString) {
        GGUF_TRY(len, cur_.scalar<uint64_t>(what));
        if (len > limits_.max_string_bytes)
          return std::unexpected(cur_.corrupt(what + ": string of " + std::to_string(len) + " bytes"));
        if (auto r = cur_.skip(len, what); !r) return r;
      } else if (auto r = value(v.array_type, x, what, depth + 1); !r) {
        return r;
      }
    }
    return {};
  }

  std::string name_;
  Cursor cur_;
  const GgufLimits& limits_;
};

}  // namespace

std::string_view gguf_type_name(GgufType t) {
  switch (t) {
    case GgufType::kUint8: return "uint8";
    case GgufType::kInt8: return "int8";
    case GgufType::kUint16: return "uint16";
    case GgufType::kInt16: return "int16";
    case GgufType::kUint32: return "uint32";
    case GgufType::kInt32: return "int32";
    case GgufType::kFloat32: return "float32";
    case GgufType::kBool: return "bool";
    case GgufType::kString: return "string";
    case GgufType::kArray: return "array";
    case GgufType::kUint64: return "uint64";
    case GgufType::kInt64: return "int64";
    case GgufType::kFloat64: return "float64";
  }
  return "?";
}

bool GgufValue::is_integer() const {
  switch (type) {
    case GgufType::kUint8:
    case GgufType::kInt8:
    case GgufType::kUint16:
    case GgufType::kInt16:
    case GgufType::kUint32:
    case GgufType::kInt32:
    case GgufType::kUint64:
    case GgufType::kInt64:
    case GgufType::kBool: return true;
    case GgufType::kFloat32:
    case GgufType::kFloat64:
    case GgufType::kString:
    case GgufType::kArray: return false;
  }
  return false;
}

bool GgufValue::is_numeric_array() const {
  return type == GgufType::kArray && scalar_size(array_type) > 0;
}

const GgufValue* GgufFile::find(std::string_view key) const {
  for (const auto& [k, v] : metadata)
    if (k == key) return &v;
  return nullptr;
}

std::optional<int64_t> GgufFile::get_int(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v) return std::nullopt;
  if (v->is_integer()) return v->integer;
  return std::nullopt;
}

std::optional<double> GgufFile::get_number(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v || v->type == GgufType::kString || v->type == GgufType::kArray) return std::nullopt;
  return v->number;
}

std::optional<std::string> GgufFile::get_string(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v || v->type != GgufType::kString) return std::nullopt;
  return v->text;
}

Result<GgufFile> parse_gguf(GgufSource& source, std::string name, const GgufLimits& limits) {
  Parser p(source, std::move(name), limits);
  return p.run();
}

Result<GgufFile> parse_gguf_bytes(std::string_view bytes, std::string name, const GgufLimits& limits) {
  MemorySource source(bytes);
  return parse_gguf(source, std::move(name), limits);
}

Result<GgufFile> read_gguf(const std::filesystem::path& path, const GgufLimits& limits) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    return fail(e == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                path.string() + ": " + (e == ENOENT ? std::string("no such file") : std::strerror(e)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail(ErrorCode::kIo, path.string() + ": not a regular file");
  }
  FileSource source(fd, static_cast<uint64_t>(st.st_size), path.string());
  return parse_gguf(source, path.string(), limits);
}

}  // namespace pair
