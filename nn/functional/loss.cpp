// The losses. mse/l1, kl_div, margin_ranking_loss and the reductions are compositions of tensor
// ops. nll_loss and the two binary cross entropies are fused kernels with their own backward
// nodes: nll_loss because a gather-based composition would allocate index tensors for every call,
// the binary cross entropies because their PyTorch semantics (log clamped at -100, the stable
// logits form) have kinks whose composed gradients would be NaN or wrong exactly where training
// needs them (p = 0 or 1, x = 0). smooth_l1/huber are fused too: a composition would allocate
// half a dozen temporaries for a pointwise formula. Their backwards are written with tensor ops,
// so they are differentiable again.
#include <atomic>
#include <cmath>
#include <string_view>

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/nll.h"
#include "autograd/ops/internal.h"
#include "nn/functional.h"

namespace tg::nn::functional {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;

namespace {

Tensor apply_reduction(const Tensor& loss, Reduction::Reduction reduction) {
  switch (reduction) {
  case Reduction::Mean: return loss.mean();
  case Reduction::Sum: return loss.sum();
  default: return loss;
  }
}

void warn_if_broadcast(const Tensor& input, const Tensor& target, const char* op) {
  if (!input.sizes().equals(target.sizes()))
    tg::detail::warn(str(op, ": Using a target size (", target.sizes(), ") that is different to "
                         "the input size (", input.sizes(), "). This will likely lead to "
                         "incorrect results due to broadcasting. Please ensure they have the same "
                         "size."));
}

/// Runs `body`; a tg::Error from an op it is built on (sub, nll_loss) comes out with `op` in
/// front, so that the message names the function the user called.
template <typename F> Tensor named(const char* op, F body) {
  try {
    return body();
  } catch (const Error& e) {
    if (std::string_view(e.what()).starts_with(op)) throw;
    throw Error(str(op, ": ", e.what()));
  }
}

void check_defined(const Tensor& input, const Tensor& target, const char* op) {
  TG_CHECK(input.defined() && target.defined(), op, ": input and target must be defined");
  TG_CHECK(input.is_floating_point(), op, ": expected a floating point input (Float or Double), "
           "got ", input.scalar_type());
}

/// [C] reshaped to broadcast along dim 1 of an [N, C, ...] tensor (or unchanged for a 1-D input).
Tensor per_class(const Tensor& w, int64_t input_dim) {
  if (input_dim < 2) return w;
  std::vector<int64_t> shape(size_t(input_dim), 1);
  shape[1] = w.numel();
  return w.view(shape);
}

} // namespace

Tensor mse_loss(const Tensor& input, const Tensor& target, const MSELossFuncOptions& options) {
  check_defined(input, target, "mse_loss");
  warn_if_broadcast(input, target, "mse_loss");
  return named("mse_loss", [&] {
    return apply_reduction((input - target).square(),
                           enumtype::reduction_get_enum(options.reduction()));
  });
}

Tensor l1_loss(const Tensor& input, const Tensor& target, const L1LossFuncOptions& options) {
  check_defined(input, target, "l1_loss");
  warn_if_broadcast(input, target, "l1_loss");
  return named("l1_loss", [&] {
    return apply_reduction((input - target).abs(),
                           enumtype::reduction_get_enum(options.reduction()));
  });
}

// ---------------------------------------------------------------- binary cross entropy
// ℓ(x, t) = -(t·max(log x, -100) + (1 - t)·max(log(1 - x), -100))
// dℓ/dx = (x - t) / max(x(1 - x), 1e-12), dℓ/dt = max(log(1 - x), -100) - max(log x, -100)
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                            const BinaryCrossEntropyFuncOptions& options) {
  check_defined(input, target, "binary_cross_entropy");
  TG_CHECK(input.sizes().equals(target.sizes()), "binary_cross_entropy: Using a target size (",
           target.sizes(), ") that is different to the input size (", input.sizes(), ") is "
           "deprecated. Please ensure they have the same size.");
  const ScalarType st = input.scalar_type();
  Tensor t = target.to(st); // differentiable cast: the target may require grad too
  Tensor out = ops::empty_tensor(input.sizes(), st);
  std::atomic<bool> out_of_range{false};
  dispatch_floating(st, "binary_cross_entropy", [&]<typename T>() {
    std::atomic<bool>* flag = &out_of_range;
    kernels::map2<T, T, T>(out, input, t, [flag](T p, T y) {
      if (!(p >= T(0) && p <= T(1))) flag->store(true, std::memory_order_relaxed);
      const T log_p = std::max(std::log(p), T(-100));
      const T log_1mp = std::max(std::log1p(-p), T(-100));
      return -(y * log_p + (T(1) - y) * log_1mp);
    });
  });
  TG_CHECK(!out_of_range.load(), "binary_cross_entropy: all elements of input should be between "
           "0 and 1 (input holds probabilities; use binary_cross_entropy_with_logits for logits)");
  if (autograd::compute_requires_grad(input, t)) {
    autograd::record("BinaryCrossEntropyBackward0", {input, t}, out,
                     [sx = SavedVariable(input, false), stt = SavedVariable(t, false)](
                         const Tensor& grad, Node& node) {
                       Tensor x = sx.unpack(), y = stt.unpack();
                       Tensor gx, gy;
                       if (node.needs_input_grad(0))
                         gx = grad * (x - y) / (x * (1 - x)).clamp_min(1e-12);
                       if (node.needs_input_grad(1))
                         gy = grad * ((1 - x).log().clamp_min(-100) - x.log().clamp_min(-100));
                       return variable_list{gx, gy};
                     });
  }
  if (options.weight().defined()) out = out * options.weight();
  return apply_reduction(out, enumtype::reduction_get_enum(options.reduction()));
}

// ---------------------------------------------------------------- with logits
// ℓ(x, t) = (1 - t)·x + lw·sp(x), sp(x) = log(1 + e^-x) = log1p(e^-|x|) + max(-x, 0),
// lw = 1 + (pos_weight - 1)·t. Never exponentiates a positive number, so no overflow.
// dℓ/dx = (1 - t) - lw·(1 - σ(x)), dℓ/dt = (pos_weight - 1)·sp(x) - x, dℓ/dpos_weight = t·sp(x)
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        const BinaryCrossEntropyWithLogitsFuncOptions& options) {
  check_defined(input, target, "binary_cross_entropy_with_logits");
  TG_CHECK(input.sizes().equals(target.sizes()), "binary_cross_entropy_with_logits: Target size (",
           target.sizes(), ") must be the same as input size (", input.sizes(), ")");
  const ScalarType st = input.scalar_type();
  Tensor t = target.to(st);
  Tensor pw = options.pos_weight();
  if (pw.defined()) {
    pw = pw.to(st);
    DimVector b = ops::broadcast_shapes(input.sizes(), pw.sizes(), "binary_cross_entropy_with_logits");
    TG_CHECK(b.size() == size_t(input.dim()) && IntArrayRef(b).equals(input.sizes()),
             "binary_cross_entropy_with_logits: pos_weight of shape ", pw.sizes(),
             " must broadcast to the input's shape ", input.sizes());
  }
  Tensor out = ops::empty_tensor(input.sizes(), st);
  dispatch_floating(st, "binary_cross_entropy_with_logits", [&]<typename T>() {
    auto softplus_neg = [](T x) { return std::log1p(std::exp(-std::abs(x))) + std::max(-x, T(0)); };
    if (pw.defined()) {
      kernels::map3<T, T, T, T>(out, input, t, pw, [softplus_neg](T x, T y, T p) {
        return (T(1) - y) * x + (T(1) + (p - T(1)) * y) * softplus_neg(x);
      });
    } else {
      kernels::map2<T, T, T>(out, input, t, [softplus_neg](T x, T y) {
        return (T(1) - y) * x + softplus_neg(x);
      });
    }
  });
  if (autograd::compute_requires_grad(input, t, pw)) {
    autograd::record(
        "BinaryCrossEntropyWithLogitsBackward0", {input, t, pw}, out,
        [sx = SavedVariable(input, false), sy = SavedVariable(t, false),
         sp = SavedVariable(pw, false)](const Tensor& grad, Node& node) {
          Tensor x = sx.unpack(), y = sy.unpack(), p = sp.unpack();
          Tensor gx, gy, gp;
          Tensor softplus_neg;
          if (node.needs_input_grad(1) || node.needs_input_grad(2))
            softplus_neg = (-x.abs()).exp().log1p() + (-x).clamp_min(0);
          if (!p.defined()) {
            if (node.needs_input_grad(0)) gx = grad * (x.sigmoid() - y);
            if (node.needs_input_grad(1)) gy = grad * (-x);
          } else {
            if (node.needs_input_grad(0))
              gx = grad * ((1 - y) - (1 + (p - 1) * y) * (1 - x.sigmoid()));
            if (node.needs_input_grad(1)) gy = grad * ((p - 1) * softplus_neg - x);
            if (node.needs_input_grad(2)) gp = grad * y * softplus_neg;
          }
          return variable_list{gx, gy, gp};
        });
  }
  if (options.weight().defined()) out = out * options.weight();
  return apply_reduction(out, enumtype::reduction_get_enum(options.reduction()));
}

// ---------------------------------------------------------------- nll_loss
namespace {

using kernels::NllShape;

NllShape check_nll(const Tensor& input, const Tensor& target, const Tensor& weight) {
  TG_CHECK(input.defined() && target.defined(), "nll_loss: input and target must be defined");
  TG_CHECK(input.dim() >= 1, "nll_loss: Expected 1 or more dimensions (got ", input.dim(), ")");
  TG_CHECK(input.is_floating_point(), "nll_loss: expected a floating point input "
           "(log-probabilities), got ", input.scalar_type());
  TG_CHECK(target.scalar_type() == kLong, "nll_loss: expected a target of dtype Long (int64 class "
           "indices), got ", target.scalar_type());
  NllShape s{1, input.size(input.dim() == 1 ? 0 : 1), 1};
  if (input.dim() == 1) {
    TG_CHECK(target.dim() == 0, "nll_loss: a 1-D input (one sample of ", s.C, " classes) needs a "
             "0-dim target, got a target of shape ", target.sizes());
  } else {
    s.N = input.size(0);
    TG_CHECK(target.dim() >= 1 && target.size(0) == s.N, "nll_loss: Expected input batch_size (",
             s.N, ") to match target batch_size (", target.dim() >= 1 ? target.size(0) : 0, ")");
    TG_CHECK(target.dim() == input.dim() - 1 && target.sizes().slice(1).equals(input.sizes().slice(2)),
             "nll_loss: expected a target of shape [N, d1, ...] for an input of shape [N, C, d1, "
             "...], got input ", input.sizes(), " and target ", target.sizes());
    for (int64_t d = 2; d < input.dim(); ++d) s.S *= input.size(d);
  }
  TG_CHECK(!weight.defined() || (weight.dim() == 1 && weight.numel() == s.C), "nll_loss: weight "
           "tensor should be defined either for all ", s.C, " classes or no classes but got "
           "weight tensor of shape: ", weight.sizes());
  return s;
}

} // namespace

// loss_i = -w[t_i]·x[i, t_i]; mean divides by Σ w[t_i] over the non-ignored targets
// d loss_i / d x[i, c] = -w[t_i]·[c == t_i] (over that sum for the mean)
Tensor nll_loss(const Tensor& input, const Tensor& target, const NLLLossFuncOptions& options) {
  const NllShape s = check_nll(input, target, options.weight());
  const Reduction::Reduction red = enumtype::reduction_get_enum(options.reduction());
  const int64_t ignore_index = options.ignore_index();
  const ScalarType st = input.scalar_type();
  Tensor x = input.contiguous();
  Tensor tgt = target.contiguous();
  Tensor w = options.weight().defined() ? options.weight().detach().to(st).contiguous() : Tensor();
  Tensor out = ops::empty_tensor(red == Reduction::None ? target.sizes() : IntArrayRef(), st);
  const kernels::NllReduction kred = red == Reduction::None  ? kernels::NllReduction::None
                                     : red == Reduction::Sum ? kernels::NllReduction::Sum
                                                             : kernels::NllReduction::Mean;
  const double total_weight = kernels::nll_loss(x, tgt, w, out, s, ignore_index, kred);
  if (autograd::compute_requires_grad(input)) {
    autograd::record(
        "NllLossBackward0", {input}, out,
        [tgt, w, s, red, ignore_index, total_weight, st,
         sizes = input.sizes().vec()](const Tensor& grad, Node&) {
          // The local derivative is a constant: -w[t] at each sample's target class, 0 elsewhere.
          Tensor coef = tg::zeros(sizes, st);
          const double scale = red == Reduction::Mean ? 1.0 / total_weight : 1.0;
          kernels::nll_loss_coefficients(tgt, w, coef, s, ignore_index, scale);
          // kNone: one gradient per sample, broadcast over the class dim
          const Tensor g = red == Reduction::None && sizes.size() >= 2 ? grad.unsqueeze(1) : grad;
          return variable_list{coef * g};
        });
  }
  return out;
}

// ---------------------------------------------------------------- cross_entropy
namespace {

/// Class probabilities as target: loss = -Σ_c w_c·target_c·log p_c, the mean taken over samples.
Tensor cross_entropy_probabilities(const Tensor& logp, const Tensor& input, const Tensor& target,
                                   const CrossEntropyFuncOptions& options) {
  const int64_t class_dim = input.dim() == 1 ? 0 : 1;
  const int64_t C = input.size(class_dim);
  const double ls = options.label_smoothing();
  const Tensor& weight = options.weight();
  TG_CHECK(target.sizes().equals(input.sizes()), "cross_entropy: a floating point target holds "
           "class probabilities and must have the input's shape ", input.sizes(), ", got ",
           target.sizes(), " (class indices must be int64)");
  TG_CHECK(options.ignore_index() < 0, "cross_entropy: ignore_index is not supported for "
           "floating point target");
  TG_CHECK(!weight.defined() || (weight.dim() == 1 && weight.numel() == C), "cross_entropy: "
           "weight tensor should be defined either for all ", C, " classes or no classes but "
           "got weight tensor of shape: ", weight.sizes());
  Tensor t = ls > 0 ? target * (1 - ls) + ls / double(C) : target;
  Tensor prod = logp * t;
  if (weight.defined()) prod = prod * per_class(weight, input.dim());
  switch (enumtype::reduction_get_enum(options.reduction())) {
  case Reduction::Mean: return -prod.sum() / double(input.numel() / std::max<int64_t>(C, 1));
  case Reduction::Sum: return -prod.sum();
  default: return -prod.sum(class_dim);
  }
}

/// Label smoothing's share of the loss: the loss against the uniform distribution, with the same
/// weights and ignored targets (and, as PyTorch does, an unweighted mean over all samples).
Tensor uniform_target_loss(const Tensor& logp, const Tensor& input, const Tensor& target,
                           const CrossEntropyFuncOptions& options) {
  const int64_t class_dim = input.dim() == 1 ? 0 : 1;
  const Tensor& weight = options.weight();
  Tensor ignore_mask = target == options.ignore_index();
  Tensor smooth = weight.defined() ? -(logp * per_class(weight, input.dim())).sum(class_dim)
                                   : -logp.sum(class_dim);
  smooth = smooth.masked_fill(ignore_mask, 0.0);
  switch (enumtype::reduction_get_enum(options.reduction())) {
  case Reduction::Mean:
    return weight.defined()
               ? smooth.sum() / weight.gather(0, target.masked_select(~ignore_mask).flatten()).sum()
               : smooth.mean();
  case Reduction::Sum: return smooth.sum();
  default: return smooth;
  }
}

// loss = nll_loss(log_softmax(x), t), blended with the uniform-target loss by label smoothing ε:
// (1 - ε)·nll + ε/C·uniform. Its gradient comes from log_softmax's and nll_loss's backwards.
Tensor cross_entropy_unnamed(const Tensor& input, const Tensor& target,
                             const CrossEntropyFuncOptions& options) {
  TG_CHECK(input.defined() && target.defined(), "cross_entropy: input and target must be defined");
  TG_CHECK(input.dim() >= 1, "cross_entropy: Expected 1 or more dimensions (got ", input.dim(), ")");
  const double ls = options.label_smoothing();
  TG_CHECK(ls >= 0.0 && ls <= 1.0, "cross_entropy: label_smoothing must be between 0.0 and 1.0. "
           "Got: ", ls);
  const int64_t class_dim = input.dim() == 1 ? 0 : 1;
  Tensor logp = tg::log_softmax(input, class_dim);
  if (target.is_floating_point()) return cross_entropy_probabilities(logp, input, target, options);
  Tensor nll = nll_loss(logp, target, NLLLossFuncOptions()
                                          .weight(options.weight())
                                          .ignore_index(options.ignore_index())
                                          .reduction(options.reduction()));
  if (ls <= 0) return nll;
  Tensor uniform = uniform_target_loss(logp, input, target, options);
  return (1 - ls) * nll + uniform * (ls / double(input.size(class_dim)));
}

} // namespace

Tensor cross_entropy(const Tensor& input, const Tensor& target,
                     const CrossEntropyFuncOptions& options) {
  // Built on log_softmax and nll_loss: their errors are reported as cross_entropy's.
  return named("cross_entropy", [&] { return cross_entropy_unnamed(input, target, options); });
}

// ---------------------------------------------------------------- smooth L1 and Huber
namespace {

/// The shared skeleton of smooth_l1_loss and huber_loss: one fused kernel for the pointwise loss
/// over the broadcast of input and target, reduced in the same node, and a backward of
/// grad · derivative(input - target) (divided by the element count for the mean). The derivative is
/// written with clamp, so the backward is differentiable again.
template <typename Loss, typename Derivative>
Tensor fused_distance_loss(const Tensor& input, const Tensor& target, Reduction::Reduction red,
                           const char* op, const char* node, Loss loss, Derivative derivative) {
  check_defined(input, target, op);
  warn_if_broadcast(input, target, op);
  const ScalarType st = input.scalar_type();
  Tensor t = target.to(st); // differentiable cast: the target may require grad too
  DimVector shape = ops::broadcast_shapes(input.sizes(), t.sizes(), op);
  Tensor pointwise = ops::empty_tensor(shape, st);
  dispatch_floating(st, op, [&]<typename T>() {
    kernels::map2<T, T, T>(pointwise, input, t, [loss](T x, T y) { return T(loss(double(x - y))); });
  });
  Tensor out = pointwise;
  if (red != Reduction::None) {
    NoGradGuard no_grad;
    out = red == Reduction::Sum ? pointwise.sum() : pointwise.mean();
  }
  if (autograd::compute_requires_grad(input, t)) {
    const double scale = red == Reduction::Mean ? 1.0 / double(pointwise.numel()) : 1.0;
    autograd::record(node, {input, t}, out,
                     [sx = SavedVariable(input, false), sy = SavedVariable(t, false), scale,
                      derivative](const Tensor& grad, Node& node) {
                       Tensor g = grad * derivative(sx.unpack() - sy.unpack());
                       if (scale != 1.0) g = g * scale;
                       return variable_list{node.needs_input_grad(0) ? g : Tensor(),
                                            node.needs_input_grad(1) ? -g : Tensor()};
                     });
  }
  return out;
}

Tensor smooth_l1_impl(const Tensor& input, const Tensor& target, Reduction::Reduction red,
                      double beta) {
  TG_CHECK(beta >= 0, "smooth_l1_loss: beta must be non-negative, got ", beta);
  // beta = 0 is the L1 loss: the quadratic piece vanishes, the derivative is sign(d)
  return fused_distance_loss(
      input, target, red, "smooth_l1_loss", "SmoothL1LossBackward0",
      [beta](double d) {
        const double a = std::abs(d);
        return a < beta ? 0.5 * d * d / beta : a - 0.5 * beta;
      },
      [beta](const Tensor& d) { return beta > 0 ? (d / beta).clamp(-1, 1) : d.sign(); });
}

Tensor huber_impl(const Tensor& input, const Tensor& target, Reduction::Reduction red,
                  double delta) {
  TG_CHECK(delta > 0, "huber_loss: delta must be positive, got ", delta);
  return fused_distance_loss(
      input, target, red, "huber_loss", "HuberLossBackward0",
      [delta](double d) {
        const double a = std::abs(d);
        return a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
      },
      [delta](const Tensor& d) { return d.clamp(-delta, delta); });
}

} // namespace

Tensor smooth_l1_loss(const Tensor& input, const Tensor& target,
                      const SmoothL1LossFuncOptions& options) {
  return smooth_l1_impl(input, target, enumtype::reduction_get_enum(options.reduction()),
                        options.beta());
}
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target,
                      const SmoothL1LossFuncOptions& options, double beta) {
  return smooth_l1_impl(input, target, enumtype::reduction_get_enum(options.reduction()), beta);
}

Tensor huber_loss(const Tensor& input, const Tensor& target, const HuberLossFuncOptions& options) {
  return huber_impl(input, target, enumtype::reduction_get_enum(options.reduction()),
                    options.delta());
}

// ---------------------------------------------------------------- kl_div, margin ranking
namespace {

// Composed of tensor ops, as in LibTorch. t·log t is taken as 0 where t = 0 (xlogy); log is
// evaluated at 1 there so that no -inf ever meets the zero it is multiplied by, in either pass.
Tensor kl_div_pointwise(const Tensor& input, const Tensor& target, bool log_target) {
  check_defined(input, target, "kl_div");
  if (log_target) return target.exp() * (target - input);
  Tensor safe = where(target == 0, 1.0, target);
  return target * safe.log() - target * input;
}

} // namespace

Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options) {
  Tensor pointwise = kl_div_pointwise(input, target, options.log_target());
  if (std::holds_alternative<enumtype::kBatchMean>(options.reduction())) {
    Tensor total = pointwise.sum();
    return input.dim() == 0 ? total : total / double(input.size(0));
  }
  if (std::holds_alternative<enumtype::kMean>(options.reduction()))
    tg::detail::warn("kl_div: reduction: 'mean' divides the total loss by both the batch size and "
                     "the support size. 'batchmean' divides only by the batch size, and aligns "
                     "with the KL div math definition. 'mean' will be changed to behave the same "
                     "as 'batchmean' in the next major release.");
  if (std::holds_alternative<enumtype::kMean>(options.reduction())) return pointwise.mean();
  if (std::holds_alternative<enumtype::kSum>(options.reduction())) return pointwise.sum();
  return pointwise;
}

Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           const MarginRankingLossFuncOptions& options) {
  TG_CHECK(input1.defined() && input2.defined() && target.defined(),
           "margin_ranking_loss: input1, input2 and target must be defined");
  TG_CHECK(input1.dim() == input2.dim() && input1.dim() == target.dim(),
           "margin_ranking_loss: All input tensors should have same dimension but got sizes: "
           "input1: ", input1.sizes(), ", input2: ", input2.sizes(), ", target: ", target.sizes());
  TG_CHECK(input1.is_floating_point(), "margin_ranking_loss: expected a floating point input, "
           "got ", input1.scalar_type());
  // d/dx1 = -y where the hinge is active, d/dx2 = y; clamp_min routes 0 elsewhere
  Tensor loss = (-target * (input1 - input2) + options.margin()).clamp_min(0);
  return apply_reduction(loss, enumtype::reduction_get_enum(options.reduction()));
}

} // namespace tg::nn::functional

namespace tg {

namespace {
nn::loss_reduction_t to_reduction_variant(int64_t reduction) {
  switch (reduction) {
  case Reduction::None: return kNone;
  case Reduction::Mean: return kMean;
  case Reduction::Sum: return kSum;
  default: break;
  }
  throw Error(str("loss: ", reduction, " is not a valid value for reduction (expected "
                  "Reduction::None, Reduction::Mean or Reduction::Sum)"));
}
} // namespace

namespace F = nn::functional;

Tensor nll_loss(const Tensor& self, const Tensor& target, const Tensor& weight, int64_t reduction,
                int64_t ignore_index) {
  return F::nll_loss(self, target, F::NLLLossFuncOptions().weight(weight).ignore_index(
                                       ignore_index).reduction(to_reduction_variant(reduction)));
}
Tensor cross_entropy_loss(const Tensor& self, const Tensor& target, const Tensor& weight,
                          int64_t reduction, int64_t ignore_index, double label_smoothing) {
  return F::cross_entropy(self, target, F::CrossEntropyFuncOptions()
                                            .weight(weight)
                                            .ignore_index(ignore_index)
                                            .reduction(to_reduction_variant(reduction))
                                            .label_smoothing(label_smoothing));
}
Tensor mse_loss(const Tensor& self, const Tensor& target, int64_t reduction) {
  return F::mse_loss(self, target, F::MSELossFuncOptions().reduction(to_reduction_variant(reduction)));
}
Tensor l1_loss(const Tensor& self, const Tensor& target, int64_t reduction) {
  return F::l1_loss(self, target, F::L1LossFuncOptions().reduction(to_reduction_variant(reduction)));
}
Tensor binary_cross_entropy(const Tensor& self, const Tensor& target, const Tensor& weight,
                            int64_t reduction) {
  return F::binary_cross_entropy(
      self, target,
      F::BinaryCrossEntropyFuncOptions().weight(weight).reduction(to_reduction_variant(reduction)));
}
Tensor binary_cross_entropy_with_logits(const Tensor& self, const Tensor& target,
                                        const Tensor& weight, const Tensor& pos_weight,
                                        int64_t reduction) {
  return F::binary_cross_entropy_with_logits(self, target,
                                             F::BinaryCrossEntropyWithLogitsFuncOptions()
                                                 .weight(weight)
                                                 .pos_weight(pos_weight)
                                                 .reduction(to_reduction_variant(reduction)));
}

Tensor smooth_l1_loss(const Tensor& self, const Tensor& target, int64_t reduction, double beta) {
  return F::smooth_l1_loss(
      self, target, F::SmoothL1LossFuncOptions().reduction(to_reduction_variant(reduction)), beta);
}
Tensor huber_loss(const Tensor& self, const Tensor& target, int64_t reduction, double delta) {
  return F::huber_loss(
      self, target,
      F::HuberLossFuncOptions().reduction(to_reduction_variant(reduction)).delta(delta));
}
Tensor kl_div(const Tensor& self, const Tensor& target, int64_t reduction, bool log_target) {
  // at::kl_div's Mean is the plain elementwise mean, without F::kl_div's warning
  Tensor pointwise = nn::functional::kl_div(
      self, target, F::KLDivFuncOptions(tg::kNone).log_target(log_target));
  to_reduction_variant(reduction); // validates it
  if (reduction == Reduction::Mean) return pointwise.mean();
  if (reduction == Reduction::Sum) return pointwise.sum();
  return pointwise;
}
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           double margin, int64_t reduction) {
  return F::margin_ranking_loss(
      input1, input2, target,
      F::MarginRankingLossFuncOptions().margin(margin).reduction(to_reduction_variant(reduction)));
}

} // namespace tg
