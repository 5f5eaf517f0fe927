// 2-D and 3-D pooling over the last two (three) dims of a [C, H, W] or [N, C, H, W] ([C, D, H, W]
// or [N, C, D, H, W]) tensor; every (n, c) plane is pooled independently. The 1-D pools are the
// 2-D ones on a height-1 view, as LibTorch computes them. The loops, the 2×2 fast path among them,
// are autograd/kernels/pool.h.
//
// Max pooling keeps the flat index (into H·W) of each window's maximum. Its backward scatters the
// gradient to those positions; the adjoint of that scatter is a gather through the same indices, so
// the pair (gather, scatter) gives every order of derivative.
//
// Average pooling, plain or adaptive, is one linear op: output cell (oh, ow) averages the input
// rectangle [h0, h1) × [w0, w1) (a box, in 3-D) with some divisor. Its backward is the adjoint
// (spread each gradient evenly over its rectangle), whose backward is the forward again.
#include <algorithm>
#include <memory>
#include <string>
#include <tuple>

#include "autograd/kernels/pool.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;
using kernels::AxisWindows;
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

/// "3-D or 4-D" for 2-D pooling, "4-D or 5-D" for 3-D.
std::string ranks(int dims) { return str(dims + 1, "-D or ", dims + 2, "-D"); }

void check_pool_input(const Tensor& self, const char* op, int dims, bool allow_long = false) {
  TG_CHECK(self.defined(), op, ": input is undefined");
  bool ok = self.dim() == dims + 1 || self.dim() == dims + 2;
  for (int64_t d = self.dim() - dims - 1; ok && d < self.dim(); ++d) ok = self.size(d) > 0;
  TG_CHECK(
      ok, op, ": expected a ", ranks(dims),
      " (batch mode) tensor with optional 0 dim batch size for input, but got: ", self.sizes());
  TG_CHECK(isFloatingType(self.scalar_type()) || (allow_long && self.scalar_type() == kLong), op,
           ": \"", op, "\" not implemented for '", self.scalar_type(), "'");
}

/// `v` (one value, or one per pooled dim) expanded to `dims` values, with LibTorch's message.
DimVector pool_list(IntArrayRef v, const char* op, const char* what, int dims,
                    bool allow_empty = false) {
  const char* count = dims == 2 ? "two" : "three";
  TG_CHECK((allow_empty && v.empty()) || v.size() == 1 || int64_t(v.size()) == dims, op, ": ", what,
           allow_empty
               ? str(" must either be omitted, a single int, or a tuple of ", count, " ints")
               : str(" must either be a single int, or a tuple of ", count, " ints"),
           ", got ", what, "=", v);
  return v.size() == 1 ? DimVector(size_t(dims), v[0]) : DimVector(v);
}

/// The window arguments of a 2-D or 3-D pooling, one value per pooled dim, and the output size.
struct PoolShape {
  int dims;
  DimVector kernel, stride, padding, dilation, out;

  /// The kernels' window description (depth fields only for 3-D).
  kernels::PoolWindow window() const {
    const size_t h = size_t(dims) - 2, w = size_t(dims) - 1;
    kernels::PoolWindow win{{kernel[h], kernel[w]},
                            {stride[h], stride[w]},
                            {padding[h], padding[w]},
                            {dilation[h], dilation[w]}};
    if (dims == 3) {
      win.kernel_d = kernel[0], win.stride_d = stride[0];
      win.padding_d = padding[0], win.dilation_d = dilation[0];
    }
    return win;
  }
};

/// " kH: 1 kW: 0" (or " kT: .. kH: .. kW: .." for 3-D), as LibTorch's shape checks print.
std::string lettered(const char* prefix, const DimVector& v) {
  static const char* const kAxes2[] = {"H", "W"};
  static const char* const kAxes3[] = {"T", "H", "W"};
  std::string out;
  for (size_t i = 0; i < v.size(); ++i)
    out += str(i ? " " : "", prefix, (v.size() == 2 ? kAxes2 : kAxes3)[i], ": ", v[i]);
  return out;
}

/// Parses and checks the window arguments the way PyTorch's pool2d/pool3d_shape_check does.
PoolShape pool_shape(const Tensor& self, int dims, IntArrayRef kernel_size, IntArrayRef stride,
                     IntArrayRef padding, IntArrayRef dilation, bool ceil_mode, const char* op,
                     bool allow_long = false) {
  check_pool_input(self, op, dims, allow_long);
  PoolShape s;
  s.dims = dims;
  s.kernel = pool_list(kernel_size, op, "kernel_size", dims);
  s.stride = stride.empty() ? s.kernel : pool_list(stride, op, "stride", dims, true);
  s.padding = pool_list(padding, op, "padding", dims);
  s.dilation = pool_list(dilation, op, "dilation", dims);
  auto all = [](const DimVector& v, auto pred) { return std::all_of(v.begin(), v.end(), pred); };
  TG_CHECK(all(s.kernel, [](int64_t k) { return k > 0; }), op,
           ": kernel size should be greater than zero, but got ", lettered("k", s.kernel));
  TG_CHECK(all(s.stride, [](int64_t k) { return k > 0; }), op,
           ": stride should be greater than zero, but got ", lettered("d", s.stride));
  TG_CHECK(all(s.dilation, [](int64_t k) { return k > 0; }), op,
           ": dilation should be greater than zero, but got ", lettered("dilation", s.dilation));
  TG_CHECK(all(s.padding, [](int64_t k) { return k >= 0; }), op,
           ": pad must be non-negative, but got ", lettered("pad", s.padding));
  for (size_t i = 0; i < size_t(dims); ++i)
    TG_CHECK(s.padding[i] <= s.kernel[i] / 2, op,
             ": pad should be at most half of kernel size, but got pad=", s.padding[i],
             " and kernel_size=", s.kernel[i]);
  bool positive = true;
  for (size_t i = 0; i < size_t(dims); ++i) {
    const int64_t in = self.size(self.dim() - dims + int64_t(i));
    s.out.push_back(
        pooling_output_size(in, s.kernel[i], s.padding[i], s.stride[i], s.dilation[i], ceil_mode));
    positive = positive && s.out.back() >= 1;
  }
  if (!positive) { // "CxHxW" of the input and the output, as LibTorch prints them
    std::string in_str = std::to_string(self.size(-dims - 1)), out_str = in_str;
    for (size_t i = 0; i < size_t(dims); ++i) {
      in_str += "x" + std::to_string(self.size(self.dim() - dims + int64_t(i)));
      out_str += "x" + std::to_string(s.out[i]);
    }
    TG_CHECK(false, op, ": given input size: (", in_str, "). Calculated output size: (", out_str,
             "). Output size is too small");
  }
  return s;
}

/// `in` with its last out.size() sizes replaced by `out`.
DimVector pooled_sizes(IntArrayRef in, IntArrayRef out) {
  DimVector sizes(in);
  for (size_t i = 0; i < out.size(); ++i) sizes[sizes.size() - out.size() + i] = out[i];
  return sizes;
}

// ---- max pooling: gather / scatter through the argmax indices ----

/// The nodes of a max pooling: its backward, the backward's backward, and how many dims a plane
/// spans (the indices are flat positions into it).
struct MaxNodes {
  const char* forward;
  const char* backward;
  int spatial;
};
constexpr MaxNodes kMaxPool2d{"MaxPool2DWithIndicesBackward0",
                              "MaxPool2DWithIndicesBackwardBackward0", 2};
constexpr MaxNodes kMaxPool3d{"MaxPool3DWithIndicesBackward0",
                              "MaxPool3DWithIndicesBackwardBackward0", 3};
constexpr MaxNodes kAdaptiveMaxPool2d{"AdaptiveMaxPool2DBackward0",
                                      "AdaptiveMaxPool2DBackwardBackward0", 2};
constexpr MaxNodes kAdaptiveMaxPool3d{"AdaptiveMaxPool3DBackward0",
                                      "AdaptiveMaxPool3DBackwardBackward0", 3};

Tensor scatter_planes(const Tensor& grad, const Tensor& indices, IntArrayRef input_sizes,
                      const MaxNodes& nodes);

/// out[p, j] = x[p, idx[p, j]] for planes p; idx holds flat positions into each plane.
Tensor gather_planes(const Tensor& x, const Tensor& indices, int spatial) {
  Tensor out = ops::empty_tensor(indices.sizes(), x.scalar_type());
  NoGradGuard no_grad;
  kernels::gather_planes(x.contiguous(), indices, out, spatial);
  return out;
}

/// The max-pool backward node on `out` = gather(input, indices).
void record_max_pool(const Tensor& input, const Tensor& indices, Tensor& out,
                     const MaxNodes& nodes) {
  // d/dx gather(x, idx) = scatter of the gradient to the argmax positions
  if (autograd::compute_requires_grad(input)) {
    autograd::record(nodes.forward, {input}, out,
                     [indices, sizes = DimVector(input.sizes()), &nodes](const Tensor& grad) {
                       return variable_list{scatter_planes(grad, indices, sizes, nodes)};
                     });
  }
}

/// out[p, idx[p, j]] += g[p, j]: the adjoint of gather_planes.
Tensor scatter_planes(const Tensor& grad, const Tensor& indices, IntArrayRef input_sizes,
                      const MaxNodes& nodes) {
  Tensor out = ops::empty_tensor(input_sizes, grad.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::scatter_planes(grad.contiguous(), indices, out, nodes.spatial);
  }
  // d/dg scatter(g, idx) = gather of the incoming gradient at the argmax positions
  if (autograd::compute_requires_grad(grad)) {
    autograd::record(nodes.backward, {grad}, out, [indices, &nodes](const Tensor& gg) {
      Tensor r = gather_planes(gg, indices, nodes.spatial);
      record_max_pool(gg, indices, r, nodes);
      return variable_list{r};
    });
  }
  return out;
}

std::tuple<Tensor, Tensor> max_pool_impl(const Tensor& self, int dims, IntArrayRef kernel_size,
                                         IntArrayRef stride, IntArrayRef padding,
                                         IntArrayRef dilation, bool ceil_mode, const char* op) {
  const PoolShape s = pool_shape(self, dims, kernel_size, stride, padding, dilation, ceil_mode, op);
  const DimVector out_sizes = pooled_sizes(self.sizes(), s.out);
  Tensor out = ops::empty_tensor(out_sizes, self.scalar_type());
  Tensor indices = ops::empty_tensor(out_sizes, kLong);
  {
    NoGradGuard no_grad;
    if (dims == 2)
      kernels::max_pool2d(self.contiguous(), out, indices, s.window(), op);
    else
      kernels::max_pool3d(self.contiguous(), out, indices, s.window(), op);
  }
  // the backward, just above: scatter to the argmax
  record_max_pool(self, indices, out, dims == 2 ? kMaxPool2d : kMaxPool3d);
  return {out, indices};
}

/// The checks LibTorch's 1-D pools make before they run the 2-D op on a height-1 view.
void check_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, const char* op) {
  TG_CHECK(self.defined() && (self.dim() == 2 || self.dim() == 3), op,
           "() Expected 2D or 3D input tensor, but got ",
           self.defined() ? ops::shape_str(self) : "undefined");
  TG_CHECK(kernel_size.size() == 1, op,
           "() kernel_size must be an int, list of ints or tuple of ints of size 1 but got size ",
           kernel_size.size());
  TG_CHECK(stride.size() <= 1, op,
           "() stride must be an int, list of ints or tuple of ints of size 1 but got size ",
           stride.size());
  TG_CHECK(padding.size() == 1, op,
           "() padding must be an int, list of ints or tuple of ints of size 1 but got size ",
           padding.size());
  TG_CHECK(dilation.size() == 1, op,
           "() dilation must be an int, list of ints or tuple of ints of size 1 but got size ",
           dilation.size());
}

/// {1, v[0]}: a 1-D window argument as the 2-D op's (height 1).
DimVector with_unit_height(IntArrayRef v, int64_t unit) {
  return v.empty() ? DimVector() : DimVector{unit, v[0]};
}

} // namespace

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  return max_pool_impl(self, 2, kernel_size, stride, padding, dilation, ceil_mode,
                       "max_pool2d_with_indices");
}

Tensor max_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(
      max_pool_impl(self, 2, kernel_size, stride, padding, dilation, ceil_mode, "max_pool2d"));
}

std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  return max_pool_impl(self, 3, kernel_size, stride, padding, dilation, ceil_mode,
                       "max_pool3d_with_indices");
}

Tensor max_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(
      max_pool_impl(self, 3, kernel_size, stride, padding, dilation, ceil_mode, "max_pool3d"));
}

// The 1-D pools are the 2-D ones on a height-1 view, as in LibTorch (whose grad_fn is then
// SqueezeBackward1 too).
std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  check_pool1d(self, kernel_size, stride, padding, dilation, "max_pool1d");
  auto [out, indices] = max_pool_impl(self.unsqueeze(-2), 2, with_unit_height(kernel_size, 1),
                                      with_unit_height(stride, 1), with_unit_height(padding, 0),
                                      with_unit_height(dilation, 1), ceil_mode, "max_pool1d");
  return {out.squeeze(-2), indices.squeeze(-2)};
}

Tensor max_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(
      max_pool1d_with_indices(self, kernel_size, stride, padding, dilation, ceil_mode));
}

namespace {

// ---- average pooling: one linear "window average" op for both avg_pool2d and the adaptive one

Tensor window_avg_adjoint(const Tensor& grad, const std::shared_ptr<const Windows>& win,
                          IntArrayRef input_sizes);

/// The nodes of an average pooling and of its adjoint (its double backward).
const char* avg_node(const Windows& win) {
  if (win.spatial == 3) return win.adaptive ? "AdaptiveAvgPool3DBackward0" : "AvgPool3DBackward0";
  return win.adaptive ? "AdaptiveAvgPool2DBackward0" : "AvgPool2DBackward0";
}
const char* avg_adjoint_node(const Windows& win) {
  if (win.spatial == 3)
    return win.adaptive ? "AdaptiveAvgPool3DBackwardBackward0" : "AvgPool3DBackwardBackward0";
  return win.adaptive ? "AdaptiveAvgPool2DBackwardBackward0" : "AvgPool2DBackwardBackward0";
}

/// The output cells of `win` along each pooled axis.
DimVector window_counts(const Windows& win) {
  DimVector out;
  if (win.spatial == 3) out.push_back(int64_t(win.d.start.size()));
  out.push_back(int64_t(win.h.start.size()));
  out.push_back(int64_t(win.w.start.size()));
  return out;
}

/// out[p, od, oh, ow] = Σ x[p, window] / divisor(od, oh, ow)
Tensor window_avg(const Tensor& x, const std::shared_ptr<const Windows>& win) {
  Tensor out = ops::empty_tensor(pooled_sizes(x.sizes(), window_counts(*win)), x.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::window_avg(x.contiguous(), *win, out);
  }
  // linear: the gradient is the adjoint, each ḡ spread evenly (÷ divisor) over its window
  if (autograd::compute_requires_grad(x)) {
    autograd::record(avg_node(*win), {x}, out,
                     [win, sizes = DimVector(x.sizes())](const Tensor& grad) {
                       return variable_list{window_avg_adjoint(grad, win, sizes)};
                     });
  }
  return out;
}

/// gx[p, d, h, w] = Σ over windows containing (d, h, w) of g[p, od, oh, ow] / divisor(od, oh, ow)
Tensor window_avg_adjoint(const Tensor& grad, const std::shared_ptr<const Windows>& win,
                          IntArrayRef input_sizes) {
  Tensor out = ops::empty_tensor(input_sizes, grad.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::window_avg_adjoint(grad.contiguous(), *win, out);
  }
  // linear: its adjoint is the forward average again
  if (autograd::compute_requires_grad(grad)) {
    autograd::record(avg_adjoint_node(*win), {grad}, out,
                     [win](const Tensor& gg) { return variable_list{window_avg(gg, win)}; });
  }
  return out;
}

/// avg_pool2d/3d: the windows of `s` over the last s.dims dims of `self`.
Tensor avg_pool_impl(const Tensor& self, const PoolShape& s, bool count_include_pad,
                     std::optional<int64_t> divisor_override) {
  auto win = std::make_shared<Windows>();
  win->spatial = s.dims;
  const int64_t first = self.dim() - s.dims;
  AxisWindows* axes[3] = {&win->d, &win->h, &win->w};
  int64_t* sizes[3] = {&win->in_d, &win->in_h, &win->in_w};
  for (int i = 0; i < s.dims; ++i) {
    const int slot = 3 - s.dims + i;
    const size_t a = size_t(i);
    *sizes[slot] = self.size(first + i);
    *axes[slot] =
        kernels::pool_axis(*sizes[slot], s.out[a], s.kernel[a], s.stride[a], s.padding[a]);
  }
  win->divide_by_padded = count_include_pad;
  win->divisor = divisor_override;
  return window_avg(self, win);
}

/// adaptive_{avg,max}_pool{2,3}d's windows for `output_size` over the last `dims` dims, after
/// LibTorch's checks.
std::shared_ptr<Windows> adaptive_windows(const Tensor& self, IntArrayRef output_size, int dims,
                                          const char* op) {
  TG_CHECK(int64_t(output_size.size()) == dims, op, ": output_size must be ", dims, ", got ",
           output_size);
  for (int64_t o : output_size)
    TG_CHECK(o >= 0, op,
             ": elements of output_size must be greater than or equal to 0 but "
             "received ",
             output_size);
  TG_CHECK(self.defined() && (self.dim() == dims + 1 || self.dim() == dims + 2), op,
           "(): Expected ", dims + 1, "D or ", dims + 2, "D tensor, but got ",
           self.defined() ? ops::shape_str(self) : "undefined");
  for (int64_t d = self.dim() - dims - 1; d < self.dim(); ++d)
    TG_CHECK(self.size(d) > 0, op,
             "(): Expected input to have non-zero size for non-batch "
             "dimensions, but input has sizes ",
             self.sizes(), " with dimension ", d, " being empty");
  TG_CHECK(isFloatingType(self.scalar_type()), op, ": \"", op, "\" not implemented for '",
           self.scalar_type(), "'");
  auto win = std::make_shared<Windows>();
  win->spatial = dims;
  win->adaptive = true;
  AxisWindows* axes[3] = {&win->d, &win->h, &win->w};
  int64_t* sizes[3] = {&win->in_d, &win->in_h, &win->in_w};
  for (int i = 0; i < dims; ++i) {
    const int slot = 3 - dims + i;
    *sizes[slot] = self.size(self.dim() - dims + i);
    *axes[slot] = kernels::adaptive_axis(*sizes[slot], output_size[size_t(i)]);
  }
  return win;
}

/// adaptive_max_pool2d/3d: the maximum of each adaptive window, and where it is.
std::tuple<Tensor, Tensor> adaptive_max_impl(const Tensor& self, IntArrayRef output_size, int dims,
                                             const char* op) {
  const auto win = adaptive_windows(self, output_size, dims, op);
  const DimVector out_sizes = pooled_sizes(self.sizes(), window_counts(*win));
  Tensor out = ops::empty_tensor(out_sizes, self.scalar_type());
  Tensor indices = ops::empty_tensor(out_sizes, kLong);
  {
    NoGradGuard no_grad;
    kernels::window_max(self.contiguous(), *win, out, indices, op);
  }
  // the backward, as max pooling's: scatter to the argmax
  record_max_pool(self, indices, out, dims == 2 ? kAdaptiveMaxPool2d : kAdaptiveMaxPool3d);
  return {out, indices};
}

} // namespace

Tensor avg_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  TG_CHECK(!divisor_override || *divisor_override != 0, "avg_pool2d: divisor must be not zero");
  const PoolShape s = pool_shape(self, 2, kernel_size, stride, padding, 1, ceil_mode, "avg_pool2d",
                                 /*allow_long=*/true);
  return avg_pool_impl(self, s, count_include_pad, divisor_override);
}

Tensor avg_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  TG_CHECK(!divisor_override || *divisor_override != 0, "avg_pool3d: divisor must be not zero");
  const PoolShape s = pool_shape(self, 3, kernel_size, stride, padding, 1, ceil_mode, "avg_pool3d");
  return avg_pool_impl(self, s, count_include_pad, divisor_override);
}

Tensor avg_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad) {
  check_pool1d(self, kernel_size, stride, padding, 1, "avg_pool1d");
  const Tensor x = self.unsqueeze(-2);
  const PoolShape s =
      pool_shape(x, 2, with_unit_height(kernel_size, 1), with_unit_height(stride, 1),
                 with_unit_height(padding, 0), 1, ceil_mode, "avg_pool1d", /*allow_long=*/true);
  return avg_pool_impl(x, s, count_include_pad, std::nullopt).squeeze(-2);
}

Tensor adaptive_avg_pool2d(const Tensor& self, IntArrayRef output_size) {
  return window_avg(self, adaptive_windows(self, output_size, 2, "adaptive_avg_pool2d"));
}

Tensor adaptive_avg_pool3d(const Tensor& self, IntArrayRef output_size) {
  return window_avg(self, adaptive_windows(self, output_size, 3, "adaptive_avg_pool3d"));
}

Tensor adaptive_avg_pool1d(const Tensor& self, IntArrayRef output_size) {
  TG_CHECK(output_size.size() == 1, "adaptive_avg_pool1d: output_size must be 1, got ",
           output_size);
  TG_CHECK(self.defined() && (self.dim() == 2 || self.dim() == 3),
           "adaptive_avg_pool1d(): Expected 2D or 3D tensor, but got ",
           self.defined() ? ops::shape_str(self) : "undefined");
  return adaptive_avg_pool2d(self.unsqueeze(-2), {1, output_size[0]}).squeeze(-2);
}

std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& self, IntArrayRef output_size) {
  return adaptive_max_impl(self, output_size, 2, "adaptive_max_pool2d");
}

std::tuple<Tensor, Tensor> adaptive_max_pool3d(const Tensor& self, IntArrayRef output_size) {
  return adaptive_max_impl(self, output_size, 3, "adaptive_max_pool3d");
}

std::tuple<Tensor, Tensor> adaptive_max_pool1d(const Tensor& self, IntArrayRef output_size) {
  TG_CHECK(output_size.size() == 1, "adaptive_max_pool1d: output_size must be 1, got ",
           output_size);
  TG_CHECK(self.defined() && (self.dim() == 2 || self.dim() == 3),
           "adaptive_max_pool1d(): Expected 2D or 3D tensor, but got ",
           self.defined() ? ops::shape_str(self) : "undefined");
  auto [out, indices] =
      adaptive_max_impl(self.unsqueeze(-2), {1, output_size[0]}, 2, "adaptive_max_pool1d");
  return {out.squeeze(-2), indices.squeeze(-2)};
}

} // namespace tg
