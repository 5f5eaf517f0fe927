// The activations beyond relu/sigmoid/tanh: elu, gelu, silu, softplus, mish, hardtanh, leaky_relu.
// Each forward is one fused pointwise kernel (one pass, no temporaries); each backward multiplies
// by the derivative written with differentiable tensor ops, so create_graph gives second
// derivatives. The derivative at a kink takes the side LibTorch takes (elu and leaky_relu: the
// x <= 0 side; hardtanh: 0 on the boundary).
#include <cmath>
#include <numbers>
#include <string_view>

#include "autograd/kernels/loop.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::record_unary;

namespace {

template <typename Op> Tensor pointwise(const Tensor& self, const char* op, Op fn) {
  TG_CHECK(self.defined(), op, ": the input is undefined");
  TG_CHECK(isFloatingType(self.scalar_type()), op,
           ": expected a floating point input (Float or Double), got ", self.scalar_type());
  Tensor out = ops::empty_tensor(self.sizes(), self.scalar_type());
  dispatch_floating(self.scalar_type(), op, [&]<typename T>() {
    kernels::map1<T, T>(out, self, [fn](T x) { return static_cast<T>(fn(x)); });
  });
  return out;
}

constexpr double kSqrt1_2 = 0.70710678118654752440; // 1/√2
constexpr double kInvSqrt2Pi = 0.39894228040143267794; // 1/√(2π)
constexpr double kGeluTanhBeta = 0.79788456080286535588; // √(2/π)
constexpr double kGeluTanhKappa = 0.044715;

} // namespace

Tensor elu(const Tensor& self, const Scalar& alpha, const Scalar& scale, const Scalar& input_scale) {
  const double a = alpha.toDouble(), s = scale.toDouble(), is = input_scale.toDouble();
  Tensor out = pointwise(self, "elu", [=](auto x) {
    using T = decltype(x);
    return x > T(0) ? x * T(s) : (std::exp(x * T(is)) - T(1)) * T(a * s);
  });
  // d/dx = scale for x > 0, alpha·scale·input_scale·exp(input_scale·x) otherwise
  record_unary("EluBackward0", self, out, [a, s, is](const Tensor& x) {
    return where(x > 0, s, (x * is).exp() * (a * s * is));
  });
  return out;
}

Tensor gelu(const Tensor& self, std::string_view approximate) {
  TG_CHECK(approximate == "none" || approximate == "tanh",
           "gelu: approximate argument must be either none or tanh, got '", approximate, "'");
  if (approximate == "none") {
    Tensor out = pointwise(self, "gelu", [](auto x) {
      using T = decltype(x);
      return x * T(0.5) * (T(1) + std::erf(x * T(kSqrt1_2)));
    });
    // d/dx x·Φ(x) = Φ(x) + x·φ(x)
    record_unary("GeluBackward0", self, out, [](const Tensor& x) {
      Tensor cdf = (erf(x * kSqrt1_2) + 1) * 0.5;
      return cdf + x * (x * x * -0.5).exp() * kInvSqrt2Pi;
    });
    return out;
  }
  Tensor out = pointwise(self, "gelu", [](auto x) {
    using T = decltype(x);
    const T inner = T(kGeluTanhBeta) * (x + T(kGeluTanhKappa) * x * x * x);
    return T(0.5) * x * (T(1) + std::tanh(inner));
  });
  // with t = tanh(β(x + κx³)): d/dx = ½(1 + t) + ½x(1 - t²)·β(1 + 3κx²)
  record_unary("GeluBackward0", self, out, [](const Tensor& x) {
    Tensor x2 = x * x;
    Tensor t = ((x + x2 * x * kGeluTanhKappa) * kGeluTanhBeta).tanh();
    return (t + 1) * 0.5 + x * (1 - t * t) * (x2 * (3 * kGeluTanhKappa) + 1) * (0.5 * kGeluTanhBeta);
  });
  return out;
}

Tensor silu(const Tensor& self) {
  Tensor out = pointwise(self, "silu", [](auto x) {
    using T = decltype(x);
    return x / (T(1) + std::exp(-x));
  });
  // d/dx x·σ(x) = σ(x)·(1 + x·(1 - σ(x)))
  record_unary("SiluBackward0", self, out, [](const Tensor& x) {
    Tensor s = x.sigmoid();
    return s * (x * (1 - s) + 1);
  });
  return out;
}

Tensor softplus(const Tensor& self, const Scalar& beta, const Scalar& threshold) {
  const double b = beta.toDouble(), th = threshold.toDouble();
  Tensor out = pointwise(self, "softplus", [=](auto x) {
    using T = decltype(x);
    return x * T(b) > T(th) ? x : std::log1p(std::exp(x * T(b))) / T(b);
  });
  // d/dx = σ(beta·x), and 1 on the linear part
  record_unary("SoftplusBackward0", self, out, [b, th](const Tensor& x) {
    Tensor bx = x * b;
    return where(bx > th, 1.0, bx.sigmoid());
  });
  return out;
}

Tensor mish(const Tensor& self) {
  Tensor out = pointwise(self, "mish", [](auto x) {
    return x * std::tanh(std::log1p(std::exp(x)));
  });
  // with t = tanh(softplus(x)): d/dx = t + x·σ(x)·(1 - t²). softplus's threshold keeps exp from
  // overflowing in the double backward.
  record_unary("MishBackward0", self, out, [](const Tensor& x) {
    Tensor t = softplus(x).tanh();
    return t + x * x.sigmoid() * (1 - t * t);
  });
  return out;
}

Tensor hardtanh(const Tensor& self, const Scalar& min_val, const Scalar& max_val) {
  const double lo = min_val.toDouble(), hi = max_val.toDouble();
  Tensor out = pointwise(self, "hardtanh", [=](auto x) {
    using T = decltype(x);
    return x < T(lo) ? T(lo) : (x > T(hi) ? T(hi) : x);
  });
  // d/dx = 1 strictly between the bounds, 0 elsewhere
  record_unary("HardtanhBackward0", self, out, [lo, hi](const Tensor& x) {
    return logical_and(x > lo, x < hi).to(x.scalar_type());
  });
  return out;
}

Tensor leaky_relu(const Tensor& self, const Scalar& negative_slope) {
  const double slope = negative_slope.toDouble();
  Tensor out = pointwise(self, "leaky_relu", [=](auto x) {
    using T = decltype(x);
    return x > T(0) ? x : x * T(slope);
  });
  // d/dx = 1 for x > 0, negative_slope otherwise
  record_unary("LeakyReluBackward0", self, out,
               [slope](const Tensor& x) { return where(x > 0, ones_like(x), slope); });
  return out;
}

} // namespace tg
