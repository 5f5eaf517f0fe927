// tg::data::datasets::Digits on small files the test writes itself, in scikit-learn's layout
// (64 pixel values 0..16 and a label per line), gzipped as the real file is and plain.
#include <boost/test/unit_test.hpp>

#include <zlib.h>

#include <filesystem>
#include <fstream>

#include <tapegrad/tapegrad.h>

namespace fs = std::filesystem;

namespace {
fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("tapegrad_test_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
/// Line i: pixel j = (i + j) % 17, label i % 10.
std::string rows(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < 64; ++j) text += std::to_string((i + j) % 17) + ",";
    text += std::to_string(i % 10) + "\n";
  }
  return text;
}
void write_gz(const fs::path& p, const std::string& text) {
  gzFile f = gzopen(p.c_str(), "wb");
  gzwrite(f, text.data(), unsigned(text.size()));
  gzclose(f);
}
std::string error_of(const fs::path& dir) {
  try {
    tg::data::datasets::Digits d(dir.string());
  } catch (const tg::Error& e) {
    return e.what();
  }
  return "";
}
} // namespace

BOOST_AUTO_TEST_SUITE(data_digits)

BOOST_AUTO_TEST_CASE(reads_gzipped_and_plain_files) {
  auto dir = fresh_dir("digits_gz");
  write_gz(dir / "digits.csv.gz", rows(12));
  tg::data::datasets::Digits digits(dir.string());
  BOOST_TEST(*digits.size() == 12u);
  BOOST_TEST(digits.images().sizes() == tg::IntArrayRef({12, 8, 8}));
  BOOST_TEST(digits.images()[3][1][2].item<float>() == float((3 + 10) % 17));
  BOOST_TEST(digits.targets()[11].item<int64_t>() == 1);
  auto example = digits.get(5);
  BOOST_TEST(example.data.sizes() == tg::IntArrayRef({1, 8, 8}));
  BOOST_TEST(example.target.item<int64_t>() == 5);

  auto plain = fresh_dir("digits_plain");
  std::ofstream(plain / "digits.csv") << rows(3);
  BOOST_TEST(*tg::data::datasets::Digits(plain.string()).size() == 3u);
}

BOOST_AUTO_TEST_CASE(bad_files_give_clear_errors) {
  auto dir = fresh_dir("digits_bad");
  BOOST_TEST(error_of(dir).find("scripts/fetch-data digits") != std::string::npos);
  auto bad = [&](const std::string& text) {
    write_gz(dir / "digits.csv.gz", text);
    return error_of(dir);
  };
  const std::string good = rows(2);
  BOOST_TEST(bad(good + "1,2,3\n").find("line 3 has 3 fields") != std::string::npos);
  std::string seventeen = good;
  seventeen.replace(0, 1, "17");
  BOOST_TEST(bad(seventeen).find("line 1 pixel 1 is 17") != std::string::npos);
  BOOST_TEST(
      bad(good + rows(1).replace(rows(1).size() - 2, 1, "x")).find("'x', not a whole number") !=
      std::string::npos);
  std::string label = rows(1);
  label.replace(label.size() - 2, 1, "12");
  BOOST_TEST(bad(label).find("has label 12") != std::string::npos);
  BOOST_TEST(bad("").find("holds no images") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
