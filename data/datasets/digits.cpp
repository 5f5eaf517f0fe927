#include "data/datasets/digits.h"

#include <zlib.h>

#include <filesystem>
#include <vector>

#include "autograd/ops/functions.h"

namespace tg::data::datasets {
namespace {

constexpr int64_t kPixels = 64;

std::string find_file(const std::string& root) {
  namespace fs = std::filesystem;
  for (const char* name : {"digits.csv.gz", "digits.csv"}) {
    fs::path p = fs::path(root) / name;
    if (fs::exists(p)) return p.string();
  }
  throw Error(str("Digits: missing file ", (fs::path(root) / "digits.csv.gz").string(),
                  "; run scripts/fetch-data digits to take it out of Debian's python3-sklearn"));
}

/// The whole file, decompressed when gzipped (gzread passes plain files through unchanged).
std::string read_all(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  TG_CHECK(f != nullptr, "Digits: cannot open '", path, "'");
  std::string text;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) {
    text.append(buf, size_t(n));
    TG_CHECK(text.size() < (size_t(64) << 20), "Digits: '", path,
             "' decompresses to more than 64 MiB; it is not the digits file");
  }
  int err = 0;
  const char* msg = gzerror(f, &err);
  std::string what = err < 0 ? msg : "";
  gzclose(f);
  TG_CHECK(n == 0 && what.empty(), "Digits: '", path, "' could not be read (", what,
           "); is the gzip stream truncated?");
  return text;
}

} // namespace

Digits::Digits(const std::string& root) {
  const std::string path = find_file(root);
  const std::string text = read_all(path);
  std::vector<float> pixels;
  std::vector<int64_t> labels;
  size_t pos = 0;
  int64_t line_no = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    int64_t field = 0;
    size_t start = 0;
    while (true) {
      size_t comma = line.find(',', start);
      std::string value =
          line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      ++field;
      TG_CHECK(field <= kPixels + 1, "Digits: ", path, " line ", line_no, " has more than ",
               kPixels + 1, " fields (64 pixels and a label)");
      // The file writes integers, some as "3.0": accept a whole number in either spelling.
      char* stop = nullptr;
      const double v = value.empty() ? -1 : std::strtod(value.c_str(), &stop);
      TG_CHECK(!value.empty() && stop == value.c_str() + value.size() && v == double(int64_t(v)),
               "Digits: ", path, " line ", line_no, " field ", field, " is '", value,
               "', not a whole number");
      if (field <= kPixels) {
        TG_CHECK(v >= 0 && v <= 16, "Digits: ", path, " line ", line_no, " pixel ", field, " is ",
                 v, "; pixel values are 0..16");
        pixels.push_back(float(v));
      } else {
        TG_CHECK(v >= 0 && v <= 9, "Digits: ", path, " line ", line_no, " has label ", v,
                 "; labels are 0..9");
        labels.push_back(int64_t(v));
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    TG_CHECK(field == kPixels + 1, "Digits: ", path, " line ", line_no, " has ", field,
             " fields; expected 64 pixels and a label");
  }
  TG_CHECK(!labels.empty(), "Digits: ", path, " holds no images");
  const int64_t n = int64_t(labels.size());
  images_ = empty({n, 8, 8});
  std::copy(pixels.begin(), pixels.end(), images_.data_ptr<float>());
  targets_ = empty({n}, kLong);
  std::copy(labels.begin(), labels.end(), targets_.data_ptr<int64_t>());
}

Example<> Digits::get(size_t index) {
  TG_CHECK(index < size_t(images_.size(0)), "Digits::get: index ", index, " out of range for ",
           images_.size(0), " examples");
  return {images_[int64_t(index)].unsqueeze(0), targets_[int64_t(index)]};
}

std::optional<size_t> Digits::size() const { return size_t(images_.size(0)); }

} // namespace tg::data::datasets
