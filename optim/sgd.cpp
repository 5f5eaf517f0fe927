#include "optim/sgd.h"

#include <type_traits>

#include "autograd/graph/grad_mode.h"
#include "autograd/kernels/dispatch.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/vectorized.h"
#include "autograd/ops/functions.h"
#include "optim/serialize.h"

namespace tg::optim {

SGDOptions::SGDOptions(double lr) : lr_(lr) {}

bool operator==(const SGDOptions& lhs, const SGDOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.momentum() == rhs.momentum() &&
         lhs.dampening() == rhs.dampening() && lhs.weight_decay() == rhs.weight_decay() &&
         lhs.nesterov() == rhs.nesterov();
}
void SGDOptions::serialize(serialize::OutputArchive& archive) const {
  archive.write_double("lr", lr());
  archive.write_double("momentum", momentum());
  archive.write_double("dampening", dampening());
  archive.write_double("weight_decay", weight_decay());
  archive.write_int("nesterov", nesterov());
}
void SGDOptions::serialize(serialize::InputArchive& archive) {
  lr(archive.read_double("lr"));
  momentum(archive.read_double("momentum"));
  dampening(archive.read_double("dampening"));
  weight_decay(archive.read_double("weight_decay"));
  nesterov(archive.read_int("nesterov") != 0);
}

void SGDParamState::serialize(serialize::OutputArchive& archive) const {
  archive.write("momentum_buffer", momentum_buffer());
}
void SGDParamState::serialize(serialize::InputArchive& archive) {
  archive.read("momentum_buffer", momentum_buffer());
}

namespace {

/// Momentum SGD's update in one pass over contiguous buffers: the tensor-op version reads and
/// writes the buffers three times, and the step is memory-bound. Same arithmetic and order.
template <typename T>
void fused_momentum_step(T* p, const T* g, T* buf, int64_t n, double lr, double momentum,
                         double dampening, double weight_decay, bool nesterov) {
  const T mu = T(momentum), keep = T(1 - dampening), wd = T(weight_decay), step = T(-lr);
  kernels::parallel_for(0, n, 1 << 14, [&](int64_t begin, int64_t end) {
    // The common case (no weight decay, no Nesterov) without branches and with __restrict, so
    // that it vectorises (the loop below ran scalar and was 7% of the mlp workload): the copy in
    // kernels/vectorized_impl.cpp chosen for this CPU at start-up. Same operations, same order.
    if (wd == T(0) && !nesterov) {
      const kernels::VecKernels& table = kernels::vec_kernels();
      if constexpr (std::is_same_v<T, float>)
        table.f32.sgd_momentum(p + begin, g + begin, buf + begin, mu, keep, step, end - begin);
      else
        table.f64.sgd_momentum(p + begin, g + begin, buf + begin, mu, keep, step, end - begin);
      return;
    }
    for (int64_t i = begin; i < end; ++i) {
      const T d = wd != T(0) ? g[i] + wd * p[i] : g[i];
      buf[i] = buf[i] * mu + d * keep;
      p[i] += step * (nesterov ? d + mu * buf[i] : buf[i]);
    }
  });
}

bool fusable(const Tensor& p, const Tensor& g, const Tensor& buf) {
  const ScalarType t = p.scalar_type();
  return (t == kFloat || t == kDouble) && g.scalar_type() == t && buf.scalar_type() == t &&
         p.is_contiguous() && g.is_contiguous() && buf.is_contiguous() && g.numel() == p.numel() &&
         buf.numel() == p.numel();
}

} // namespace

SGD::SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<SGDOptions>(defaults)) {
  TG_CHECK(defaults.lr() >= 0, "SGD: Invalid learning rate: ", defaults.lr());
  TG_CHECK(defaults.momentum() >= 0, "SGD: Invalid momentum value: ", defaults.momentum());
  TG_CHECK(defaults.weight_decay() >= 0,
           "SGD: Invalid weight_decay value: ", defaults.weight_decay());
  TG_CHECK(!defaults.nesterov() || (defaults.momentum() > 0 && defaults.dampening() == 0),
           "Nesterov momentum requires a momentum and zero dampening");
}

Tensor SGD::step(LossClosure closure) {
  check_learning_rates("SGD");
  Tensor loss = run_closure(closure);
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    const auto& options = static_cast<const SGDOptions&>(group.options());
    const double momentum = options.momentum(), weight_decay = options.weight_decay();
    for (const Tensor& p : group.params()) {
      if (!p.grad().defined()) continue;
      // The path is chosen before anything is computed: a momentum buffer from an earlier step
      // over contiguous float or double buffers takes the fused loop, which reads the gradient
      // once; anything else (the first step, other dtypes, strided tensors) the tensor ops.
      auto found = momentum != 0 ? state_.find(state_key(p)) : state_.end();
      Tensor buf = found != state_.end() && found->second
                       ? static_cast<SGDParamState&>(*found->second).momentum_buffer()
                       : Tensor();
      if (buf.defined() && fusable(p, p.grad(), buf)) {
        dispatch_floating(p.scalar_type(), "SGD", [&]<typename T>() {
          fused_momentum_step<T>(p.data_ptr<T>(), p.grad().data_ptr<T>(), buf.data_ptr<T>(),
                                 p.numel(), options.lr(), momentum, options.dampening(),
                                 weight_decay, options.nesterov());
        });
        // Written in place, as add_ would: autograd must see the new versions.
        p.unsafeGetTensorImpl()->bump_version();
        buf.unsafeGetTensorImpl()->bump_version();
        continue;
      }
      Tensor d_p = p.grad();
      if (weight_decay != 0) d_p = d_p.add(p, weight_decay);
      if (momentum != 0) {
        if (!buf.defined()) {
          // The first step seeds the buffer with the gradient itself (no dampening).
          buf = d_p.clone();
          auto state = std::make_unique<SGDParamState>();
          state->momentum_buffer(buf);
          state_[state_key(p)] = std::move(state);
        } else {
          buf.mul_(momentum).add_(d_p, 1 - options.dampening());
        }
        d_p = options.nesterov() ? d_p.add(buf, momentum) : buf;
      }
      p.add_(d_p, -options.lr());
    }
  }
  return loss;
}

} // namespace tg::optim
