// The IDX reader and the MNIST dataset on small files the test writes itself.
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
void write_bytes(const fs::path& p, const std::vector<unsigned char>& b) {
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), long(b.size()));
}
std::vector<unsigned char> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
void gzip(const fs::path& from, const fs::path& to) {
  auto b = read_bytes(from);
  gzFile f = gzopen(to.c_str(), "wb");
  gzwrite(f, b.data(), unsigned(b.size()));
  gzclose(f);
}
/// A tiny MNIST folder: 5 images of 4x3 pixels with values i*10+j, labels 0..4.
void make_mnist(const fs::path& dir, const std::string& prefix) {
  auto images = tg::arange(60).to(tg::kByte).view({5, 4, 3});
  tg::data::write_idx((dir / (prefix + "-images-idx3-ubyte")).string(), images);
  tg::data::write_idx((dir / (prefix + "-labels-idx1-ubyte")).string(), tg::arange(5).to(tg::kByte));
}
bool error_mentions(const std::function<void()>& f, const std::string& what) {
  try {
    f();
  } catch (const tg::Error& e) {
    return std::string(e.what()).find(what) != std::string::npos;
  }
  return false;
}
} // namespace

BOOST_AUTO_TEST_SUITE(data_mnist)

BOOST_AUTO_TEST_CASE(idx_round_trip_raw_and_gzipped) {
  auto dir = fresh_dir("idx");
  auto t = tg::arange(24).to(tg::kByte).view({2, 3, 4});
  tg::data::write_idx((dir / "a.idx").string(), t);
  BOOST_TEST(tg::equal(tg::data::read_idx((dir / "a.idx").string()), t));
  gzip(dir / "a.idx", dir / "a.idx.gz");
  BOOST_TEST(tg::equal(tg::data::read_idx((dir / "a.idx.gz").string()), t));
}

BOOST_AUTO_TEST_CASE(corrupt_idx_files_give_clear_errors) {
  auto dir = fresh_dir("idx_bad");
  tg::data::write_idx((dir / "good").string(), tg::arange(24).to(tg::kByte).view({2, 3, 4}));
  auto good = read_bytes(dir / "good");
  auto bad_magic = good;
  bad_magic[0] = 7;
  write_bytes(dir / "magic", bad_magic);
  BOOST_TEST(error_mentions([&] { tg::data::read_idx((dir / "magic").string()); }, "magic"));
  auto truncated = good;
  truncated.resize(good.size() - 5);
  write_bytes(dir / "short", truncated);
  BOOST_TEST(error_mentions([&] { tg::data::read_idx((dir / "short").string()); }, "truncated"));
  auto trailing = good;
  trailing.push_back(1);
  write_bytes(dir / "long", trailing);
  BOOST_TEST(error_mentions([&] { tg::data::read_idx((dir / "long").string()); }, "trailing"));
  // Four dimensions of 2^28 each: the product would overflow 64 bits if taken unchecked.
  write_bytes(dir / "huge", {0, 0, 8, 4, 16, 0, 0, 0, 16, 0, 0, 0, 16, 0, 0, 0, 16, 0, 0, 0, 1});
  BOOST_TEST(error_mentions([&] { tg::data::read_idx((dir / "huge").string()); }, "truncated"));
  write_bytes(dir / "tiny", {0, 0});
  BOOST_TEST(error_mentions([&] { tg::data::read_idx((dir / "tiny").string()); }, "too short"));
  BOOST_TEST(error_mentions([&] { tg::data::read_idx((dir / "missing").string()); }, "missing"));
}

BOOST_AUTO_TEST_CASE(mnist_dataset_scales_images_and_reads_labels) {
  auto dir = fresh_dir("mnist");
  make_mnist(dir, "train");
  tg::data::datasets::MNIST ds(dir.string());
  BOOST_TEST(ds.is_train());
  BOOST_TEST(*ds.size() == 5u);
  BOOST_TEST(ds.images().sizes() == tg::IntArrayRef({5, 1, 4, 3}));
  BOOST_TEST(ds.images().dtype() == tg::kFloat);
  BOOST_TEST(ds.targets().dtype() == tg::kLong);
  auto ex = ds.get(2);
  BOOST_TEST(ex.target.item<int64_t>() == 2);
  BOOST_TEST(ex.data[0][1][2].item<float>() == float(2 * 12 + 1 * 3 + 2) / 255.0f);
  BOOST_TEST(ds.get_batch({0, 4}).size() == 2u);
  BOOST_CHECK_THROW(ds.get(5), tg::Error);
}

BOOST_AUTO_TEST_CASE(mnist_reports_missing_and_mismatched_files) {
  auto dir = fresh_dir("mnist_bad");
  BOOST_TEST(error_mentions([&] { tg::data::datasets::MNIST(dir.string()); }, "scripts/fetch-data"));
  make_mnist(dir, "t10k");
  tg::data::write_idx((dir / "t10k-labels-idx1-ubyte").string(), tg::arange(4).to(tg::kByte));
  BOOST_TEST(error_mentions(
      [&] { tg::data::datasets::MNIST(dir.string(), tg::data::datasets::MNIST::Mode::kTest); },
      "5 images but"));
}

BOOST_AUTO_TEST_SUITE_END()
