// Softmax and log-softmax as fused kernels. The input is seen as [outer, R, inner] with R the
// softmax dim; every one of the outer×inner rows is shifted by its max before exp, so large inputs
// cannot overflow. Backwards are written with tensor ops on the saved output (double backward).
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/reduce.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;

namespace {

/// Columns of the inner axis handled together: their running max and sum stay in cache while the
/// R rows stream past.
constexpr int64_t kBand = 256;

/// y = softmax (or log_softmax) of x over R, for outer slab `o` and inner columns [c0, c1).
template <typename T, bool Log>
void softmax_band(const T* x, T* y, int64_t o, int64_t c0, int64_t c1, int64_t R, int64_t inner,
                  double* mx, double* sum) {
  using Acc = std::conditional_t<std::is_same_v<T, float>, double, T>;
  const T* src = x + o * R * inner;
  T* dst = y + o * R * inner;
  const int64_t w = c1 - c0;
  for (int64_t i = 0; i < w; ++i) {
    mx[i] = -std::numeric_limits<double>::infinity();
    sum[i] = 0;
  }
  for (int64_t r = 0; r < R; ++r) {
    const T* row = src + r * inner + c0;
    for (int64_t i = 0; i < w; ++i) mx[i] = std::max(mx[i], double(row[i]));
  }
  for (int64_t r = 0; r < R; ++r) {
    const T* row = src + r * inner + c0;
    T* out = dst + r * inner + c0;
    for (int64_t i = 0; i < w; ++i) {
      T e = std::exp(row[i] - T(mx[i]));
      if constexpr (!Log) out[i] = e; // kept, then scaled below: one exp per element
      sum[i] = double(Acc(sum[i]) + Acc(e));
    }
  }
  for (int64_t i = 0; i < w; ++i) {
    if constexpr (Log) sum[i] = mx[i] + std::log(sum[i]); // log Σexp(x) = max + log Σexp(x - max)
    else sum[i] = 1.0 / sum[i];
  }
  for (int64_t r = 0; r < R; ++r) {
    const T* row = src + r * inner + c0;
    T* out = dst + r * inner + c0;
    for (int64_t i = 0; i < w; ++i) {
      if constexpr (Log) out[i] = T(double(row[i]) - sum[i]);
      else out[i] = T(double(out[i]) * sum[i]);
    }
  }
}

template <typename T, bool Log>
void softmax_kernel(const T* x, T* y, int64_t outer, int64_t R, int64_t inner) {
  const int64_t bands = (inner + kBand - 1) / kBand;
  const int64_t tasks = outer * bands;
  auto run = [&](int64_t b, int64_t e) {
    double mx[kBand], sum[kBand];
    for (int64_t t = b; t < e; ++t) {
      int64_t o = t / bands, c0 = (t % bands) * kBand;
      softmax_band<T, Log>(x, y, o, c0, std::min(inner, c0 + kBand), R, inner, mx, sum);
    }
  };
  if (tasks <= 1 || outer * R * inner < kernels::kParallelGrain) {
    run(0, tasks);
    return;
  }
  const int64_t per_task = std::min(inner, kBand) * std::max<int64_t>(R, 1);
  const int64_t grain = std::max<int64_t>(1, kernels::kParallelGrain / per_task);
  kernels::parallel_for(0, tasks, grain, run);
}

Tensor softmax_impl(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, bool log) {
  const char* op = log ? "log_softmax" : "softmax";
  // Integer inputs compute in the default float dtype.
  ScalarType t = dtype ? *dtype : ops::to_float_type(self.scalar_type());
  TG_CHECK(isFloatingType(t), op, ": expected a floating point dtype (Float or Double), got ", t);
  const int64_t d = ops::wrap_dim(dim, self.dim(), op);
  Tensor in = self.to(t); // differentiable: the gradient is cast back to self's dtype
  Tensor out = ops::empty_tensor(in.sizes(), t);
  {
    NoGradGuard no_grad;
    kernels::ReduceLayout L = kernels::reduce_layout(in, {d});
    dispatch_floating(t, op, [&]<typename T>() {
      const T* x = L.input.data_ptr<T>();
      T* y = out.data_ptr<T>();
      if (log) softmax_kernel<T, true>(x, y, L.outer, L.reduced, L.inner);
      else softmax_kernel<T, false>(x, y, L.outer, L.reduced, L.inner);
    });
  }
  if (!autograd::compute_requires_grad(in)) return out;
  if (!log) {
    // d/dx_j softmax(x)_i = y_i ([i == j] - y_j), so grad_in = y * (g - Σ g*y)
    autograd::record("SoftmaxBackward0", {in}, out,
                     [r = SavedVariable(out, true), d](const Tensor& grad, Node& node) {
                       Tensor y = r.unpack(node.shared_from_this());
                       return variable_list{y * (grad - (grad * y).sum(d, true))};
                     });
  } else {
    // d/dx_j log_softmax(x)_i = [i == j] - softmax(x)_j, so grad_in = g - exp(y) * Σ g
    autograd::record("LogSoftmaxBackward0", {in}, out,
                     [r = SavedVariable(out, true), d](const Tensor& grad, Node& node) {
                       Tensor y = r.unpack(node.shared_from_this());
                       return variable_list{grad - y.exp() * grad.sum(d, true)};
                     });
  }
  return out;
}

} // namespace

Tensor softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return softmax_impl(self, dim, dtype, false);
}
Tensor log_softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return softmax_impl(self, dim, dtype, true);
}
Tensor Tensor::softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return tg::softmax(*this, dim, dtype);
}
Tensor Tensor::log_softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return tg::log_softmax(*this, dim, dtype);
}

} // namespace tg
