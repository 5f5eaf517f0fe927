// The checkpoint file format (see nn/serialize/archive.h): OutputArchive writes it, InputArchive
// reads and verifies it. Apart from tg::save / tg::load so that a reader of untrusted bytes (the
// fuzz target) links without the nn and optim libraries.
#include "nn/serialize/archive.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>
#include <random>

#include "autograd/ops/functions.h"

namespace tg::serialize {

// The payload is the in-memory bytes; a big-endian host would need a byte swap, which we lack.
static_assert(std::endian::native == std::endian::little,
              "tapegrad checkpoints store raw little-endian data");

namespace {

constexpr char kMagic[8] = {'T', 'G', 'C', 'K', 'P', 'T', '0', '1'};
constexpr size_t kHeaderSize = 28;
constexpr uint8_t kUndefinedCode = 255;
constexpr uint32_t kMaxDims = 64;
constexpr uint8_t kFlagRequiresGrad = 1, kFlagBuffer = 2;
// name length + dtype + flags + ndim + payload length + crc: the smallest possible record.
constexpr size_t kMinRecordSize = 4 + 1 + 1 + 4 + 8 + 4;

uint8_t dtype_code(ScalarType t) {
  switch (t) {
  case ScalarType::Byte: return 1;
  case ScalarType::Int: return 2;
  case ScalarType::Long: return 3;
  case ScalarType::Float: return 4;
  case ScalarType::Double: return 5;
  case ScalarType::Bool: return 6;
  }
  throw Error("tg::save: unsupported dtype");
}
bool dtype_from_code(uint8_t code, ScalarType& t) {
  switch (code) {
  case 1: t = ScalarType::Byte; return true;
  case 2: t = ScalarType::Int; return true;
  case 3: t = ScalarType::Long; return true;
  case 4: t = ScalarType::Float; return true;
  case 5: t = ScalarType::Double; return true;
  case 6: t = ScalarType::Bool; return true;
  default: return false;
  }
}

uint32_t crc_update(uint32_t crc, const void* data, size_t n) {
  return uint32_t(crc32_z(crc, static_cast<const Bytef*>(data), n));
}

std::string errno_text() { return std::strerror(errno); }

// Bytes a save on this thread may still write before the simulated failure; negative: no limit.
thread_local int64_t write_budget = -1;

/// Buffered writes to a file descriptor with a running CRC32 of everything since reset_crc().
class FileWriter {
public:
  explicit FileWriter(int fd, std::string path) : fd_(fd), path_(std::move(path)) {
    buffer_.reserve(kBufferSize);
  }
  void reset_crc() { crc_ = uint32_t(crc32_z(0, nullptr, 0)); }
  uint32_t crc() const { return crc_; }
  void put(const void* data, size_t n) {
    crc_ = crc_update(crc_, data, n);
    const char* p = static_cast<const char*>(data);
    if (n >= kBufferSize) {
      flush();
      write_all(p, n);
      return;
    }
    if (buffer_.size() + n > kBufferSize) flush();
    buffer_.insert(buffer_.end(), p, p + n);
  }
  template <typename T> void put_le(T value) { put(&value, sizeof(T)); }
  void flush() {
    write_all(buffer_.data(), buffer_.size());
    buffer_.clear();
  }

private:
  static constexpr size_t kBufferSize = size_t(1) << 20;
  void write_all(const char* p, size_t n) {
    while (n > 0) {
      size_t allowed = n;
      if (write_budget >= 0) {
        TG_CHECK(write_budget > 0, "tg::save: writing '", path_,
                 "' failed: simulated write failure (serialize::detail::set_write_failure_after)");
        allowed = std::min(n, size_t(write_budget));
      }
      ssize_t w = ::write(fd_, p, allowed);
      if (w > 0 && write_budget >= 0) write_budget -= w;
      if (w < 0 && errno == EINTR) continue;
      TG_CHECK(w > 0, "tg::save: writing '", path_, "' failed: ", errno_text());
      p += w;
      n -= size_t(w);
    }
  }
  int fd_;
  std::string path_;
  std::vector<char> buffer_;
  uint32_t crc_ = 0;
};

/// Opens a fresh `target.tmp-XXXXXX` next to the target (created with 0666 & ~umask, like the
/// target itself would be).
int open_temporary(const std::string& target, std::string& tmp_path) {
  std::random_device device;
  std::mt19937_64 rng((uint64_t(device()) << 32) ^ uint64_t(::getpid()));
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (int attempt = 0; attempt < 100; ++attempt) {
    tmp_path = target + ".tmp-";
    for (int i = 0; i < 6; ++i) tmp_path += kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
    int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return fd;
    if (errno != EEXIST) break;
  }
  throw Error(str("tg::save: cannot create a temporary file next to '", target, "': ",
                  errno_text()));
}

void fsync_parent_directory(const std::string& path) {
  auto slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return; // best effort: the rename itself already happened
  (void)::fsync(fd);
  ::close(fd);
}

} // namespace

namespace detail {
void set_write_failure_after(int64_t bytes) { write_budget = bytes < 0 ? -1 : bytes; }
} // namespace detail

const char* kind_name(ArchiveKind kind) {
  switch (kind) {
  case ArchiveKind::Module: return "module";
  case ArchiveKind::Optimizer: return "optimizer";
  case ArchiveKind::Tensor: return "tensor";
  case ArchiveKind::TensorList: return "tensor list";
  case ArchiveKind::Archive: return "archive";
  }
  return "unknown";
}

// ---------------------------------------------------------------- OutputArchive
void OutputArchive::add(std::string name, Tensor tensor, uint8_t flags) {
  TG_CHECK(!name.empty(), "OutputArchive::write: the key must not be empty");
  TG_CHECK(name.size() <= std::numeric_limits<uint32_t>::max(),
           "OutputArchive::write: key too long");
  TG_CHECK(!index_.count(name), "OutputArchive::write: key '", name, "' was already written");
  index_.emplace(name, records_.size());
  records_.push_back({std::move(name), std::move(tensor), flags});
}
void OutputArchive::write(const std::string& key, const Tensor& tensor, bool is_buffer) {
  uint8_t flags = uint8_t((is_buffer ? kFlagBuffer : 0) |
                          (tensor.defined() && tensor.requires_grad() ? kFlagRequiresGrad : 0));
  add(key, tensor, flags);
}
void OutputArchive::write(const std::string& key, const OutputArchive& nested) {
  for (const Record& r : nested.records_) add(key + "." + r.name, r.tensor, r.flags);
}
void OutputArchive::write_double(const std::string& key, double value) {
  Tensor t = empty({}, kDouble);
  *t.data_ptr<double>() = value;
  add(key, t, 0);
}
void OutputArchive::write_int(const std::string& key, int64_t value) {
  Tensor t = empty({}, kLong);
  *t.data_ptr<int64_t>() = value;
  add(key, t, 0);
}
void OutputArchive::write_string(const std::string& key, const std::string& value) {
  Tensor t = empty({int64_t(value.size())}, kByte);
  if (!value.empty()) std::memcpy(t.data_ptr(), value.data(), value.size());
  add(key, t, 0);
}

void OutputArchive::save_to(const std::string& filename) const {
  // Contiguous copies are made before the file exists, so a bad tensor can't leave debris.
  std::vector<Tensor> data;
  data.reserve(records_.size());
  for (const Record& r : records_) {
    TG_CHECK(!r.tensor.defined() || r.tensor.device().is_cpu(), "tg::save: '", r.name,
             "' is not a CPU tensor");
    data.push_back(r.tensor.defined() ? r.tensor.contiguous() : Tensor());
  }

  std::string tmp;
  int fd = open_temporary(filename, tmp);
  try {
    FileWriter out(fd, tmp);
    out.reset_crc();
    out.put(kMagic, sizeof(kMagic));
    out.put_le(uint32_t(kFormatVersion));
    out.put_le(uint32_t(kind_));
    out.put_le(uint64_t(records_.size()));
    out.put_le(out.crc());
    for (size_t k = 0; k < records_.size(); ++k) {
      const Record& r = records_[k];
      const Tensor& t = data[k];
      out.reset_crc();
      out.put_le(uint32_t(r.name.size()));
      out.put(r.name.data(), r.name.size());
      out.put_le(t.defined() ? dtype_code(t.scalar_type()) : kUndefinedCode);
      out.put_le(r.flags);
      const int64_t ndim = t.defined() ? t.dim() : 0;
      TG_CHECK(ndim <= int64_t(kMaxDims), "tg::save: '", r.name, "' has more than ", kMaxDims,
               " dimensions");
      out.put_le(uint32_t(ndim));
      for (int64_t d = 0; d < ndim; ++d) out.put_le(int64_t(t.size(d)));
      const uint64_t nbytes = t.defined() ? uint64_t(t.numel()) * t.element_size() : 0;
      out.put_le(nbytes);
      if (nbytes > 0) out.put(t.data_ptr(), nbytes);
      out.put_le(out.crc());
    }
    out.flush();
    TG_CHECK(::fsync(fd) == 0, "tg::save: fsync of '", tmp, "' failed: ", errno_text());
    int rc = ::close(fd);
    fd = -1;
    TG_CHECK(rc == 0, "tg::save: closing '", tmp, "' failed: ", errno_text());
    TG_CHECK(::rename(tmp.c_str(), filename.c_str()) == 0, "tg::save: cannot rename '", tmp,
             "' to '", filename, "': ", errno_text());
  } catch (...) {
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  fsync_parent_directory(filename);
}

// ---------------------------------------------------------------- InputArchive
namespace {

/// Bounds-checked little-endian reads over the file's bytes.
class Reader {
public:
  Reader(const std::string& bytes, const std::string& path) : bytes_(bytes), path_(path) {}
  size_t pos() const { return pos_; }
  size_t remaining() const { return bytes_.size() - pos_; }
  const char* at(size_t offset) const { return bytes_.data() + offset; }
  void need(uint64_t n, const char* what) const {
    TG_CHECK(n <= remaining(), "tg::load: '", path_, "' is truncated: ", what, " needs ", n,
             " bytes at offset ", pos_, " but only ", remaining(), " remain");
  }
  template <typename T> T get(const char* what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  const char* take(size_t n, const char* what) {
    need(n, what);
    const char* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }

private:
  const std::string& bytes_;
  const std::string& path_;
  size_t pos_ = 0;
};

} // namespace

namespace detail {

/// The whole file. A directory, a FIFO or a device is refused up front: a stream "opens" a
/// directory on Linux and reports an absurd size for it.
std::string read_file(const std::string& filename) {
  const int fd = ::open(filename.c_str(), O_RDONLY | O_CLOEXEC);
  TG_CHECK(fd >= 0, "tg::load: cannot open '", filename, "': ", errno_text());
  std::string bytes;
  try {
    struct stat st {};
    TG_CHECK(::fstat(fd, &st) == 0, "tg::load: cannot read '", filename, "': ", errno_text());
    TG_CHECK(S_ISREG(st.st_mode), "tg::load: '", filename, "' is not a regular file");
    bytes.resize(size_t(st.st_size));
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      TG_CHECK(n >= 0, "tg::load: reading '", filename, "' failed: ", errno_text());
      TG_CHECK(n > 0, "tg::load: '", filename, "' shrank while it was read");
      done += size_t(n);
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return bytes;
}

void write_file_atomic(const std::string& path, std::string_view bytes) {
  std::string tmp;
  int fd = open_temporary(path, tmp);
  try {
    FileWriter out(fd, tmp);
    out.put(bytes.data(), bytes.size());
    out.flush();
    TG_CHECK(::fsync(fd) == 0, "tg::save: fsync of '", tmp, "' failed: ", errno_text());
    int rc = ::close(fd);
    fd = -1;
    TG_CHECK(rc == 0, "tg::save: closing '", tmp, "' failed: ", errno_text());
    TG_CHECK(::rename(tmp.c_str(), path.c_str()) == 0, "tg::save: cannot rename '", tmp, "' to '",
             path, "': ", errno_text());
  } catch (...) {
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  fsync_parent_directory(path);
}

} // namespace detail

void InputArchive::load_from(const std::string& filename) {
  load_from_bytes(detail::read_file(filename), filename);
}

void InputArchive::load_from_bytes(const std::string& bytes, const std::string& filename) {

  Reader r(bytes, filename);
  const size_t magic_len = std::min(bytes.size(), sizeof(kMagic));
  TG_CHECK(std::memcmp(bytes.data(), kMagic, magic_len) == 0,
           "tg::load: '", filename, "' is not a tapegrad checkpoint (bad magic bytes)");
  r.need(kHeaderSize, "the header");
  r.take(sizeof(kMagic), "magic");
  const auto version = r.get<uint32_t>("version");
  TG_CHECK(version <= kFormatVersion, "tg::load: '", filename,
           "' was written in checkpoint format version ", version,
           ", newer than this build of tapegrad reads (up to ", kFormatVersion, ")");
  const auto kind = r.get<uint32_t>("kind");
  const auto count = r.get<uint64_t>("record count");
  const uint32_t header_crc = crc_update(uint32_t(crc32_z(0, nullptr, 0)), bytes.data(), r.pos());
  TG_CHECK(r.get<uint32_t>("header checksum") == header_crc, "tg::load: '", filename,
           "' is corrupt: header checksum mismatch");
  TG_CHECK(version >= 1, "tg::load: '", filename, "' has invalid format version 0");
  TG_CHECK(kind >= 1 && kind <= 5, "tg::load: '", filename, "' has unknown kind ", kind);
  TG_CHECK(count <= r.remaining() / kMinRecordSize, "tg::load: '", filename, "' is truncated: ",
           count, " records can't fit in the remaining ", r.remaining(), " bytes");

  std::vector<Record> records;
  std::map<std::string, size_t> index;
  records.reserve(size_t(count));
  for (uint64_t k = 0; k < count; ++k) {
    const size_t start = r.pos();
    const auto name_len = r.get<uint32_t>("a record's name length");
    const char* name_ptr = r.take(name_len, "a record's name");
    const auto code = r.get<uint8_t>("a record's dtype");
    const auto flags = r.get<uint8_t>("a record's flags");
    const auto ndim = r.get<uint32_t>("a record's dimension count");
    TG_CHECK(ndim <= kMaxDims, "tg::load: '", filename, "' is corrupt: record ", k, " claims ",
             ndim, " dimensions");
    std::vector<int64_t> sizes(ndim);
    for (auto& s : sizes) s = r.get<int64_t>("a record's sizes");
    const auto nbytes = r.get<uint64_t>("a record's payload length");
    const char* payload = r.take(size_t(nbytes), "a record's payload");
    const uint32_t crc = crc_update(uint32_t(crc32_z(0, nullptr, 0)), r.at(start), r.pos() - start);
    std::string name(name_ptr, name_len);
    TG_CHECK(r.get<uint32_t>("a record's checksum") == crc, "tg::load: '", filename,
             "' is corrupt: checksum mismatch in record ", k, " ('", name, "')");

    // The checksum matched, so what follows only fails for a file that was written wrongly.
    Tensor t;
    if (code != kUndefinedCode) {
      ScalarType dtype;
      TG_CHECK(dtype_from_code(code, dtype), "tg::load: '", filename, "': record '", name,
               "' has unknown dtype code ", int(code));
      uint64_t numel = 1;
      for (int64_t s : sizes) {
        TG_CHECK(s >= 0, "tg::load: '", filename, "': record '", name, "' has a negative size");
        TG_CHECK(s == 0 || numel <= std::numeric_limits<uint64_t>::max() / uint64_t(s),
                 "tg::load: '", filename, "': record '", name, "' has too many elements");
        numel *= uint64_t(s);
      }
      TG_CHECK(numel <= nbytes && numel * elementSize(dtype) == nbytes, "tg::load: '", filename,
               "': record '", name, "' has ", nbytes, " payload bytes for ", numel, " ",
               toString(dtype), " elements");
      t = empty(sizes, dtype);
      if (nbytes > 0) std::memcpy(t.data_ptr(), payload, size_t(nbytes));
      if ((flags & kFlagRequiresGrad) && isFloatingType(dtype)) t.set_requires_grad(true);
    } else {
      TG_CHECK(ndim == 0 && nbytes == 0, "tg::load: '", filename, "': undefined record '", name,
               "' has a shape or payload");
    }
    TG_CHECK(index.emplace(name, records.size()).second, "tg::load: '", filename,
             "' holds '", name, "' twice");
    records.push_back({std::move(name), std::move(t), flags});
  }
  TG_CHECK(r.remaining() == 0, "tg::load: '", filename, "' has ", r.remaining(),
           " unexpected bytes after its last record");

  kind_ = ArchiveKind(kind);
  source_ = filename;
  records_ = std::move(records);
  index_ = std::move(index);
}

void InputArchive::expect_kind(ArchiveKind kind, const char* what) const {
  TG_CHECK(kind_ == kind, "tg::load: '", source_, "' holds a ", kind_name(kind_),
           " checkpoint, but ", what, " was asked for");
}

std::vector<std::string> InputArchive::keys() const {
  std::vector<std::string> out;
  out.reserve(records_.size());
  for (const Record& r : records_) out.push_back(r.name);
  return out;
}
const Tensor* InputArchive::find(const std::string& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &records_[it->second].tensor;
}
bool InputArchive::is_buffer(const std::string& key) const {
  auto it = index_.find(key);
  return it != index_.end() && (records_[it->second].flags & kFlagBuffer);
}
const InputArchive::Record& InputArchive::record(const std::string& key,
                                                 const char* expected) const {
  auto it = index_.find(key);
  TG_CHECK(it != index_.end(), "tg::load: '", source_, "' has no entry '", key, "' (expected ",
           expected, ")");
  return records_[it->second];
}
void InputArchive::read(const std::string& key, Tensor& tensor) const {
  tensor = record(key, "a tensor").tensor;
}
bool InputArchive::try_read(const std::string& key, Tensor& tensor) const {
  const Tensor* t = find(key);
  if (!t) return false;
  tensor = *t;
  return true;
}
bool InputArchive::try_read(const std::string& key, InputArchive& nested) const {
  InputArchive out;
  out.kind_ = ArchiveKind::Archive;
  out.source_ = source_;
  const std::string prefix = key + ".";
  for (auto it = index_.lower_bound(prefix);
       it != index_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    const Record& r = records_[it->second];
    out.index_.emplace(r.name.substr(prefix.size()), out.records_.size());
    out.records_.push_back({r.name.substr(prefix.size()), r.tensor, r.flags});
  }
  if (out.records_.empty()) return false;
  nested = std::move(out);
  return true;
}
void InputArchive::read(const std::string& key, InputArchive& nested) const {
  TG_CHECK(try_read(key, nested), "tg::load: '", source_, "' has no entries under '", key, "'");
}
double InputArchive::read_double(const std::string& key) const {
  const Tensor& t = record(key, "a float64 scalar").tensor;
  TG_CHECK(t.defined() && t.scalar_type() == kDouble && t.dim() == 0, "tg::load: '", source_,
           "': entry '", key, "' is not a float64 scalar");
  return *t.data_ptr<double>();
}
int64_t InputArchive::read_int(const std::string& key) const {
  const Tensor& t = record(key, "an int64 scalar").tensor;
  TG_CHECK(t.defined() && t.scalar_type() == kLong && t.dim() == 0, "tg::load: '", source_,
           "': entry '", key, "' is not an int64 scalar");
  return *t.data_ptr<int64_t>();
}
std::string InputArchive::read_string(const std::string& key) const {
  const Tensor& t = record(key, "a string").tensor;
  TG_CHECK(t.defined() && t.scalar_type() == kByte && t.dim() == 1, "tg::load: '", source_,
           "': entry '", key, "' is not a string");
  return std::string(static_cast<const char*>(t.data_ptr()), size_t(t.numel()));
}
Metadata InputArchive::metadata() const {
  Metadata out;
  const std::string prefix(kMetadataPrefix);
  for (auto it = index_.lower_bound(prefix);
       it != index_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
    out.emplace(it->first.substr(prefix.size()), read_string(it->first));
  return out;
}

} // namespace tg::serialize
