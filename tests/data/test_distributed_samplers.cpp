// DistributedRandomSampler / DistributedSequentialSampler: disjoint shares that cover the dataset,
// the same permutation on every rank, a new one per epoch. No MPI needed: ranks are plain numbers.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include <tapegrad/tapegrad.h>

namespace {
/// Example i is the scalar i with target i.
struct Indices : tg::data::datasets::Dataset<Indices> {
  explicit Indices(size_t n) : n(n) {}
  tg::data::Example<> get(size_t i) override {
    return {tg::full({1}, double(i)), tg::tensor(int64_t(i))};
  }
  std::optional<size_t> size() const override { return n; }
  size_t n;
};

using tg::data::samplers::DistributedRandomSampler;
using tg::data::samplers::DistributedSequentialSampler;

template <typename Sampler> std::vector<size_t> drain(Sampler& s, size_t batch = 7) {
  std::vector<size_t> out;
  while (auto idx = s.next(batch)) out.insert(out.end(), idx->begin(), idx->end());
  return out;
}

/// Every rank's indices for one epoch.
std::vector<std::vector<size_t>> shares(size_t size, size_t replicas, size_t epoch,
                                        bool allow_duplicates = true, uint64_t seed = 0) {
  std::vector<std::vector<size_t>> out;
  for (size_t r = 0; r < replicas; ++r) {
    DistributedRandomSampler s(size, replicas, r, allow_duplicates, seed);
    s.set_epoch(epoch);
    s.reset();
    out.push_back(drain(s));
  }
  return out;
}
} // namespace

BOOST_AUTO_TEST_SUITE(distributed_samplers)

BOOST_AUTO_TEST_CASE(random_shares_are_disjoint_and_cover_the_dataset) {
  auto s = shares(100, 4, 3);
  std::multiset<size_t> all;
  for (const auto& share : s) {
    BOOST_TEST(share.size() == 25u);
    all.insert(share.begin(), share.end());
  }
  BOOST_TEST(all.size() == 100u);
  for (size_t i = 0; i < 100; ++i) BOOST_TEST(all.count(i) == 1u);
}

BOOST_AUTO_TEST_CASE(uneven_size_pads_with_duplicates_or_drops_the_rest) {
  auto padded = shares(10, 3, 0, true);
  std::set<size_t> seen;
  for (const auto& share : padded) {
    BOOST_TEST(share.size() == 4u); // ceil(10 / 3)
    seen.insert(share.begin(), share.end());
  }
  BOOST_TEST(seen.size() == 10u); // all covered; two indices appear twice
  auto dropped = shares(10, 3, 0, false);
  std::multiset<size_t> all;
  for (const auto& share : dropped) {
    BOOST_TEST(share.size() == 3u);
    all.insert(share.begin(), share.end());
  }
  for (size_t i : all) BOOST_TEST(all.count(i) == 1u);
}

BOOST_AUTO_TEST_CASE(epoch_and_seed_change_the_order_and_replay_it) {
  auto e1 = shares(50, 2, 1), e2 = shares(50, 2, 2), e1_again = shares(50, 2, 1);
  BOOST_TEST(e1[0] == e1_again[0]);
  BOOST_TEST(e1[1] == e1_again[1]);
  BOOST_TEST(e1[0] != e2[0]);
  auto other_seed = shares(50, 2, 1, true, 42);
  BOOST_TEST(e1[0] != other_seed[0]);
  auto sorted = e1[0];
  std::sort(sorted.begin(), sorted.end());
  BOOST_TEST(sorted != e1[0]); // shuffled, not in dataset order
}

BOOST_AUTO_TEST_CASE(sequential_share_is_strided_in_order) {
  DistributedSequentialSampler s(10, 2, 1);
  BOOST_TEST(drain(s, 3) == std::vector<size_t>({1, 3, 5, 7, 9}));
  BOOST_TEST(s.local_sample_count() == 5u);
}

BOOST_AUTO_TEST_CASE(bad_rank_throws_naming_the_values) {
  try {
    DistributedRandomSampler s(10, 2, 2);
    BOOST_FAIL("no error");
  } catch (const tg::Error& e) {
    BOOST_TEST(std::string(e.what()).find("rank 2 is not below num_replicas 2") !=
               std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(loader_exposes_the_sampler_for_set_epoch) {
  auto loader = tg::data::make_data_loader(Indices(20).map(tg::data::transforms::Stack<>()),
                                           DistributedRandomSampler(20, 2, 0),
                                           tg::data::DataLoaderOptions(5));
  std::vector<std::vector<int64_t>> epochs;
  for (size_t e = 0; e < 2; ++e) {
    loader->sampler().set_epoch(e);
    std::vector<int64_t> seen;
    for (auto& batch : *loader)
      for (int64_t i = 0; i < batch.target.size(0); ++i)
        seen.push_back(batch.target[i].item<int64_t>());
    BOOST_TEST(seen.size() == 10u);
    epochs.push_back(seen);
  }
  BOOST_TEST(epochs[0] != epochs[1]);
}

BOOST_AUTO_TEST_SUITE_END()
