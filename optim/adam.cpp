#include "optim/adam.h"

#include <cmath>
#include <type_traits>
#ifdef __SSE2__
#include <immintrin.h>
#endif

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "autograd/kernels/parallel_for.h"
#include "optim/serialize.h"

namespace tg::optim {

AdamOptions::AdamOptions(double lr) : lr_(lr) {}

bool operator==(const AdamOptions& lhs, const AdamOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.betas() == rhs.betas() && lhs.eps() == rhs.eps() &&
         lhs.weight_decay() == rhs.weight_decay() && lhs.amsgrad() == rhs.amsgrad();
}
void AdamOptions::serialize(serialize::OutputArchive& archive) const {
  archive.write_double("lr", lr());
  archive.write_double("betas.0", std::get<0>(betas()));
  archive.write_double("betas.1", std::get<1>(betas()));
  archive.write_double("eps", eps());
  archive.write_double("weight_decay", weight_decay());
  archive.write_int("amsgrad", amsgrad());
}
void AdamOptions::serialize(serialize::InputArchive& archive) {
  lr(archive.read_double("lr"));
  betas(std::make_tuple(archive.read_double("betas.0"), archive.read_double("betas.1")));
  eps(archive.read_double("eps"));
  weight_decay(archive.read_double("weight_decay"));
  amsgrad(archive.read_int("amsgrad") != 0);
}

void AdamParamState::serialize(serialize::OutputArchive& archive) const {
  archive.write_int("step", step());
  archive.write("exp_avg", exp_avg());
  archive.write("exp_avg_sq", exp_avg_sq());
  if (max_exp_avg_sq().defined()) archive.write("max_exp_avg_sq", max_exp_avg_sq());
}
void AdamParamState::serialize(serialize::InputArchive& archive) {
  step(archive.read_int("step"));
  archive.read("exp_avg", exp_avg());
  archive.read("exp_avg_sq", exp_avg_sq());
  archive.try_read("max_exp_avg_sq", max_exp_avg_sq());
}

namespace {

/// Adam's update in one pass over contiguous buffers. The tensor-op version below reads and
/// writes each buffer several times; the step is memory-bound, so fusing it is several times
/// faster on a large layer. Same arithmetic, in the same order, as the tensor ops.
template <typename T>
void fused_adam_step(T* p, const T* g, T* m, T* v, int64_t n, double beta1, double beta2,
                     double weight_decay, double sqrt_bias_correction2, double step_size,
                     double eps) {
  const T b1 = T(beta1), b2 = T(beta2), one_minus_b1 = T(1 - beta1), one_minus_b2 = T(1 - beta2);
  const T wd = T(weight_decay), sqrt_bc2 = T(sqrt_bias_correction2), lr = T(step_size), e = T(eps);
  kernels::parallel_for(
      0, n, 1 << 14, [&](int64_t begin, int64_t end) {
        int64_t i = begin;
#ifdef __SSE2__
        // GCC will not vectorise std::sqrt without -fno-math-errno, and the scalar
        // sqrt and two divisions made this loop 7% of simple_cnn's time. Four lanes
        // of the same operations in the same order: bit-identical results.
        if constexpr (std::is_same_v<T, float>) {
          const __m128 vb1 = _mm_set1_ps(b1), vb2 = _mm_set1_ps(b2);
          const __m128 v1b1 = _mm_set1_ps(one_minus_b1), v1b2 = _mm_set1_ps(one_minus_b2);
          const __m128 vwd = _mm_set1_ps(wd), vbc = _mm_set1_ps(sqrt_bc2), vlr = _mm_set1_ps(lr),
                       ve = _mm_set1_ps(e);
          for (; i + 4 <= end; i += 4) {
            __m128 grad = _mm_loadu_ps(g + i);
            if (wd != T(0)) grad = _mm_add_ps(grad, _mm_mul_ps(vwd, _mm_loadu_ps(p + i)));
            const __m128 mi =
                _mm_add_ps(_mm_mul_ps(_mm_loadu_ps(m + i), vb1), _mm_mul_ps(grad, v1b1));
            const __m128 vi = _mm_add_ps(_mm_mul_ps(_mm_loadu_ps(v + i), vb2),
                                         _mm_mul_ps(_mm_mul_ps(grad, grad), v1b2));
            _mm_storeu_ps(m + i, mi);
            _mm_storeu_ps(v + i, vi);
            const __m128 denom = _mm_add_ps(_mm_div_ps(_mm_sqrt_ps(vi), vbc), ve);
            _mm_storeu_ps(p + i,
                          _mm_add_ps(_mm_loadu_ps(p + i), _mm_mul_ps(vlr, _mm_div_ps(mi, denom))));
          }
        }
#endif
        for (; i < end; ++i) {
          const T grad = wd != T(0) ? g[i] + wd * p[i] : g[i];
          m[i] = m[i] * b1 + grad * one_minus_b1;
          v[i] = v[i] * b2 + grad * grad * one_minus_b2;
          p[i] += lr * (m[i] / (std::sqrt(v[i]) / sqrt_bc2 + e));
        }
      });
}

bool fusable(const Tensor& p, const Tensor& g, const Tensor& m, const Tensor& v) {
  const ScalarType t = p.scalar_type();
  return (t == kFloat || t == kDouble) && g.scalar_type() == t && m.scalar_type() == t &&
         v.scalar_type() == t && p.is_contiguous() && g.is_contiguous() && m.is_contiguous() &&
         v.is_contiguous() && g.numel() == p.numel();
}

} // namespace

Adam::Adam(std::vector<OptimizerParamGroup> param_groups, AdamOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdamOptions>(defaults)) {
  TG_CHECK(defaults.lr() >= 0, "Adam: Invalid learning rate: ", defaults.lr());
  TG_CHECK(defaults.eps() >= 0, "Adam: Invalid epsilon value: ", defaults.eps());
  auto [beta1, beta2] = defaults.betas();
  TG_CHECK(0 <= beta1 && beta1 < 1.0, "Adam: Invalid beta parameter at index 0: ", beta1);
  TG_CHECK(0 <= beta2 && beta2 < 1.0, "Adam: Invalid beta parameter at index 1: ", beta2);
  TG_CHECK(defaults.weight_decay() >= 0,
           "Adam: Invalid weight_decay value: ", defaults.weight_decay());
}

Tensor Adam::step(LossClosure closure) {
  check_learning_rates("Adam");
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const AdamOptions&>(group.options());
    const auto [beta1, beta2] = options.betas();
    for (const Tensor& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& slot = state_[state_key(p)];
      if (!slot) {
        auto fresh = std::make_unique<AdamParamState>();
        fresh->exp_avg(zeros_like(p));
        fresh->exp_avg_sq(zeros_like(p));
        if (options.amsgrad()) fresh->max_exp_avg_sq(zeros_like(p));
        slot = std::move(fresh);
      }
      auto& state = static_cast<AdamParamState&>(*slot);
      state.step(state.step() + 1);
      const double bias_correction1 = 1 - std::pow(beta1, double(state.step()));
      const double bias_correction2 = 1 - std::pow(beta2, double(state.step()));

      Tensor grad = p.grad();
      if (!options.amsgrad() && fusable(p, grad, state.exp_avg(), state.exp_avg_sq())) {
        auto run = [&]<typename T>() {
          fused_adam_step<T>(p.data_ptr<T>(), grad.data_ptr<T>(), state.exp_avg().data_ptr<T>(),
                             state.exp_avg_sq().data_ptr<T>(), p.numel(), beta1, beta2,
                             options.weight_decay(), std::sqrt(bias_correction2),
                             -options.lr() / bias_correction1, options.eps());
        };
        if (p.scalar_type() == kFloat)
          run.template operator()<float>();
        else
          run.template operator()<double>();
        // Written in place like add_/addcdiv_ would be: autograd must see the new versions.
        for (const Tensor* t :
             std::initializer_list<const Tensor*>{&p, &state.exp_avg(), &state.exp_avg_sq()})
          t->unsafeGetTensorImpl()->bump_version();
        continue;
      }
      if (options.weight_decay() != 0) grad = grad.add(p, options.weight_decay());
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
      p.addcdiv_(state.exp_avg(), denom, -options.lr() / bias_correction1);
    }
  }
  return loss;
}

} // namespace tg::optim
