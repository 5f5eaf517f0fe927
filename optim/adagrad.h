#pragma once
// Adagrad, as torch::optim::Adagrad (PyTorch's documented update, step t counted from 1):
//   g ← ∇ + weight_decay·p
//   clr = lr / (1 + (t − 1)·lr_decay)
//   sum ← sum + g²                       (sum starts at initial_accumulator_value)
//   p ← p − clr · g / (√sum + eps)
#include <utility>
#include <vector>

#include "nn/arg.h"
#include "optim/optimizer.h"

namespace tg::optim {

struct AdagradOptions : public OptimizerCloneableOptions<AdagradOptions> {
  AdagradOptions(double lr = 1e-2); // NOLINT
  TG_ARG(double, lr) = 1e-2;
  TG_ARG(double, lr_decay) = 0;
  TG_ARG(double, weight_decay) = 0;
  TG_ARG(double, initial_accumulator_value) = 0;
  TG_ARG(double, eps) = 1e-10;

public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  friend bool operator==(const AdagradOptions& lhs, const AdagradOptions& rhs);
  ~AdagradOptions() override = default;
  double get_lr() const override { return lr(); }
  void set_lr(const double lr) override { this->lr(lr); }
};

struct AdagradParamState : public OptimizerCloneableParamState<AdagradParamState> {
  TG_ARG(Tensor, sum);
  TG_ARG(int64_t, step) = 0;

public:
  void serialize(serialize::InputArchive& archive) override;
  void serialize(serialize::OutputArchive& archive) const override;
  ~AdagradParamState() override = default;
};

class Adagrad : public Optimizer {
public:
  /// As in LibTorch, every parameter's state (its `sum`) is created here, not on the first step.
  explicit Adagrad(std::vector<OptimizerParamGroup> param_groups, AdagradOptions defaults = {});
  explicit Adagrad(std::vector<Tensor> params, AdagradOptions defaults = {})
      : Adagrad(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
                std::move(defaults)) {}

  Tensor step(LossClosure closure = nullptr) override;

protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<AdagradParamState>();
  }

private:
  AdagradParamState& state_for(const Tensor& p, const AdagradOptions& options);
};

} // namespace tg::optim
