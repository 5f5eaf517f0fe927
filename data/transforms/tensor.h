#pragma once
// Transforms of an example's data tensor (the target passes through): subclass TensorTransform and
// override operator()(Tensor), or wrap a function in TensorLambda. Normalize is one of them.
#include <functional>
#include <utility>

#include "autograd/functions.h"
#include "data/example.h"
#include "data/transforms/base.h"

namespace tg::data::transforms {

template <typename Target = Tensor>
class TensorTransform : public Transform<Example<Tensor, Target>, Example<Tensor, Target>> {
public:
  using E = Example<Tensor, Target>;
  virtual Tensor operator()(Tensor input) = 0;
  E apply(E input) override {
    input.data = (*this)(std::move(input.data));
    return input;
  }
};

template <typename Target = Tensor> class TensorLambda : public TensorTransform<Target> {
public:
  using FunctionType = std::function<Tensor(Tensor)>;
  explicit TensorLambda(FunctionType function) : function_(std::move(function)) {}
  Tensor operator()(Tensor input) override { return function_(std::move(input)); }

private:
  FunctionType function_;
};

/// (x - mean) / stddev per example; mean and stddev hold one value per channel and broadcast
/// over the spatial dims (one value each for MNIST: Normalize<>(0.1307, 0.3081)).
template <typename Target = Tensor> class Normalize : public TensorTransform<Target> {
public:
  Normalize(ArrayRef<double> mean, ArrayRef<double> stddev)
      : mean(tensor(TensorData(mean.vec()), kFloat).view({-1, 1, 1})),
        stddev(tensor(TensorData(stddev.vec()), kFloat).view({-1, 1, 1})) {}
  Normalize(double mean, double stddev)
      : Normalize(ArrayRef<double>(mean), ArrayRef<double>(stddev)) {}

  Tensor operator()(Tensor input) override { return input.sub(mean).div(stddev); }

  Tensor mean, stddev;
};

} // namespace tg::data::transforms
