#pragma once
// tg::nn::init: in-place initialisers for parameters, spelled as torch::nn::init. They run without
// recording gradients and return the tensor. The fan of a weight is computed as LibTorch does:
// fan_in = size(1)·receptive field, fan_out = size(0)·receptive field (receptive field = the product
// of the dims after the first two). The common recipes:
//   init::kaiming_normal_(w, 0, tg::kFanIn, tg::kReLU);   // He: std = sqrt(2 / fan_in)
//   init::kaiming_normal_(w, 0, tg::kFanIn, tg::kLinear); // std = 1 / sqrt(fan_in)
//   init::xavier_uniform_(w);                             // bound = sqrt(6 / (fan_in + fan_out))
#include <cstdint>
#include <tuple>
#include <variant>

#include "autograd/tensor/tensor.h"
#include "nn/enum.h"

namespace tg::nn::init {

/// The nonlinearity argument of calculate_gain and the kaiming initialisers (tg::kReLU etc.).
using NonlinearityType =
    std::variant<enumtype::kLinear, enumtype::kConv1D, enumtype::kConv2D, enumtype::kConv3D,
                 enumtype::kConvTranspose1D, enumtype::kConvTranspose2D,
                 enumtype::kConvTranspose3D, enumtype::kSigmoid, enumtype::kTanh,
                 enumtype::kReLU, enumtype::kLeakyReLU>;
/// Whether kaiming_* scale by fan_in (tg::kFanIn: preserves the forward activations' variance)
/// or fan_out (tg::kFanOut: preserves the backward gradients' variance).
using FanModeType = std::variant<enumtype::kFanIn, enumtype::kFanOut>;

/// The recommended gain for a nonlinearity: 1 (linear, conv, sigmoid), 5/3 (tanh), sqrt(2) (relu),
/// sqrt(2 / (1 + param²)) (leaky relu with negative slope `param`).
double calculate_gain(NonlinearityType nonlinearity, double param = 0.01);

/// Fills `tensor` with `value` in place and returns it. Like every initialiser here, it throws
/// tg::Error for an undefined tensor.
Tensor constant_(Tensor tensor, Scalar value);
/// Fills `tensor` with ones in place and returns it.
Tensor ones_(Tensor tensor);
/// Fills `tensor` with zeros in place and returns it.
Tensor zeros_(Tensor tensor);
/// The identity matrix (a 2-D tensor).
Tensor eye_(Tensor matrix);
/// Fills `tensor` (floating) with samples of N(mean, std²) in place and returns it; a negative
/// std throws tg::Error.
Tensor normal_(Tensor tensor, double mean = 0, double std = 1);
/// Fills `tensor` with samples of U(low, high) in place and returns it; low > high throws
/// tg::Error.
Tensor uniform_(Tensor tensor, double low = 0, double high = 1);
/// std = gain / sqrt(fan), fan_in or fan_out by `mode`, gain = calculate_gain(nonlinearity, a).
Tensor kaiming_normal_(Tensor tensor, double a = 0, FanModeType mode = tg::kFanIn,
                       NonlinearityType nonlinearity = tg::kLeakyReLU);
/// U(-bound, bound) with bound = gain·sqrt(3 / fan).
Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanModeType mode = tg::kFanIn,
                        NonlinearityType nonlinearity = tg::kLeakyReLU);
/// std = gain·sqrt(2 / (fan_in + fan_out)).
Tensor xavier_normal_(Tensor tensor, double gain = 1.0);
/// U(-a, a) with a = gain·sqrt(6 / (fan_in + fan_out)).
Tensor xavier_uniform_(Tensor tensor, double gain = 1.0);

/// (fan_in, fan_out) of a weight with at least 2 dims.
std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor& tensor);

} // namespace tg::nn::init
