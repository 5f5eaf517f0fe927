// Parameter initialisers. All write in place under NoGradGuard: a parameter is a leaf that requires
// grad, and an in-place change to one must not be recorded.
#include "nn/init.h"

#include <cmath>

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"

namespace tg::nn::init {

namespace {

void check_defined(const Tensor& tensor, const char* op) {
  TG_CHECK(tensor.defined(), "nn::init::", op, ": the tensor is undefined");
}

double calculate_fan(const Tensor& tensor, const FanModeType& mode) {
  auto [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  return double(std::holds_alternative<enumtype::kFanIn>(mode) ? fan_in : fan_out);
}

double kaiming_std(const Tensor& tensor, double a, const FanModeType& mode,
                   const NonlinearityType& nonlinearity, const char* op) {
  check_defined(tensor, op);
  const double fan = calculate_fan(tensor, mode);
  TG_CHECK(fan > 0, "nn::init::", op, ": cannot initialize a tensor with a zero fan (shape ",
           tensor.sizes(), ")");
  return calculate_gain(nonlinearity, a) / std::sqrt(fan);
}

} // namespace

double calculate_gain(NonlinearityType nonlinearity, double param) {
  if (std::holds_alternative<enumtype::kTanh>(nonlinearity)) return 5.0 / 3.0;
  if (std::holds_alternative<enumtype::kReLU>(nonlinearity)) return std::sqrt(2.0);
  if (std::holds_alternative<enumtype::kLeakyReLU>(nonlinearity))
    return std::sqrt(2.0 / (1 + param * param));
  return 1.0; // linear, the convolutions and sigmoid
}

Tensor constant_(Tensor tensor, Scalar value) {
  check_defined(tensor, "constant_");
  NoGradGuard no_grad;
  return tensor.fill_(value);
}
Tensor ones_(Tensor tensor) { return constant_(std::move(tensor), 1); }
Tensor zeros_(Tensor tensor) {
  check_defined(tensor, "zeros_");
  NoGradGuard no_grad;
  return tensor.zero_();
}

Tensor eye_(Tensor matrix) {
  check_defined(matrix, "eye_");
  TG_CHECK(matrix.dim() == 2, "nn::init::eye_: Only tensors with 2 dimensions are supported, got ",
           matrix.dim());
  NoGradGuard no_grad;
  return matrix.copy_(tg::eye(matrix.size(0), matrix.size(1), matrix.scalar_type()));
}

Tensor normal_(Tensor tensor, double mean, double std) {
  check_defined(tensor, "normal_");
  NoGradGuard no_grad;
  return tensor.normal_(mean, std);
}

Tensor uniform_(Tensor tensor, double low, double high) {
  check_defined(tensor, "uniform_");
  NoGradGuard no_grad;
  return tensor.uniform_(low, high);
}

Tensor kaiming_normal_(Tensor tensor, double a, FanModeType mode, NonlinearityType nonlinearity) {
  const double std = kaiming_std(tensor, a, mode, nonlinearity, "kaiming_normal_");
  NoGradGuard no_grad;
  return tensor.normal_(0, std);
}

Tensor kaiming_uniform_(Tensor tensor, double a, FanModeType mode, NonlinearityType nonlinearity) {
  // A uniform U(-b, b) has std b / sqrt(3).
  const double bound = std::sqrt(3.0) * kaiming_std(tensor, a, mode, nonlinearity,
                                                    "kaiming_uniform_");
  NoGradGuard no_grad;
  return tensor.uniform_(-bound, bound);
}

Tensor xavier_normal_(Tensor tensor, double gain) {
  check_defined(tensor, "xavier_normal_");
  auto [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const double std = gain * std::sqrt(2.0 / double(fan_in + fan_out));
  NoGradGuard no_grad;
  return tensor.normal_(0, std);
}

Tensor xavier_uniform_(Tensor tensor, double gain) {
  check_defined(tensor, "xavier_uniform_");
  auto [fan_in, fan_out] = _calculate_fan_in_and_fan_out(tensor);
  const double a = gain * std::sqrt(6.0 / double(fan_in + fan_out));
  NoGradGuard no_grad;
  return tensor.uniform_(-a, a);
}

std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor& tensor) {
  check_defined(tensor, "_calculate_fan_in_and_fan_out");
  TG_CHECK(tensor.dim() >= 2, "Fan in and fan out can not be computed for tensor with fewer than 2 "
           "dimensions (got shape ", tensor.sizes(), ")");
  int64_t receptive_field = 1;
  for (int64_t d = 2; d < tensor.dim(); ++d) receptive_field *= tensor.size(d);
  return {tensor.size(1) * receptive_field, tensor.size(0) * receptive_field};
}

} // namespace tg::nn::init
