#include "nn/serialize/zip.h"

#include <zlib.h>

#include <cstring>
#include <limits>
#include <unordered_set>
#include <utility>

#include "autograd/tensor/error.h"

namespace tg::serialize {

namespace {

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEnd = 0x06054b50,
                   kEnd64 = 0x06064b50, kEnd64Locator = 0x07064b50;
constexpr size_t kLocalHeaderSize = 30, kCentralHeaderSize = 46, kEndSize = 22, kEnd64Size = 56,
                 kEnd64LocatorSize = 20;
constexpr uint16_t kZip64Extra = 0x0001;
constexpr size_t kAlignment = 64;

uint16_t get16(std::string_view b, size_t at) {
  return uint16_t(uint8_t(b[at]) | uint8_t(b[at + 1]) << 8);
}
uint32_t get32(std::string_view b, size_t at) {
  return uint32_t(get16(b, at)) | uint32_t(get16(b, at + 2)) << 16;
}
uint64_t get64(std::string_view b, size_t at) {
  return uint64_t(get32(b, at)) | uint64_t(get32(b, at + 4)) << 32;
}
void put16(std::string& out, uint16_t v) {
  out.push_back(char(v & 0xff));
  out.push_back(char(v >> 8));
}
void put32(std::string& out, uint32_t v) {
  put16(out, uint16_t(v & 0xffff));
  put16(out, uint16_t(v >> 16));
}

uint32_t crc_of(std::string_view data) {
  return uint32_t(
      crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(data.data()), data.size()));
}

} // namespace

bool looks_like_zip(std::string_view bytes) {
  return bytes.size() >= 4 && get32(bytes, 0) == kLocalHeader;
}

ZipReader::ZipReader(std::string_view b, std::string source) : source_(std::move(source)) {
  const std::string& src = source_;
  auto fail = [&](auto... what) -> Error {
    return Error(str("tg::load: '", src, "' is not a valid zip archive: ", what...));
  };
  // The end-of-central-directory record: the last one in the final 64 KiB + 22 bytes (a comment
  // may follow it).
  if (b.size() < kEndSize) throw fail("only ", b.size(), " bytes");
  size_t end = std::string_view::npos;
  const size_t lowest = b.size() > kEndSize + 0xffff ? b.size() - kEndSize - 0xffff : 0;
  for (size_t at = b.size() - kEndSize + 1; at-- > lowest;)
    if (get32(b, at) == kEnd && at + kEndSize + get16(b, at + 20) == b.size()) {
      end = at;
      break;
    }
  if (end == std::string_view::npos) throw fail("no end-of-central-directory record (truncated?)");
  if (get16(b, end + 4) != 0 || get16(b, end + 6) != 0)
    throw fail("multi-disk archives are not supported");
  uint64_t count = get16(b, end + 10), cd_size = get32(b, end + 12), cd_offset = get32(b, end + 16);
  if (count == 0xffff || cd_size == 0xffffffff || cd_offset == 0xffffffff) {
    // ZIP64: a locator right before the end record points at the 64-bit end record.
    if (end < kEnd64LocatorSize || get32(b, end - kEnd64LocatorSize) != kEnd64Locator)
      throw fail("ZIP64 sizes without a ZIP64 locator");
    const uint64_t at = get64(b, end - kEnd64LocatorSize + 8);
    if (at > b.size() || b.size() - at < kEnd64Size || get32(b, size_t(at)) != kEnd64)
      throw fail("the ZIP64 end record is outside the file or damaged");
    count = get64(b, size_t(at) + 32);
    cd_size = get64(b, size_t(at) + 40);
    cd_offset = get64(b, size_t(at) + 48);
  }
  if (cd_offset > b.size() || cd_size > b.size() - cd_offset)
    throw fail("the central directory (offset ", cd_offset, ", ", cd_size,
               " bytes) lies outside the file of ", b.size(), " bytes");
  if (count > cd_size / kCentralHeaderSize)
    throw fail(count, " entries cannot fit in a central directory of ", cd_size, " bytes");

  std::unordered_set<std::string> names;
  size_t at = size_t(cd_offset);
  const size_t cd_end = size_t(cd_offset + cd_size);
  entries_.reserve(size_t(count));
  for (uint64_t k = 0; k < count; ++k) {
    if (cd_end - at < kCentralHeaderSize || get32(b, at) != kCentralHeader)
      throw fail("central directory entry ", k, " is damaged");
    const uint16_t flags = get16(b, at + 8), method = get16(b, at + 10);
    const uint32_t crc = get32(b, at + 16);
    uint64_t packed = get32(b, at + 20), size = get32(b, at + 24);
    const size_t name_len = get16(b, at + 28), extra_len = get16(b, at + 30),
                 comment_len = get16(b, at + 32);
    uint64_t local = get32(b, at + 42);
    if (cd_end - at - kCentralHeaderSize < name_len + extra_len + comment_len)
      throw fail("central directory entry ", k, " runs past the directory");
    std::string name(b.substr(at + kCentralHeaderSize, name_len));
    // ZIP64 extra field: the 64-bit values, in this order, for the fields that are all ones.
    std::string_view extra = b.substr(at + kCentralHeaderSize + name_len, extra_len);
    for (size_t e = 0; e + 4 <= extra.size();) {
      const uint16_t id = get16(extra, e), len = get16(extra, e + 2);
      if (extra.size() - e - 4 < len) throw fail("entry '", name, "' has a damaged extra field");
      if (id == kZip64Extra) {
        size_t p = e + 4;
        auto next = [&](uint64_t& field) {
          if (field != 0xffffffff) return;
          if (p + 8 > e + 4 + len) throw fail("entry '", name, "' has a short ZIP64 field");
          field = get64(extra, p);
          p += 8;
        };
        next(size);
        next(packed);
        next(local);
      }
      e += 4 + len;
    }
    if (flags & 1) throw fail("entry '", name, "' is encrypted");
    if (method != 0 && method != 8)
      throw fail("entry '", name, "' uses compression method ", method);
    if (method == 0 && packed != size) throw fail("stored entry '", name, "' has different sizes");
    if (local > b.size() || b.size() - local < kLocalHeaderSize ||
        get32(b, size_t(local)) != kLocalHeader)
      throw fail("entry '", name, "' has no local header at offset ", local);
    const size_t local_name = get16(b, size_t(local) + 26),
                 local_extra = get16(b, size_t(local) + 28);
    const uint64_t data_at = local + kLocalHeaderSize + local_name + local_extra;
    if (local_name != name_len || data_at > b.size() || packed > b.size() - data_at)
      throw fail("entry '", name, "' (", packed, " bytes at offset ", data_at,
                 ") lies outside the file of ", b.size(), " bytes");
    std::string_view data;
    if (method == 0) {
      data = b.substr(size_t(data_at), size_t(size));
      if (crc_of(data) != crc) throw fail("entry '", name, "' fails its CRC-32 check (corrupt)");
    }
    if (!names.insert(name).second) throw fail("entry '", name, "' appears twice");
    entries_.push_back({std::move(name), data, method != 0});
    at += kCentralHeaderSize + name_len + extra_len + comment_len;
  }
}

const ZipReader::Entry* ZipReader::find(std::string_view name) const {
  for (const Entry& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

std::string_view ZipReader::stored_data(const Entry& entry) const {
  TG_CHECK(!entry.compressed, "tg::load: '", source_, "': zip entry '", entry.name,
           "' is compressed; torch.save archives store their entries uncompressed");
  return entry.data;
}

void ZipWriter::add(const std::string& name, std::string_view data) {
  constexpr uint64_t kMax = std::numeric_limits<uint32_t>::max();
  TG_CHECK(name.size() <= 0xffff, "tg::save: zip entry name too long");
  // The data starts after the header, the name and a padding extra field ("FB", as PyTorch's
  // writer) of at least its own 4-byte header.
  const size_t header_end = out_.size() + kLocalHeaderSize + name.size() + 4;
  const size_t pad = (kAlignment - header_end % kAlignment) % kAlignment;
  TG_CHECK(header_end + pad + data.size() <= kMax,
           "tg::save: archives over 4 GiB are not supported (no ZIP64 writer)");
  const uint32_t offset = uint32_t(out_.size()), crc = crc_of(data), size = uint32_t(data.size());
  put32(out_, kLocalHeader);
  put16(out_, 20);   // version needed: 2.0
  put16(out_, 0);    // flags
  put16(out_, 0);    // stored
  put16(out_, 0);    // time
  put16(out_, 0x21); // date: 1980-01-01
  put32(out_, crc);
  put32(out_, size);
  put32(out_, size);
  put16(out_, uint16_t(name.size()));
  put16(out_, uint16_t(4 + pad));
  out_ += name;
  put16(out_, 0x4246); // "FB"
  put16(out_, uint16_t(pad));
  out_.append(pad, 'Z');
  out_.append(data.data(), data.size());
  written_.push_back({name, crc, size, offset});
}

std::string ZipWriter::finish() {
  const size_t cd_offset = out_.size();
  for (const Written& w : written_) {
    put32(out_, kCentralHeader);
    put16(out_, 20); // made by: 2.0
    put16(out_, 20); // needed
    put16(out_, 0);
    put16(out_, 0);
    put16(out_, 0);
    put16(out_, 0x21);
    put32(out_, w.crc);
    put32(out_, w.size);
    put32(out_, w.size);
    put16(out_, uint16_t(w.name.size()));
    put16(out_, 0); // extra
    put16(out_, 0); // comment
    put16(out_, 0); // disk
    put16(out_, 0); // internal attributes
    put32(out_, 0); // external attributes
    put32(out_, w.offset);
    out_ += w.name;
  }
  const size_t cd_size = out_.size() - cd_offset;
  TG_CHECK(out_.size() <= std::numeric_limits<uint32_t>::max() && written_.size() < 0xffff,
           "tg::save: archives over 4 GiB or 65535 entries are not supported (no ZIP64 writer)");
  put32(out_, kEnd);
  put16(out_, 0);
  put16(out_, 0);
  put16(out_, uint16_t(written_.size()));
  put16(out_, uint16_t(written_.size()));
  put32(out_, uint32_t(cd_size));
  put32(out_, uint32_t(cd_offset));
  put16(out_, 0);
  written_.clear();
  return std::exchange(out_, std::string());
}

} // namespace tg::serialize
