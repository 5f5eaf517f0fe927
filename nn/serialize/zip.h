#pragma once
// The zip container of torch.save files: a reader for archives whose entries are stored
// (uncompressed), as torch.save writes them, with ZIP64; and a writer of such archives with each
// entry's data 64-byte aligned, as PyTorch does so that a reader can map the tensors in place.
//
// Written here rather than taken from libzip or minizip: torch.save needs only stored entries, the
// reader has to validate every offset against untrusted bytes already in memory (both libraries
// read through their own file layer), and the whole format is about 300 lines. Deflated entries
// (a TorchScript archive's code) are listed but refused when read.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tg::serialize {

/// A zip archive read from bytes in memory: the central directory is parsed and every entry's
/// local header, bounds and CRC-32 are checked up front. Deflated entries are listed but not
/// read (stored_data() refuses them).
class ZipReader {
public:
  /// One stored entry.
  struct Entry {
    std::string name;      ///< The entry's path inside the archive ("archive/data.pkl").
    std::string_view data; ///< Its bytes, a view into the archive's buffer (empty if compressed).
    bool compressed;       ///< Deflated: listed (its name tells what the archive is) but unread.
  };

  /// Parses `bytes` (which must outlive the reader); `source` names it in errors. Throws tg::Error
  /// for anything that is not a well-formed archive of stored entries.
  ZipReader(std::string_view bytes, std::string source);

  /// The entries in central-directory order.
  const std::vector<Entry>& entries() const noexcept { return entries_; }
  /// The entry named `name`, or nullptr.
  const Entry* find(std::string_view name) const;
  /// The data of `entry`; throws tg::Error naming it if it is compressed.
  std::string_view stored_data(const Entry& entry) const;
  /// The name given to the constructor.
  const std::string& source() const noexcept { return source_; }

private:
  std::string source_;
  std::vector<Entry> entries_;
};

/// Whether `bytes` start like a zip archive ("PK\3\4").
bool looks_like_zip(std::string_view bytes);

/// Builds a zip archive of stored entries in memory. Entries and offsets are limited to 4 GiB
/// (no ZIP64 records are written).
class ZipWriter {
public:
  /// Appends an entry with its data aligned to 64 bytes in the archive.
  void add(const std::string& name, std::string_view data);
  /// Writes the central directory and returns the archive's bytes; the writer is then empty.
  std::string finish();

private:
  struct Written {
    std::string name;
    uint32_t crc, size, offset;
  };
  std::string out_;
  std::vector<Written> written_;
};

} // namespace tg::serialize
