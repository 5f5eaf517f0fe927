// Distances and similarities between rows: cdist, cosine_similarity, pairwise_distance. All are
// composed of differentiable ops (norm, matmul, clamp), so their gradients and double backward
// come from those; norm's backward already takes 0 where a norm is 0, the subgradient LibTorch's
// cdist and pairwise_distance use at a zero distance.
#include "autograd/ops/internal.h"

namespace tg {

namespace {

/// ‖a - b‖₂ for every row pair through ‖a‖² + ‖b‖² - 2a·b (LibTorch's _euclidean_dist): one
/// matmul instead of an [r1, r2, m] difference. Rounding can leave a tiny negative value for
/// equal rows: clamped to 1e-30 before the square root, which also zeroes the gradient there.
Tensor euclidean_dist(const Tensor& x1, const Tensor& x2) {
  Tensor x1_norm = x1.pow(2).sum({-1}, true);
  Tensor x2_norm = x2.pow(2).sum({-1}, true);
  Tensor a = cat({x1 * -2, x1_norm, ones_like(x1_norm)}, -1);
  Tensor b = cat({x2, ones_like(x2_norm), x2_norm}, -1);
  return a.matmul(b.transpose(-2, -1)).clamp_min(1e-30).sqrt();
}

} // namespace

Tensor cdist(const Tensor& x1, const Tensor& x2, double p) {
  TG_CHECK(x1.defined() && x2.defined(), "cdist: x1 and x2 must be defined");
  TG_CHECK(x1.dim() >= 2, "cdist only supports at least 2D tensors, X1 got: ", x1.dim(), "D");
  TG_CHECK(x2.dim() >= 2, "cdist only supports at least 2D tensors, X2 got: ", x2.dim(), "D");
  TG_CHECK(x1.size(-1) == x2.size(-1),
           "cdist: X1 and X2 must have the same number of columns. "
           "X1: ",
           x1.size(-1), " X2: ", x2.size(-1));
  TG_CHECK(isFloatingType(x1.scalar_type()) && x1.scalar_type() == x2.scalar_type(),
           "cdist only supports floating-point dtypes of one kind, X1 got: ", x1.scalar_type(),
           " X2 got: ", x2.scalar_type());
  TG_CHECK(p >= 0, "cdist only supports non-negative p values, got p = ", p);
  const int64_t r1 = x1.size(-2), r2 = x2.size(-2);
  // the batch dims broadcast; each side keeps its own [r, m]
  DimVector batch1(x1.sizes().slice(0, x1.dim() - 2)), batch2(x2.sizes().slice(0, x2.dim() - 2));
  DimVector batch = ops::broadcast_shapes(batch1, batch2, "cdist");
  std::vector<int64_t> s1(batch.begin(), batch.end()), s2 = s1;
  s1.insert(s1.end(), {r1, x1.size(-1)});
  s2.insert(s2.end(), {r2, x2.size(-1)});
  Tensor a = x1.expand(s1), b = x2.expand(s2);
  // LibTorch's default compute mode: the matmul form for p = 2 once either side has > 25 rows
  if (p == 2 && (r1 > 25 || r2 > 25)) return euclidean_dist(a, b);
  return (a.unsqueeze(-2) - b.unsqueeze(-3)).norm(p, {-1}, false);
}

Tensor cosine_similarity(const Tensor& x1, const Tensor& x2, int64_t dim, double eps) {
  TG_CHECK(x1.defined() && x2.defined(), "cosine_similarity: x1 and x2 must be defined");
  DimVector shape = ops::broadcast_shapes(x1.sizes(), x2.sizes(), "cosine_similarity");
  const int64_t d = ops::wrap_dim(dim, static_cast<int64_t>(shape.size()), "cosine_similarity");
  // LibTorch 1.13: w12 / sqrt(max(w1, eps²)·max(w2, eps²)) with the squared norms w1, w2 clamped
  // in no-grad mode: the values are clamped, the gradient flows as if they were not
  auto clamp_values = [eps](const Tensor& w) { return w + (w.clamp_min(eps * eps) - w).detach(); };
  Tensor w12 = (x1 * x2).sum({d});
  Tensor w1 = clamp_values((x1 * x1).expand(shape).sum({d}));
  Tensor w2 = clamp_values((x2 * x2).expand(shape).sum({d}));
  return w12 / (w1 * w2).sqrt();
}

Tensor pairwise_distance(const Tensor& x1, const Tensor& x2, double p, double eps, bool keepdim) {
  TG_CHECK(x1.defined() && x2.defined(), "pairwise_distance: x1 and x2 must be defined");
  const int64_t out_dim = std::max(x1.dim(), x2.dim());
  TG_CHECK(out_dim > 0, "pairwise_distance: expected at least 1-D inputs, got ", x1.sizes(),
           " and ", x2.sizes());
  ops::broadcast_shapes(x1.sizes(), x2.sizes(), "pairwise_distance");
  // eps is added to the difference (not the norm), so equal rows still have a usable gradient
  return (x1 - x2 + eps).norm(p, {out_dim - 1}, keepdim);
}

} // namespace tg
