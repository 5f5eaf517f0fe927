#include "data/idx.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <vector>

#include "autograd/ops/functions.h"

namespace tg::data {
namespace {

/// The whole file, decompressed if it is gzipped (gzread passes plain files through unchanged).
std::vector<unsigned char> read_all(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  TG_CHECK(f != nullptr, "read_idx: cannot open '", path, "'");
  std::vector<unsigned char> bytes;
  unsigned char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) bytes.insert(bytes.end(), buf, buf + n);
  int err = 0;
  const char* msg = gzerror(f, &err);
  std::string what = err < 0 ? msg : "";
  gzclose(f);
  TG_CHECK(n == 0 && what.empty(), "read_idx: '", path, "' could not be read (", what,
           "); is the gzip stream truncated?");
  return bytes;
}

uint32_t big_endian(const unsigned char* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

} // namespace

Tensor read_idx(const std::string& path) {
  std::vector<unsigned char> bytes = read_all(path);
  TG_CHECK(bytes.size() >= 4, "read_idx: '", path, "' is too short to be an IDX file (",
           bytes.size(), " bytes)");
  TG_CHECK(bytes[0] == 0 && bytes[1] == 0, "read_idx: '", path,
           "' does not start with the IDX magic (00 00 type rank)");
  TG_CHECK(bytes[2] == 0x08, "read_idx: '", path, "' holds element type 0x", std::hex,
           int(bytes[2]), std::dec, "; only unsigned bytes (0x08) are supported");
  const size_t rank = bytes[3];
  TG_CHECK(rank >= 1 && rank <= 4, "read_idx: '", path, "' claims rank ", rank,
           "; expected 1 to 4");
  const size_t header = 4 + 4 * rank;
  TG_CHECK(bytes.size() >= header, "read_idx: '", path, "' is truncated inside its header");
  DimVector shape;
  uint64_t count = 1;
  for (size_t d = 0; d < rank; ++d) {
    uint32_t s = big_endian(bytes.data() + 4 + 4 * d);
    TG_CHECK(s <= (1u << 28), "read_idx: '", path, "' claims dimension ", d, " of size ", s);
    shape.push_back(int64_t(s));
    count *= s;
    // Checked per dimension so that absurd headers cannot overflow the product.
    TG_CHECK(count <= bytes.size(), "read_idx: '", path, "' claims shape ", shape,
             "... which needs more bytes than the file holds (", bytes.size(), "; truncated)");
  }
  TG_CHECK(bytes.size() - header == count, "read_idx: '", path, "' should hold ", count,
           " bytes of data for shape ", shape, " but holds ", bytes.size() - header,
           bytes.size() - header < count ? " (truncated)" : " (trailing garbage)");
  Tensor t = empty(shape, kByte);
  if (count > 0) std::memcpy(t.data_ptr<uint8_t>(), bytes.data() + header, count);
  return t;
}

void write_idx(const std::string& path, const Tensor& t) {
  TG_CHECK(t.scalar_type() == kByte, "write_idx: expected a kUInt8 tensor, got ", t.scalar_type());
  TG_CHECK(t.dim() >= 1 && t.dim() <= 4, "write_idx: rank must be 1 to 4, got ", t.dim());
  Tensor c = t.contiguous();
  std::ofstream out(path, std::ios::binary);
  TG_CHECK(out.good(), "write_idx: cannot create '", path, "'");
  unsigned char magic[4] = {0, 0, 0x08, static_cast<unsigned char>(t.dim())};
  out.write(reinterpret_cast<char*>(magic), 4);
  for (int64_t s : c.sizes()) {
    unsigned char be[4] = {static_cast<unsigned char>(s >> 24), static_cast<unsigned char>(s >> 16),
                           static_cast<unsigned char>(s >> 8), static_cast<unsigned char>(s)};
    out.write(reinterpret_cast<char*>(be), 4);
  }
  out.write(reinterpret_cast<const char*>(c.data_ptr<uint8_t>()), std::streamsize(c.numel()));
  TG_CHECK(out.good(), "write_idx: writing '", path, "' failed");
}

} // namespace tg::data
