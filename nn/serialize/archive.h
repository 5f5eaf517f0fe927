#pragma once
// Checkpoints: the archive format behind tg::save / tg::load for modules, optimizers, tensors and
// tensor lists, as torch::save / torch::load. Module and tensor checkpoints: nn/serialize/checkpoint.h;
// optimizer state: optim/serialize.h.
//
//   tg::save(model, "model.tgc");        tg::load(model, "model.tgc");
//   tg::save(optimizer, "opt.tgc");      tg::load(optimizer, "opt.tgc");
//   tg::save(tensor, "t.tgc");           tg::load(tensor, "t.tgc");
//
// ---- File format, version 1 ------------------------------------------------------------------
// All integers are little-endian; a file is a header followed by `count` records and nothing else.
//
//   header (28 bytes)
//     [0, 8)    magic      the 8 ASCII bytes "TGCKPT01"
//     [8, 12)   u32        format version (1); a reader rejects versions newer than its own
//     [12, 16)  u32        kind: 1 module, 2 optimizer, 3 tensor, 4 tensor list, 5 plain archive
//     [16, 24)  u64        count, the number of records
//     [24, 28)  u32        CRC32 (zlib's crc32) of bytes [0, 24)
//   record (repeated `count` times)
//     u32        name length n, then n bytes of name (UTF-8, unique within the file)
//     u8         dtype: 1 uint8 (Byte), 2 int32 (Int), 3 int64 (Long), 4 float32 (Float),
//                5 float64 (Double), 6 bool (one byte, 0 or 1), 255 undefined tensor
//     u8         flags: bit 0 requires_grad, bit 1 module buffer (else parameter / plain value)
//     u32        ndim d (at most 64), then d × i64 sizes (each >= 0)
//     u64        payload length: numel × element size (0 for an undefined tensor)
//     payload    the elements in row-major (contiguous) order, little-endian
//     u32        CRC32 of every byte of this record before it, from the name length on
//
// What each kind holds (names are the record names):
//   module       one record per parameter and buffer, named as named_parameters() /
//                named_buffers() name them ("fc.weight"); buffers have flag bit 1 set. Then,
//                optionally, text about the model (tg::save's `metadata`, e.g. the data set it
//                was trained on) as uint8 string records "__metadata__.<key>"; tg::load(module)
//                skips them and InputArchive::metadata() returns them.
//   optimizer    "optimizer" (the optimizer's C++ type as a uint8 string), "param_groups"
//                (int64 count), and per group g / parameter i: "param_groups.g.size",
//                "param_groups.g.options.<name>" (float64 / int64 scalars),
//                "param_groups.g.params.i.shape" (int64 sizes of the parameter) and, if the
//                parameter has state, "param_groups.g.params.i.state.<name>".
//   tensor       one record "tensor".
//   tensor list  "size" (int64 count) and records "0", "1", ... (undefined entries allowed).
//
// Writing goes to `path + ".tmp-XXXXXX"` in the same directory, which is flushed, fsync'ed and then
// renamed over `path`: a crash or a failed write never damages the previous checkpoint. Loading
// reads and checks the whole file (magic, version, kind, checksums, truncation, trailing bytes)
// and then the names, shapes and dtypes against the destination before changing anything, so on
// any tg::Error the module / optimizer / tensor is left exactly as it was.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "autograd/tensor/tensor.h"

namespace tg::serialize {

/// What a checkpoint file holds: the header's kind field (see the format above).
enum class ArchiveKind : uint32_t { Module = 1, Optimizer = 2, Tensor = 3, TensorList = 4, Archive = 5 };
/// "module", "optimizer", "tensor", "tensor list", "archive".
const char* kind_name(ArchiveKind kind);

/// The current (newest readable) format version.
constexpr uint32_t kFormatVersion = 1;

/// Text about a saved model, key -> value: what it was trained on, its class names, how its
/// input was normalised. Stored beside the weights (like safetensors' "__metadata__" map).
///   tg::save(model, "net.tgckpt", {{"dataset", "fashion"}});
///   archive.metadata().at("dataset") == "fashion"
using Metadata = std::map<std::string, std::string>;
/// Record names that start with this hold a module checkpoint's Metadata, not a tensor.
inline constexpr std::string_view kMetadataPrefix = "__metadata__.";

/// An ordered set of named tensors and scalars, written to a file by save_to().
class OutputArchive {
public:
  /// An empty archive; kind is what the file header will say (a plain archive by default).
  explicit OutputArchive(ArchiveKind kind = ArchiveKind::Archive) : kind_(kind) {}

  /// The kind the file header will say.
  ArchiveKind kind() const noexcept { return kind_; }
  /// Changes the kind the file header will say.
  void set_kind(ArchiveKind kind) noexcept { kind_ = kind; }

  /// Records `tensor` (undefined allowed) under `key`; `is_buffer` marks a module buffer.
  void write(const std::string& key, const Tensor& tensor, bool is_buffer = false);
  /// Records every entry of `nested` under "key.<its name>".
  void write(const std::string& key, const OutputArchive& nested);
  /// Records `value` as a float64 scalar tensor. Like every write, throws tg::Error if `key` is
  /// empty or already written.
  void write_double(const std::string& key, double value);
  /// Records `value` as an int64 scalar tensor.
  void write_int(const std::string& key, int64_t value);
  /// Records `value` as a 1-D uint8 tensor of its bytes.
  void write_string(const std::string& key, const std::string& value);

  /// Writes the file atomically (temporary file, fsync, rename); throws tg::Error on failure.
  void save_to(const std::string& filename) const;

  /// The number of records written so far.
  size_t size() const noexcept { return records_.size(); }

private:
  friend class InputArchive;
  struct Record {
    std::string name;
    Tensor tensor;
    uint8_t flags = 0;
  };
  void add(std::string name, Tensor tensor, uint8_t flags);

  ArchiveKind kind_;
  std::vector<Record> records_;
  std::unordered_map<std::string, size_t> index_;
};

/// A checkpoint read back: load_from() reads and verifies the whole file up front.
class InputArchive {
public:
  InputArchive() = default;

  /// Reads `filename`; throws tg::Error for an unreadable, corrupt, truncated or newer file.
  void load_from(const std::string& filename);
  /// The same from the file's bytes already in memory; `source` names them in error messages.
  void load_from_bytes(const std::string& bytes, const std::string& source);

  /// The kind the file's header says (Archive for an empty or nested archive).
  ArchiveKind kind() const noexcept { return kind_; }
  /// Throws tg::Error unless the file holds `kind` ("... holds a module checkpoint, but an
  /// optimizer was asked for").
  void expect_kind(ArchiveKind kind, const char* what) const;
  /// The file it came from (for error messages).
  const std::string& source() const noexcept { return source_; }

  /// Whether a record is named `key` exactly.
  bool contains(const std::string& key) const { return index_.count(key) > 0; }
  /// The record names, in the order they were written.
  std::vector<std::string> keys() const;
  /// The tensor stored under `key`, or nullptr.
  const Tensor* find(const std::string& key) const;
  /// Whether `key` was written as a module buffer.
  bool is_buffer(const std::string& key) const;

  /// Copies the stored tensor handle into `tensor`; a missing key throws (read) or returns false.
  void read(const std::string& key, Tensor& tensor) const;
  /// Same as above, returning false (and leaving `tensor` alone) for a missing key.
  bool try_read(const std::string& key, Tensor& tensor) const;
  /// The entries written under "key." (see OutputArchive::write(key, nested)).
  void read(const std::string& key, InputArchive& nested) const;
  /// Same as above, returning false (and leaving `nested` alone) if no entry is under "key.".
  bool try_read(const std::string& key, InputArchive& nested) const;
  /// The value written by write_double(); throws tg::Error if missing or of another type.
  double read_double(const std::string& key) const;
  /// The value written by write_int(); throws tg::Error if missing or of another type.
  int64_t read_int(const std::string& key) const;
  /// The value written by write_string(); throws tg::Error if missing or of another type.
  std::string read_string(const std::string& key) const;
  /// The text saved with a module (the "__metadata__.<key>" records, prefix removed); empty
  /// for a file saved without any.
  Metadata metadata() const;

private:
  struct Record {
    std::string name;
    Tensor tensor;
    uint8_t flags = 0;
  };
  const Record& record(const std::string& key, const char* expected) const;

  ArchiveKind kind_ = ArchiveKind::Archive;
  std::string source_;
  std::vector<Record> records_;
  std::map<std::string, size_t> index_; // ordered: nested reads find a prefix by lower_bound
};

namespace detail {
/// Test hook: make every later tg::save on this thread fail after writing `bytes` bytes of the
/// file, as a full disk or a killed process would; -1 (the default) turns it off. The interrupted
/// save throws tg::Error like a real failed write, so tests can check that the previous
/// checkpoint survives and no temporary file is left behind.
void set_write_failure_after(int64_t bytes);
/// The whole of a regular file; throws tg::Error naming it when it cannot be read.
std::string read_file(const std::string& path);
/// Writes `bytes` to `path` as tg::save writes checkpoints: into a temporary file next to it,
/// fsync'ed, then renamed over `path` (honours set_write_failure_after).
void write_file_atomic(const std::string& path, std::string_view bytes);
} // namespace detail

} // namespace tg::serialize
