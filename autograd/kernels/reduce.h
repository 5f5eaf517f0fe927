#pragma once
// Reductions see their input as [outer, R, inner]: R elements are combined for each of the
// outer×inner outputs. Any set of reduced dims is brought to that form by reduce_layout (a copy
// only when the reduced dims are not adjacent).

#include <memory>

#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"

namespace tg::kernels {

/// A reduction's input seen as a contiguous [outer, reduced, inner] block (see reduce_layout).
struct ReduceLayout {
  Tensor input;         ///< contiguous, possibly permuted so the reduced dims are adjacent
  /// Product of the kept dims before the reduced block (all kept dims if `input` was permuted).
  int64_t outer = 1;
  int64_t reduced = 1;  ///< R, the number of elements combined into each output
  int64_t inner = 1;    ///< Product of the kept dims after the reduced block (1 if permuted).
  DimVector out_shape;  ///< with keepdim
  DimVector out_shape_squeezed; ///< Output shape without the reduced dims (keepdim = false).
};

/// `dims` must be wrapped and unique; empty means all dims.
ReduceLayout reduce_layout(const Tensor& self, IntArrayRef dims);

/// out[o, i] = fold over r of x[o, r, i] with `combine(acc, value)`, starting from `init`.
template <typename T, typename Acc, typename Combine>
void reduce_orin(const T* x, Acc* out, int64_t outer, int64_t R, int64_t inner, Acc init,
                 Combine combine) {
  if (inner == 1) {
    auto rows = [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) {
        Acc acc = init;
        const T* row = x + o * R;
        for (int64_t r = 0; r < R; ++r) acc = combine(acc, Acc(row[r]));
        out[o] = acc;
      }
    };
    if (outer * R < kParallelGrain || outer == 1) {
      if (outer == 1 && R >= kParallelGrain) {
        // One long row: split it, then combine the partial results. Not a std::vector: for
        // bool (all/any) that packs the partial results into shared words, and the threads'
        // writes to neighbouring bits were a data race (found by ThreadSanitizer).
        int64_t chunks = (R + kParallelGrain - 1) / kParallelGrain;
        std::unique_ptr<Acc[]> part(new Acc[size_t(chunks)]);
        parallel_for_each(0, chunks, [&](int64_t c) {
          int64_t b = c * kParallelGrain, e = std::min(R, b + kParallelGrain);
          Acc acc = init;
          for (int64_t r = b; r < e; ++r) acc = combine(acc, Acc(x[r]));
          part[c] = acc;
        });
        Acc acc = init;
        for (int64_t c = 0; c < chunks; ++c) acc = combine(acc, part[c]);
        out[0] = acc;
      } else {
        rows(0, outer);
      }
    } else {
      int64_t grain = std::max<int64_t>(1, kParallelGrain / std::max<int64_t>(R, 1));
      parallel_for(0, outer, grain, rows);
    }
    return;
  }
  auto planes = [&](int64_t b, int64_t e) {
    for (int64_t o = b; o < e; ++o) {
      Acc* dst = out + o * inner;
      for (int64_t i = 0; i < inner; ++i) dst[i] = init;
      const T* src = x + o * R * inner;
      for (int64_t r = 0; r < R; ++r)
        for (int64_t i = 0; i < inner; ++i) dst[i] = combine(dst[i], Acc(src[r * inner + i]));
    }
  };
  if (outer * R * inner < kParallelGrain || outer == 1) {
    if (outer == 1 && R * inner >= kParallelGrain && inner >= 64) {
      // Split the inner axis: each task owns a column band.
      parallel_for(0, inner, 64, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) out[i] = init;
        for (int64_t r = 0; r < R; ++r)
          for (int64_t i = begin; i < end; ++i) out[i] = combine(out[i], Acc(x[r * inner + i]));
      });
    } else {
      planes(0, outer);
    }
  } else {
    parallel_for(0, outer, 1, planes);
  }
}

} // namespace tg::kernels
