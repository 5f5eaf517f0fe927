// The torch::data::transforms hierarchy: user-written TensorTransform subclasses, lambdas, batch
// lambdas, Stack for examples with and without targets, chained through Dataset::map.
#include <boost/test/unit_test.hpp>

#include <tapegrad/tapegrad.h>

namespace {
namespace transforms = tg::data::transforms;

/// Example i: data [1, 2, 2] = {i, i+1, i+2, i+3}, target i.
struct Ramp : tg::data::datasets::Dataset<Ramp> {
  explicit Ramp(size_t n) : n(n) {}
  tg::data::Example<> get(size_t i) override {
    return {tg::arange(4, tg::kFloat).add(double(i)).view({1, 2, 2}), tg::tensor(int64_t(i))};
  }
  std::optional<size_t> size() const override { return n; }
  size_t n;
};

/// Unlabelled examples, as an autoencoder's dataset returns them.
struct Unlabelled : tg::data::datasets::Dataset<Unlabelled, tg::data::TensorExample> {
  tg::data::TensorExample get(size_t i) override { return tg::full({3}, double(i)); }
  std::optional<size_t> size() const override { return 5; }
};

/// A user-written transform, as tutorials write them: mirrors the image left to right.
struct HorizontalFlip : transforms::TensorTransform<> {
  tg::Tensor operator()(tg::Tensor input) override { return input.flip({-1}); }
};
} // namespace

BOOST_AUTO_TEST_SUITE(data_transforms)

BOOST_AUTO_TEST_CASE(a_user_tensor_transform_changes_data_and_keeps_the_target) {
  auto batch = Ramp(3).map(HorizontalFlip()).map(transforms::Stack<>()).get_batch({2});
  BOOST_TEST(batch.data.sizes().vec() == std::vector<int64_t>({1, 1, 2, 2}));
  // Row {2, 3} becomes {3, 2}; row {4, 5} becomes {5, 4}.
  BOOST_TEST(batch.data.flatten().equal(tg::tensor({3.f, 2.f, 5.f, 4.f})));
  BOOST_TEST(batch.target.item<int64_t>() == 2);
}

BOOST_AUTO_TEST_CASE(tensor_lambda_and_normalize_chain_in_order) {
  auto ds = Ramp(2)
                .map(transforms::TensorLambda<>([](tg::Tensor x) { return x * 2; }))
                .map(transforms::Normalize<>(1.0, 4.0))
                .map(transforms::Stack<>());
  auto batch = ds.get_batch({0, 1});
  // Example 1: data {1, 2, 3, 4} -> *2 -> {2, 4, 6, 8} -> (x - 1) / 4.
  BOOST_TEST(batch.data[1].flatten().equal(tg::tensor({0.25f, 0.75f, 1.25f, 1.75f})));
  BOOST_TEST(batch.target.equal(tg::tensor({int64_t(0), int64_t(1)})));
}

BOOST_AUTO_TEST_CASE(lambda_maps_whole_examples_and_batch_lambda_whole_batches) {
  using E = tg::data::Example<>;
  auto relabel = transforms::Lambda<E>([](E e) {
    e.target = e.target + 10;
    return e;
  });
  auto keep_first_two = transforms::BatchLambda<std::vector<E>>([](std::vector<E> batch) {
    batch.resize(2);
    return batch;
  });
  auto batch =
      Ramp(4).map(relabel).map(keep_first_two).map(transforms::Stack<>()).get_batch({3, 1, 0});
  BOOST_TEST(batch.target.equal(tg::tensor({int64_t(13), int64_t(11)})));
}

BOOST_AUTO_TEST_CASE(stack_collates_examples_without_targets) {
  auto loader = tg::data::make_data_loader<tg::data::samplers::SequentialSampler>(
      Unlabelled().map(transforms::Stack<tg::data::TensorExample>()), 2);
  std::vector<int64_t> rows;
  for (auto& batch : *loader) {
    tg::Tensor data = batch.data; // TensorExample has no .target
    rows.push_back(data.size(0));
    BOOST_TEST(data.size(1) == 3);
  }
  BOOST_TEST(rows == std::vector<int64_t>({2, 2, 1}));
}

BOOST_AUTO_TEST_CASE(tensor_dataset_serves_rows_as_unlabelled_examples) {
  tg::data::datasets::TensorDataset rows(tg::arange(12, tg::kFloat).view({4, 3}));
  BOOST_TEST(rows.size().value() == 4u);
  BOOST_TEST(rows.get(2).data.equal(tg::tensor({6.f, 7.f, 8.f})));
  BOOST_CHECK_THROW(rows.get(4), tg::Error);
  auto loader = tg::data::make_data_loader<tg::data::samplers::SequentialSampler>(
      rows.map(transforms::Stack<tg::data::TensorExample>()), 3);
  std::vector<float> firsts;
  for (auto& batch : *loader) firsts.push_back(batch.data[0][0].item<float>());
  BOOST_TEST(firsts == std::vector<float>({0.f, 9.f}), boost::test_tools::per_element());
  tg::data::datasets::TensorDataset stacked({tg::zeros({2}), tg::ones({2})});
  BOOST_TEST(stacked.get(1).data.sum().item<float>() == 2.f);
}

BOOST_AUTO_TEST_SUITE_END()
