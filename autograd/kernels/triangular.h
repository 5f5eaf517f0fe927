#pragma once
// The loop behind triu and tril: keep one triangle of each matrix of a contiguous batch, zero the
// rest.
#include <algorithm>
#include <cstdint>

#include "autograd/kernels/loop.h" // kParallelGrain, parallel_for

namespace tg::kernels {

/// y[b, i, j] = x[b, i, j] where the element is in the kept triangle (upper: j - i >= k; lower:
/// j - i <= k), else 0; x and y are contiguous [batch, rows, cols] and may be the same buffer.
template <typename T>
void keep_triangle(const T* x, T* y, int64_t batch, int64_t rows, int64_t cols, int64_t k,
                   bool upper) {
  auto run = [&](int64_t b0, int64_t b1) {
    for (int64_t r = b0; r < b1; ++r) { // r: one row of one matrix
      const int64_t i = r % rows;
      // First kept column for upper, first dropped column for lower, clamped to [0, cols].
      const int64_t edge = std::clamp<int64_t>(upper ? i + k : i + k + 1, 0, cols);
      const T* src = x + r * cols;
      T* dst = y + r * cols;
      for (int64_t j = 0; j < cols; ++j) dst[j] = (j < edge) != upper ? src[j] : T(0);
    }
  };
  const int64_t all_rows = batch * rows;
  if (all_rows * cols < kParallelGrain) run(0, all_rows);
  else
    parallel_for(0, all_rows, std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(cols, 1)),
                 run);
}

} // namespace tg::kernels
