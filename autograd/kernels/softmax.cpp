// Softmax and log-softmax as one fused pass per band of columns (see softmax.h).
#include "autograd/kernels/softmax.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "autograd/kernels/dispatch.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/reduce.h"

namespace tg::kernels {

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
    if constexpr (Log)
      sum[i] = mx[i] + std::log(sum[i]); // log Σexp(x) = max + log Σexp(x - max)
    else
      sum[i] = 1.0 / sum[i];
  }
  for (int64_t r = 0; r < R; ++r) {
    const T* row = src + r * inner + c0;
    T* out = dst + r * inner + c0;
    for (int64_t i = 0; i < w; ++i) {
      if constexpr (Log)
        out[i] = T(double(row[i]) - sum[i]);
      else
        out[i] = T(double(out[i]) * sum[i]);
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
  if (tasks <= 1 || outer * R * inner < kParallelGrain) {
    run(0, tasks);
    return;
  }
  const int64_t per_task = std::min(inner, kBand) * std::max<int64_t>(R, 1);
  const int64_t grain = std::max<int64_t>(1, kParallelGrain / per_task);
  parallel_for(0, tasks, grain, run);
}

} // namespace

void softmax(const Tensor& x, int64_t dim, const Tensor& y, bool log) {
  ReduceLayout L = reduce_layout(x, {dim});
  dispatch_floating(x.scalar_type(), log ? "log_softmax" : "softmax", [&]<typename T>() {
    const T* in = L.input.data_ptr<T>();
    T* out = y.data_ptr<T>();
    if (log)
      softmax_kernel<T, true>(in, out, L.outer, L.reduced, L.inner);
    else
      softmax_kernel<T, false>(in, out, L.outer, L.reduced, L.inner);
  });
}

} // namespace tg::kernels
