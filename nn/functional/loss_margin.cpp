// The margin and embedding losses and the Poisson NLL, composed of differentiable tensor ops as
// LibTorch composes most of them, so backward (and create_graph) needs no node of their own.
// LibTorch records dedicated nodes for soft_margin_loss, multi_margin_loss and
// multilabel_margin_loss; here their grad_fn is that of the last op of the composition.
#include <cmath>
#include <numbers>
#include <string_view>
#include <vector>

#include "autograd/ops/functions.h"
#include "autograd/ops/internal.h"
#include "autograd/tensor/tensor_data.h"
#include "nn/functional.h"

namespace tg::nn::functional {

namespace {

Tensor reduce(const Tensor& loss, const loss_reduction_t& reduction) {
  switch (enumtype::reduction_get_enum(reduction)) {
  case Reduction::Mean:
    return loss.mean();
  case Reduction::Sum:
    return loss.sum();
  default:
    return loss;
  }
}

/// Runs `body`; a tg::Error from an op it is built on (a broadcast, gather) comes out with `op` in
/// front, so that the message names the function the user called.
template <typename F> Tensor named(const char* op, F body) {
  try {
    return body();
  } catch (const Error& e) {
    if (std::string_view(e.what()).starts_with(op)) throw;
    throw Error(str(op, ": ", e.what()));
  }
}

void check_floating(const Tensor& input, const char* op, const char* what = "input") {
  TG_CHECK(input.defined(), op, ": ", what, " must be defined");
  TG_CHECK(input.is_floating_point(), op, ": expected a floating point ", what,
           " (Float or Double), got ", input.scalar_type());
}

/// Class targets as one row per sample: [nframe, 1], checked to lie in [0, C).
Tensor class_targets(const Tensor& target, int64_t nframe, int64_t C, const char* op) {
  TG_CHECK(target.defined() && target.scalar_type() == kLong, op,
           ": expected an int64 (Long) "
           "target of class indices, got ",
           target.defined() ? str(target.scalar_type()) : "none");
  TG_CHECK(target.dim() <= 1 && target.numel() == nframe, op,
           ": inconsistent target size, "
           "expected ",
           nframe, " class indices but got a target of shape ", target.sizes());
  Tensor t = target.reshape({nframe, 1});
  if (nframe > 0) {
    const int64_t lo = t.min().item<int64_t>(), hi = t.max().item<int64_t>();
    TG_CHECK(lo >= 0 && hi < C, op, ": target ", lo < 0 ? lo : hi, " is out of range for ", C,
             " classes");
  }
  return t;
}

} // namespace

// ℓ = log(1 + e^(-y·x)); softplus is that function with a linear tail above 20, where the two
// differ by less than 1e-8 and the exponential would otherwise overflow.
Tensor soft_margin_loss(const Tensor& input, const Tensor& target,
                        const SoftMarginLossFuncOptions& options) {
  check_floating(input, "soft_margin_loss");
  TG_CHECK(target.defined(), "soft_margin_loss: target must be defined");
  return named("soft_margin_loss", [&] {
    DimVector shape = ops::broadcast_shapes(input.sizes(), target.sizes(), "soft_margin_loss");
    TG_CHECK(IntArrayRef(shape).equals(input.sizes()), "soft_margin_loss: the target of shape ",
             target.sizes(), " must broadcast to the input's shape ", input.sizes());
    return reduce(tg::softplus(-input * target), options.reduction());
  });
}

// cos = Σ x1·x2 / sqrt((Σ x1² + ε)(Σ x2² + ε)), ε = 1e-12 as in ATen (so a zero row gives cos 0,
// not 0/0); ℓ = 1 - cos where y = 1, max(0, cos - margin) where y = -1, 0 for other y.
Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             const CosineEmbeddingLossFuncOptions& options) {
  constexpr const char* op = "cosine_embedding_loss";
  check_floating(input1, op, "input1");
  check_floating(input2, op, "input2");
  TG_CHECK(target.defined(), op, ": target must be defined");
  const int64_t tdim = target.dim();
  TG_CHECK(tdim == 0 || tdim == 1, op,
           ": 0D or 1D target tensor expected, multi-target not "
           "supported (got a target of shape ",
           target.sizes(), ")");
  TG_CHECK(input1.dim() == tdim + 1 && input2.dim() == tdim + 1, op, ": ", tdim,
           "D target "
           "tensor expects ",
           tdim + 1, "D input tensors, but found inputs with sizes ", input1.sizes(), " and ",
           input2.sizes(), " (target ", target.sizes(), ")");
  return named(op, [&] {
    constexpr double eps = 1e-12;
    Tensor prod = (input1 * input2).sum({tdim});
    Tensor mag1 = (input1 * input1).sum({tdim}) + eps;
    Tensor mag2 = (input2 * input2).sum({tdim}) + eps;
    Tensor cos = prod / (mag1 * mag2).sqrt();
    Tensor pos = where(target == 1, 1 - cos, 0.0);
    Tensor neg = where(target == -1, (cos - options.margin()).clamp_min(0), 0.0);
    return reduce(pos + neg, options.reduction());
  });
}

// ℓ = x where y = 1, max(0, margin - x) where y = -1 (ATen adds both terms for any other y).
Tensor hinge_embedding_loss(const Tensor& input, const Tensor& target,
                            const HingeEmbeddingLossFuncOptions& options) {
  check_floating(input, "hinge_embedding_loss");
  TG_CHECK(target.defined(), "hinge_embedding_loss: target must be defined");
  return named("hinge_embedding_loss", [&] {
    Tensor margin_part = where(target != 1, (options.margin() - input).clamp_min(0), 0.0);
    Tensor self_part = where(target != -1, input, 0.0);
    return reduce(margin_part + self_part, options.reduction());
  });
}

namespace {
/// The shared tail of the two triplet losses: max(0, d+ - d- + margin) with the optional swap.
Tensor triplet_tail(Tensor dist_pos, Tensor dist_neg, const Tensor& dist_swap, double margin,
                    const loss_reduction_t& reduction) {
  if (dist_swap.defined()) dist_neg = minimum(dist_neg, dist_swap);
  return reduce((dist_pos - dist_neg + margin).clamp_min(0), reduction);
}

void check_triplet(const Tensor& a, const Tensor& p, const Tensor& n, const char* op) {
  check_floating(a, op, "anchor");
  check_floating(p, op, "positive");
  check_floating(n, op, "negative");
  TG_CHECK(a.dim() == p.dim() && p.dim() == n.dim(), op,
           ": The anchor, positive, and negative "
           "tensors are expected to have the same number of dimensions, but got: anchor ",
           a.sizes(), ", positive ", p.sizes(), ", and negative ", n.sizes());
}
} // namespace

// ℓ = max(0, ‖a - p + ε‖_p - ‖a - n + ε‖_p + margin); with swap the negative distance is
// min(d(a, n), d(p, n)).
Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           const TripletMarginLossFuncOptions& options) {
  constexpr const char* op = "triplet_margin_loss";
  check_triplet(anchor, positive, negative, op);
  return named(op, [&] {
    const double p = options.p(), eps = options.eps();
    return triplet_tail(pairwise_distance(anchor, positive, p, eps),
                        pairwise_distance(anchor, negative, p, eps),
                        options.swap() ? pairwise_distance(positive, negative, p, eps) : Tensor(),
                        options.margin(), options.reduction());
  });
}

Tensor triplet_margin_with_distance_loss(const Tensor& anchor, const Tensor& positive,
                                         const Tensor& negative,
                                         const TripletMarginWithDistanceLossFuncOptions& options) {
  constexpr const char* op = "triplet_margin_with_distance_loss";
  check_triplet(anchor, positive, negative, op);
  // The user's distance throws its own errors; only the default one is named after this op.
  const auto& fn = options.distance_function();
  auto d = [&](const Tensor& x, const Tensor& y) {
    return fn ? (*fn)(x, y) : named(op, [&] { return pairwise_distance(x, y, 2.0, 1e-6); });
  };
  Tensor dist_pos = d(anchor, positive), dist_neg = d(anchor, negative);
  Tensor dist_swap = options.swap() ? d(positive, negative) : Tensor();
  return named(op, [&] {
    return triplet_tail(dist_pos, dist_neg, dist_swap, options.margin(), options.reduction());
  });
}

// ℓ_i = Σ_{j ≠ y_i} w[y_i]·max(0, margin - x[i, y_i] + x[i, j])^p / C
Tensor multi_margin_loss(const Tensor& input, const Tensor& target,
                         const MultiMarginLossFuncOptions& options) {
  constexpr const char* op = "multi_margin_loss";
  check_floating(input, op);
  const int64_t p = options.p();
  TG_CHECK(p == 1 || p == 2, op, ": only p == 1 and p == 2 supported, got p = ", p);
  TG_CHECK((input.numel() > 0 && input.dim() <= 2) || (input.dim() == 2 && input.size(1) > 0), op,
           ": Expected non-empty vector or matrix with optional 0-dim batch size, but got: ",
           input.sizes());
  const int64_t nframe = input.dim() <= 1 ? 1 : input.size(0);
  const int64_t C = input.dim() == 0 ? 1 : input.size(input.dim() - 1);
  const Tensor& weight = options.weight();
  TG_CHECK(!weight.defined() || (weight.dim() == 1 && weight.numel() == C), op,
           ": inconsistent weight size, expected a weight of ", C, " classes but got ",
           weight.sizes());
  Tensor t = class_targets(target, nframe, C, op);
  return named(op, [&] {
    Tensor x = input.reshape({nframe, C});
    Tensor z = (options.margin() - x.gather(1, t) + x).clamp_min(0);
    if (p == 2) z = z.square();
    if (weight.defined())
      z = z * weight.to(input.scalar_type()).gather(0, t.flatten()).unsqueeze(1);
    // the target's own column would add the constant margin^p: it is left out
    z = z.masked_fill(tg::one_hot(t.flatten(), C) == 1, 0.0);
    Tensor loss = z.sum({1}) / double(C);
    // kNone: one loss per sample, a 0-dim tensor for a 0-dim target (as ATen shapes it)
    if (target.dim() == 0) loss = loss.reshape({});
    return reduce(loss, options.reduction());
  });
}

// ℓ_i = Σ_{j ∈ Y_i} Σ_{k ∉ Y_i} max(0, 1 - (x[i, j] - x[i, k])) / C, Y_i the target row up to
// its first negative entry (a class listed twice counts twice, as in ATen).
Tensor multilabel_margin_loss(const Tensor& input, const Tensor& target,
                              const MultilabelMarginLossFuncOptions& options) {
  constexpr const char* op = "multilabel_margin_loss";
  check_floating(input, op);
  const int64_t ndim = input.dim();
  TG_CHECK((ndim == 2 && input.size(1) != 0) || (ndim == 1 && input.size(0) != 0) || ndim == 0, op,
           ": Expected non-empty vector or matrix with optional 0-dim batch size, but got: ",
           input.sizes());
  const int64_t nframe = ndim <= 1 ? 1 : input.size(0);
  const int64_t C = ndim == 0 ? 1 : input.size(ndim - 1);
  TG_CHECK(target.defined() && target.scalar_type() == kLong, op,
           ": expected an int64 (Long) "
           "target of class indices, got ",
           target.defined() ? str(target.scalar_type()) : "none");
  TG_CHECK(ndim <= 1 ? target.dim() <= 1 && target.numel() == C
                     : target.dim() == 2 && target.size(0) == nframe && target.size(1) == C,
           op, ": inconsistent size ", target.sizes(), " for target (input ", input.sizes(),
           "): the target must have the input's shape");
  // count[i, j]: how often class j is listed for sample i; other[i, k]: 1 where k is not listed
  std::vector<double> count(size_t(nframe * C), 0.0), other(size_t(nframe * C), 1.0);
  Tensor tc = target.contiguous();
  const int64_t* tp = tc.data_ptr<int64_t>();
  for (int64_t i = 0; i < nframe; ++i)
    for (int64_t j = 0; j < C; ++j) {
      const int64_t cls = tp[i * C + j];
      if (cls < 0) break;
      TG_CHECK(cls < C, op, ": target index ", cls, " is out of range for ", C, " classes");
      count[size_t(i * C + cls)] += 1;
      other[size_t(i * C + cls)] = 0;
    }
  return named(op, [&] {
    const ScalarType st = input.scalar_type();
    Tensor cnt = tg::tensor(count, {nframe, C, 1}, kDouble).to(st);
    Tensor rest = tg::tensor(other, {nframe, 1, C}, kDouble).to(st);
    Tensor x = input.reshape({nframe, C});
    Tensor hinge = (1 - x.unsqueeze(2) + x.unsqueeze(1)).clamp_min(0); // [i, j, k]
    Tensor loss = (hinge * cnt * rest).sum({1, 2}) / double(C);
    if (target.dim() <= 1) loss = loss.reshape({});
    return reduce(loss, options.reduction());
  });
}

// ℓ_i = Σ_c w_c·(y_c·softplus(-x_c) + (1 - y_c)·softplus(x_c)) / C, as -log σ(x) = softplus(-x)
Tensor multilabel_soft_margin_loss(const Tensor& input, const Tensor& target,
                                   const MultilabelSoftMarginLossFuncOptions& options) {
  constexpr const char* op = "multilabel_soft_margin_loss";
  check_floating(input, op);
  TG_CHECK(target.defined(), op, ": target must be defined");
  TG_CHECK(input.dim() >= 1, op, ": expected an input of shape [N, C] or [C], got ", input.sizes());
  return named(op, [&] {
    Tensor loss = target * tg::softplus(-input) + (1 - target) * tg::softplus(input);
    if (options.weight().defined()) loss = loss * options.weight();
    const int64_t class_dim = input.dim() - 1;
    loss = loss.sum({class_dim}) / double(input.size(class_dim));
    return reduce(loss, options.reduction());
  });
}

// ℓ = e^x - y·x (log_input) or x - y·log(x + eps); full adds Stirling's approximation of log y!,
// y·log y - y + ½·log(2πy), where y > 1 (0 elsewhere).
Tensor poisson_nll_loss(const Tensor& input, const Tensor& target,
                        const PoissonNLLLossFuncOptions& options) {
  constexpr const char* op = "poisson_nll_loss";
  check_floating(input, op);
  TG_CHECK(target.defined(), op, ": target must be defined");
  return named(op, [&] {
    Tensor loss = options.log_input() ? input.exp() - target * input
                                      : input - target * (input + options.eps()).log();
    if (options.full()) {
      // y = 1 stands in where the term is masked, so no log(0) reaches either pass
      Tensor y = where(target > 1, target, 1.0);
      Tensor stirling = y * y.log() - y + 0.5 * (2 * std::numbers::pi * y).log();
      loss = loss + stirling.masked_fill(target <= 1, 0.0);
    }
    return reduce(loss, options.reduction());
  });
}

} // namespace tg::nn::functional
