// 2-D convolution and its transpose: each op is its checks, a call into autograd/kernels/conv.h
// (im2col + GEMM per image) and its recorded backward. For image n, with columns Cₙ = im2col(xₙ):
//   forward        yₙ = W · Cₙ                  (+ bias)
//   input grad     x̄ₙ = col2im(Wᵀ · ȳₙ)
//   weight grad    W̄  = Σₙ ȳₙ · Cₙᵀ
// Each of the three is bilinear, and the adjoint of each is built from the other two, so every
// backward here is itself a recorded, differentiable op: double backward through conv2d works.
#include <vector>

#include "autograd/kernels/conv.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;
using kernels::ConvGeometry;

namespace {

/// The hyper-parameters shared by the forward and both gradient ops.
struct ConvParams {
  kernels::Pair stride, padding, dilation;
  int64_t groups;
};

/// The stride/padding/dilation/groups of `op` (conv2d, conv_transpose2d), expanded from one or two
/// values each and checked, with LibTorch's messages.
ConvParams conv_params(const char* op, IntArrayRef stride, IntArrayRef padding,
                       IntArrayRef dilation, int64_t groups) {
  ConvParams p{kernels::expand_pair(stride, op, "stride"),
               kernels::expand_pair(padding, op, "padding"),
               kernels::expand_pair(dilation, op, "dilation"), groups};
  TG_CHECK(p.stride.h > 0 && p.stride.w > 0, op,
           ": non-positive stride is not supported, got stride=", stride);
  TG_CHECK(p.padding.h >= 0 && p.padding.w >= 0, op,
           ": negative padding is not supported, got padding=", padding);
  TG_CHECK(p.dilation.h > 0 && p.dilation.w > 0, op,
           ": dilation should be greater than zero, got dilation=", dilation);
  TG_CHECK(groups > 0, op, ": non-positive groups is not supported, got groups=", groups);
  return p;
}

/// Geometry of one image of `x_sizes` [N, C, H, W] under a kernel of `w_sizes`.
ConvGeometry geometry(IntArrayRef x_sizes, IntArrayRef w_sizes, const ConvParams& p) {
  ConvGeometry g;
  g.channels = x_sizes[1];
  g.height = x_sizes[2];
  g.width = x_sizes[3];
  g.kernel_h = w_sizes[2];
  g.kernel_w = w_sizes[3];
  g.stride_h = p.stride.h, g.stride_w = p.stride.w;
  g.pad_h = p.padding.h, g.pad_w = p.padding.w;
  g.dilation_h = p.dilation.h, g.dilation_w = p.dilation.w;
  g.compute_output_size();
  return g;
}

/// conv2d's argument checks, with LibTorch's messages; returns the expanded hyper-parameters.
ConvParams check_conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation,
                        int64_t groups) {
  TG_CHECK(input.defined() && weight.defined(), "conv2d: input and weight must be defined");
  TG_CHECK(weight.dim() == 4, "conv2d: expected a 4-D weight [out_channels, in_channels / groups, "
           "kH, kW], got ", weight.sizes());
  TG_CHECK(input.dim() == 3 || input.dim() == 4, "conv2d: expected a 3-D (unbatched) or 4-D "
           "(batched) input to conv2d, but got input of size: ", input.sizes());
  const ConvParams p = conv_params("conv2d", stride, padding, dilation, groups);
  const int64_t Cout = weight.size(0), Cg = weight.size(1);
  TG_CHECK(Cout % groups == 0, "conv2d: given groups=", groups, ", expected weight to be divisible "
           "by ", groups, " at dimension 0, but got weight of size ", weight.sizes(), " instead");
  TG_CHECK(input.size(-3) == Cg * groups, "conv2d: expected input of shape [N, C, H, W] with C = ",
           Cg * groups, " (weight ", weight.sizes(), (groups > 1 ? str(", groups ", groups) : ""),
           "), got ", input.sizes());
  TG_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == Cout), "conv2d: given weight of "
           "size ", weight.sizes(), ", expected bias to be 1-dimensional with ", Cout,
           " elements, but got bias of size ", bias.sizes(), " instead");
  TG_CHECK(input.scalar_type() == weight.scalar_type() &&
               (!bias.defined() || bias.scalar_type() == input.scalar_type()),
           "conv2d: expected input, weight and bias to have the same dtype, got input ",
           input.scalar_type(), ", weight ", weight.scalar_type(),
           (bias.defined() ? str(", bias ", bias.scalar_type()) : ""));
  TG_CHECK(isFloatingType(input.scalar_type()), "conv2d: expected a floating point input (Float or "
           "Double), got ", input.scalar_type());
  const int64_t eff_h = p.dilation.h * (weight.size(2) - 1) + 1;
  const int64_t eff_w = p.dilation.w * (weight.size(3) - 1) + 1;
  const int64_t padded_h = input.size(-2) + 2 * p.padding.h;
  const int64_t padded_w = input.size(-1) + 2 * p.padding.w;
  TG_CHECK(eff_h <= padded_h && eff_w <= padded_w, "conv2d: calculated padded input size per "
           "channel: (", padded_h, " x ", padded_w, "). Kernel size: (", eff_h, " x ", eff_w,
           "). Kernel size can't be greater than actual input size (input ", input.sizes(),
           ", weight ", weight.sizes(), ")");
  return p;
}

Tensor conv_input_grad(const Tensor& grad_out, const Tensor& weight, IntArrayRef input_sizes,
                       const ConvParams& p);
Tensor conv_weight_grad(const Tensor& input, const Tensor& grad_out, IntArrayRef weight_sizes,
                        const ConvParams& p);

/// d/db = Σ_{n,h,w} ȳ. The generic grad.sum({0, 2, 3}) walks the tensor with strided bookkeeping
/// and showed as 6% of simple_cnn's time; kernels::conv2d_bias_grad reads each (n, c) plane as one
/// contiguous run. When the gradient itself needs a graph (double backward) the recorded sum is
/// used instead.
Tensor bias_grad(const Tensor& grad) {
  if (autograd::compute_requires_grad(grad)) return grad.sum({0, 2, 3});
  NoGradGuard no_grad;
  Tensor out = ops::empty_tensor({grad.size(1)}, grad.scalar_type());
  kernels::conv2d_bias_grad(grad.contiguous(), out);
  return out;
}

/// d/dW = Σ_n ȳ_n·Cₙᵀ, unrecorded, with Cₙ = im2col(xₙ), or taken from `columns` [N, K, L] (the
/// matrices the forward kept) when that is defined; then `input` may be undefined.
Tensor weight_grad_values(const Tensor& input, const Tensor& columns, const Tensor& grad_out,
                          IntArrayRef input_sizes, IntArrayRef weight_sizes, const ConvParams& p) {
  const ConvGeometry g = geometry(input_sizes, weight_sizes, p);
  Tensor out = ops::empty_tensor(weight_sizes, grad_out.scalar_type());
  NoGradGuard no_grad;
  kernels::conv2d_weight_grad(columns.defined() ? Tensor() : input.contiguous(),
                              grad_out.contiguous(), out, g, p.groups, columns);
  return out;
}

/// y = conv(x, w) + b on a checked 4-D input; b may be undefined.
Tensor conv_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                    const ConvParams& p) {
  const ConvGeometry g = geometry(input.sizes(), weight.sizes(), p);
  const int64_t N = input.size(0);
  Tensor out = ops::empty_tensor({N, weight.size(0), g.out_h, g.out_w}, input.scalar_type());
  const bool recording = autograd::compute_requires_grad(input, weight, bias);
  Tensor columns; // kept for the weight gradient
  if (recording && weight.requires_grad() && kernels::keep_columns(g, N, input.scalar_type()))
    columns = ops::empty_tensor({N, g.col_rows(), g.col_cols()}, input.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::conv2d(input.contiguous(), weight.contiguous(),
                    bias.defined() ? bias.contiguous() : bias, out, g, p.groups, columns);
  }
  // d/dx = col2im(Wᵀ·ȳ), d/dW = Σ_n ȳ_n·im2col(x_n)ᵀ, d/db = Σ_{n,h,w} ȳ
  if (recording) {
    autograd::record(
        "ConvolutionBackward0", {input, weight, bias}, out,
        [x = SavedVariable(weight.requires_grad() ? input : Tensor(), false),
         w = SavedVariable(input.requires_grad() ? weight : Tensor(), false), columns,
         x_sizes = DimVector(input.sizes()), w_sizes = DimVector(weight.sizes()),
         p](const Tensor& grad, Node& node) {
          Tensor gw;
          if (node.needs_input_grad(1)) {
            // unpacked even when the columns are used: it checks x was not modified in place
            Tensor x_saved = x.unpack();
            // the kept columns hold no graph: a double backward takes the recorded path
            gw = columns.defined() && !autograd::compute_requires_grad(x_saved, grad)
                     ? weight_grad_values(Tensor(), columns, grad, x_sizes, w_sizes, p)
                     : conv_weight_grad(x_saved, grad, w_sizes, p);
          }
          return variable_list{
              node.needs_input_grad(0) ? conv_input_grad(grad, w.unpack(), x_sizes, p) : Tensor(),
              gw, node.needs_input_grad(2) ? bias_grad(grad) : Tensor()};
        });
  }
  return out;
}

} // namespace

Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  const ConvParams p = check_conv2d(input, weight, bias, stride, padding, dilation, groups);
  if (input.dim() == 4) return conv_forward(input, weight, bias, p);
  return conv_forward(input.unsqueeze(0), weight, bias, p).squeeze(0);
}

namespace {

Tensor conv_input_grad(const Tensor& grad_out, const Tensor& weight, IntArrayRef input_sizes,
                       const ConvParams& p) {
  const ConvGeometry g = geometry(input_sizes, weight.sizes(), p);
  Tensor out = ops::empty_tensor(input_sizes, grad_out.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::conv2d_input_grad(grad_out.contiguous(), weight.contiguous(), out, g, p.groups);
  }
  // bilinear in (ȳ, W): d/dȳ <H, ·> = conv(H, W), d/dW <H, ·> = weight_grad(H, ȳ)
  if (autograd::compute_requires_grad(grad_out, weight)) {
    autograd::record("ConvolutionBackwardBackward0", {grad_out, weight}, out,
                     [gy = SavedVariable(weight.requires_grad() ? grad_out : Tensor(), false),
                      w = SavedVariable(grad_out.requires_grad() ? weight : Tensor(), false),
                      w_sizes = DimVector(weight.sizes()), p](const Tensor& grad, Node& node) {
                       return variable_list{node.needs_input_grad(0)
                                                ? conv_forward(grad, w.unpack(), Tensor(), p)
                                                : Tensor(),
                                            node.needs_input_grad(1)
                                                ? conv_weight_grad(grad, gy.unpack(), w_sizes, p)
                                                : Tensor()};
                     });
  }
  return out;
}

Tensor conv_weight_grad(const Tensor& input, const Tensor& grad_out, IntArrayRef weight_sizes,
                        const ConvParams& p) {
  Tensor out = weight_grad_values(input, Tensor(), grad_out, input.sizes(), weight_sizes, p);
  // bilinear in (x, ȳ): d/dx <H, ·> = input_grad(ȳ, H), d/dȳ <H, ·> = conv(x, H)
  if (autograd::compute_requires_grad(input, grad_out)) {
    autograd::record(
        "ConvolutionBackwardBackward0", {input, grad_out}, out,
        [x = SavedVariable(grad_out.requires_grad() ? input : Tensor(), false),
         gy = SavedVariable(input.requires_grad() ? grad_out : Tensor(), false),
         x_sizes = DimVector(input.sizes()), p](const Tensor& grad, Node& node) {
          return variable_list{
              node.needs_input_grad(0) ? conv_input_grad(gy.unpack(), grad, x_sizes, p) : Tensor(),
              node.needs_input_grad(1) ? conv_forward(x.unpack(), grad, Tensor(), p) : Tensor()};
        });
  }
  return out;
}

/// `t` [N, C, h, w] grown with zeros after its last row and column to [N, C, H, W]; differentiable.
Tensor pad_end(const Tensor& t, int64_t H, int64_t W) {
  Tensor out = t;
  for (int64_t d : {2, 3}) {
    const int64_t extra = (d == 2 ? H : W) - out.size(d);
    if (extra <= 0) continue;
    std::vector<int64_t> shape = out.sizes().vec();
    shape[size_t(d)] = extra;
    out = cat({out, zeros(shape, out.options().requires_grad(false))}, d);
  }
  return out;
}

/// conv_transpose2d's argument checks, with LibTorch's messages; returns the hyper-parameters and
/// the output's height and width.
struct ConvTransposeShape {
  ConvParams p;
  int64_t out_h, out_w;
};
ConvTransposeShape check_conv_transpose2d(const Tensor& input, const Tensor& weight,
                                          const Tensor& bias, IntArrayRef stride,
                                          IntArrayRef padding, IntArrayRef output_padding,
                                          int64_t groups, IntArrayRef dilation) {
  TG_CHECK(input.defined() && weight.defined(),
           "conv_transpose2d: input and weight must be defined");
  TG_CHECK(weight.dim() == 4, "conv_transpose2d: expected a 4-D weight [in_channels, out_channels "
           "/ groups, kH, kW], got ", weight.sizes());
  TG_CHECK(input.dim() == 3 || input.dim() == 4, "conv_transpose2d: expected a 3-D (unbatched) or "
           "4-D (batched) input, but got input of size: ", input.sizes());
  const ConvParams p = conv_params("conv_transpose2d", stride, padding, dilation, groups);
  const kernels::Pair op =
      kernels::expand_pair(output_padding, "conv_transpose2d", "output_padding");
  TG_CHECK(op.h >= 0 && op.w >= 0 && (op.h < p.stride.h || op.h < p.dilation.h) &&
               (op.w < p.stride.w || op.w < p.dilation.w),
           "conv_transpose2d: output padding must be smaller than either stride or dilation, got "
           "output_padding=", output_padding, ", stride=", stride, ", dilation=", dilation);
  const int64_t Cin = weight.size(0);
  TG_CHECK(Cin % groups == 0, "conv_transpose2d: given groups=", groups, ", expected weight to be "
           "divisible by ", groups, " at dimension 0, but got weight of size ", weight.sizes(),
           " instead");
  TG_CHECK(input.size(-3) == Cin,
           "conv_transpose2d: expected input of shape [N, C, H, W] with C = ", Cin, " (weight ",
           weight.sizes(), "), got ", input.sizes());
  const int64_t Cout = weight.size(1) * groups;
  TG_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == Cout), "conv_transpose2d: given "
           "weight of size ", weight.sizes(), " and groups=", groups, ", expected bias to be "
           "1-dimensional with ", Cout, " elements, but got bias of size ", bias.sizes(),
           " instead");
  TG_CHECK(input.scalar_type() == weight.scalar_type() &&
               (!bias.defined() || bias.scalar_type() == input.scalar_type()),
           "conv_transpose2d: expected input, weight and bias to have the same dtype, got input ",
           input.scalar_type(), ", weight ", weight.scalar_type(),
           (bias.defined() ? str(", bias ", bias.scalar_type()) : ""));
  TG_CHECK(isFloatingType(input.scalar_type()), "conv_transpose2d: expected a floating point input "
           "(Float or Double), got ", input.scalar_type());
  const int64_t out_h = (input.size(-2) - 1) * p.stride.h - 2 * p.padding.h +
                        p.dilation.h * (weight.size(2) - 1) + op.h + 1;
  const int64_t out_w = (input.size(-1) - 1) * p.stride.w - 2 * p.padding.w +
                        p.dilation.w * (weight.size(3) - 1) + op.w + 1;
  TG_CHECK(out_h > 0 && out_w > 0, "conv_transpose2d: the output size (", out_h, " x ", out_w,
           ") computed from input ", input.sizes(), ", weight ", weight.sizes(),
           ", stride=", stride, ", padding=", padding, ", output_padding=", output_padding,
           ", dilation=", dilation, " is too small");
  TG_CHECK(input.size(-2) > 0 && input.size(-1) > 0, "conv_transpose2d: expected a non-empty "
           "spatial input, got ", input.sizes());
  return {p, out_h, out_w};
}

// A transposed convolution is conv2d's input gradient: its output is the image of a conv2d whose
// output is `input`. So the forward is the col2im kernel, and the backward is the other two:
//   input grad  x̄ = conv2d(ȳ, W)         weight grad  W̄ = weight_grad(ȳ as image, x as output)
// With output_padding ≥ stride (allowed when below dilation) conv2d of the larger image yields
// more rows than the input has; those rows hold no input pixel, so x̄ drops them and W̄ sees them
// as zeros.
Tensor conv_transpose_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                              const ConvParams& p, int64_t out_h, int64_t out_w) {
  const int64_t H = input.size(2), W = input.size(3);
  const DimVector out_sizes{input.size(0), weight.size(1) * p.groups, out_h, out_w};
  ConvGeometry g = geometry(out_sizes, weight.sizes(), p);
  g.out_h = H;
  g.out_w = W;
  Tensor out = ops::empty_tensor(out_sizes, input.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::conv_transpose2d(input.contiguous(), weight.contiguous(),
                              bias.defined() ? bias.contiguous() : bias, out, g, p.groups);
  }
  // d/dx = conv2d(ȳ, W), d/dW = weight_grad(ȳ as image, x as output), d/db = Σ_{n,h,w} ȳ
  if (autograd::compute_requires_grad(input, weight, bias)) {
    autograd::record(
        "ConvolutionBackward0", {input, weight, bias}, out,
        [x = SavedVariable(weight.requires_grad() ? input : Tensor(), false),
         w = SavedVariable(input.requires_grad() ? weight : Tensor(), false),
         w_sizes = DimVector(weight.sizes()), H, W, p](const Tensor& grad, Node& node) {
          Tensor gx, gw, gb;
          if (node.needs_input_grad(0)) {
            gx = conv_forward(grad, w.unpack(), Tensor(), p);
            if (gx.size(2) != H || gx.size(3) != W) gx = gx.narrow(2, 0, H).narrow(3, 0, W);
          }
          if (node.needs_input_grad(1)) {
            ConvGeometry gg = geometry(grad.sizes(), w_sizes, p);
            gw = conv_weight_grad(grad, pad_end(x.unpack(), gg.out_h, gg.out_w), w_sizes, p);
          }
          if (node.needs_input_grad(2)) gb = bias_grad(grad);
          return variable_list{gx, gw, gb};
        });
  }
  return out;
}

} // namespace

Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding,
                        int64_t groups, IntArrayRef dilation) {
  const ConvTransposeShape s = check_conv_transpose2d(input, weight, bias, stride, padding,
                                                      output_padding, groups, dilation);
  if (input.dim() == 4) return conv_transpose_forward(input, weight, bias, s.p, s.out_h, s.out_w);
  return conv_transpose_forward(input.unsqueeze(0), weight, bias, s.p, s.out_h, s.out_w)
      .squeeze(0);
}

} // namespace tg
