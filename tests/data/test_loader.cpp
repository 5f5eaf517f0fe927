// Transforms, samplers and the data loader over a small in-memory dataset.
#include <boost/test/unit_test.hpp>

#include <set>

#include <tapegrad/tapegrad.h>

namespace {
/// Example i has image-like data of shape [1, 1, 3] filled with i, and target i.
struct Counting : tg::data::datasets::Dataset<Counting> {
  explicit Counting(size_t n) : n(n) {}
  tg::data::Example<> get(size_t i) override {
    return {tg::full({1, 1, 3}, double(i)), tg::tensor(int64_t(i))};
  }
  std::optional<size_t> size() const override { return n; }
  size_t n;
};
} // namespace

BOOST_AUTO_TEST_SUITE(data_loader)

BOOST_AUTO_TEST_CASE(sequential_batches_in_order_with_a_short_last_batch) {
  auto loader = tg::data::make_data_loader<tg::data::samplers::SequentialSampler>(
      Counting(10).map(tg::data::transforms::Stack<>()), 4);
  std::vector<int64_t> sizes, firsts;
  for (auto& batch : *loader) {
    sizes.push_back(batch.data.size(0));
    firsts.push_back(batch.target[0].item<int64_t>());
    BOOST_TEST(batch.data.sizes() == tg::IntArrayRef({batch.target.size(0), 1, 1, 3}));
  }
  BOOST_TEST(sizes == std::vector<int64_t>({4, 4, 2}));
  BOOST_TEST(firsts == std::vector<int64_t>({0, 4, 8}));
}

BOOST_AUTO_TEST_CASE(drop_last_and_workers_keep_order_and_cover_everything) {
  auto options = tg::data::DataLoaderOptions().batch_size(3).workers(2).drop_last(true);
  auto loader = tg::data::make_data_loader<tg::data::samplers::SequentialSampler>(
      Counting(11).map(tg::data::transforms::Stack<>()), options);
  for (int epoch = 0; epoch < 2; ++epoch) {
    std::vector<int64_t> seen;
    for (auto& batch : *loader)
      for (int64_t i = 0; i < batch.target.size(0); ++i) seen.push_back(batch.target[i].item<int64_t>());
    BOOST_TEST(seen.size() == 9u); // 11 = 3 + 3 + 3 + 2, the short batch dropped
    for (size_t i = 0; i < seen.size(); ++i) BOOST_TEST(seen[i] == int64_t(i));
  }
}

BOOST_AUTO_TEST_CASE(random_sampler_is_a_seeded_permutation) {
  tg::manual_seed(3);
  auto loader = tg::data::make_data_loader(Counting(50).map(tg::data::transforms::Stack<>()),
                                           tg::data::DataLoaderOptions(8).workers(1));
  std::vector<int64_t> order;
  for (auto& batch : *loader)
    for (int64_t i = 0; i < batch.target.size(0); ++i) order.push_back(batch.target[i].item<int64_t>());
  std::set<int64_t> unique(order.begin(), order.end());
  BOOST_TEST(unique.size() == 50u);
  std::vector<int64_t> sorted(order);
  std::sort(sorted.begin(), sorted.end());
  BOOST_TEST(order != sorted); // shuffled
  tg::manual_seed(3);
  tg::data::samplers::RandomSampler again(50);
  again.reset(); // the loader's begin() resets its sampler once more, as LibTorch's does
  auto first = again.next(8);
  BOOST_REQUIRE(first.has_value());
  for (size_t i = 0; i < 8; ++i) BOOST_TEST(int64_t((*first)[i]) == order[i]);
}

BOOST_AUTO_TEST_CASE(normalize_then_stack) {
  auto ds = Counting(4)
                .map(tg::data::transforms::Normalize<>(1.0, 2.0))
                .map(tg::data::transforms::Stack<>());
  auto batch = ds.get_batch(std::vector<size_t>{0, 3});
  BOOST_TEST(batch.data.sizes() == tg::IntArrayRef({2, 1, 1, 3}));
  BOOST_TEST(batch.data[0][0][0][0].item<float>() == -0.5f); // (0 - 1) / 2
  BOOST_TEST(batch.data[1][0][0][2].item<float>() == 1.0f); // (3 - 1) / 2
  BOOST_TEST(*ds.size() == 4u);
}

BOOST_AUTO_TEST_CASE(random_split_fractions_cover_every_example_once) {
  using tg::data::datasets::random_split;
  tg::manual_seed(7);
  auto parts = random_split(Counting(103), {0.8, 0.2});
  BOOST_REQUIRE(parts.size() == 2u);
  // floor(82.4) = 82 and floor(20.6) = 20; the one example left over goes to the first part.
  BOOST_TEST(parts[0].size().value() == 83u);
  BOOST_TEST(parts[1].size().value() == 20u);
  std::set<int64_t> seen;
  for (auto& part : parts)
    for (size_t i = 0; i < part.size().value(); ++i) seen.insert(part.get(i).target.item<int64_t>());
  BOOST_TEST(seen.size() == 103u);

  tg::manual_seed(7); // the same seed gives the same split
  auto again = random_split(Counting(103), {0.8, 0.2});
  BOOST_TEST(again[1].indices() == parts[1].indices());

  auto counted = random_split(Counting(10), {7, 3});
  BOOST_TEST(counted[0].size().value() == 7u);
  auto loader = tg::data::make_data_loader<tg::data::samplers::SequentialSampler>(
      counted[1].map(tg::data::transforms::Stack<>()), 2);
  int64_t batches = 0;
  for (auto& batch : *loader) batches += batch.target.size(0);
  BOOST_TEST(batches == 3);
}

BOOST_AUTO_TEST_CASE(random_split_rejects_lengths_that_do_not_add_up) {
  using tg::data::datasets::random_split;
  BOOST_CHECK_THROW(random_split(Counting(10), {7, 4}), tg::Error);
  BOOST_CHECK_THROW(random_split(Counting(10), {0.5, 0.4}), tg::Error);
  BOOST_CHECK_THROW(random_split(Counting(10), {2.5, 7.5}), tg::Error);
  try {
    random_split(Counting(10), {7, 4});
  } catch (const tg::Error& e) {
    BOOST_TEST(std::string(e.what()).find("add up to 11 but the dataset has 10") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
