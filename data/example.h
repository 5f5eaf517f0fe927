#pragma once
// Example<Data, Target>: one sample (or one batch) with .data and .target, as torch::data::Example.
#include "autograd/tensor.h"

namespace tg::data {

template <typename Data = Tensor, typename Target = Tensor> struct Example {
  using DataType = Data;
  using TargetType = Target;
  Example() = default;
  Example(Data data, Target target) : data(std::move(data)), target(std::move(target)) {}
  Data data;
  Target target;
};

namespace example {
/// The target type of an example that has none (unsupervised data), as LibTorch spells it.
using NoTarget = void;
} // namespace example

template <typename Data> struct Example<Data, example::NoTarget> {
  using DataType = Data;
  using TargetType = example::NoTarget;
  Example() = default;
  Example(Data data) : data(std::move(data)) {} // NOLINT: implicit, as in LibTorch
  operator Data&() { return data; }
  operator const Data&() const { return data; }
  Data data;
};

using TensorExample = Example<Tensor, example::NoTarget>;

} // namespace tg::data
