// The pooling loops (see pool.h). 2-D max pooling has a branch-free fast path for the usual 2×2
// window of stride 2; everything else walks each window. The average and adaptive loops walk
// three axes, the first of length 1 for 2-D pooling.
#include "autograd/kernels/pool.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "autograd/kernels/dispatch.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/vectorized.h"

namespace tg::kernels {

namespace {

/// Runs body(plane) for every plane, in parallel when there is enough work.
template <typename Body> void for_each_plane(int64_t planes, int64_t work_per_plane, Body body) {
  if (planes > 1 && planes * work_per_plane >= kernels::kParallelGrain) {
    kernels::parallel_for_each(0, planes, [&](int64_t p) { body(p); });
  } else {
    for (int64_t p = 0; p < planes; ++p) body(p);
  }
}

/// Planes of a [..., H, W] (spatial = 2) or [..., D, H, W] (3) shape: the product of the sizes
/// before the pooled ones.
int64_t num_planes(IntArrayRef sizes, int spatial = 2) {
  int64_t p = 1;
  for (size_t d = 0; d + size_t(spatial) < sizes.size(); ++d) p *= sizes[d];
  return p;
}

/// Elements of one plane: the product of the last `spatial` sizes.
int64_t plane_size(IntArrayRef sizes, int spatial) {
  int64_t p = 1;
  for (size_t d = sizes.size() - size_t(spatial); d < sizes.size(); ++d) p *= sizes[d];
  return p;
}

/// NaN wins, so a NaN anywhere in the window propagates as in PyTorch; on a tie the first
/// position in the window wins.
template <typename T> bool better(T v, T best) { return v > best || v != v; }

} // namespace

void max_pool2d(const Tensor& x, const Tensor& out, const Tensor& indices, const PoolWindow& win,
                const char* op) {
  const int64_t H = x.size(-2), W = x.size(-1), OH = out.size(-2), OW = out.size(-1);
  const int64_t planes = num_planes(x.sizes());
  dispatch_floating(x.scalar_type(), op, [&]<typename T>() {
    const T* src = x.data_ptr<T>();
    T* dst = out.data_ptr<T>();
    int64_t* ind = indices.data_ptr<int64_t>();
    const bool two_by_two = win.kernel.h == 2 && win.kernel.w == 2 && win.stride.h == 2 &&
                            win.stride.w == 2 && win.padding.h == 0 && win.padding.w == 0 &&
                            win.dilation.h == 1 && win.dilation.w == 1 && 2 * OH <= H &&
                            2 * OW <= W;
    if (two_by_two) { // the usual CNN pooling, without the general window bookkeeping
      for_each_plane(planes, OH * OW * 4, [&](int64_t p) {
        const T* plane = src + p * H * W;
        T* o = dst + p * OH * OW;
        int64_t* oi = ind + p * OH * OW;
        // Branch-free and vectorised, row by row: the dispatched copy for this CPU (see
        // vectorized_impl.cpp, maxpool2x2_row). Which of the four wins is data-dependent, and the
        // mispredicted branches made this loop 12% of simple_cnn's time. The fast loop is exact
        // (first maximum wins) unless a NaN is present; a plane holding a NaN is redone by the
        // exact loop below.
        const VecKernels& table = vec_kernels();
        const auto row_kernel = [&] {
          if constexpr (std::is_same_v<T, float>)
            return table.f32.maxpool2x2_row;
          else
            return table.f64.maxpool2x2_row;
        }();
        int64_t has_nan = 0;
        for (int64_t oh = 0; oh < OH; ++oh) {
          const T* row0 = plane + 2 * oh * W;
          has_nan |= row_kernel(row0, row0 + W, o + oh * OW, oi + oh * OW, OW, 2 * oh * W, W);
        }
        if (!has_nan) return;
        for (int64_t oh = 0; oh < OH; ++oh) {
          const T* row0 = plane + 2 * oh * W;
          const T* row1 = row0 + W;
          for (int64_t ow = 0; ow < OW; ++ow) {
            const int64_t c = 2 * ow, at = 2 * oh * W + c;
            T best_val = row0[c];
            int64_t best = at;
            if (better(row0[c + 1], best_val)) best_val = row0[c + 1], best = at + 1;
            if (better(row1[c], best_val)) best_val = row1[c], best = at + W;
            if (better(row1[c + 1], best_val)) best_val = row1[c + 1], best = at + W + 1;
            o[oh * OW + ow] = best_val;
            oi[oh * OW + ow] = best;
          }
        }
      });
      return;
    }
    for_each_plane(planes, OH * OW * win.kernel.h * win.kernel.w, [&](int64_t p) {
      const T* plane = src + p * H * W;
      for (int64_t oh = 0; oh < OH; ++oh) {
        int64_t h0 = oh * win.stride.h - win.padding.h;
        int64_t h1 = std::min(h0 + (win.kernel.h - 1) * win.dilation.h + 1, H);
        while (h0 < 0) h0 += win.dilation.h;
        for (int64_t ow = 0; ow < OW; ++ow) {
          int64_t w0 = ow * win.stride.w - win.padding.w;
          int64_t w1 = std::min(w0 + (win.kernel.w - 1) * win.dilation.w + 1, W);
          while (w0 < 0) w0 += win.dilation.w;
          int64_t best = h0 * W + w0;
          T best_val = -std::numeric_limits<T>::infinity();
          for (int64_t h = h0; h < h1; h += win.dilation.h)
            for (int64_t w = w0; w < w1; w += win.dilation.w) {
              T v = plane[h * W + w];
              if (better(v, best_val)) {
                best_val = v;
                best = h * W + w;
              }
            }
          dst[(p * OH + oh) * OW + ow] = best_val;
          ind[(p * OH + oh) * OW + ow] = best;
        }
      }
    });
  });
}

void max_pool3d(const Tensor& x, const Tensor& out, const Tensor& indices, const PoolWindow& win,
                const char* op) {
  const int64_t D = x.size(-3), H = x.size(-2), W = x.size(-1);
  const int64_t OD = out.size(-3), OH = out.size(-2), OW = out.size(-1);
  const int64_t planes = num_planes(x.sizes(), 3);
  const int64_t taps = win.kernel_d * win.kernel.h * win.kernel.w;
  dispatch_floating(x.scalar_type(), op, [&]<typename T>() {
    const T* src = x.data_ptr<T>();
    T* dst = out.data_ptr<T>();
    int64_t* ind = indices.data_ptr<int64_t>();
    // [start, end) of the taps of output o along one axis, the start moved onto the first tap
    // inside the input (padding never wins)
    auto taps_of = [](int64_t o, int64_t stride, int64_t pad, int64_t kernel, int64_t dil,
                      int64_t size, int64_t& lo, int64_t& hi) {
      lo = o * stride - pad;
      hi = std::min(lo + (kernel - 1) * dil + 1, size);
      while (lo < 0) lo += dil;
    };
    for_each_plane(planes, OD * OH * OW * taps, [&](int64_t p) {
      const T* volume = src + p * D * H * W;
      int64_t j = p * OD * OH * OW;
      for (int64_t od = 0; od < OD; ++od) {
        int64_t d0, d1;
        taps_of(od, win.stride_d, win.padding_d, win.kernel_d, win.dilation_d, D, d0, d1);
        for (int64_t oh = 0; oh < OH; ++oh) {
          int64_t h0, h1;
          taps_of(oh, win.stride.h, win.padding.h, win.kernel.h, win.dilation.h, H, h0, h1);
          for (int64_t ow = 0; ow < OW; ++ow, ++j) {
            int64_t w0, w1;
            taps_of(ow, win.stride.w, win.padding.w, win.kernel.w, win.dilation.w, W, w0, w1);
            int64_t best = (d0 * H + h0) * W + w0;
            T best_val = -std::numeric_limits<T>::infinity();
            for (int64_t d = d0; d < d1; d += win.dilation_d)
              for (int64_t h = h0; h < h1; h += win.dilation.h)
                for (int64_t w = w0; w < w1; w += win.dilation.w) {
                  const int64_t at = (d * H + h) * W + w;
                  if (better(volume[at], best_val)) {
                    best_val = volume[at];
                    best = at;
                  }
                }
            dst[j] = best_val;
            ind[j] = best;
          }
        }
      }
    });
  });
}

void gather_planes(const Tensor& x, const Tensor& indices, const Tensor& out, int spatial) {
  const int64_t planes = num_planes(x.sizes(), spatial), HW = plane_size(x.sizes(), spatial);
  const int64_t L = plane_size(indices.sizes(), spatial);
  dispatch_floating(x.scalar_type(), "max_pool2d", [&]<typename T>() {
    const T* src = x.data_ptr<T>();
    const int64_t* idx = indices.data_ptr<int64_t>();
    T* dst = out.data_ptr<T>();
    for_each_plane(planes, L, [&](int64_t p) {
      for (int64_t j = 0; j < L; ++j) dst[p * L + j] = src[p * HW + idx[p * L + j]];
    });
  });
}

void scatter_planes(const Tensor& g, const Tensor& indices, const Tensor& out, int spatial) {
  const int64_t planes = num_planes(out.sizes(), spatial), HW = plane_size(out.sizes(), spatial);
  const int64_t L = plane_size(indices.sizes(), spatial);
  dispatch_floating(g.scalar_type(), "max_pool2d backward", [&]<typename T>() {
    const T* src = g.data_ptr<T>();
    const int64_t* idx = indices.data_ptr<int64_t>();
    T* dst = out.data_ptr<T>();
    for_each_plane(planes, L + HW, [&](int64_t p) {
      std::fill(dst + p * HW, dst + (p + 1) * HW, T(0));
      for (int64_t j = 0; j < L; ++j) dst[p * HW + idx[p * L + j]] += src[p * L + j];
    });
  });
}

AxisWindows pool_axis(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t pad) {
  AxisWindows a;
  for (int64_t o = 0; o < out; ++o) {
    int64_t s = o * stride - pad;
    int64_t e = std::min(s + kernel, in + pad);
    a.padded_len.push_back(e - s);
    a.start.push_back(std::max<int64_t>(s, 0));
    a.end.push_back(std::min(e, in));
  }
  return a;
}

AxisWindows adaptive_axis(int64_t in, int64_t out) {
  AxisWindows a;
  for (int64_t o = 0; o < out; ++o) {
    a.start.push_back(o * in / out);
    a.end.push_back(((o + 1) * in + out - 1) / out);
    a.padded_len.push_back(a.end.back() - a.start.back());
  }
  return a;
}

void window_avg(const Tensor& x, const Windows& wn, const Tensor& out) {
  const int64_t D = wn.in_d, H = wn.in_h, W = wn.in_w;
  const int64_t OD = int64_t(wn.d.start.size()), OH = int64_t(wn.h.start.size()),
                OW = int64_t(wn.w.start.size());
  const int64_t planes = num_planes(x.sizes(), wn.spatial);
  auto run = [&]<typename T, typename Acc>() {
    const T* src = x.data_ptr<T>();
    T* dst = out.data_ptr<T>();
    for_each_plane(planes, D * H * W + OD * OH * OW, [&](int64_t p) {
      const T* volume = src + p * D * H * W;
      int64_t j = p * OD * OH * OW;
      for (int64_t od = 0; od < OD; ++od)
        for (int64_t oh = 0; oh < OH; ++oh)
          for (int64_t ow = 0; ow < OW; ++ow, ++j) {
            Acc acc = 0;
            for (int64_t d = wn.d.start[od]; d < wn.d.end[od]; ++d)
              for (int64_t h = wn.h.start[oh]; h < wn.h.end[oh]; ++h)
                for (int64_t w = wn.w.start[ow]; w < wn.w.end[ow]; ++w)
                  acc += Acc(volume[(d * H + h) * W + w]);
            // integer pooling divides in integers (truncating), as PyTorch's CPU kernel does
            dst[j] = T(acc / Acc(wn.divisor_at(od, oh, ow)));
          }
    });
  };
  if (x.scalar_type() == kLong)
    run.template operator()<int64_t, int64_t>();
  else
    dispatch_floating(x.scalar_type(), "avg_pool2d",
                      [&]<typename T>() { run.template operator()<T, double>(); });
}

void window_avg_adjoint(const Tensor& g, const Windows& wn, const Tensor& gx) {
  const int64_t D = wn.in_d, H = wn.in_h, W = wn.in_w;
  const int64_t OD = int64_t(wn.d.start.size()), OH = int64_t(wn.h.start.size()),
                OW = int64_t(wn.w.start.size());
  const int64_t planes = num_planes(gx.sizes(), wn.spatial);
  dispatch_floating(g.scalar_type(), "avg_pool2d backward", [&]<typename T>() {
    const T* src = g.data_ptr<T>();
    T* dst = gx.data_ptr<T>();
    for_each_plane(planes, D * H * W + OD * OH * OW, [&](int64_t p) {
      T* volume = dst + p * D * H * W;
      std::fill(volume, volume + D * H * W, T(0));
      int64_t j = p * OD * OH * OW;
      for (int64_t od = 0; od < OD; ++od)
        for (int64_t oh = 0; oh < OH; ++oh)
          for (int64_t ow = 0; ow < OW; ++ow, ++j) {
            const T v = T(double(src[j]) / double(wn.divisor_at(od, oh, ow)));
            for (int64_t d = wn.d.start[od]; d < wn.d.end[od]; ++d)
              for (int64_t h = wn.h.start[oh]; h < wn.h.end[oh]; ++h)
                for (int64_t w = wn.w.start[ow]; w < wn.w.end[ow]; ++w)
                  volume[(d * H + h) * W + w] += v;
          }
    });
  });
}

void window_max(const Tensor& x, const Windows& wn, const Tensor& out, const Tensor& indices,
                const char* op) {
  const int64_t D = wn.in_d, H = wn.in_h, W = wn.in_w;
  const int64_t OD = int64_t(wn.d.start.size()), OH = int64_t(wn.h.start.size()),
                OW = int64_t(wn.w.start.size());
  const int64_t planes = num_planes(x.sizes(), wn.spatial);
  dispatch_floating(x.scalar_type(), op, [&]<typename T>() {
    const T* src = x.data_ptr<T>();
    T* dst = out.data_ptr<T>();
    int64_t* ind = indices.data_ptr<int64_t>();
    for_each_plane(planes, D * H * W + OD * OH * OW, [&](int64_t p) {
      const T* volume = src + p * D * H * W;
      int64_t j = p * OD * OH * OW;
      for (int64_t od = 0; od < OD; ++od)
        for (int64_t oh = 0; oh < OH; ++oh)
          for (int64_t ow = 0; ow < OW; ++ow, ++j) {
            int64_t best = (wn.d.start[od] * H + wn.h.start[oh]) * W + wn.w.start[ow];
            T best_val = -std::numeric_limits<T>::infinity();
            for (int64_t d = wn.d.start[od]; d < wn.d.end[od]; ++d)
              for (int64_t h = wn.h.start[oh]; h < wn.h.end[oh]; ++h)
                for (int64_t w = wn.w.start[ow]; w < wn.w.end[ow]; ++w) {
                  const int64_t at = (d * H + h) * W + w;
                  if (better(volume[at], best_val)) {
                    best_val = volume[at];
                    best = at;
                  }
                }
            dst[j] = best_val;
            ind[j] = best;
          }
    });
  });
}

} // namespace tg::kernels
