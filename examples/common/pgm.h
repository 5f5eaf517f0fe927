#pragma once
// Reading and writing 8-bit greyscale PGM images (the netpbm formats P5, binary, and P2, text),
// the simplest image files a user can draw a digit in (GIMP and ImageMagick write them).
#include <cctype>
#include <fstream>
#include <string>

#include <tapegrad/tapegrad.h>

namespace examples {

namespace pgm_detail {
/// The next whitespace-separated token, skipping '#' comments, as the netpbm header allows.
inline std::string token(std::istream& in) {
  std::string t;
  int c;
  while ((c = in.get()) != EOF) {
    if (c == '#') {
      while ((c = in.get()) != EOF && c != '\n') {
      }
      continue;
    }
    if (std::isspace(c)) {
      if (!t.empty()) break;
      continue;
    }
    t.push_back(char(c));
  }
  return t;
}
inline int64_t number(std::istream& in, const std::string& path, const char* what) {
  std::string t = token(in);
  TG_CHECK(!t.empty() && t.size() < 10 && t.find_first_not_of("0123456789") == std::string::npos,
           "read_pgm: ", path, ": expected the ", what, " as a number, found '", t, "'");
  return std::stoll(t);
}
} // namespace pgm_detail

/// The image in `path` as float [rows, cols] in [0, 1] (0 black, 1 white).
inline tg::Tensor read_pgm(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  TG_CHECK(in.good(), "read_pgm: cannot open ", path);
  const std::string magic = pgm_detail::token(in);
  TG_CHECK(magic == "P5" || magic == "P2", "read_pgm: ", path,
           " is not a PGM file (it starts with '", magic.substr(0, 8), "', expected P5 or P2)");
  const int64_t cols = pgm_detail::number(in, path, "width");
  const int64_t rows = pgm_detail::number(in, path, "height");
  const int64_t maxval = pgm_detail::number(in, path, "maximum grey value");
  TG_CHECK(cols > 0 && rows > 0 && cols <= 4096 && rows <= 4096, "read_pgm: ", path,
           " has an unusable size ", cols, "x", rows);
  TG_CHECK(maxval > 0 && maxval < 256, "read_pgm: ", path, " has maximum grey value ", maxval,
           "; only 8-bit images (1..255) are read");
  tg::Tensor image = tg::empty({rows, cols});
  float* px = image.data_ptr<float>();
  for (int64_t i = 0; i < rows * cols; ++i) {
    int64_t v;
    if (magic == "P5") {
      const int c = in.get();
      TG_CHECK(c != EOF, "read_pgm: ", path, " is truncated: ", i, " of ", rows * cols,
               " pixels present");
      v = c;
    } else {
      v = pgm_detail::number(in, path, "pixel value");
      TG_CHECK(v <= maxval, "read_pgm: ", path, " has pixel value ", v, " above its maximum ",
               maxval);
    }
    px[i] = float(v) / float(maxval);
  }
  return image;
}

/// Writes `image` (float [rows, cols] in [0, 1]) as a binary PGM.
inline void write_pgm(const std::string& path, const tg::Tensor& image) {
  TG_CHECK(image.dim() == 2, "write_pgm: expected a [rows, cols] image, got ", image.sizes());
  tg::Tensor bytes = (image.clamp(0, 1) * 255).round().to(tg::kByte).contiguous();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  TG_CHECK(out.good(), "write_pgm: cannot write ", path);
  out << "P5\n" << image.size(1) << " " << image.size(0) << "\n255\n";
  out.write(reinterpret_cast<const char*>(bytes.data_ptr<uint8_t>()),
            std::streamsize(bytes.numel()));
  TG_CHECK(out.good(), "write_pgm: writing ", path, " failed");
}

} // namespace examples
