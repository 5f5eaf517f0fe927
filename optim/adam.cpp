#include "optim/adam.h"

#include <cmath>
#include <type_traits>

#include "autograd/graph/grad_mode.h"
#include "autograd/kernels/dispatch.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/vectorized.h"
#include "autograd/ops/functions.h"
#include "optim/serialize.h"

namespace tg::optim {

// ---------------------------------------------------------------- options and state
namespace detail {

template <typename Derived>
void AdamFields<Derived>::serialize(serialize::OutputArchive& archive) const {
  archive.write_double("lr", lr());
  archive.write_double("betas.0", std::get<0>(betas()));
  archive.write_double("betas.1", std::get<1>(betas()));
  archive.write_double("eps", eps());
  archive.write_double("weight_decay", weight_decay());
  archive.write_int("amsgrad", amsgrad());
}
template <typename Derived> void AdamFields<Derived>::serialize(serialize::InputArchive& archive) {
  lr(archive.read_double("lr"));
  betas(std::make_tuple(archive.read_double("betas.0"), archive.read_double("betas.1")));
  eps(archive.read_double("eps"));
  weight_decay(archive.read_double("weight_decay"));
  amsgrad(archive.read_int("amsgrad") != 0);
}

template <typename Derived>
void AdamStateFields<Derived>::serialize(serialize::OutputArchive& archive) const {
  archive.write_int("step", step());
  archive.write("exp_avg", exp_avg());
  archive.write("exp_avg_sq", exp_avg_sq());
  if (max_exp_avg_sq().defined()) archive.write("max_exp_avg_sq", max_exp_avg_sq());
}
template <typename Derived>
void AdamStateFields<Derived>::serialize(serialize::InputArchive& archive) {
  step(archive.read_int("step"));
  archive.read("exp_avg", exp_avg());
  archive.read("exp_avg_sq", exp_avg_sq());
  archive.try_read("max_exp_avg_sq", max_exp_avg_sq());
}

template struct AdamFields<AdamOptions>;
template struct AdamFields<AdamWOptions>;
template struct AdamStateFields<AdamParamState>;
template struct AdamStateFields<AdamWParamState>;

} // namespace detail

// ---------------------------------------------------------------- the update
namespace {

/// The scalars of one parameter's step, computed once in double, as the tensor-op path does.
struct StepScalars {
  double beta1, beta2;
  // At most one of the two decays is set: the fused loop reads l2·p from p before shrinking it.
  double l2;     ///< Adam's weight_decay: l2·p is added to the gradient (0 for AdamW).
  double shrink; ///< AdamW's 1 − lr·weight_decay: p is multiplied by it first (1 for Adam).
  double sqrt_bias_correction2;
  double step_size; ///< −lr / (1 − β1^t).
  double eps;
};

/// Adam's update in one pass over contiguous buffers. The tensor-op version below reads and
/// writes each buffer several times; the step is memory-bound, so fusing it is several times
/// faster on a large layer. The loop itself is kernels/vectorized_impl.cpp's, chosen at start-up
/// for the CPU (SSE2, AVX2 or AVX-512 lanes, bit-identical to the scalar order of operations):
/// GCC vectorises its sqrt there (-fno-math-errno), which it would not do here.
template <typename T> void fused_adam_step(T* p, const T* g, T* m, T* v, int64_t n, StepScalars s) {
  const kernels::AdamScalars<T> k{
      T(s.beta1),     T(s.beta2),  T(1 - s.beta1),  T(1 - s.beta2),
      T(s.l2),        T(s.shrink), s.shrink != 1.0, T(s.sqrt_bias_correction2),
      T(s.step_size), T(s.eps)};
  const kernels::VecKernels& table = kernels::vec_kernels();
  const auto adam = [&] {
    if constexpr (std::is_same_v<T, float>)
      return table.f32.adam;
    else
      return table.f64.adam;
  }();
  kernels::parallel_for(0, n, 1 << 14, [&](int64_t begin, int64_t end) {
    adam(p + begin, g + begin, m + begin, v + begin, k, end - begin);
  });
}

bool fusable(const Tensor& p, const Tensor& g, const Tensor& m, const Tensor& v) {
  const ScalarType t = p.scalar_type();
  return (t == kFloat || t == kDouble) && g.scalar_type() == t && m.scalar_type() == t &&
         v.scalar_type() == t && p.is_contiguous() && g.is_contiguous() && m.is_contiguous() &&
         v.is_contiguous() && g.numel() == p.numel();
}

} // namespace

namespace detail {

/// "Adam" or "AdamW", for error messages.
template <bool kDecoupled> constexpr const char* kName = kDecoupled ? "AdamW" : "Adam";

template <typename Options, typename State, bool kDecoupled>
AdamBase<Options, State, kDecoupled>::AdamBase(std::vector<OptimizerParamGroup> param_groups,
                                               Options defaults)
    : Optimizer(std::move(param_groups), std::make_unique<Options>(defaults)) {
  const char* name = kName<kDecoupled>;
  TG_CHECK(defaults.lr() >= 0, name, ": Invalid learning rate: ", defaults.lr());
  TG_CHECK(defaults.eps() >= 0, name, ": Invalid epsilon value: ", defaults.eps());
  auto [beta1, beta2] = defaults.betas();
  TG_CHECK(0 <= beta1 && beta1 < 1.0, name, ": Invalid beta parameter at index 0: ", beta1);
  TG_CHECK(0 <= beta2 && beta2 < 1.0, name, ": Invalid beta parameter at index 1: ", beta2);
  TG_CHECK(defaults.weight_decay() >= 0, name,
           ": Invalid weight_decay value: ", defaults.weight_decay());
}

template <typename Options, typename State, bool kDecoupled>
Tensor AdamBase<Options, State, kDecoupled>::step(LossClosure closure) {
  check_learning_rates(kName<kDecoupled>);
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const Options&>(group.options());
    const auto [beta1, beta2] = options.betas();
    const double weight_decay = options.weight_decay();
    for (const Tensor& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& slot = state_[state_key(p)];
      if (!slot) {
        auto fresh = std::make_unique<State>();
        fresh->exp_avg(zeros_like(p));
        fresh->exp_avg_sq(zeros_like(p));
        if (options.amsgrad()) fresh->max_exp_avg_sq(zeros_like(p));
        slot = std::move(fresh);
      }
      auto& state = static_cast<State&>(*slot);
      state.step(state.step() + 1);
      const double bias_correction1 = 1 - std::pow(beta1, double(state.step()));
      const double bias_correction2 = 1 - std::pow(beta2, double(state.step()));
      const double step_size = -options.lr() / bias_correction1;
      // Adam folds an L2 penalty into the gradient; AdamW shrinks p before the update.
      const double l2 = kDecoupled ? 0.0 : weight_decay;
      const double shrink = kDecoupled && weight_decay != 0 ? 1 - options.lr() * weight_decay : 1.0;

      Tensor grad = p.grad();
      if (!options.amsgrad() && fusable(p, grad, state.exp_avg(), state.exp_avg_sq())) {
        const StepScalars scalars{beta1,     beta2,        l2, shrink, std::sqrt(bias_correction2),
                                  step_size, options.eps()};
        dispatch_floating(p.scalar_type(), kName<kDecoupled>, [&]<typename T>() {
          T* m = state.exp_avg().template data_ptr<T>();
          T* v = state.exp_avg_sq().template data_ptr<T>();
          fused_adam_step<T>(p.data_ptr<T>(), grad.data_ptr<T>(), m, v, p.numel(), scalars);
        });
        // Written in place like add_/addcdiv_ would be: autograd must see the new versions.
        for (const Tensor* t :
             std::initializer_list<const Tensor*>{&p, &state.exp_avg(), &state.exp_avg_sq()})
          t->unsafeGetTensorImpl()->bump_version();
        continue;
      }
      if (shrink != 1.0) p.mul_(shrink);
      if (l2 != 0) grad = grad.add(p, l2);
      state.exp_avg().mul_(beta1).add_(grad, 1 - beta1);
      state.exp_avg_sq().mul_(beta2).addcmul_(grad, grad, 1 - beta2);
      Tensor second_moment = state.exp_avg_sq();
      if (options.amsgrad()) {
        // The running maximum keeps the effective step size from growing back (AMSGrad).
        if (!state.max_exp_avg_sq().defined()) state.max_exp_avg_sq(zeros_like(p));
        state.max_exp_avg_sq(maximum(state.max_exp_avg_sq(), state.exp_avg_sq()));
        second_moment = state.max_exp_avg_sq();
      }
      Tensor denom = div(second_moment.sqrt(), std::sqrt(bias_correction2));
      denom.add_(options.eps());
      p.addcdiv_(state.exp_avg(), denom, step_size);
    }
  }
  return loss;
}

template class AdamBase<AdamOptions, AdamParamState, false>;
template class AdamBase<AdamWOptions, AdamWParamState, true>;

} // namespace detail

} // namespace tg::optim
