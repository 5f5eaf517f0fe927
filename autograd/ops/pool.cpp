// 2-D pooling over the last two dims of a [C, H, W] or [N, C, H, W] tensor; every (n, c) plane is
// pooled independently. The loops, the 2×2 fast path among them, are autograd/kernels/pool.h.
//
// Max pooling keeps the flat index (into H·W) of each window's maximum. Its backward scatters the
// gradient to those positions; the adjoint of that scatter is a gather through the same indices, so
// the pair (gather, scatter) gives every order of derivative.
//
// Average pooling, plain or adaptive, is one linear op: output cell (oh, ow) averages the input
// rectangle [h0, h1) × [w0, w1) with some divisor. Its backward is the adjoint (spread each
// gradient evenly over its rectangle), whose backward is the forward again.
#include <memory>
#include <tuple>

#include "autograd/kernels/pool.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;
using kernels::Pair;
using kernels::Windows;

namespace {

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
  NoGradGuard no_grad;
  kernels::gather_planes(x.contiguous(), indices, out);
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
    kernels::scatter_planes(grad.contiguous(), indices, out);
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
    const kernels::PoolWindow window{s.kernel, s.stride, s.padding, s.dilation};
    kernels::max_pool2d(self.contiguous(), out, indices, window, op);
  }
  record_max_pool(self, indices, out); // the backward, just above: scatter to the argmax
  return {out, indices};
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

namespace {

// ---- average pooling: one linear "window average" op for both avg_pool2d and the adaptive one

Tensor window_avg_adjoint(const Tensor& grad, const std::shared_ptr<const Windows>& win,
                          IntArrayRef input_sizes);

/// out[p, oh, ow] = Σ x[p, h0..h1, w0..w1] / divisor(oh, ow)
Tensor window_avg(const Tensor& x, const std::shared_ptr<const Windows>& win) {
  const int64_t OH = int64_t(win->h.start.size()), OW = int64_t(win->w.start.size());
  Tensor out = ops::empty_tensor(pooled_sizes(x.sizes(), OH, OW), x.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::window_avg(x.contiguous(), *win, out);
  }
  // linear: the gradient is the adjoint, each ḡ spread evenly (÷ divisor) over its window
  if (autograd::compute_requires_grad(x)) {
    autograd::record(win->adaptive ? "AdaptiveAvgPool2DBackward0" : "AvgPool2DBackward0", {x}, out,
                     [win, sizes = DimVector(x.sizes())](const Tensor& grad) {
                       return variable_list{window_avg_adjoint(grad, win, sizes)};
                     });
  }
  return out;
}

/// gx[p, h, w] = Σ over windows containing (h, w) of g[p, oh, ow] / divisor(oh, ow)
Tensor window_avg_adjoint(const Tensor& grad, const std::shared_ptr<const Windows>& win,
                          IntArrayRef input_sizes) {
  Tensor out = ops::empty_tensor(input_sizes, grad.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::window_avg_adjoint(grad.contiguous(), *win, out);
  }
  // linear: its adjoint is the forward average again
  if (autograd::compute_requires_grad(grad)) {
    autograd::record(
        win->adaptive ? "AdaptiveAvgPool2DBackwardBackward0" : "AvgPool2DBackwardBackward0", {grad},
        out, [win](const Tensor& gg) { return variable_list{window_avg(gg, win)}; });
  }
  return out;
}

} // namespace

Tensor avg_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  TG_CHECK(!divisor_override || *divisor_override != 0, "avg_pool2d: divisor must be not zero");
  PoolShape s = pool_shape(self, kernel_size, stride, padding, 1, ceil_mode, "avg_pool2d",
                           /*allow_long=*/true);
  auto win = std::make_shared<Windows>();
  win->in_h = self.size(-2);
  win->in_w = self.size(-1);
  win->h = kernels::pool_axis(win->in_h, s.out_h, s.kernel.h, s.stride.h, s.padding.h);
  win->w = kernels::pool_axis(win->in_w, s.out_w, s.kernel.w, s.stride.w, s.padding.w);
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
  win->h = kernels::adaptive_axis(win->in_h, output_size[0]);
  win->w = kernels::adaptive_axis(win->in_w, output_size[1]);
  win->adaptive = true;
  return window_avg(self, win);
}

} // namespace tg
