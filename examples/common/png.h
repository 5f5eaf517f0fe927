#pragma once
// Writing a greyscale image as PNG through libpng (libpng-dev), enlarged by an integer factor so
// that an 8x8 image is visible: each pixel becomes a scale x scale square. Written to a
// temporary file and renamed, so a reader never sees half a picture.
#include <png.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.h>

namespace examples {

namespace png_detail {
/// libpng's part: reports errors by longjmp back to the setjmp here, so nothing in this function
/// changes after it (no variable can be clobbered) and nothing with a destructor lives in it.
inline bool write_rows(FILE* f, png_uint_32 width, png_uint_32 height, png_bytepp rows) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png)) != 0) {
    png_destroy_write_struct(&png, info ? &info : nullptr);
    return false;
  }
  png_init_io(png, f);
  png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}
} // namespace png_detail

/// Writes `image` (float [rows, cols] in [0, 1], 0 black) as an 8-bit greyscale PNG, each pixel
/// drawn as a `scale` x `scale` square.
inline void write_png(const std::string& path, const tg::Tensor& image, int scale = 1) {
  TG_CHECK(image.dim() == 2, "write_png: expected a [rows, cols] image, got ", image.sizes());
  TG_CHECK(scale >= 1 && scale <= 64, "write_png: scale ", scale, " is outside 1..64");
  const tg::Tensor bytes = (image.clamp(0, 1) * 255).round().to(tg::kByte).contiguous();
  const int64_t rows = image.size(0) * scale, cols = image.size(1) * scale;
  const uint8_t* px = bytes.data_ptr<uint8_t>();
  std::vector<png_byte> pixels(static_cast<size_t>(rows * cols));
  std::vector<png_bytep> row_pointers(static_cast<size_t>(rows));
  for (int64_t r = 0; r < rows; ++r) {
    row_pointers[size_t(r)] = pixels.data() + r * cols;
    for (int64_t c = 0; c < cols; ++c)
      pixels[size_t(r * cols + c)] = px[(r / scale) * image.size(1) + c / scale];
  }
  const std::string part = path + ".part";
  FILE* f = std::fopen(part.c_str(), "wb");
  TG_CHECK(f != nullptr, "write_png: cannot create ", part);
  bool ok = png_detail::write_rows(f, png_uint_32(cols), png_uint_32(rows), row_pointers.data());
  ok = std::fclose(f) == 0 && ok;
  if (!ok) std::filesystem::remove(part);
  TG_CHECK(ok, "write_png: writing ", path, " failed");
  std::filesystem::rename(part, path);
}

} // namespace examples
