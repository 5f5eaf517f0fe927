#pragma once
// Adagrad, as torch::optim::Adagrad (PyTorch's documented update, step t counted from 1):
//   g ← ∇ + weight_decay·p
//   clr = lr / (1 + (t − 1)·lr_decay)
//   sum ← sum + g²                       (sum starts at initial_accumulator_value)
//   p ← p − clr · g / (√sum + eps)
#include <utility>
#include <vector>

#include "tapegrad/arg.h"
#include "optim/optimizer.h"

namespace tg::optim {

/// AdagradOptions(0.1).lr_decay(1e-4), as torch::optim::AdagradOptions.
struct AdagradOptions : public OptimizerCloneableOptions<AdagradOptions> {
  /// Implicit, so that `Adagrad(params, 0.1)` works as in LibTorch.
  AdagradOptions(double lr = 1e-2); // NOLINT
  /// The learning rate (default 1e-2).
  TG_ARG(double, lr) = 1e-2;
  /// The learning rate decays as lr / (1 + (t - 1)·lr_decay) (default 0).
  TG_ARG(double, lr_decay) = 0;
  /// L2 penalty: weight_decay·p is added to the gradient (default 0).
  TG_ARG(double, weight_decay) = 0;
  /// The starting value of every element of the sum of squared gradients (default 0).
  TG_ARG(double, initial_accumulator_value) = 0;
  /// Added to the denominator for numerical stability (default 1e-10).
  TG_ARG(double, eps) = 1e-10;

public:
  /// Reads every option from a checkpoint (the keys serialize(OutputArchive&) writes).
  void serialize(serialize::InputArchive& archive) override;
  /// Writes every option to a checkpoint, under its own name.
  void serialize(serialize::OutputArchive& archive) const override;
  /// Whether all options are equal.
  friend bool operator==(const AdagradOptions& lhs, const AdagradOptions& rhs);
  ~AdagradOptions() override = default;
  /// lr(), for the schedulers.
  double get_lr() const override { return lr(); }
  /// lr(lr), for the schedulers.
  void set_lr(const double lr) override { this->lr(lr); }
};

/// Adagrad's per-parameter state, created by the Adagrad constructor.
struct AdagradParamState : public OptimizerCloneableParamState<AdagradParamState> {
  /// The running sum of squared gradients, shaped as the parameter.
  TG_ARG(Tensor, sum);
  /// The number of steps taken, t in the lr decay.
  TG_ARG(int64_t, step) = 0;

public:
  /// Reads the fields from a checkpoint.
  void serialize(serialize::InputArchive& archive) override;
  /// Writes the fields to a checkpoint.
  void serialize(serialize::OutputArchive& archive) const override;
  ~AdagradParamState() override = default;
};

/// Adagrad, as torch::optim::Adagrad (see the update at the top of this file).
class Adagrad : public Optimizer {
public:
  /// As in LibTorch, every parameter's state (its `sum`) is created here, not on the first step.
  /// Throws tg::Error if defaults has a negative lr, lr_decay, weight_decay,
  /// initial_accumulator_value or eps.
  explicit Adagrad(std::vector<OptimizerParamGroup> param_groups, AdagradOptions defaults = {});
  /// One param group holding params, with defaults as its options.
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
