#pragma once
// Adam and AdamW, as torch::optim::Adam and torch::optim::AdamW. One update (PyTorch's documented
// one, step t counted from 1); the two differ only in where weight_decay acts:
//   Adam:  g ← ∇ + weight_decay·p            (L2 penalty folded into the gradient)
//   AdamW: p ← p·(1 − lr·weight_decay), g ← ∇  (decoupled weight decay, applied first)
//   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
//   v̂ = max(v̂, v) with amsgrad, else v̂ = v
//   p ← p − lr / (1 − β1^t) · m / (√v̂ / √(1 − β2^t) + eps)
//
// LibTorch has two unrelated sets of classes with the same fields; here the fields are written
// once (detail::AdamFields, detail::AdamStateFields) and so is the update (adam.cpp), while the
// classes keep LibTorch's names: checkpoints name the optimizer "tg::optim::Adam" or
// "tg::optim::AdamW" and hold the same records as before.
#include <tuple>
#include <utility>
#include <vector>

#include "optim/optimizer.h"
#include "tapegrad/arg.h"

namespace tg::optim {

namespace detail {

/// The options of Adam and AdamW, written once: only the default of weight_decay differs (set by
/// each constructor). The setters return this base; AdamOptions and AdamWOptions convert from it
/// implicitly, so `Adam(params, AdamOptions(1e-3).betas({0.9, 0.98}))` works as in LibTorch.
template <typename Derived> struct AdamFields : public OptimizerCloneableOptions<Derived> {
  /// The learning rate (default 1e-3).
  TG_ARG(double, lr) = 1e-3;
  /// (β1, β2).
  typedef std::tuple<double, double> betas_t;
  /// Decay rates of the running averages of the gradient and of its square; each in [0, 1),
  /// else tg::Error (default (0.9, 0.999)).
  TG_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  /// Added to the denominator for numerical stability (default 1e-8).
  TG_ARG(double, eps) = 1e-8;
  /// Adam: L2 penalty, weight_decay·p is added to the gradient (default 0). AdamW: decoupled
  /// decay, p shrinks by lr·weight_decay·p before the update (default 1e-2, as in LibTorch).
  TG_ARG(double, weight_decay) = 0;
  /// Use the maximum of all past second moments (the AMSGrad variant) (default false).
  TG_ARG(bool, amsgrad) = false;

public:
  /// Reads every option from a checkpoint (the keys serialize(OutputArchive&) writes).
  void serialize(serialize::InputArchive& archive) override;
  /// Writes every option to a checkpoint, under its own name.
  void serialize(serialize::OutputArchive& archive) const override;
  /// Whether all options are equal.
  friend bool operator==(const Derived& lhs, const Derived& rhs) {
    return lhs.lr() == rhs.lr() && lhs.betas() == rhs.betas() && lhs.eps() == rhs.eps() &&
           lhs.weight_decay() == rhs.weight_decay() && lhs.amsgrad() == rhs.amsgrad();
  }
  /// lr(), for the schedulers.
  double get_lr() const override { return lr(); }
  /// lr(lr), for the schedulers.
  void set_lr(const double lr) override { this->lr(lr); }
};

/// The per-parameter state of Adam and AdamW, created on the parameter's first step().
template <typename Derived> struct AdamStateFields : public OptimizerCloneableParamState<Derived> {
  /// The number of steps taken, t in the bias corrections.
  TG_ARG(int64_t, step) = 0;
  /// m, the running average of the gradient.
  TG_ARG(Tensor, exp_avg);
  /// v, the running average of the squared gradient.
  TG_ARG(Tensor, exp_avg_sq);
  /// v̂, the maximum of v so far; defined only with amsgrad.
  TG_ARG(Tensor, max_exp_avg_sq) = {};

public:
  /// Reads the fields from a checkpoint.
  void serialize(serialize::InputArchive& archive) override;
  /// Writes the fields to a checkpoint.
  void serialize(serialize::OutputArchive& archive) const override;
};

} // namespace detail

/// AdamOptions(1e-3).betas({0.9, 0.98}).weight_decay(0.01), as torch::optim::AdamOptions: lr
/// 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 0 (an L2 penalty), amsgrad false.
struct AdamOptions : public detail::AdamFields<AdamOptions> {
  /// Implicit, so that `Adam(params, 1e-3)` works as in LibTorch.
  AdamOptions(double lr = 1e-3) { this->lr(lr); } // NOLINT
  /// From a chain of setters: `AdamOptions(1e-3).amsgrad(true)` (implicit, as that chain is an
  /// AdamOptions in LibTorch).
  AdamOptions(const detail::AdamFields<AdamOptions>& options) // NOLINT
      : detail::AdamFields<AdamOptions>(options) {}
};

/// AdamWOptions(1e-3).betas({0.9, 0.98}), as torch::optim::AdamWOptions: the fields of
/// AdamOptions, but weight_decay is decoupled and defaults to 1e-2.
struct AdamWOptions : public detail::AdamFields<AdamWOptions> {
  /// Implicit, so that `AdamW(params, 1e-3)` works as in LibTorch.
  AdamWOptions(double lr = 1e-3) { this->lr(lr).weight_decay(1e-2); } // NOLINT
  /// From a chain of setters: `AdamWOptions(1e-3).amsgrad(true)` (implicit, as that chain is an
  /// AdamWOptions in LibTorch).
  AdamWOptions(const detail::AdamFields<AdamWOptions>& options) // NOLINT
      : detail::AdamFields<AdamWOptions>(options) {}
};

/// Adam's per-parameter state: step, exp_avg, exp_avg_sq, max_exp_avg_sq (with amsgrad).
struct AdamParamState : public detail::AdamStateFields<AdamParamState> {};

/// AdamW's per-parameter state: the same fields as AdamParamState.
struct AdamWParamState : public detail::AdamStateFields<AdamWParamState> {};

namespace detail {

/// The optimizer Adam and AdamW share: one step() for both (adam.cpp, with the fused loop for
/// contiguous float and double parameters); kDecoupled says where weight_decay acts.
template <typename Options, typename State, bool kDecoupled> class AdamBase : public Optimizer {
public:
  /// Param groups without options get a copy of defaults. Throws tg::Error if defaults has a
  /// negative lr, eps or weight_decay, or a beta outside [0, 1).
  explicit AdamBase(std::vector<OptimizerParamGroup> param_groups, Options defaults = {});
  /// One param group holding params, with defaults as its options.
  explicit AdamBase(std::vector<Tensor> params, Options defaults = {})
      : AdamBase(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
                 std::move(defaults)) {}

  Tensor step(LossClosure closure = nullptr) override;

protected:
  std::unique_ptr<OptimizerParamState> make_param_state() const override {
    return std::make_unique<State>();
  }
};

} // namespace detail

/// Adam, as torch::optim::Adam (see the update at the top of this file):
/// `Adam(model->parameters(), AdamOptions(1e-3))`.
class Adam : public detail::AdamBase<AdamOptions, AdamParamState, /*kDecoupled=*/false> {
public:
  /// Adam(param_groups, defaults) and Adam(params, defaults), as in LibTorch.
  using AdamBase::AdamBase;
};

/// Adam with decoupled weight decay, as torch::optim::AdamW (see the update at the top of this
/// file). A class of its own, not an Adam, as in LibTorch: a checkpoint of one does not load into
/// the other.
class AdamW : public detail::AdamBase<AdamWOptions, AdamWParamState, /*kDecoupled=*/true> {
public:
  /// AdamW(param_groups, defaults) and AdamW(params, defaults), as in LibTorch.
  using AdamBase::AdamBase;
};

} // namespace tg::optim
