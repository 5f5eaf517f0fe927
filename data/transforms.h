#pragma once
// Transforms applied by Dataset::map, as torch::data::transforms: Normalize works per example,
// Stack collates a batch of examples into one Example with stacked tensors.
#include <vector>

#include "autograd/functions.h"
#include "data/example.h"

namespace tg::data::transforms {

/// (x - mean) / stddev per example; mean and stddev broadcast over the channel dim (one value
/// each for MNIST: Normalize<>(0.1307, 0.3081)).
template <typename Target = Tensor> class Normalize {
public:
  Normalize(ArrayRef<double> mean, ArrayRef<double> stddev)
      : mean_(tensor(TensorData(mean.vec()), kFloat).view({-1, 1, 1})),
        stddev_(tensor(TensorData(stddev.vec()), kFloat).view({-1, 1, 1})) {}
  Normalize(double mean, double stddev) : Normalize(ArrayRef<double>(mean), ArrayRef<double>(stddev)) {}

  Example<Tensor, Target> apply(Example<Tensor, Target> example) const {
    example.data = (example.data - mean_) / stddev_;
    return example;
  }
  std::vector<Example<Tensor, Target>> apply_batch(std::vector<Example<Tensor, Target>> batch) const {
    for (auto& e : batch) e = apply(std::move(e));
    return batch;
  }

private:
  Tensor mean_, stddev_;
};

/// Collates examples into one: data and targets stacked along a new first dim.
template <typename ExampleType = Example<>> struct Stack {
  ExampleType apply_batch(std::vector<ExampleType> batch) const {
    std::vector<Tensor> data, targets;
    data.reserve(batch.size());
    targets.reserve(batch.size());
    for (auto& e : batch) {
      data.push_back(std::move(e.data));
      targets.push_back(std::move(e.target));
    }
    return {stack(data), stack(targets)};
  }
};

} // namespace tg::data::transforms
