// A LibTorch-style data pipeline, written for LibTorch 1.13: the #include is its only difference
// from a program built against libtorch. It exits non-zero (TORCH_CHECK throws) on any mismatch.
#include <tapegrad/torch_compat.h>

#include <cstdio>
#include <iostream>
#include <vector>

// Example i holds data [i, i, i] and target i % 3.
class CountingDataset : public torch::data::datasets::Dataset<CountingDataset> {
public:
  explicit CountingDataset(int64_t n) : n_(n) {}
  torch::data::Example<> get(size_t index) override {
    return {torch::full({3}, static_cast<double>(index)), torch::tensor(static_cast<int64_t>(index % 3))};
  }
  torch::optional<size_t> size() const override { return static_cast<size_t>(n_); }

private:
  int64_t n_;
};

template <typename Loader> int64_t count_examples(Loader& loader) {
  int64_t seen = 0;
  for (torch::data::Example<>& batch : loader) seen += batch.data.size(0);
  return seen;
}

int main() {
  torch::manual_seed(7);
  CountingDataset dataset(10);
  const size_t dataset_size = dataset.size().value();
  TORCH_CHECK(dataset_size == 10, "size() ", dataset_size);

  std::vector<torch::data::Example<>> picked = dataset.get_batch({4, 2});
  TORCH_CHECK(picked.size() == 2 && picked[0].target.item<int64_t>() == 1, "get_batch");

  // From an lvalue: the loader gets its own copy of the dataset.
  auto unstacked = torch::data::make_data_loader(dataset, /*batch_size=*/4);
  size_t examples = 0;
  for (auto& batch : *unstacked) examples += batch.size();
  TORCH_CHECK(examples == 10, "lvalue loader saw ", examples);

  // The usual map(Stack) pipeline, moved into a sequential loader.
  auto stacked = CountingDataset(10).map(torch::data::transforms::Stack<>());
  auto loader = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
      std::move(stacked), torch::data::DataLoaderOptions().batch_size(4).workers(2));
  int64_t batches = 0;
  for (auto& batch : *loader) {
    TORCH_CHECK(batch.data.dim() == 2 && batch.data.size(1) == 3, "batch shape ", batch.data.sizes());
    TORCH_CHECK(batch.target.dtype() == torch::kLong, "target dtype ", batch.target.dtype());
    ++batches;
  }
  TORCH_CHECK(batches == 3, "expected 3 batches (4, 4, 2), got ", batches);
  TORCH_CHECK(count_examples(*loader) == 10, "Example<>& iteration");

  // Peeking at the first batch (LibTorch refuses a new iteration while a worker-backed one is
  // unfinished, so this loader has no workers).
  auto peek = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
      CountingDataset(10).map(torch::data::transforms::Stack<>()), 4);
  auto first = *peek->begin();
  TORCH_CHECK(first.data[0][0].item<float>() == 0.0f, "sequential order");

  // A random sampler with drop_last, iterated through const references.
  auto shuffled = torch::data::make_data_loader(
      CountingDataset(10).map(torch::data::transforms::Normalize<>(0.5, 2.0)).map(
          torch::data::transforms::Stack<>()),
      torch::data::DataLoaderOptions().batch_size(3).drop_last(true));
  double total = 0;
  int64_t seen = 0;
  for (const auto& batch : *shuffled) {
    total += batch.data.sum().item<double>();
    seen += batch.data.size(0);
  }
  TORCH_CHECK(seen == 9, "drop_last kept ", seen, " examples");
  std::printf("normalised sum over %ld examples: %.3f\n", static_cast<long>(seen), total);

  torch::data::datasets::MNIST::Mode mode = torch::data::datasets::MNIST::Mode::kTest;
  TORCH_CHECK(mode != torch::data::datasets::MNIST::Mode::kTrain, "MNIST::Mode");
  std::cout << "data loading: ok" << std::endl;
}
