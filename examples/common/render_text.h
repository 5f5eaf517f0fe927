#pragma once
// Drawing a line of text into a greyscale image with FreeType (libfreetype-dev) and a TrueType
// font, as the seed's PIL ImageDraw.text does: white text on black, the position given as the
// top-left corner of the line (the baseline lies one font ascender below it).
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.h>

namespace examples {

/// DejaVu Sans from Debian's fonts-dejavu-core.
inline const char* const kDejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// `text` drawn in the font at `font_path`, `pixel_size` pixels per em, into a black image of
/// `height` x `width` with the line's top-left corner at (x, y): float [height, width] in [0, 1]
/// (1 = white ink). Glyphs are antialiased; ink past the edges is cut off.
inline tg::Tensor render_text(const std::string& text, const std::string& font_path, int pixel_size,
                              int64_t width, int64_t height, double x = 0, double y = 0) {
  TG_CHECK(std::filesystem::exists(font_path), "render_text: no font file ", font_path,
           " (apt-get install fonts-dejavu-core)");
  TG_CHECK(pixel_size > 0 && pixel_size <= 512 && width > 0 && height > 0 && width <= 8192 &&
               height <= 8192,
           "render_text: unusable size: font ", pixel_size, " px, image ", width, "x", height);
  FT_Library library;
  TG_CHECK(FT_Init_FreeType(&library) == 0, "render_text: FreeType failed to start");
  FT_Face face;
  if (FT_New_Face(library, font_path.c_str(), 0, &face) != 0) {
    FT_Done_FreeType(library);
    throw tg::Error("render_text: " + font_path + " is not a font FreeType can read");
  }
  tg::Tensor image = tg::zeros({height, width});
  float* px = image.data_ptr<float>();
  FT_Set_Pixel_Sizes(face, 0, FT_UInt(pixel_size));
  // 26.6 fixed point throughout, as FreeType measures: the pen keeps fractional advances.
  long pen_x = std::lround(x * 64);
  const long baseline = std::lround(y * 64) + face->size->metrics.ascender;
  for (unsigned char ch : text) {
    if (FT_Load_Char(face, ch, FT_LOAD_RENDER) != 0) continue; // a character the font lacks
    const FT_GlyphSlot g = face->glyph;
    const int64_t left = (pen_x >> 6) + g->bitmap_left, top = (baseline >> 6) - g->bitmap_top;
    for (unsigned r = 0; r < g->bitmap.rows; ++r) {
      for (unsigned c = 0; c < g->bitmap.width; ++c) {
        const int64_t row = top + r, col = left + c;
        if (row < 0 || row >= height || col < 0 || col >= width) continue;
        const float ink = float(g->bitmap.buffer[r * unsigned(g->bitmap.pitch) + c]) / 255.0f;
        float& p = px[row * width + col];
        p = std::max(p, ink);
      }
    }
    pen_x += g->advance.x;
  }
  FT_Done_Face(face);
  FT_Done_FreeType(library);
  return image;
}

/// `image` [rows, cols] shrunk to [out_rows, out_cols] by averaging: each output pixel is the
/// mean of the input area it covers, partly covered pixels weighted by the covered fraction.
inline tg::Tensor shrink(const tg::Tensor& image, int64_t out_rows, int64_t out_cols) {
  TG_CHECK(image.dim() == 2 && image.size(0) >= out_rows && image.size(1) >= out_cols,
           "shrink: cannot shrink ", image.sizes(), " to ", out_rows, "x", out_cols);
  const tg::Tensor in = image.to(tg::kDouble).contiguous();
  const double* p = in.data_ptr<double>();
  const int64_t rows = image.size(0), cols = image.size(1);
  const double fy = double(rows) / double(out_rows), fx = double(cols) / double(out_cols);
  tg::Tensor out = tg::zeros({out_rows, out_cols}, tg::kDouble);
  double* o = out.data_ptr<double>();
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < cols; ++c) {
      // Pixel (r, c) covers [r, r+1) x [c, c+1); it overlaps output cells around r / fy, c / fx.
      for (int64_t orow = int64_t(double(r) / fy);
           orow < out_rows && double(orow) * fy < double(r + 1); ++orow) {
        const double oy =
            std::min(double(r + 1), double(orow + 1) * fy) - std::max(double(r), double(orow) * fy);
        if (oy <= 0) continue;
        for (int64_t ocol = int64_t(double(c) / fx);
             ocol < out_cols && double(ocol) * fx < double(c + 1); ++ocol) {
          const double ox = std::min(double(c + 1), double(ocol + 1) * fx) -
                            std::max(double(c), double(ocol) * fx);
          if (ox > 0) o[orow * out_cols + ocol] += p[r * cols + c] * oy * ox / (fy * fx);
        }
      }
    }
  }
  return out;
}

namespace resize_detail {
/// The bicubic kernel with a = -0.5, as Pillow uses it.
inline double bicubic(double x) {
  constexpr double a = -0.5;
  x = std::abs(x);
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}
/// One pass of Pillow's resampling along a line of `in` samples to `out`: each output sample
/// is a weighted sum of the inputs within the kernel's support, widened by the shrink factor so
/// that shrinking averages (antialiasing) instead of skipping pixels.
inline std::vector<std::vector<std::pair<int64_t, double>>> weights(int64_t in, int64_t out) {
  const double scale = double(in) / double(out), filterscale = std::max(scale, 1.0);
  const double support = 2.0 * filterscale;
  std::vector<std::vector<std::pair<int64_t, double>>> all(static_cast<size_t>(out));
  for (int64_t o = 0; o < out; ++o) {
    const double center = (double(o) + 0.5) * scale;
    const int64_t lo = std::max<int64_t>(int64_t(center - support + 0.5), 0);
    const int64_t hi = std::min<int64_t>(int64_t(center + support + 0.5), in);
    double total = 0;
    for (int64_t i = lo; i < hi; ++i) {
      const double w = bicubic((double(i) - center + 0.5) / filterscale);
      all[size_t(o)].emplace_back(i, w);
      total += w;
    }
    for (auto& [i, w] : all[size_t(o)]) w /= total;
  }
  return all;
}
} // namespace resize_detail

/// `image` [rows, cols] in [0, 1] resized to [out_rows, out_cols] as Pillow's Image.resize does
/// by default (bicubic, antialiased when shrinking: the seed's `img.resize((8, 8))`), rows first
/// then columns, each pass rounded to 8 bits and clipped as Pillow's 8-bit images are.
inline tg::Tensor resize_bicubic(const tg::Tensor& image, int64_t out_rows, int64_t out_cols) {
  TG_CHECK(image.dim() == 2 && out_rows > 0 && out_cols > 0, "resize_bicubic: cannot resize ",
           image.sizes(), " to ", out_rows, "x", out_cols);
  const int64_t rows = image.size(0), cols = image.size(1);
  const tg::Tensor in = image.to(tg::kDouble).contiguous();
  const double* p = in.data_ptr<double>();
  auto to8 = [](double v) { return std::clamp(std::round(v * 255.0), 0.0, 255.0) / 255.0; };
  // Horizontal pass, then vertical (Pillow's order).
  std::vector<double> mid(static_cast<size_t>(rows * out_cols));
  const auto wx = resize_detail::weights(cols, out_cols),
             wy = resize_detail::weights(rows, out_rows);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < out_cols; ++c) {
      double v = 0;
      for (const auto& [i, w] : wx[size_t(c)]) v += p[r * cols + i] * w;
      mid[size_t(r * out_cols + c)] = to8(v);
    }
  tg::Tensor out = tg::empty({out_rows, out_cols}, tg::kDouble);
  double* o = out.data_ptr<double>();
  for (int64_t r = 0; r < out_rows; ++r)
    for (int64_t c = 0; c < out_cols; ++c) {
      double v = 0;
      for (const auto& [i, w] : wy[size_t(r)]) v += mid[size_t(i * out_cols + c)] * w;
      o[r * out_cols + c] = to8(v);
    }
  return out;
}

} // namespace examples
