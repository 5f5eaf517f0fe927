#pragma once
// Stochastic gradient descent with momentum, dampening, weight decay and Nesterov momentum, as
// torch::optim::SGD (PyTorch's documented update):
//   g ← ∇ + weight_decay·p
//   b ← g on the first step, else momentum·b + (1 − dampening)·g        (when momentum ≠ 0)
//   g ← g + momentum·b if nesterov, else b
//   p ← p − lr·g
#include <utility>
#include <vector>

#include "nn/arg.h"
#include "optim/optimizer.h"

namespace tg::optim {

struct SGDOptions : public OptimizerCloneableOptions<SGDOptions> {
  /// Implicit, so that `SGD(params, 0.1)` works as in LibTorch.
  SGDOptions(double lr); // NOLINT
  TG_ARG(double, lr);
  TG_ARG(double, momentum) = 0;
  TG_ARG(double, dampening) = 0;
  TG_ARG(double, weight_decay) = 0;
  TG_ARG(bool, nesterov) = false;

public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const SGDOptions& lhs, const SGDOptions& rhs);
  ~SGDOptions() override = default;
  double get_lr() const override { return lr(); }
  void set_lr(const double lr) override { this->lr(lr); }
};

struct SGDParamState : public OptimizerCloneableParamState<SGDParamState> {
  TG_ARG(Tensor, momentum_buffer);

public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  ~SGDParamState() override = default;
};

class SGD : public Optimizer {
public:
  explicit SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults);
  explicit SGD(std::vector<Tensor> params, SGDOptions defaults)
      : SGD(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
            std::move(defaults)) {}

  Tensor step(LossClosure closure = nullptr) override;

protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<SGDParamState>();
  }
};

} // namespace tg::optim
