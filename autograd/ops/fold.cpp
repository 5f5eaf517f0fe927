// im2col / col2im as differentiable ops (torch::im2col and torch::col2im, behind F::unfold and
// F::fold): the same kernels the convolutions use (autograd/kernels/im2col.h), over a whole batch.
// Each is the other's adjoint, so each one's backward is the other, and every order of derivative
// follows.
#include "autograd/kernels/im2col.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::variable_list;
using kernels::ConvGeometry;

namespace {

/// kernel_size, dilation, padding and stride of im2col/col2im, two values each.
struct FoldParams {
  kernels::Pair kernel, dilation, padding, stride;
};

/// LibTorch's col2im/im2col shape checks on the parameters (they take exactly two values each).
FoldParams fold_params(const char* op, IntArrayRef kernel_size, IntArrayRef dilation,
                       IntArrayRef padding, IntArrayRef stride) {
  for (auto [v, what] : {std::pair{kernel_size, "kernel_size"}, std::pair{dilation, "dilation"},
                         std::pair{padding, "padding"}, std::pair{stride, "stride"}})
    TG_CHECK(v.size() == 2, op, ": It is expected ", what, " equals to 2, but got size ", v.size());
  const FoldParams p{{kernel_size[0], kernel_size[1]},
                     {dilation[0], dilation[1]},
                     {padding[0], padding[1]},
                     {stride[0], stride[1]}};
  TG_CHECK(p.kernel.h > 0 && p.kernel.w > 0, op,
           ": kernel size should be greater than zero, but got kernel_height: ", p.kernel.h,
           " kernel_width: ", p.kernel.w);
  TG_CHECK(p.dilation.h > 0 && p.dilation.w > 0, op,
           ": dilation should be greater than zero, but got dilation_height: ", p.dilation.h,
           " dilation_width: ", p.dilation.w);
  TG_CHECK(p.padding.h >= 0 && p.padding.w >= 0, op,
           ": padding should be non-negative, but got pad_height: ", p.padding.h,
           " pad_width: ", p.padding.w);
  TG_CHECK(p.stride.h > 0 && p.stride.w > 0, op,
           ": stride should be greater than zero, but got dH: ", p.stride.h, " dW: ", p.stride.w);
  return p;
}

/// The geometry of images of `channels` x `height` x `width` under `p`.
ConvGeometry fold_geometry(int64_t channels, int64_t height, int64_t width, const FoldParams& p) {
  ConvGeometry g;
  g.channels = channels, g.height = height, g.width = width;
  g.kernel_h = p.kernel.h, g.kernel_w = p.kernel.w;
  g.dilation_h = p.dilation.h, g.dilation_w = p.dilation.w;
  g.pad_h = p.padding.h, g.pad_w = p.padding.w;
  g.stride_h = p.stride.h, g.stride_w = p.stride.w;
  g.compute_output_size();
  return g;
}

Tensor col2im_batched(const Tensor& cols, const ConvGeometry& g, const FoldParams& p);

/// cols [N, C·kh·kw, L] of a checked batched x [N, C, H, W].
Tensor im2col_batched(const Tensor& x, const ConvGeometry& g, const FoldParams& p) {
  Tensor out = ops::empty_tensor({x.size(0), g.col_rows(), g.col_cols()}, x.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::im2col_batch(x.contiguous(), g, out);
  }
  // linear: the gradient is the adjoint, col2im (overlapping taps add up)
  if (autograd::compute_requires_grad(x)) {
    autograd::record("Im2ColBackward0", {x}, out, [g, p](const Tensor& grad) {
      return variable_list{col2im_batched(grad, g, p)};
    });
  }
  return out;
}

/// x [N, C, H, W] summed from checked batched cols [N, C·kh·kw, L].
Tensor col2im_batched(const Tensor& cols, const ConvGeometry& g, const FoldParams& p) {
  Tensor out = ops::empty_tensor({cols.size(0), g.channels, g.height, g.width}, cols.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::col2im_batch(cols.contiguous(), g, out);
  }
  // linear: the gradient is the adjoint, im2col
  if (autograd::compute_requires_grad(cols)) {
    autograd::record("Col2ImBackward0", {cols}, out, [g, p](const Tensor& grad) {
      return variable_list{im2col_batched(grad, g, p)};
    });
  }
  return out;
}

} // namespace

Tensor im2col(const Tensor& self, IntArrayRef kernel_size, IntArrayRef dilation,
              IntArrayRef padding, IntArrayRef stride) {
  const FoldParams p = fold_params("im2col", kernel_size, dilation, padding, stride);
  TG_CHECK(self.defined() && (self.dim() == 3 || self.dim() == 4) && self.size(-1) > 0 &&
               self.size(-2) > 0 && self.size(-3) > 0,
           "im2col: Expected non-empty 3D or 4D input tensor, but got input of size ",
           self.defined() ? ops::shape_str(self) : "undefined");
  TG_CHECK(isFloatingType(self.scalar_type()), "im2col: \"im2col\" not implemented for '",
           self.scalar_type(), "'");
  const ConvGeometry g = fold_geometry(self.size(-3), self.size(-2), self.size(-1), p);
  TG_CHECK(g.out_h >= 1 && g.out_w >= 1, "im2col: Given input with spatial size (", self.size(-2),
           ", ", self.size(-1), "), kernel_size=", kernel_size, ", dilation=", dilation,
           ", padding=", padding, ", calculated shape of the array of sliding blocks as (", g.out_h,
           ", ", g.out_w, "), but its components must be at least one.");
  if (self.dim() == 4) return im2col_batched(self, g, p);
  return im2col_batched(self.unsqueeze(0), g, p).squeeze(0);
}

Tensor col2im(const Tensor& self, IntArrayRef output_size, IntArrayRef kernel_size,
              IntArrayRef dilation, IntArrayRef padding, IntArrayRef stride) {
  TG_CHECK(output_size.size() == 2, "col2im: It is expected output_size equals to 2, but got size ",
           output_size.size());
  const FoldParams p = fold_params("col2im", kernel_size, dilation, padding, stride);
  TG_CHECK(self.defined() && (self.dim() == 2 || self.dim() == 3) && self.size(-1) > 0 &&
               self.size(-2) > 0,
           "col2im: Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size "
           "and non-zero dimensions for input, but got: ",
           self.defined() ? ops::shape_str(self) : "undefined");
  TG_CHECK(isFloatingType(self.scalar_type()), "col2im: \"col2im\" not implemented for '",
           self.scalar_type(), "'");
  TG_CHECK(output_size[0] > 0 && output_size[1] > 0,
           "col2im: output_size should be greater than zero, but got output_height: ",
           output_size[0], " output_width: ", output_size[1]);
  const int64_t rows = self.size(-2), taps = p.kernel.h * p.kernel.w;
  TG_CHECK(rows % taps == 0,
           "col2im: Expected size of input's dimension 1 to be divisible by the "
           "product of kernel_size, but got input.size(1)=",
           rows, " and kernel_size=", kernel_size);
  const ConvGeometry g = fold_geometry(rows / taps, output_size[0], output_size[1], p);
  TG_CHECK(g.out_h >= 1 && g.out_w >= 1 && g.col_cols() == self.size(-1),
           "col2im: Given output_size=", output_size, ", kernel_size=", kernel_size,
           ", dilation=", dilation, ", padding=", padding, ", stride=", stride,
           ", expected size of input's dimension 2 to match the calculated number of sliding "
           "blocks ",
           g.out_h, " * ", g.out_w, " = ", g.out_h * g.out_w,
           ", but got input.size(2)=", self.size(-1), ".");
  if (self.dim() == 3) return col2im_batched(self, g, p);
  return col2im_batched(self.unsqueeze(0), g, p).squeeze(0);
}

} // namespace tg
