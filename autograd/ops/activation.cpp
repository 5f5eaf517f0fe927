// The activations beyond relu/sigmoid/tanh: elu, gelu, silu, softplus, mish, hardtanh, leaky_relu,
// hardswish, hardsigmoid, threshold, log_sigmoid, hardshrink, softshrink, and the ones LibTorch
// itself composes from others (celu and selu are elu, relu6 is hardtanh, prelu, rrelu, glu).
// Each forward is one fused pointwise kernel (one pass, no temporaries); each backward multiplies
// by the derivative written with differentiable tensor ops, so create_graph gives second
// derivatives (gelu and silu, common in Transformers, also have the derivative as one fused pass
// for the usual backward without create_graph). The derivative at a kink takes the side LibTorch
// takes (elu and leaky_relu: the x <= 0 side; hardtanh: 0 on the boundary).
#include <cmath>
#include <numbers>
#include <string_view>

#include "autograd/kernels/loop.h"
#include "autograd/kernels/vec_ops.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::record_unary;

namespace {

void check_floating_input(const Tensor& self, const char* op) {
  TG_CHECK(self.defined(), op, ": the input is undefined");
  TG_CHECK(isFloatingType(self.scalar_type()), op,
           ": expected a floating point input (Float or Double), got ", self.scalar_type());
}

template <typename Op> Tensor pointwise(const Tensor& self, const char* op, Op fn) {
  check_floating_input(self, op);
  Tensor out = ops::empty_tensor(self.sizes(), self.scalar_type());
  dispatch_floating(self.scalar_type(), op, [&]<typename T>() {
    kernels::map1<T, T>(out, self, [fn](T x) { return static_cast<T>(fn(x)); });
  });
  return out;
}

/// Whether a backward can compute grad · derivative(x) in one fused pass: it needs no graph of
/// its own (no create_graph) and grad matches x in dtype and shape. GELU's derivative written
/// with tensor ops was ten passes and nine temporaries as large as the activation.
bool fused_backward_applies(const Tensor& grad, const Tensor& x) {
  return !GradMode::is_enabled() && grad.scalar_type() == x.scalar_type() &&
         grad.sizes().equals(x.sizes());
}

/// grad · derivative(x): in one pass when fused_backward_applies, `d` being the derivative as a
/// scalar formula; otherwise grad · `composed`(x), written with differentiable tensor ops.
template <typename D, typename Composed>
Tensor fused_input_grad(const Tensor& grad, const Tensor& x, const char* op, D d,
                        Composed composed) {
  if (!fused_backward_applies(grad, x)) return grad * composed(x);
  Tensor out = ops::empty_tensor(x.sizes(), x.scalar_type());
  dispatch_floating(x.scalar_type(), op, [&]<typename T>() {
    kernels::map2<T, T, T>(out, x, grad, [d](T v, T g) { return static_cast<T>(g * d(v)); });
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
    // One dispatched loop (kernels/vectorized.h): in float its erf is LibTorch's vectorised one,
    // which vectorises here too; libm's erff per element was 13.5% of char_gpt's time.
    check_floating_input(self, "gelu");
    Tensor x = self.contiguous();
    Tensor out = ops::empty_tensor(self.sizes(), self.scalar_type());
    kernels::vec_gelu(out, x);
    // d/dx x·Φ(x) = Φ(x) + x·φ(x); without create_graph one dispatched loop, with the same erf
    record_unary("GeluBackward0", self, out, [](const Tensor& grad, const Tensor& v) {
      if (fused_backward_applies(grad, v)) {
        Tensor gi = ops::empty_tensor(v.sizes(), v.scalar_type());
        kernels::vec_gelu_backward(gi, grad.contiguous(), v.contiguous());
        return gi;
      }
      Tensor cdf = (erf(v * kSqrt1_2) + 1) * 0.5;
      return grad * (cdf + v * (v * v * -0.5).exp() * kInvSqrt2Pi);
    });
    return out;
  }
  Tensor out = pointwise(self, "gelu", [](auto x) {
    using T = decltype(x);
    const T inner = T(kGeluTanhBeta) * (x + T(kGeluTanhKappa) * x * x * x);
    return T(0.5) * x * (T(1) + std::tanh(inner));
  });
  // with t = tanh(β(x + κx³)): d/dx = ½(1 + t) + ½x(1 - t²)·β(1 + 3κx²)
  record_unary("GeluBackward0", self, out, [](const Tensor& grad, const Tensor& x) {
    return fused_input_grad(
        grad, x, "gelu_backward",
        [](auto v) {
          using T = decltype(v);
          const T v2 = v * v;
          const T t = std::tanh(T(kGeluTanhBeta) * (v + T(kGeluTanhKappa) * v2 * v));
          return T(0.5) * (T(1) + t) +
                 T(0.5 * kGeluTanhBeta) * v * (T(1) - t * t) * (T(1) + T(3 * kGeluTanhKappa) * v2);
        },
        [](const Tensor& v) {
          Tensor v2 = v * v;
          Tensor t = ((v + v2 * v * kGeluTanhKappa) * kGeluTanhBeta).tanh();
          return (t + 1) * 0.5 +
                 v * (1 - t * t) * (v2 * (3 * kGeluTanhKappa) + 1) * (0.5 * kGeluTanhBeta);
        });
  });
  return out;
}

Tensor silu(const Tensor& self) {
  Tensor out = pointwise(self, "silu", [](auto x) {
    using T = decltype(x);
    return x / (T(1) + std::exp(-x));
  });
  // d/dx x·σ(x) = σ(x)·(1 + x·(1 - σ(x)))
  record_unary("SiluBackward0", self, out, [](const Tensor& grad, const Tensor& x) {
    return fused_input_grad(
        grad, x, "silu_backward",
        [](auto v) {
          using T = decltype(v);
          const T s = T(1) / (T(1) + std::exp(-v));
          return s * (T(1) + v * (T(1) - s));
        },
        [](const Tensor& v) {
          Tensor s = v.sigmoid();
          return s * (v * (1 - s) + 1);
        });
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

Tensor hardswish(const Tensor& self) {
  Tensor out = pointwise(self, "hardswish", [](auto x) {
    using T = decltype(x);
    return x <= T(-3) ? T(0) : (x >= T(3) ? x : x * (x + T(3)) / T(6));
  });
  // d/dx = 0 for x < -3, x/3 + 1/2 on [-3, 3], 1 above (LibTorch's sides at the kinks)
  record_unary("HardswishBackward0", self, out, [](const Tensor& x) {
    return where(x < -3, 0.0, where(x <= 3, x / 3 + 0.5, ones_like(x)));
  });
  return out;
}

Tensor hardsigmoid(const Tensor& self) {
  Tensor out = pointwise(self, "hardsigmoid", [](auto x) {
    using T = decltype(x);
    return x <= T(-3) ? T(0) : (x >= T(3) ? T(1) : x / T(6) + T(0.5));
  });
  // d/dx = 1/6 strictly inside (-3, 3), 0 elsewhere. LibTorch's kernel spells 1/6 as the float
  // 1.0f / 6.0f even for double, and so do we, so that the gradients agree to the last bit.
  record_unary("HardsigmoidBackward0", self, out, [](const Tensor& x) {
    return logical_and(x > -3, x < 3).to(x.scalar_type()) * double(1.0f / 6.0f);
  });
  return out;
}

Tensor threshold(const Tensor& self, const Scalar& threshold, const Scalar& value) {
  const double th = threshold.toDouble(), v = value.toDouble();
  Tensor out = pointwise(self, "threshold", [=](auto x) {
    using T = decltype(x);
    return x <= T(th) ? T(v) : x;
  });
  // d/dx = 1 where x > threshold (the input passes through), 0 where it was replaced by value
  record_unary("ThresholdBackward0", self, out,
               [th](const Tensor& x) { return (x > th).to(x.scalar_type()); });
  return out;
}

Tensor log_sigmoid(const Tensor& self) {
  // min(x, 0) - log1p(exp(-|x|)): exp never sees a positive argument, so it cannot overflow
  Tensor out = pointwise(self, "log_sigmoid", [](auto x) {
    using T = decltype(x);
    return std::min(x, T(0)) - std::log1p(std::exp(-std::abs(x)));
  });
  // d/dx log σ(x) = 1 - σ(x) = σ(-x)
  record_unary("LogSigmoidBackward0", self, out, [](const Tensor& x) { return (-x).sigmoid(); });
  return out;
}

Tensor hardshrink(const Tensor& self, const Scalar& lambd) {
  const double l = lambd.toDouble();
  Tensor out = pointwise(self, "hardshrink", [=](auto x) {
    using T = decltype(x);
    return (x >= T(-l) && x <= T(l)) ? T(0) : x;
  });
  // d/dx = 1 where |x| > lambda, 0 inside [-lambda, lambda]
  record_unary("HardshrinkBackward0", self, out,
               [l](const Tensor& x) { return (x.abs() > l).to(x.scalar_type()); });
  return out;
}

Tensor softshrink(const Tensor& self, const Scalar& lambd) {
  const double l = lambd.toDouble();
  TG_CHECK(l >= 0, "softshrink: lambda must be greater or equal to 0, but found to be ", l, ".");
  Tensor out = pointwise(self, "softshrink", [=](auto x) {
    using T = decltype(x);
    return x > T(l) ? x - T(l) : (x < T(-l) ? x + T(l) : T(0));
  });
  // d/dx = 1 where |x| > lambda, 0 inside [-lambda, lambda]
  record_unary("SoftshrinkBackward0", self, out,
               [l](const Tensor& x) { return (x.abs() > l).to(x.scalar_type()); });
  return out;
}

// LibTorch computes celu, selu and relu6 through elu and hardtanh, and so do we (their backward
// nodes are EluBackward0 and HardtanhBackward0).
Tensor celu(const Tensor& self, const Scalar& alpha) {
  const double a = alpha.toDouble();
  TG_CHECK(a != 0, "celu: ZeroDivisionError: alpha cannot be 0 for CELU");
  return elu(self, a, 1.0, 1.0 / a);
}

Tensor selu(const Tensor& self) {
  constexpr double kAlpha = 1.6732632423543772848170429916717;
  constexpr double kScale = 1.0507009873554804934193349852946;
  return elu(self, kAlpha, kScale);
}

Tensor relu6(const Tensor& self) { return hardtanh(self, 0.0, 6.0); }

Tensor prelu(const Tensor& self, const Tensor& weight) {
  TG_CHECK(self.defined() && weight.defined(), "prelu: input and weight must be defined");
  const int64_t n = weight.numel();
  TG_CHECK(weight.dim() <= 1,
           "prelu: Expected `weight` to be a scalar or 1D tensor, but got ndim = ", weight.dim());
  const int64_t channels = self.dim() >= 2 ? self.size(1) : 1;
  TG_CHECK(n == 1 || n == channels,
           "prelu: Mismatch of parameter numbers and input channel size. Found parameter numbers "
           "= ",
           n, " and channel size = ", channels, " (input of shape ", self.sizes(), ").");
  // The weight lines up with dim 1 (the channels), broadcast over every other dim.
  Tensor w = weight.reshape({n});
  if (self.dim() >= 2) {
    std::vector<int64_t> shape(static_cast<size_t>(self.dim()), 1);
    shape[1] = n;
    w = w.reshape(shape);
  } else if (n == 1) {
    w = w.reshape({});
  }
  // d/dx = 1 for x > 0, weight otherwise; d/dweight = x where x <= 0 (summed over the broadcast)
  return where(self > 0, self, self * w);
}

Tensor rrelu(const Tensor& self, const Scalar& lower, const Scalar& upper, bool training) {
  const double lo = lower.toDouble(), hi = upper.toDouble();
  TG_CHECK(lo <= hi,
           "rrelu: Lower bound should be less than or equal to the upper bound, got lower=", lo,
           " and upper=", hi);
  TG_CHECK(self.defined() && isFloatingType(self.scalar_type()),
           "rrelu: expected a floating point input");
  if (!training) return leaky_relu(self, (lo + hi) / 2);
  // Training: each x <= 0 is scaled by its own slope r ~ U(lower, upper), drawn from the global
  // stream; the slopes are constants, so d/dx = r there and 1 elsewhere.
  Tensor slopes = rand_like(self) * (hi - lo) + lo;
  Tensor noise = where(self <= 0, slopes, 1.0).detach();
  return self * noise;
}

Tensor glu(const Tensor& self, int64_t dim) {
  TG_CHECK(self.defined() && self.dim() > 0,
           "glu: glu does not support scalars because halving size "
           "must be even");
  const int64_t d = ops::wrap_dim(dim, self.dim(), "glu");
  TG_CHECK(self.size(d) % 2 == 0, "glu: Halving dimension must be even, but dimension ", d,
           " is size ", self.size(d));
  const int64_t half = self.size(d) / 2;
  // a ⊗ σ(b) for the two halves a, b along dim; mul and sigmoid record the gradient
  return self.narrow(d, 0, half) * self.narrow(d, half, half).sigmoid();
}

} // namespace tg
