// The non-loss functionals: thin adapters from LibTorch's option structs to the tensor ops, plus
// batch_norm, which is composed of differentiable tensor ops (so double backward works).
#include <array>

#include "autograd/graph/grad_mode.h"
#include "autograd/ops/functions.h"
#include "autograd/ops/internal.h"
#include "nn/functional.h"

namespace tg::nn::functional {

Tensor relu(Tensor input, const ReLUFuncOptions& options) {
  if (options.inplace()) return input.relu_();
  return tg::relu(input);
}

namespace {
/// Overwrites `input` with fn(input). When autograd records, fn runs on a copy: its backward saves
/// its input, and the bytes it would save are the ones being overwritten.
template <typename Fn> Tensor apply_inplace(Tensor& input, Fn fn) {
  if (GradMode::is_enabled() && input.requires_grad()) return input.copy_(fn(input.clone()));
  return input.copy_(fn(input));
}
} // namespace

Tensor leaky_relu(Tensor input, const LeakyReLUFuncOptions& options) {
  auto fn = [&](const Tensor& x) { return tg::leaky_relu(x, options.negative_slope()); };
  return options.inplace() ? apply_inplace(input, fn) : fn(input);
}

Tensor elu(Tensor input, const ELUFuncOptions& options) {
  auto fn = [&](const Tensor& x) { return tg::elu(x, options.alpha()); };
  return options.inplace() ? apply_inplace(input, fn) : fn(input);
}

Tensor gelu(const Tensor& input, const GELUFuncOptions& options) {
  return tg::gelu(input, options.approximate());
}

Tensor silu(const Tensor& input) { return tg::silu(input); }

Tensor mish(const Tensor& input) { return tg::mish(input); }

Tensor softplus(const Tensor& input, const SoftplusFuncOptions& options) {
  return tg::softplus(input, options.beta(), options.threshold());
}

Tensor hardtanh(Tensor input, const HardtanhFuncOptions& options) {
  auto fn = [&](const Tensor& x) { return tg::hardtanh(x, options.min_val(), options.max_val()); };
  return options.inplace() ? apply_inplace(input, fn) : fn(input);
}

Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options) {
  return tg::softmax(input, options.dim(), options.dtype());
}

Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options) {
  return tg::log_softmax(input, options.dim(), options.dtype());
}

Tensor prelu(const Tensor& input, const Tensor& weight) { return tg::prelu(input, weight); }

Tensor rrelu(Tensor input, const RReLUFuncOptions& options) {
  auto fn = [&](const Tensor& x) {
    return tg::rrelu(x, options.lower(), options.upper(), options.training());
  };
  return options.inplace() ? apply_inplace(input, fn) : fn(input);
}

Tensor celu(Tensor input, const CELUFuncOptions& options) {
  auto fn = [&](const Tensor& x) { return tg::celu(x, options.alpha()); };
  return options.inplace() ? apply_inplace(input, fn) : fn(input);
}

Tensor selu(Tensor input, const SELUFuncOptions& options) {
  auto fn = [](const Tensor& x) { return tg::selu(x); };
  return options.inplace() ? apply_inplace(input, fn) : fn(input);
}

Tensor glu(const Tensor& input, const GLUFuncOptions& options) {
  return tg::glu(input, options.dim());
}

Tensor hardswish(const Tensor& input) { return tg::hardswish(input); }

Tensor hardsigmoid(const Tensor& input) { return tg::hardsigmoid(input); }

// LibTorch composes these two the same way, so their gradients are those of div, abs and tanh.
Tensor softsign(const Tensor& input) { return input / (input.abs() + 1); }

Tensor tanhshrink(const Tensor& input) { return input - input.tanh(); }

Tensor threshold(Tensor input, const ThresholdFuncOptions& options) {
  auto fn = [&](const Tensor& x) { return tg::threshold(x, options.threshold(), options.value()); };
  return options.inplace() ? apply_inplace(input, fn) : fn(input);
}

Tensor logsigmoid(const Tensor& input) { return tg::log_sigmoid(input); }

Tensor softmin(const Tensor& input, const SoftminFuncOptions& options) {
  return tg::softmax(-input, options.dim(), options.dtype());
}

Tensor hardshrink(const Tensor& input, const HardshrinkFuncOptions& options) {
  return tg::hardshrink(input, options.lambda());
}

Tensor softshrink(const Tensor& input, const SoftshrinkFuncOptions& options) {
  return tg::softshrink(input, options.lambda());
}

Tensor relu6(Tensor input, const ReLU6FuncOptions& options) {
  auto fn = [](const Tensor& x) { return tg::relu6(x); };
  return options.inplace() ? apply_inplace(input, fn) : fn(input);
}

Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  return tg::linear(input, weight, bias);
}

Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight,
                const Tensor& bias) {
  return tg::bilinear(input1, input2, weight, bias);
}

namespace {

/// conv1d/2d/3d through their functional options. padding='same': the output keeps the input's
/// size. An even effective kernel needs one more zero after the input than before it along that
/// dim, which the op's symmetric padding can't do, so those zeros are concatenated first.
template <size_t D, typename Op>
Tensor conv_nd(const char* op, Op conv, const Tensor& input, const Tensor& weight,
               const ConvFuncOptions<D>& options) {
  if (const auto* explicit_padding = std::get_if<ExpandingArray<D>>(&options.padding()))
    return conv(input, weight, options.bias(), options.stride(), *explicit_padding,
                options.dilation(), options.groups());
  if (std::holds_alternative<enumtype::kValid>(options.padding()))
    return conv(input, weight, options.bias(), options.stride(), 0, options.dilation(),
                options.groups());
  const int64_t dims = int64_t(D);
  TG_CHECK(input.defined() && weight.defined() && weight.dim() == dims + 2 &&
               input.dim() >= dims + 1,
           op, ": padding='same' needs a ", dims + 2, "-D weight and a ", dims + 1, "-D or ",
           dims + 2, "-D input, got input ", input.defined() ? ops::shape_str(input) : "undefined",
           " and weight ", weight.defined() ? ops::shape_str(weight) : "undefined");
  for (int64_t s : *options.stride())
    TG_CHECK(s == 1, op, ": padding='same' is not supported for strided convolutions");
  Tensor x = input;
  std::array<int64_t, D> pad{};
  for (int64_t i = 0; i < dims; ++i) {
    const int64_t total = (*options.dilation())[size_t(i)] * (weight.size(2 + i) - 1);
    pad[size_t(i)] = total / 2;
    if (const int64_t extra = total - 2 * pad[size_t(i)]; extra > 0) {
      const int64_t d = x.dim() - dims + i;
      std::vector<int64_t> zshape = x.sizes().vec();
      zshape[size_t(d)] = extra;
      x = tg::cat({x, tg::zeros(zshape, x.options().requires_grad(false))}, d);
    }
  }
  return conv(x, weight, options.bias(), options.stride(), IntArrayRef(pad.data(), D),
              options.dilation(), options.groups());
}

} // namespace

Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options) {
  return conv_nd<1>("conv1d", tg::conv1d, input, weight, options);
}

Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options) {
  return conv_nd<2>("conv2d", tg::conv2d, input, weight, options);
}

Tensor conv3d(const Tensor& input, const Tensor& weight, const Conv3dFuncOptions& options) {
  return conv_nd<3>("conv3d", tg::conv3d, input, weight, options);
}

Tensor conv_transpose1d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose1dFuncOptions& options) {
  return tg::conv_transpose1d(input, weight, options.bias(), options.stride(), options.padding(),
                              options.output_padding(), options.groups(), options.dilation());
}

Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose2dFuncOptions& options) {
  return tg::conv_transpose2d(input, weight, options.bias(), options.stride(), options.padding(),
                              options.output_padding(), options.groups(), options.dilation());
}

Tensor conv_transpose3d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose3dFuncOptions& options) {
  return tg::conv_transpose3d(input, weight, options.bias(), options.stride(), options.padding(),
                              options.output_padding(), options.groups(), options.dilation());
}

Tensor max_pool1d(const Tensor& input, const MaxPool1dFuncOptions& o) {
  return tg::max_pool1d(input, o.kernel_size(), o.stride(), o.padding(), o.dilation(),
                        o.ceil_mode());
}

std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& input,
                                                   const MaxPool1dFuncOptions& o) {
  return tg::max_pool1d_with_indices(input, o.kernel_size(), o.stride(), o.padding(), o.dilation(),
                                     o.ceil_mode());
}

Tensor max_pool2d(const Tensor& input, const MaxPool2dFuncOptions& options) {
  return tg::max_pool2d(input, options.kernel_size(), options.stride(), options.padding(),
                        options.dilation(), options.ceil_mode());
}

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input,
                                                   const MaxPool2dFuncOptions& o) {
  return tg::max_pool2d_with_indices(input, o.kernel_size(), o.stride(), o.padding(), o.dilation(),
                                     o.ceil_mode());
}

Tensor max_pool3d(const Tensor& input, const MaxPool3dFuncOptions& o) {
  return tg::max_pool3d(input, o.kernel_size(), o.stride(), o.padding(), o.dilation(),
                        o.ceil_mode());
}

std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& input,
                                                   const MaxPool3dFuncOptions& o) {
  return tg::max_pool3d_with_indices(input, o.kernel_size(), o.stride(), o.padding(), o.dilation(),
                                     o.ceil_mode());
}

Tensor avg_pool1d(const Tensor& input, const AvgPool1dFuncOptions& o) {
  return tg::avg_pool1d(input, o.kernel_size(), o.stride(), o.padding(), o.ceil_mode(),
                        o.count_include_pad());
}

Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& options) {
  return tg::avg_pool2d(input, options.kernel_size(), options.stride(), options.padding(),
                        options.ceil_mode(), options.count_include_pad(),
                        options.divisor_override());
}

Tensor avg_pool3d(const Tensor& input, const AvgPool3dFuncOptions& o) {
  return tg::avg_pool3d(input, o.kernel_size(), o.stride(), o.padding(), o.ceil_mode(),
                        o.count_include_pad(), o.divisor_override());
}

Tensor adaptive_avg_pool1d(const Tensor& input, const AdaptiveAvgPool1dFuncOptions& options) {
  return tg::adaptive_avg_pool1d(input, options.output_size());
}

Tensor adaptive_avg_pool2d(const Tensor& input, const AdaptiveAvgPool2dFuncOptions& options) {
  return tg::adaptive_avg_pool2d(input, options.output_size());
}

Tensor adaptive_avg_pool3d(const Tensor& input, const AdaptiveAvgPool3dFuncOptions& options) {
  return tg::adaptive_avg_pool3d(input, options.output_size());
}

std::tuple<Tensor, Tensor>
adaptive_max_pool1d_with_indices(const Tensor& input, const AdaptiveMaxPool1dFuncOptions& options) {
  return tg::adaptive_max_pool1d(input, options.output_size());
}

Tensor adaptive_max_pool1d(const Tensor& input, const AdaptiveMaxPool1dFuncOptions& options) {
  return std::get<0>(adaptive_max_pool1d_with_indices(input, options));
}

std::tuple<Tensor, Tensor>
adaptive_max_pool2d_with_indices(const Tensor& input, const AdaptiveMaxPool2dFuncOptions& options) {
  return tg::adaptive_max_pool2d(input, options.output_size());
}

Tensor adaptive_max_pool2d(const Tensor& input, const AdaptiveMaxPool2dFuncOptions& options) {
  return std::get<0>(adaptive_max_pool2d_with_indices(input, options));
}

std::tuple<Tensor, Tensor>
adaptive_max_pool3d_with_indices(const Tensor& input, const AdaptiveMaxPool3dFuncOptions& options) {
  return tg::adaptive_max_pool3d(input, options.output_size());
}

Tensor adaptive_max_pool3d(const Tensor& input, const AdaptiveMaxPool3dFuncOptions& options) {
  return std::get<0>(adaptive_max_pool3d_with_indices(input, options));
}

Tensor fold(const Tensor& input, const FoldFuncOptions& o) {
  TG_CHECK(input.defined() && (input.dim() == 2 || input.dim() == 3),
           "Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ",
           input.defined() ? input.dim() : 0, "D)");
  return tg::col2im(input, o.output_size(), o.kernel_size(), o.dilation(), o.padding(), o.stride());
}

Tensor unfold(const Tensor& input, const UnfoldFuncOptions& o) {
  TG_CHECK(input.defined() && input.dim() == 4,
           "Input Error: Only 4D input Tensors are supported (got ",
           input.defined() ? input.dim() : 0, "D)");
  return tg::im2col(input, o.kernel_size(), o.dilation(), o.padding(), o.stride());
}

Tensor dropout(Tensor input, const DropoutFuncOptions& options) {
  TG_CHECK(options.p() >= 0 && options.p() <= 1,
           "dropout probability has to be between 0 and 1, but got ", options.p());
  if (options.inplace()) return tg::dropout_(input, options.p(), options.training());
  return tg::dropout(input, options.p(), options.training());
}

Tensor dropout2d(Tensor input, const Dropout2dFuncOptions& options) {
  TG_CHECK(options.p() >= 0 && options.p() <= 1,
           "dropout2d: dropout probability has to be between 0 and 1, but got ", options.p());
  TG_CHECK(input.defined(), "dropout2d: the input is undefined");
  // As LibTorch: anything but 4-D is taken as one unbatched sample [C, *].
  const bool batched = input.dim() == 4;
  auto fn = [&](const Tensor& x) {
    if (batched) return tg::feature_dropout(x, options.p(), options.training());
    return tg::feature_dropout(x.unsqueeze(0), options.p(), options.training()).squeeze(0);
  };
  if (!options.inplace()) return fn(input);
  if (batched) return tg::feature_dropout_(input, options.p(), options.training());
  return apply_inplace(input, fn);
}

Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options) {
  TG_CHECK(input.defined() && input.dim() >= 2,
           "batch_norm: expected an input of shape [N, C, "
           "...] with at least 2 dims, got ",
           input.defined() ? ops::shape_str(input) : "undefined");
  const int64_t C = input.size(1);
  auto check_per_channel = [C](const Tensor& t, const char* what) {
    TG_CHECK(!t.defined() || t.numel() == C, "batch_norm: ", what, " should contain ", C,
             " elements (one per channel), not ", t.numel());
  };
  check_per_channel(running_mean, "running_mean");
  check_per_channel(running_var, "running_var");
  check_per_channel(options.weight(), "weight");
  check_per_channel(options.bias(), "bias");

  std::vector<int64_t> dims{0}; // every dim but the channel dim
  for (int64_t d = 2; d < input.dim(); ++d) dims.push_back(d);
  std::vector<int64_t> channel_shape(size_t(input.dim()), 1); // broadcasts a [C] over the input
  channel_shape[1] = C;

  Tensor centered, var;
  if (options.training()) {
    const int64_t n = input.numel() / std::max<int64_t>(C, 1);
    TG_CHECK(n > 1, "Expected more than 1 value per channel when training, got input size ",
             input.sizes());
    Tensor mean = input.mean(dims);
    centered = input - mean.view(channel_shape);
    // Normalise with the biased variance, but track the unbiased one (as LibTorch does).
    var = centered.square().mean(dims);
    if (running_mean.defined() || running_var.defined()) {
      TG_CHECK(options.momentum().has_value(), "batch_norm: momentum must be given to update "
                                               "the running statistics");
      const double m = *options.momentum();
      NoGradGuard no_grad;
      if (running_mean.defined())
        running_mean.mul_(1 - m).add_(mean.detach().to(running_mean.scalar_type()), m);
      if (running_var.defined())
        running_var.mul_(1 - m).add_(
            var.detach().to(running_var.scalar_type()) * (double(n) / double(n - 1)), m);
    }
  } else {
    TG_CHECK(running_mean.defined() && running_var.defined(),
             "batch_norm: running_mean and "
             "running_var must be defined when not training");
    centered = input - running_mean.view(channel_shape);
    var = running_var;
  }
  // y = (x - mean) / sqrt(var + eps) · weight + bias, the per-channel factors folded first
  Tensor scale = (var + options.eps()).rsqrt();
  if (options.weight().defined()) scale = scale * options.weight();
  Tensor out = centered * scale.view(channel_shape);
  if (options.bias().defined()) out = out + options.bias().view(channel_shape);
  return out;
}

} // namespace tg::nn::functional

namespace tg {

Tensor batch_norm(const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Tensor& running_mean, const Tensor& running_var, bool training,
                  double momentum, double eps, bool) {
  return nn::functional::batch_norm(input, running_mean, running_var,
                                    nn::functional::BatchNormFuncOptions()
                                        .weight(weight)
                                        .bias(bias)
                                        .training(training)
                                        .momentum(momentum)
                                        .eps(eps));
}

} // namespace tg
