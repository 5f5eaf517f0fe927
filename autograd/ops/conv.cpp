// 1-, 2- and 3-D convolution and their transposes: each op is its checks, a call into
// autograd/kernels/conv.h (im2col + GEMM per image) and its recorded backward. One set of
// functions serves every spatial rank; ConvParams::dims says how many spatial dims follow
// [N, C]. For image n, with columns Cₙ = im2col(xₙ):
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

/// The hyper-parameters shared by the forward and both gradient ops: one value per spatial dim.
struct ConvParams {
  int64_t dims; ///< Spatial dims: 1, 2 or 3.
  DimVector stride, padding, dilation;
  int64_t groups;
};

/// `v` (one value, or one per spatial dim) expanded to `dims` values; tg::Error naming `op`
/// otherwise, with LibTorch's message.
DimVector expand_param(IntArrayRef v, int64_t dims, const char* op, const char* what) {
  TG_CHECK(v.size() == 1 || int64_t(v.size()) == dims, op, ": expected ", what,
           " to be a single integer value or a list of ", dims, " values, but got ", what, "=", v);
  return v.size() == 1 ? DimVector(size_t(dims), v[0]) : DimVector(v);
}

/// The stride/padding/dilation/groups of `op` (conv2d, conv_transpose3d, ...), expanded and
/// checked, with LibTorch's messages.
ConvParams conv_params(const char* op, int64_t dims, IntArrayRef stride, IntArrayRef padding,
                       IntArrayRef dilation, int64_t groups) {
  ConvParams p{dims, expand_param(stride, dims, op, "stride"),
               expand_param(padding, dims, op, "padding"),
               expand_param(dilation, dims, op, "dilation"), groups};
  for (int64_t d = 0; d < dims; ++d) {
    TG_CHECK(p.stride[size_t(d)] > 0, op,
             ": non-positive stride is not supported, got stride=", stride);
    TG_CHECK(p.padding[size_t(d)] >= 0, op,
             ": negative padding is not supported, got padding=", padding);
    TG_CHECK(p.dilation[size_t(d)] > 0, op,
             ": dilation should be greater than zero, got dilation=", dilation);
  }
  TG_CHECK(groups > 0, op, ": non-positive groups is not supported, got groups=", groups);
  return p;
}

/// Geometry of one image of `x_sizes` [N, C, *spatial] under a kernel of `w_sizes`. Spatial dim
/// a of `dims` fills slot 3 - dims + a of (depth, height, width): a 1-D length is the width.
ConvGeometry geometry(IntArrayRef x_sizes, IntArrayRef w_sizes, const ConvParams& p) {
  int64_t size[3] = {1, 1, 1}, kernel[3] = {1, 1, 1}, stride[3] = {1, 1, 1}, pad[3] = {0, 0, 0},
          dil[3] = {1, 1, 1};
  for (int64_t a = 0; a < p.dims; ++a) {
    const int64_t slot = 3 - p.dims + a;
    size[slot] = x_sizes[size_t(2 + a)];
    kernel[slot] = w_sizes[size_t(2 + a)];
    stride[slot] = p.stride[size_t(a)];
    pad[slot] = p.padding[size_t(a)];
    dil[slot] = p.dilation[size_t(a)];
  }
  ConvGeometry g;
  g.channels = x_sizes[1];
  g.depth = size[0], g.height = size[1], g.width = size[2];
  g.kernel_d = kernel[0], g.kernel_h = kernel[1], g.kernel_w = kernel[2];
  g.stride_d = stride[0], g.stride_h = stride[1], g.stride_w = stride[2];
  g.pad_d = pad[0], g.pad_h = pad[1], g.pad_w = pad[2];
  g.dilation_d = dil[0], g.dilation_h = dil[1], g.dilation_w = dil[2];
  g.compute_output_size();
  return g;
}

/// [N, C, *spatial output of g] for `dims` spatial dims.
DimVector output_sizes(int64_t N, int64_t C, const ConvGeometry& g, int64_t dims) {
  DimVector out{N, C};
  const int64_t all[3] = {g.out_d, g.out_h, g.out_w};
  for (int64_t slot = 3 - dims; slot < 3; ++slot) out.push_back(all[slot]);
  return out;
}

/// How LibTorch's messages spell a `dims`-D input and kernel: "[N, C, H, W]", "kH, kW".
const char* input_layout(int64_t dims) {
  return dims == 1 ? "[N, C, L]" : dims == 2 ? "[N, C, H, W]" : "[N, C, D, H, W]";
}
const char* kernel_layout(int64_t dims) {
  return dims == 1 ? "kW" : dims == 2 ? "kH, kW" : "kD, kH, kW";
}

/// "(a x b x c)"
std::string joined(IntArrayRef v) {
  std::string out = "(";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? " x " : "") + std::to_string(v[i]);
  return out + ")";
}

/// The rank checks of `op` over `dims` spatial dims, shared by the convolution and its transpose.
void check_conv_ranks(const char* op, int64_t dims, const Tensor& input, const Tensor& weight,
                      const char* weight_layout) {
  TG_CHECK(input.defined() && weight.defined(), op, ": input and weight must be defined");
  TG_CHECK(weight.dim() == dims + 2, op, ": expected a ", dims + 2, "-D weight [", weight_layout,
           ", ", kernel_layout(dims), "], got ", weight.sizes());
  TG_CHECK(input.dim() == dims + 1 || input.dim() == dims + 2, op, ": expected a ", dims + 1,
           "-D (unbatched) or ", dims + 2, "-D (batched) input to ", op,
           ", but got input of size: ", input.sizes());
}

/// The dtype checks shared by the convolutions and their transposes.
void check_conv_dtypes(const char* op, const Tensor& input, const Tensor& weight,
                       const Tensor& bias) {
  TG_CHECK(input.scalar_type() == weight.scalar_type() &&
               (!bias.defined() || bias.scalar_type() == input.scalar_type()),
           op, ": expected input, weight and bias to have the same dtype, got input ",
           input.scalar_type(), ", weight ", weight.scalar_type(),
           (bias.defined() ? str(", bias ", bias.scalar_type()) : ""));
  TG_CHECK(isFloatingType(input.scalar_type()), op,
           ": expected a floating point input (Float or "
           "Double), got ",
           input.scalar_type());
}

/// conv1d/2d/3d's argument checks, with LibTorch's messages; returns the expanded parameters.
ConvParams check_conv(const char* op, int64_t dims, const Tensor& input, const Tensor& weight,
                      const Tensor& bias, IntArrayRef stride, IntArrayRef padding,
                      IntArrayRef dilation, int64_t groups) {
  check_conv_ranks(op, dims, input, weight, "out_channels, in_channels / groups");
  const ConvParams p = conv_params(op, dims, stride, padding, dilation, groups);
  const int64_t Cout = weight.size(0), Cg = weight.size(1);
  TG_CHECK(Cout % groups == 0, op, ": given groups=", groups,
           ", expected weight to be divisible "
           "by ",
           groups, " at dimension 0, but got weight of size ", weight.sizes(), " instead");
  TG_CHECK(input.size(-dims - 1) == Cg * groups, op, ": expected input of shape ",
           input_layout(dims), " with C = ", Cg * groups, " (weight ", weight.sizes(),
           (groups > 1 ? str(", groups ", groups) : ""), "), got ", input.sizes());
  TG_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == Cout), op,
           ": given weight of "
           "size ",
           weight.sizes(), ", expected bias to be 1-dimensional with ", Cout,
           " elements, but got bias of size ", bias.sizes(), " instead");
  check_conv_dtypes(op, input, weight, bias);
  DimVector padded, effective;
  for (int64_t a = 0; a < dims; ++a) {
    padded.push_back(input.size(input.dim() - dims + a) + 2 * p.padding[size_t(a)]);
    effective.push_back(p.dilation[size_t(a)] * (weight.size(2 + a) - 1) + 1);
  }
  bool fits = true;
  for (size_t a = 0; a < size_t(dims); ++a) fits = fits && effective[a] <= padded[a];
  TG_CHECK(fits, op, ": calculated padded input size per channel: ", joined(padded),
           ". Kernel size: ", joined(effective),
           ". Kernel size can't be greater than actual "
           "input size (input ",
           input.sizes(), ", weight ", weight.sizes(), ")");
  return p;
}

Tensor conv_input_grad(const Tensor& grad_out, const Tensor& weight, IntArrayRef input_sizes,
                       const ConvParams& p);
Tensor conv_weight_grad(const Tensor& input, const Tensor& grad_out, IntArrayRef weight_sizes,
                        const ConvParams& p);

/// d/db = Σ_{n,spatial} ȳ. The generic grad.sum({0, 2, 3}) walks the tensor with strided
/// bookkeeping and showed as 6% of simple_cnn's time; kernels::convolution_bias_grad reads each
/// (n, c) plane as one contiguous run. When the gradient itself needs a graph (double backward)
/// the recorded sum is used instead.
Tensor bias_grad(const Tensor& grad) {
  if (autograd::compute_requires_grad(grad)) {
    DimVector dims{0};
    for (int64_t d = 2; d < grad.dim(); ++d) dims.push_back(d);
    return grad.sum(dims);
  }
  NoGradGuard no_grad;
  Tensor out = ops::empty_tensor({grad.size(1)}, grad.scalar_type());
  kernels::convolution_bias_grad(grad.contiguous(), out);
  return out;
}

/// d/dW = Σ_n ȳ_n·Cₙᵀ, unrecorded, with Cₙ = im2col(xₙ), or taken from `columns` (what the
/// forward kept: column matrices, or Winograd's transformed input) when that is defined; then
/// `input` may be undefined.
Tensor weight_grad_values(const Tensor& input, const Tensor& columns, const Tensor& grad_out,
                          IntArrayRef input_sizes, IntArrayRef weight_sizes, const ConvParams& p) {
  const ConvGeometry g = geometry(input_sizes, weight_sizes, p);
  Tensor out = ops::empty_tensor(weight_sizes, grad_out.scalar_type());
  NoGradGuard no_grad;
  kernels::convolution_weight_grad(columns.defined() ? Tensor() : input.contiguous(),
                                   grad_out.contiguous(), out, g, p.groups, columns);
  return out;
}

/// y = conv(x, w) + b on a checked batched input; b may be undefined.
Tensor conv_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                    const ConvParams& p) {
  const ConvGeometry g = geometry(input.sizes(), weight.sizes(), p);
  const int64_t N = input.size(0);
  Tensor out = ops::empty_tensor(output_sizes(N, weight.size(0), g, p.dims), input.scalar_type());
  const bool recording = autograd::compute_requires_grad(input, weight, bias);
  Tensor columns; // kept for the weight gradient
  const int64_t kept = recording && weight.requires_grad()
                           ? kernels::kept_columns_per_image(g, p.groups, N, input.scalar_type())
                           : 0;
  if (kept > 0) columns = ops::empty_tensor({N, kept}, input.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::convolution(input.contiguous(), weight.contiguous(),
                         bias.defined() ? bias.contiguous() : bias, out, g, p.groups, columns);
  }
  // d/dx = col2im(Wᵀ·ȳ), d/dW = Σ_n ȳ_n·im2col(x_n)ᵀ, d/db = Σ_{n,spatial} ȳ
  if (recording) {
    autograd::record("ConvolutionBackward0", {input, weight, bias}, out,
                     [x = SavedVariable(weight.requires_grad() ? input : Tensor(), false),
                      w = SavedVariable(input.requires_grad() ? weight : Tensor(), false), columns,
                      x_sizes = DimVector(input.sizes()), w_sizes = DimVector(weight.sizes()),
                      p](const Tensor& grad, Node& node) {
                       Tensor gw;
                       if (node.needs_input_grad(1)) {
                         // unpacked even when the columns are used: it checks x was not modified in
                         // place
                         Tensor x_saved = x.unpack();
                         // the kept columns hold no graph: a double backward takes the recorded
                         // path
                         gw = columns.defined() && !autograd::compute_requires_grad(x_saved, grad)
                                  ? weight_grad_values(Tensor(), columns, grad, x_sizes, w_sizes, p)
                                  : conv_weight_grad(x_saved, grad, w_sizes, p);
                       }
                       return variable_list{
                           node.needs_input_grad(0) ? conv_input_grad(grad, w.unpack(), x_sizes, p)
                                                    : Tensor(),
                           gw, node.needs_input_grad(2) ? bias_grad(grad) : Tensor()};
                     });
  }
  return out;
}

/// conv1d/2d/3d: checks, then the batched forward (an unbatched input gets a batch of one).
Tensor convolution(const char* op, int64_t dims, const Tensor& input, const Tensor& weight,
                   const Tensor& bias, IntArrayRef stride, IntArrayRef padding,
                   IntArrayRef dilation, int64_t groups) {
  const ConvParams p = check_conv(op, dims, input, weight, bias, stride, padding, dilation, groups);
  if (input.dim() == dims + 2) return conv_forward(input, weight, bias, p);
  return conv_forward(input.unsqueeze(0), weight, bias, p).squeeze(0);
}

} // namespace

Tensor conv1d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return convolution("conv1d", 1, input, weight, bias, stride, padding, dilation, groups);
}

Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return convolution("conv2d", 2, input, weight, bias, stride, padding, dilation, groups);
}

Tensor conv3d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  return convolution("conv3d", 3, input, weight, bias, stride, padding, dilation, groups);
}

namespace {

Tensor conv_input_grad(const Tensor& grad_out, const Tensor& weight, IntArrayRef input_sizes,
                       const ConvParams& p) {
  const ConvGeometry g = geometry(input_sizes, weight.sizes(), p);
  Tensor out = ops::empty_tensor(input_sizes, grad_out.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::convolution_input_grad(grad_out.contiguous(), weight.contiguous(), out, g, p.groups);
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

/// `t` [N, C, *spatial] grown with zeros after its end in each spatial dim to `sizes`;
/// differentiable.
Tensor pad_end(const Tensor& t, IntArrayRef sizes) {
  Tensor out = t;
  for (int64_t d = 2; d < t.dim(); ++d) {
    const int64_t extra = sizes[size_t(d)] - out.size(d);
    if (extra <= 0) continue;
    std::vector<int64_t> shape = out.sizes().vec();
    shape[size_t(d)] = extra;
    out = cat({out, zeros(shape, out.options().requires_grad(false))}, d);
  }
  return out;
}

/// conv_transpose1d/2d/3d's argument checks, with LibTorch's messages; returns the
/// hyper-parameters and the output's spatial sizes.
struct ConvTransposeShape {
  ConvParams p;
  DimVector out_spatial;
};
ConvTransposeShape check_conv_transpose(const char* op, int64_t dims, const Tensor& input,
                                        const Tensor& weight, const Tensor& bias,
                                        IntArrayRef stride, IntArrayRef padding,
                                        IntArrayRef output_padding, int64_t groups,
                                        IntArrayRef dilation) {
  check_conv_ranks(op, dims, input, weight, "in_channels, out_channels / groups");
  const ConvParams p = conv_params(op, dims, stride, padding, dilation, groups);
  const DimVector outpad = expand_param(output_padding, dims, op, "output_padding");
  for (size_t a = 0; a < size_t(dims); ++a)
    TG_CHECK(outpad[a] >= 0 && (outpad[a] < p.stride[a] || outpad[a] < p.dilation[a]), op,
             ": output padding must be smaller than either stride or dilation, got "
             "output_padding=",
             output_padding, ", stride=", stride, ", dilation=", dilation);
  const int64_t Cin = weight.size(0);
  TG_CHECK(Cin % groups == 0, op, ": given groups=", groups,
           ", expected weight to be "
           "divisible by ",
           groups, " at dimension 0, but got weight of size ", weight.sizes(), " instead");
  TG_CHECK(input.size(-dims - 1) == Cin, op, ": expected input of shape ", input_layout(dims),
           " with C = ", Cin, " (weight ", weight.sizes(), "), got ", input.sizes());
  const int64_t Cout = weight.size(1) * groups;
  TG_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == Cout), op,
           ": given "
           "weight of size ",
           weight.sizes(), " and groups=", groups,
           ", expected bias to be "
           "1-dimensional with ",
           Cout, " elements, but got bias of size ", bias.sizes(), " instead");
  check_conv_dtypes(op, input, weight, bias);
  DimVector out;
  bool positive = true, nonempty = true;
  for (int64_t a = 0; a < dims; ++a) {
    const size_t i = size_t(a);
    const int64_t in = input.size(input.dim() - dims + a);
    out.push_back((in - 1) * p.stride[i] - 2 * p.padding[i] +
                  p.dilation[i] * (weight.size(2 + a) - 1) + outpad[i] + 1);
    positive = positive && out.back() > 0;
    nonempty = nonempty && in > 0;
  }
  TG_CHECK(positive, op, ": the output size ", joined(out), " computed from input ", input.sizes(),
           ", weight ", weight.sizes(), ", stride=", stride, ", padding=", padding,
           ", output_padding=", output_padding, ", dilation=", dilation, " is too small");
  TG_CHECK(nonempty, op, ": expected a non-empty spatial input, got ", input.sizes());
  return {p, out};
}

// A transposed convolution is the convolution's input gradient: its output is the image of a
// convolution whose output is `input`. So the forward is the col2im kernel, and the backward is
// the other two:
//   input grad  x̄ = conv(ȳ, W)           weight grad  W̄ = weight_grad(ȳ as image, x as output)
// With output_padding ≥ stride (allowed when below dilation) the convolution of the larger image
// yields more rows than the input has; those rows hold no input pixel, so x̄ drops them and W̄
// sees them as zeros.
Tensor conv_transpose_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                              const ConvParams& p, IntArrayRef out_spatial) {
  DimVector out_sizes{input.size(0), weight.size(1) * p.groups};
  for (int64_t s : out_spatial) out_sizes.push_back(s);
  ConvGeometry g = geometry(out_sizes, weight.sizes(), p);
  // the geometry's output is this op's input
  int64_t in_sizes[3] = {1, 1, 1};
  for (int64_t a = 0; a < p.dims; ++a) in_sizes[3 - p.dims + a] = input.size(2 + a);
  g.out_d = in_sizes[0], g.out_h = in_sizes[1], g.out_w = in_sizes[2];
  Tensor out = ops::empty_tensor(out_sizes, input.scalar_type());
  {
    NoGradGuard no_grad;
    kernels::conv_transpose(input.contiguous(), weight.contiguous(),
                            bias.defined() ? bias.contiguous() : bias, out, g, p.groups);
  }
  // d/dx = conv(ȳ, W), d/dW = weight_grad(ȳ as image, x as output), d/db = Σ_{n,spatial} ȳ
  if (autograd::compute_requires_grad(input, weight, bias)) {
    autograd::record("ConvolutionBackward0", {input, weight, bias}, out,
                     [x = SavedVariable(weight.requires_grad() ? input : Tensor(), false),
                      w = SavedVariable(input.requires_grad() ? weight : Tensor(), false),
                      w_sizes = DimVector(weight.sizes()), x_sizes = DimVector(input.sizes()),
                      p](const Tensor& grad, Node& node) {
                       Tensor gx, gw, gb;
                       if (node.needs_input_grad(0)) {
                         gx = conv_forward(grad, w.unpack(), Tensor(), p);
                         for (int64_t d = 2; d < gx.dim(); ++d)
                           if (gx.size(d) != x_sizes[size_t(d)])
                             gx = gx.narrow(d, 0, x_sizes[size_t(d)]);
                       }
                       if (node.needs_input_grad(1)) {
                         const ConvGeometry gg = geometry(grad.sizes(), w_sizes, p);
                         const DimVector full = output_sizes(grad.size(0), x_sizes[1], gg, p.dims);
                         gw = conv_weight_grad(grad, pad_end(x.unpack(), full), w_sizes, p);
                       }
                       if (node.needs_input_grad(2)) gb = bias_grad(grad);
                       return variable_list{gx, gw, gb};
                     });
  }
  return out;
}

/// conv_transpose1d/2d/3d: checks, then the batched forward.
Tensor conv_transpose(const char* op, int64_t dims, const Tensor& input, const Tensor& weight,
                      const Tensor& bias, IntArrayRef stride, IntArrayRef padding,
                      IntArrayRef output_padding, int64_t groups, IntArrayRef dilation) {
  const ConvTransposeShape s = check_conv_transpose(op, dims, input, weight, bias, stride, padding,
                                                    output_padding, groups, dilation);
  if (input.dim() == dims + 2)
    return conv_transpose_forward(input, weight, bias, s.p, s.out_spatial);
  return conv_transpose_forward(input.unsqueeze(0), weight, bias, s.p, s.out_spatial).squeeze(0);
}

} // namespace

Tensor conv_transpose1d(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding,
                        int64_t groups, IntArrayRef dilation) {
  return conv_transpose("conv_transpose1d", 1, input, weight, bias, stride, padding, output_padding,
                        groups, dilation);
}

Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding,
                        int64_t groups, IntArrayRef dilation) {
  return conv_transpose("conv_transpose2d", 2, input, weight, bias, stride, padding, output_padding,
                        groups, dilation);
}

Tensor conv_transpose3d(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding,
                        int64_t groups, IntArrayRef dilation) {
  return conv_transpose("conv_transpose3d", 3, input, weight, bias, stride, padding, output_padding,
                        groups, dilation);
}

} // namespace tg
