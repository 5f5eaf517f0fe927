// 2-D pooling over the last two dims of a [C, H, W] or [N, C, H, W] tensor; every (n, c) plane is
// pooled independently, planes in parallel when the tensor is big.
//
// Max pooling keeps the flat index (into H·W) of each window's maximum. Its backward scatters the
// gradient to those positions; the adjoint of that scatter is a gather through the same indices, so
// the pair (gather, scatter) gives every order of derivative.
//
// Average pooling, plain or adaptive, is one linear op: output cell (oh, ow) averages the input
// rectangle [h0, h1) × [w0, w1) with some divisor. Its backward is the adjoint (spread each
// gradient evenly over its rectangle), whose backward is the forward again.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "autograd/kernels/im2col.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;
using kernels::Pair;

namespace {

/// Runs body(plane) for every plane, in parallel when there is enough work.
template <typename Body> void for_each_plane(int64_t planes, int64_t work_per_plane, Body body) {
  if (planes > 1 && planes * work_per_plane >= kernels::kParallelGrain) {
    kernels::parallel_for_each(0, planes, [&](int64_t p) { body(p); });
  } else {
    for (int64_t p = 0; p < planes; ++p) body(p);
  }
}

int64_t num_planes(IntArrayRef sizes) {
  int64_t p = 1;
  for (size_t d = 0; d + 2 < sizes.size(); ++d) p *= sizes[d];
  return p;
}

/// PyTorch's pooling output length: floor or ceil of the window count, where in ceil mode the
/// last window must still start inside the input or the left padding.
int64_t pooling_output_size(int64_t in, int64_t kernel, int64_t pad, int64_t stride,
                            int64_t dilation, bool ceil_mode) {
  int64_t span = in + 2 * pad - dilation * (kernel - 1) - 1 + (ceil_mode ? stride - 1 : 0);
  // floor division that rounds toward -inf, so a too-large kernel yields a size <= 0
  int64_t q = span >= 0 ? span / stride : -((-span + stride - 1) / stride);
  int64_t out = q + 1;
  if (ceil_mode && (out - 1) * stride >= in + pad) --out;
  return out;
}

void check_pool_input(const Tensor& self, const char* op, bool allow_long = false) {
  TG_CHECK(self.defined(), op, ": input is undefined");
  bool ok = (self.dim() == 3 || self.dim() == 4) && self.size(-1) > 0 && self.size(-2) > 0 &&
            (self.dim() == 3 ? self.size(0) > 0 : self.size(1) > 0);
  TG_CHECK(ok, op,
           ": expected a 3-D or 4-D (batch mode) tensor with optional 0 dim batch size for "
           "input, but got: ",
           self.sizes());
  TG_CHECK(isFloatingType(self.scalar_type()) || (allow_long && self.scalar_type() == kLong), op,
           ": \"", op, "\" not implemented for '", self.scalar_type(), "'");
}

Pair pool_pair(IntArrayRef v, const char* op, const char* what, bool allow_empty = false) {
  TG_CHECK((allow_empty && v.empty()) || v.size() == 1 || v.size() == 2, op, ": ", what,
           allow_empty ? " must either be omitted, a single int, or a tuple of two ints"
                       : " must either be a single int, or a tuple of two ints",
           ", got ", what, "=", v);
  return v.size() == 1 ? Pair{v[0], v[0]} : Pair{v[0], v[1]};
}

struct PoolShape {
  Pair kernel, stride, padding, dilation;
  int64_t out_h, out_w;
};

/// Parses and checks the window arguments the way PyTorch's pool2d_shape_check does.
PoolShape pool_shape(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                     IntArrayRef padding, IntArrayRef dilation, bool ceil_mode, const char* op,
                     bool allow_long = false) {
  check_pool_input(self, op, allow_long);
  PoolShape s;
  s.kernel = pool_pair(kernel_size, op, "kernel_size");
  s.stride = stride.empty() ? s.kernel : pool_pair(stride, op, "stride", true);
  s.padding = pool_pair(padding, op, "padding");
  s.dilation = pool_pair(dilation, op, "dilation");
  TG_CHECK(s.kernel.h > 0 && s.kernel.w > 0, op,
           ": kernel size should be greater than zero, but "
           "got kH: ",
           s.kernel.h, " kW: ", s.kernel.w);
  TG_CHECK(s.stride.h > 0 && s.stride.w > 0, op,
           ": stride should be greater than zero, but got "
           "dH: ",
           s.stride.h, " dW: ", s.stride.w);
  TG_CHECK(s.dilation.h > 0 && s.dilation.w > 0, op,
           ": dilation should be greater than zero, but "
           "got dilationH: ",
           s.dilation.h, " dilationW: ", s.dilation.w);
  TG_CHECK(s.padding.h >= 0 && s.padding.w >= 0, op,
           ": pad must be non-negative, but got padH: ", s.padding.h, " padW: ", s.padding.w);
  for (auto [pad, kernel] :
       {std::pair{s.padding.h, s.kernel.h}, std::pair{s.padding.w, s.kernel.w}})
    TG_CHECK(pad <= kernel / 2, op,
             ": pad should be at most half of kernel size, but got pad=", pad,
             " and kernel_size=", kernel);
  const int64_t H = self.size(-2), W = self.size(-1);
  s.out_h = pooling_output_size(H, s.kernel.h, s.padding.h, s.stride.h, s.dilation.h, ceil_mode);
  s.out_w = pooling_output_size(W, s.kernel.w, s.padding.w, s.stride.w, s.dilation.w, ceil_mode);
  TG_CHECK(s.out_h >= 1 && s.out_w >= 1, op, ": given input size: (", self.size(-3), "x", H, "x", W,
           "). Calculated output size: (", self.size(-3), "x", s.out_h, "x", s.out_w,
           "). Output size is too small");
  return s;
}

DimVector pooled_sizes(IntArrayRef in, int64_t out_h, int64_t out_w) {
  DimVector out(in);
  out[out.size() - 2] = out_h;
  out[out.size() - 1] = out_w;
  return out;
}

// ---- max pooling: gather / scatter through the argmax indices ----

Tensor scatter_planes(const Tensor& grad, const Tensor& indices, IntArrayRef input_sizes);

/// out[p, j] = x[p, idx[p, j]] for planes p; idx holds flat positions into each H·W plane.
Tensor gather_planes(const Tensor& x, const Tensor& indices) {
  Tensor out = ops::empty_tensor(indices.sizes(), x.scalar_type());
  {
    NoGradGuard no_grad;
    Tensor xc = x.contiguous();
    const int64_t planes = num_planes(x.sizes()), HW = x.size(-1) * x.size(-2);
    const int64_t L = indices.size(-1) * indices.size(-2);
    dispatch_floating(x.scalar_type(), "max_pool2d", [&]<typename T>() {
      const T* src = xc.data_ptr<T>();
      const int64_t* idx = indices.data_ptr<int64_t>();
      T* dst = out.data_ptr<T>();
      for_each_plane(planes, L, [&](int64_t p) {
        for (int64_t j = 0; j < L; ++j) dst[p * L + j] = src[p * HW + idx[p * L + j]];
      });
    });
  }
  return out;
}

/// The max-pool backward node on `out` = gather(input, indices).
void record_max_pool(const Tensor& input, const Tensor& indices, Tensor& out) {
  // d/dx gather(x, idx) = scatter of the gradient to the argmax positions
  if (autograd::compute_requires_grad(input)) {
    autograd::record("MaxPool2DWithIndicesBackward0", {input}, out,
                     [indices, sizes = DimVector(input.sizes())](const Tensor& grad) {
                       return variable_list{scatter_planes(grad, indices, sizes)};
                     });
  }
}

/// out[p, idx[p, j]] += g[p, j]: the adjoint of gather_planes.
Tensor scatter_planes(const Tensor& grad, const Tensor& indices, IntArrayRef input_sizes) {
  Tensor out = ops::empty_tensor(input_sizes, grad.scalar_type());
  {
    NoGradGuard no_grad;
    Tensor g = grad.contiguous();
    const int64_t planes = num_planes(input_sizes);
    const int64_t HW = input_sizes.back() * input_sizes[input_sizes.size() - 2];
    const int64_t L = indices.size(-1) * indices.size(-2);
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
  // d/dg scatter(g, idx) = gather of the incoming gradient at the argmax positions
  if (autograd::compute_requires_grad(grad)) {
    autograd::record("MaxPool2DWithIndicesBackwardBackward0", {grad}, out,
                     [indices](const Tensor& gg) {
                       Tensor r = gather_planes(gg, indices);
                       record_max_pool(gg, indices, r);
                       return variable_list{r};
                     });
  }
  return out;
}

std::tuple<Tensor, Tensor> max_pool_impl(const Tensor& self, IntArrayRef kernel_size,
                                         IntArrayRef stride, IntArrayRef padding,
                                         IntArrayRef dilation, bool ceil_mode, const char* op) {
  PoolShape s = pool_shape(self, kernel_size, stride, padding, dilation, ceil_mode, op);
  DimVector out_sizes = pooled_sizes(self.sizes(), s.out_h, s.out_w);
  Tensor out = ops::empty_tensor(out_sizes, self.scalar_type());
  Tensor indices = ops::empty_tensor(out_sizes, kLong);
  {
    NoGradGuard no_grad;
    Tensor x = self.contiguous();
    const int64_t H = self.size(-2), W = self.size(-1), OH = s.out_h, OW = s.out_w;
    const int64_t planes = num_planes(self.sizes());
    dispatch_floating(self.scalar_type(), op, [&]<typename T>() {
      const T* src = x.data_ptr<T>();
      T* dst = out.data_ptr<T>();
      int64_t* ind = indices.data_ptr<int64_t>();
      // NaN wins, so a NaN anywhere in the window propagates as in PyTorch; on a tie the first
      // position in the window wins.
      auto better = [](T v, T best) { return v > best || v != v; };
      const bool two_by_two = s.kernel.h == 2 && s.kernel.w == 2 && s.stride.h == 2 &&
                              s.stride.w == 2 && s.padding.h == 0 && s.padding.w == 0 &&
                              s.dilation.h == 1 && s.dilation.w == 1 && 2 * OH <= H && 2 * OW <= W;
      if (two_by_two) { // the usual CNN pooling, without the general window bookkeeping
        for_each_plane(planes, OH * OW * 4, [&](int64_t p) {
          const T* plane = src + p * H * W;
          T* o = dst + p * OH * OW;
          int64_t* oi = ind + p * OH * OW;
          // Branch-free and vectorisable: which of the four wins is data-dependent, and the
          // mispredicted branches made this loop 12% of simple_cnn's time. Comparisons feed
          // integer arithmetic and std::max (maxps) rather than selects, which GCC turns back into
          // branches. The fast loop is exact (first maximum wins) unless a NaN is present; a plane
          // holding a NaN is redone by the exact loop below.
          // Local copies and __restrict: the int64 index stores could otherwise alias the
          // captured sizes, which were then reloaded on every iteration.
          const int64_t w = W, ow_end = OW;
          int64_t has_nan = 0;
          for (int64_t oh = 0; oh < OH; ++oh) {
            const T* __restrict row0 = plane + 2 * oh * w;
            const T* __restrict row1 = row0 + w;
            T* __restrict orow = o + oh * ow_end;
            int64_t* __restrict irow = oi + oh * ow_end;
            const int64_t at = 2 * oh * w;
            for (int64_t ow = 0; ow < ow_end; ++ow) {
              const T a = row0[2 * ow], b = row0[2 * ow + 1];
              const T c = row1[2 * ow], d = row1[2 * ow + 1];
              const int64_t top = b > a, bottom = d > c;
              const T m_top = std::max(a, b), m_bottom = std::max(c, d);
              const int64_t lower = m_bottom > m_top;
              orow[ow] = std::max(m_top, m_bottom);
              irow[ow] = at + 2 * ow + top + lower * (w + bottom - top);
              has_nan |= int64_t(a != a) | int64_t(b != b) | int64_t(c != c) | int64_t(d != d);
            }
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
      for_each_plane(planes, OH * OW * s.kernel.h * s.kernel.w, [&](int64_t p) {
        const T* plane = src + p * H * W;
        for (int64_t oh = 0; oh < OH; ++oh) {
          int64_t h0 = oh * s.stride.h - s.padding.h;
          int64_t h1 = std::min(h0 + (s.kernel.h - 1) * s.dilation.h + 1, H);
          while (h0 < 0) h0 += s.dilation.h;
          for (int64_t ow = 0; ow < OW; ++ow) {
            int64_t w0 = ow * s.stride.w - s.padding.w;
            int64_t w1 = std::min(w0 + (s.kernel.w - 1) * s.dilation.w + 1, W);
            while (w0 < 0) w0 += s.dilation.w;
            int64_t best = h0 * W + w0;
            T best_val = -std::numeric_limits<T>::infinity();
            for (int64_t h = h0; h < h1; h += s.dilation.h)
              for (int64_t w = w0; w < w1; w += s.dilation.w) {
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
  record_max_pool(self, indices, out);
  return {out, indices};
}

// ---- average pooling: one linear "window average" op for both avg_pool2d and the adaptive one
// ----

/// Per-axis windows [start, end) of every output position and, per axis, the factor the divisor
/// uses when padding counts (count_include_pad).
struct AxisWindows {
  std::vector<int64_t> start, end, padded_len;
};

struct Windows {
  int64_t in_h = 0, in_w = 0;
  AxisWindows h, w;
  bool divide_by_padded = false;  // count_include_pad: divisor includes padded cells
  std::optional<int64_t> divisor; // divisor_override
  bool adaptive = false;

  int64_t divisor_at(int64_t oh, int64_t ow) const {
    if (divisor) return *divisor;
    if (divide_by_padded) return h.padded_len[oh] * w.padded_len[ow];
    return (h.end[oh] - h.start[oh]) * (w.end[ow] - w.start[ow]);
  }
};

Tensor window_avg_adjoint(const Tensor& grad, const std::shared_ptr<const Windows>& win,
                          IntArrayRef input_sizes);

/// out[p, oh, ow] = Σ x[p, h0..h1, w0..w1] / divisor(oh, ow)
Tensor window_avg(const Tensor& x, const std::shared_ptr<const Windows>& win) {
  const Windows& wn = *win;
  const int64_t H = wn.in_h, W = wn.in_w;
  const int64_t OH = int64_t(wn.h.start.size()), OW = int64_t(wn.w.start.size());
  Tensor out = ops::empty_tensor(pooled_sizes(x.sizes(), OH, OW), x.scalar_type());
  {
    NoGradGuard no_grad;
    Tensor xc = x.contiguous();
    const int64_t planes = num_planes(x.sizes());
    auto run = [&]<typename T, typename Acc>() {
      const T* src = xc.data_ptr<T>();
      T* dst = out.data_ptr<T>();
      for_each_plane(planes, H * W + OH * OW, [&](int64_t p) {
        const T* plane = src + p * H * W;
        for (int64_t oh = 0; oh < OH; ++oh)
          for (int64_t ow = 0; ow < OW; ++ow) {
            Acc acc = 0;
            for (int64_t h = wn.h.start[oh]; h < wn.h.end[oh]; ++h)
              for (int64_t w = wn.w.start[ow]; w < wn.w.end[ow]; ++w) acc += Acc(plane[h * W + w]);
            // integer pooling divides in integers (truncating), as PyTorch's CPU kernel does
            dst[(p * OH + oh) * OW + ow] = T(acc / Acc(wn.divisor_at(oh, ow)));
          }
      });
    };
    if (x.scalar_type() == kLong)
      run.template operator()<int64_t, int64_t>();
    else
      dispatch_floating(x.scalar_type(), "avg_pool2d",
                        [&]<typename T>() { run.template operator()<T, double>(); });
  }
  // linear: the gradient is the adjoint, each ḡ spread evenly (÷ divisor) over its window
  if (autograd::compute_requires_grad(x)) {
    autograd::record(wn.adaptive ? "AdaptiveAvgPool2DBackward0" : "AvgPool2DBackward0", {x}, out,
                     [win, sizes = DimVector(x.sizes())](const Tensor& grad) {
                       return variable_list{window_avg_adjoint(grad, win, sizes)};
                     });
  }
  return out;
}

/// gx[p, h, w] = Σ over windows containing (h, w) of g[p, oh, ow] / divisor(oh, ow)
Tensor window_avg_adjoint(const Tensor& grad, const std::shared_ptr<const Windows>& win,
                          IntArrayRef input_sizes) {
  const Windows& wn = *win;
  const int64_t H = wn.in_h, W = wn.in_w;
  const int64_t OH = int64_t(wn.h.start.size()), OW = int64_t(wn.w.start.size());
  Tensor out = ops::empty_tensor(input_sizes, grad.scalar_type());
  {
    NoGradGuard no_grad;
    Tensor g = grad.contiguous();
    const int64_t planes = num_planes(input_sizes);
    dispatch_floating(g.scalar_type(), "avg_pool2d backward", [&]<typename T>() {
      const T* src = g.data_ptr<T>();
      T* dst = out.data_ptr<T>();
      for_each_plane(planes, H * W + OH * OW, [&](int64_t p) {
        T* plane = dst + p * H * W;
        std::fill(plane, plane + H * W, T(0));
        for (int64_t oh = 0; oh < OH; ++oh)
          for (int64_t ow = 0; ow < OW; ++ow) {
            const T v = T(double(src[(p * OH + oh) * OW + ow]) / double(wn.divisor_at(oh, ow)));
            for (int64_t h = wn.h.start[oh]; h < wn.h.end[oh]; ++h)
              for (int64_t w = wn.w.start[ow]; w < wn.w.end[ow]; ++w) plane[h * W + w] += v;
          }
      });
    });
  }
  // linear: its adjoint is the forward average again
  if (autograd::compute_requires_grad(grad)) {
    autograd::record(
        wn.adaptive ? "AdaptiveAvgPool2DBackwardBackward0" : "AvgPool2DBackwardBackward0", {grad},
        out, [win](const Tensor& gg) { return variable_list{window_avg(gg, win)}; });
  }
  return out;
}

/// avg_pool2d's windows: clipped to the padded input for the padded divisor, then to the input.
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

/// adaptive windows: [floor(o·in/out), ceil((o+1)·in/out))
AxisWindows adaptive_axis(int64_t in, int64_t out) {
  AxisWindows a;
  for (int64_t o = 0; o < out; ++o) {
    a.start.push_back(o * in / out);
    a.end.push_back(((o + 1) * in + out - 1) / out);
    a.padded_len.push_back(a.end.back() - a.start.back());
  }
  return a;
}

} // namespace

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  return max_pool_impl(self, kernel_size, stride, padding, dilation, ceil_mode,
                       "max_pool2d_with_indices");
}

Tensor max_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(
      max_pool_impl(self, kernel_size, stride, padding, dilation, ceil_mode, "max_pool2d"));
}

Tensor avg_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  TG_CHECK(!divisor_override || *divisor_override != 0, "avg_pool2d: divisor must be not zero");
  PoolShape s = pool_shape(self, kernel_size, stride, padding, 1, ceil_mode, "avg_pool2d",
                           /*allow_long=*/true);
  auto win = std::make_shared<Windows>();
  win->in_h = self.size(-2);
  win->in_w = self.size(-1);
  win->h = pool_axis(win->in_h, s.out_h, s.kernel.h, s.stride.h, s.padding.h);
  win->w = pool_axis(win->in_w, s.out_w, s.kernel.w, s.stride.w, s.padding.w);
  win->divide_by_padded = count_include_pad;
  win->divisor = divisor_override;
  return window_avg(self, win);
}

Tensor adaptive_avg_pool2d(const Tensor& self, IntArrayRef output_size) {
  TG_CHECK(output_size.size() == 2, "adaptive_avg_pool2d: output_size must be 2, got ",
           output_size);
  TG_CHECK(output_size[0] >= 0 && output_size[1] >= 0,
           "adaptive_avg_pool2d: elements of "
           "output_size must be greater than or equal to 0 but received {",
           output_size[0], ", ", output_size[1], "}");
  TG_CHECK(self.defined() && (self.dim() == 3 || self.dim() == 4),
           "adaptive_avg_pool2d(): "
           "Expected 3D or 4D tensor, but got ",
           self.sizes());
  for (int64_t d = 1; d < self.dim(); ++d)
    TG_CHECK(self.size(d) > 0,
             "adaptive_avg_pool2d(): Expected input to have non-zero size for "
             "non-batch dimensions, but input has sizes ",
             self.sizes(), " with dimension ", d, " being empty");
  TG_CHECK(isFloatingType(self.scalar_type()),
           "adaptive_avg_pool2d: \"adaptive_avg_pool2d\" not "
           "implemented for '",
           self.scalar_type(), "'");
  auto win = std::make_shared<Windows>();
  win->in_h = self.size(-2);
  win->in_w = self.size(-1);
  win->h = adaptive_axis(win->in_h, output_size[0]);
  win->w = adaptive_axis(win->in_w, output_size[1]);
  win->adaptive = true;
  return window_avg(self, win);
}

} // namespace tg
