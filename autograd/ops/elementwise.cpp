// Pointwise arithmetic and activations. Each op: dtype rule, forward kernel, then its backward
// written with tensor ops (so create_graph gives higher derivatives). Broadcasting is undone by the
// engine, so no backward here reduces anything.
#include <cmath>
#include <numbers>

#include "autograd/kernels/loop.h"
#include "autograd/kernels/vec_ops.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::record_unary;
using autograd::record_unary_result;
using autograd::SavedVariable;
using autograd::variable_list;

namespace {

/// Runs a same-type binary kernel over the broadcast of a and b, computing in dtype `t`.
template <typename Op>
Tensor binary_forward(const Tensor& a, const Tensor& b, ScalarType t, const char* op, Op fn) {
  DimVector shape = ops::broadcast_shapes(a.sizes(), b.sizes(), op);
  Tensor out = ops::empty_tensor(shape, t);
  Tensor ca = a.scalar_type() == t ? a : a.to(t);
  Tensor cb = b.scalar_type() == t ? b : b.to(t);
  dispatch_all(t, op, [&]<typename T>() {
    kernels::map2<T, T, T>(out, ca, cb, [fn](T x, T y) { return static_cast<T>(fn(x, y)); });
  });
  return out;
}

/// Runs a unary kernel on `self` converted to `compute`, result of dtype `compute`.
template <typename Op>
Tensor unary_forward(const Tensor& self, ScalarType compute, const char* op, Op fn) {
  Tensor out = ops::empty_tensor(self.sizes(), compute);
  Tensor c = self.scalar_type() == compute ? self : self.to(compute);
  dispatch_all(compute, op, [&]<typename T>() {
    kernels::map1<T, T>(out, c, [fn](T x) { return static_cast<T>(fn(x)); });
  });
  return out;
}

/// `fn` applied to every element, for ops that only exist for floating types (exp, log, ...):
/// integer and bool inputs compute in the default float dtype. Two instantiations, not six.
template <typename Op> Tensor float_unary(const Tensor& self, const char* op, Op fn) {
  ScalarType compute = ops::to_float_type(self.scalar_type());
  Tensor out = ops::empty_tensor(self.sizes(), compute);
  Tensor c = self.scalar_type() == compute ? self : self.to(compute);
  dispatch_floating(compute, op, [&]<typename T>() {
    kernels::map1<T, T>(out, c, [fn](T x) { return static_cast<T>(fn(x)); });
  });
  return out;
}

/// The backward of a piecewise-constant op (sign, floor, ceil, round). `0 * x` keeps the zeros
/// connected to x, so a create_graph backward can differentiate them again.
constexpr auto zero_gradient = [](const Tensor& grad, const Tensor& x) {
  return zeros_like(grad) + 0 * x;
};

/// True when an in-place update can be computed straight into `self` (nothing to record).
bool direct_inplace(const Tensor& self, std::initializer_list<const Tensor*> others) {
  for (const Tensor* o : others)
    if (GradMode::is_enabled() && o->requires_grad()) return false;
  return !(GradMode::is_enabled() && self.requires_grad());
}

Tensor wrap(const Scalar& s, const Tensor& like) {
  // The scalar is stored in the dtype the op will compute in, so no conversion happens later.
  return ops::scalar_to_tensor(s, ops::result_type(like, s));
}

} // namespace

// ---------------------------------------------------------------- add / sub
// The scalar overloads record the node under LibTorch's name for the Scalar schema
// (AddBackward1 for `x + 2`, MulBackward1 for `x * 3`, ...), so grad_fn()->name() prints the same.
namespace {
Tensor add_impl(const Tensor& self, const Tensor& other, const Scalar& alpha, const char* node_name) {
  ScalarType t = ops::result_type(self, other);
  Tensor out;
  if (kernels::vec_applies(self, {&other}, t)) {
    // Flat float/double: the loop dispatched to AVX2/AVX-512 at start-up, same bits as below.
    out = ops::empty_tensor(self.sizes(), t);
    kernels::vec_add(out, self, other, Scalar(alpha.toDouble()));
  } else if (alpha.toDouble() == 1.0) {
    out = binary_forward(self, other, t, "add", [](auto x, auto y) { return x + y; });
  } else {
    TG_CHECK(isFloatingType(t) || alpha.isIntegral(true), "add: for integral input tensors, "
             "argument alpha must not be a floating point number (got ", alpha, ")");
    out = binary_forward(self, other, t, "add", [a = alpha.toDouble()](auto x, auto y) {
      return x + static_cast<decltype(x)>(a) * y;
    });
  }
  // d/dself = 1, d/dother = alpha
  if (autograd::compute_requires_grad(self, other)) {
    double a = alpha.toDouble();
    autograd::record(node_name, {self, other}, out, [a](const Tensor& grad, Node& node) {
      return variable_list{grad, node.needs_input_grad(1) ? (a == 1.0 ? grad : grad * a) : Tensor()};
    });
  }
  return out;
}
Tensor sub_impl(const Tensor& self, const Tensor& other, const Scalar& alpha, const char* node_name);
} // namespace
Tensor add(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return add_impl(self, other, alpha, "AddBackward0");
}
Tensor add(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  return add_impl(self, wrap(other, self), alpha, "AddBackward1");
}
Tensor sub(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return sub_impl(self, other, alpha, "SubBackward0");
}
namespace {
Tensor sub_impl(const Tensor& self, const Tensor& other, const Scalar& alpha, const char* node_name) {
  // LibTorch refuses a bool operand on either side (a scalar `true` included).
  TG_CHECK(self.scalar_type() != kBool && other.scalar_type() != kBool,
           "sub: subtraction, the `-` operator, with a bool tensor is not supported. If you are "
           "trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  ScalarType t = ops::result_type(self, other);
  Tensor out = binary_forward(self, other, t, "sub", [a = alpha.toDouble()](auto x, auto y) {
    return x - static_cast<decltype(x)>(a) * y;
  });
  // d/dself = 1, d/dother = -alpha
  if (autograd::compute_requires_grad(self, other)) {
    double a = alpha.toDouble();
    autograd::record(node_name, {self, other}, out, [a](const Tensor& grad, Node& node) {
      return variable_list{grad, node.needs_input_grad(1) ? grad * (-a) : Tensor()};
    });
  }
  return out;
}
} // namespace
Tensor sub(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  TG_CHECK(!other.isBoolean(), "sub: subtraction, the `-` operator, with a bool scalar is not "
                               "supported. Use logical_xor() or logical_not() instead.");
  return sub_impl(self, wrap(other, self), alpha, "SubBackward1");
}
Tensor rsub(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  return sub_impl(wrap(other, self), self, alpha, "RsubBackward1");
}

// ---------------------------------------------------------------- mul / div
namespace {
Tensor mul_impl(const Tensor& self, const Tensor& other, const char* node_name) {
  ScalarType t = ops::result_type(self, other);
  Tensor out;
  if (kernels::vec_applies(self, {&other}, t)) { // the dispatched flat loop, same bits
    out = ops::empty_tensor(self.sizes(), t);
    kernels::vec_mul(out, self, other);
  } else {
    out = t == kBool ? binary_forward(self, other, t, "mul", [](bool x, bool y) { return x && y; })
                     : binary_forward(self, other, t, "mul", [](auto x, auto y) { return x * y; });
  }
  // d/dself = other, d/dother = self
  if (autograd::compute_requires_grad(self, other)) {
    bool need_self = other.requires_grad();
    autograd::record(node_name, {self, other}, out,
                     [s = SavedVariable(need_self ? self : Tensor(), false),
                      o = SavedVariable(self.requires_grad() ? other : Tensor(), false)](
                         const Tensor& grad, Node& node) {
                       return variable_list{
                           node.needs_input_grad(0) ? grad * o.unpack() : Tensor(),
                           node.needs_input_grad(1) ? grad * s.unpack() : Tensor()};
                     });
  }
  return out;
}
Tensor div_impl(const Tensor& self, const Tensor& other, const char* node_name);
} // namespace
Tensor mul(const Tensor& self, const Tensor& other) { return mul_impl(self, other, "MulBackward0"); }
Tensor mul(const Tensor& self, const Scalar& other) {
  return mul_impl(self, wrap(other, self), "MulBackward1");
}
Tensor div(const Tensor& self, const Tensor& other) { return div_impl(self, other, "DivBackward0"); }
Tensor div(const Tensor& self, const Scalar& other) {
  return div_impl(self, wrap(other, self), "DivBackward1");
}
namespace {
Tensor div_impl(const Tensor& self, const Tensor& other, const char* node_name) {
  // True division: integers divide as floats, as in PyTorch.
  ScalarType t = ops::to_float_type(ops::result_type(self, other));
  Tensor out = binary_forward(self, other, t, "div", [](auto x, auto y) { return x / y; });
  // d/dself = 1/other, d/dother = -self/other²
  if (autograd::compute_requires_grad(self, other)) {
    autograd::record(node_name, {self, other}, out,
                     [s = SavedVariable(other.requires_grad() ? self : Tensor(), false),
                      o = SavedVariable(other, false)](const Tensor& grad, Node& node) {
                       Tensor b = o.unpack();
                       return variable_list{
                           node.needs_input_grad(0) ? grad / b : Tensor(),
                           node.needs_input_grad(1) ? -grad * s.unpack() / (b * b) : Tensor()};
                     });
  }
  return out;
}
} // namespace

// ---------------------------------------------------------------- pow
Tensor pow(const Tensor& self, const Scalar& exponent) {
  TG_CHECK(self.scalar_type() != kBool || !exponent.isBoolean(),
           "pow: not implemented for a bool tensor with a bool exponent");
  // Promotes as a binary op: bool ** 2 is int64, int ** 2.5 the default float dtype.
  ScalarType t = ops::result_type(self, exponent);
  const double e = exponent.toDouble();
  Tensor out = e == 2.0 ? unary_forward(self, t, "pow", [](auto x) { return x * x; })
                        : unary_forward(self, t, "pow", [e](auto x) {
                            return static_cast<decltype(x)>(std::pow(double(x), e));
                          });
  // d/dx x^e = e·x^(e-1)
  if (autograd::compute_requires_grad(self)) {
    double e = exponent.toDouble();
    autograd::record("PowBackward0", {self}, out,
                     [s = SavedVariable(self, false), e](const Tensor& grad) {
                       if (e == 0.0) return variable_list{zeros_like(grad)};
                       Tensor x = s.unpack();
                       return variable_list{grad * (e == 2.0 ? x * 2.0 : x.pow(e - 1.0) * e)};
                     });
  }
  return out;
}
namespace {
Tensor pow_impl(const Tensor& self, const Tensor& exponent, const char* node_name) {
  ScalarType t = ops::result_type(self, exponent);
  TG_CHECK(t != kBool, "pow: not implemented for bool tensors ", ops::shape_str(self), " and ",
           ops::shape_str(exponent));
  Tensor out = binary_forward(self, exponent, t, "pow", [](auto x, auto y) {
    return static_cast<decltype(x)>(std::pow(double(x), double(y)));
  });
  // d/dx x^y = y·x^(y-1); d/dy x^y = x^y·log(x) (taken as 0 where x = 0, as PyTorch does)
  if (autograd::compute_requires_grad(self, exponent)) {
    autograd::record(node_name, {self, exponent}, out,
                     [s = SavedVariable(self, false), e = SavedVariable(exponent, false),
                      r = SavedVariable(out, true)](const Tensor& grad, Node& node) {
                       Tensor x = s.unpack(), y = e.unpack();
                       Tensor gx, gy;
                       if (node.needs_input_grad(0)) gx = grad * y * x.pow(y - 1);
                       if (node.needs_input_grad(1)) {
                         Tensor safe_log = where(x.eq(0), zeros_like(x), x).log();
                         Tensor term = grad * r.unpack(node.shared_from_this()) * safe_log;
                         gy = where(x.eq(0), zeros_like(term), term);
                       }
                       return variable_list{gx, gy};
                     });
  }
  return out;
}
} // namespace
Tensor pow(const Tensor& self, const Tensor& exponent) { return pow_impl(self, exponent, "PowBackward1"); }
Tensor pow(const Scalar& self, const Tensor& exponent) {
  return pow_impl(ops::scalar_to_tensor(self, ops::result_type(exponent, self)), exponent,
                  "PowBackward2");
}

// ---------------------------------------------------------------- maximum / minimum
namespace {
Tensor max_min_backward_mask(const Tensor& a, const Tensor& b, bool is_max, bool for_a) {
  // The winner takes the gradient; on a tie it is shared equally, as in PyTorch.
  Tensor win = is_max ? (for_a ? a.gt(b) : b.gt(a)) : (for_a ? a.lt(b) : b.lt(a));
  Tensor tie = a.eq(b);
  return win.to(a.scalar_type()) + tie.to(a.scalar_type()) * 0.5;
}
Tensor max_min(const Tensor& self, const Tensor& other, bool is_max) {
  ScalarType t = ops::result_type(self, other);
  Tensor out = is_max ? binary_forward(self, other, t, "maximum",
                                       [](auto x, auto y) { return x > y || x != x ? x : y; })
                      : binary_forward(self, other, t, "minimum",
                                       [](auto x, auto y) { return x < y || x != x ? x : y; });
  if (autograd::compute_requires_grad(self, other)) {
    autograd::record(is_max ? "MaximumBackward0" : "MinimumBackward0", {self, other}, out,
                     [s = SavedVariable(self, false), o = SavedVariable(other, false),
                      is_max](const Tensor& grad, Node& node) {
                       Tensor a = s.unpack(), b = o.unpack();
                       return variable_list{
                           node.needs_input_grad(0) ? grad * max_min_backward_mask(a, b, is_max, true) : Tensor(),
                           node.needs_input_grad(1) ? grad * max_min_backward_mask(a, b, is_max, false) : Tensor()};
                     });
  }
  return out;
}
} // namespace
Tensor maximum(const Tensor& self, const Tensor& other) { return max_min(self, other, true); }
Tensor minimum(const Tensor& self, const Tensor& other) { return max_min(self, other, false); }

// ---------------------------------------------------------------- unary
Tensor neg(const Tensor& self) {
  TG_CHECK(self.scalar_type() != kBool, "neg: negation, the `-` operator, on a bool tensor is not "
           "supported; use logical_not() or `~`");
  Tensor out = unary_forward(self, self.scalar_type(), "neg", [](auto x) { return -x; });
  // d/dx (-x) = -1
  if (autograd::compute_requires_grad(self))
    autograd::record("NegBackward0", {self}, out, [](const Tensor& grad) { return variable_list{-grad}; });
  return out;
}

Tensor exp(const Tensor& self) {
  Tensor out = float_unary(self, "exp", [](auto x) { return std::exp(x); });
  // d/dx exp(x) = exp(x)
  record_unary_result("ExpBackward0", self, out, [](const Tensor& y) { return y; });
  return out;
}
Tensor log(const Tensor& self) {
  Tensor out = float_unary(self, "log", [](auto x) { return std::log(x); });
  // d/dx log(x) = 1/x
  record_unary("LogBackward0", self, out,
               [](const Tensor& grad, const Tensor& x) { return grad / x; });
  return out;
}
Tensor log1p(const Tensor& self) {
  Tensor out = float_unary(self, "log1p", [](auto x) { return std::log1p(x); });
  // d/dx log(1 + x) = 1/(1 + x)
  record_unary("Log1PBackward0", self, out,
               [](const Tensor& grad, const Tensor& x) { return grad / (x + 1); });
  return out;
}
Tensor sqrt(const Tensor& self) {
  Tensor out = float_unary(self, "sqrt", [](auto x) { return std::sqrt(x); });
  // d/dx √x = 1/(2√x)
  record_unary_result("SqrtBackward0", self, out,
                      [](const Tensor& grad, const Tensor& y) { return grad / (y * 2); });
  return out;
}
Tensor rsqrt(const Tensor& self) {
  Tensor out = float_unary(self, "rsqrt", [](auto x) { return 1 / std::sqrt(x); });
  // d/dx x^(-1/2) = -½·x^(-3/2) = -½·y³
  record_unary_result("RsqrtBackward0", self, out,
                      [](const Tensor& grad, const Tensor& y) { return grad * y.pow(3) * -0.5; });
  return out;
}
Tensor square(const Tensor& self) { return pow(self, 2); }
Tensor sin(const Tensor& self) {
  Tensor out = float_unary(self, "sin", [](auto x) { return std::sin(x); });
  // d/dx sin(x) = cos(x)
  record_unary("SinBackward0", self, out, [](const Tensor& x) { return x.cos(); });
  return out;
}
Tensor cos(const Tensor& self) {
  Tensor out = float_unary(self, "cos", [](auto x) { return std::cos(x); });
  // d/dx cos(x) = -sin(x)
  record_unary("CosBackward0", self, out, [](const Tensor& x) { return -x.sin(); });
  return out;
}
Tensor reciprocal(const Tensor& self) {
  Tensor out = float_unary(self, "reciprocal", [](auto x) { return 1 / x; });
  // d/dx 1/x = -1/x² = -y²
  record_unary_result("ReciprocalBackward0", self, out,
                      [](const Tensor& grad, const Tensor& y) { return -grad * y * y; });
  return out;
}
Tensor sigmoid(const Tensor& self) {
  Tensor out = float_unary(self, "sigmoid", [](auto x) { return 1 / (1 + std::exp(-x)); });
  // d/dx σ(x) = σ(x)·(1 - σ(x))
  record_unary_result("SigmoidBackward0", self, out,
                      [](const Tensor& grad, const Tensor& y) { return grad * y * (1 - y); });
  return out;
}
Tensor tanh(const Tensor& self) {
  Tensor out = float_unary(self, "tanh", [](auto x) { return std::tanh(x); });
  // d/dx tanh(x) = 1 - tanh²(x)
  record_unary_result("TanhBackward0", self, out, [](const Tensor& y) { return 1 - y * y; });
  return out;
}
Tensor erf(const Tensor& self) {
  Tensor out = float_unary(self, "erf", [](auto x) { return std::erf(x); });
  // d/dx erf(x) = 2/√π · exp(-x²)
  record_unary("ErfBackward0", self, out, [](const Tensor& grad, const Tensor& x) {
    return grad * (-x * x).exp() * (2 / std::sqrt(std::numbers::pi));
  });
  return out;
}
Tensor abs(const Tensor& self) {
  TG_CHECK(self.scalar_type() != kBool, "abs: not implemented for bool tensors");
  Tensor out = unary_forward(self, self.scalar_type(), "abs", [](auto x) {
    if constexpr (std::is_unsigned_v<decltype(x)>) return x;
    else return x < 0 ? -x : x;
  });
  // d/dx |x| = sign(x)
  record_unary("AbsBackward0", self, out, [](const Tensor& x) { return x.sign(); });
  return out;
}
Tensor sign(const Tensor& self) {
  Tensor out = unary_forward(self, self.scalar_type(), "sign", [](auto x) {
    using T = decltype(x);
    return static_cast<T>((T(0) < x) - (x < T(0)));
  });
  // d/dx sign(x) = 0 wherever it exists (piecewise constant)
  record_unary("SignBackward0", self, out, zero_gradient);
  return out;
}
Tensor floor(const Tensor& self) {
  Tensor out = unary_forward(self, self.scalar_type(), "floor", [](auto x) {
    return static_cast<decltype(x)>(std::floor(double(x)));
  });
  // d/dx floor(x) = 0 wherever it exists
  record_unary("FloorBackward0", self, out, zero_gradient);
  return out;
}
Tensor ceil(const Tensor& self) {
  Tensor out = unary_forward(self, self.scalar_type(), "ceil", [](auto x) {
    return static_cast<decltype(x)>(std::ceil(double(x)));
  });
  // d/dx ceil(x) = 0 wherever it exists
  record_unary("CeilBackward0", self, out, zero_gradient);
  return out;
}
Tensor round(const Tensor& self) {
  // Round half to even, as PyTorch does.
  Tensor out = unary_forward(self, self.scalar_type(), "round", [](auto x) {
    return static_cast<decltype(x)>(std::nearbyint(double(x)));
  });
  // d/dx round(x) = 0 wherever it exists
  record_unary("RoundBackward0", self, out, zero_gradient);
  return out;
}
namespace {
/// grad where y > 0, else 0 (threshold_backward at 0). When the incoming gradient is a buffer no
/// one else can see (the engine's own, contiguous, and no graph to build for a double backward),
/// the mask is applied to it in place instead of writing a fresh output as large as the
/// activation: ReLU's backward was 8% of simple_cnn's time, a pass over memory that is not cached.
Tensor relu_backward(const Tensor& grad, const Tensor& y) {
  const bool in_place = !GradMode::is_enabled() && grad.use_count() == 1 &&
                        grad.impl()->storage().use_count() == 1 && grad.is_contiguous() &&
                        y.is_contiguous() && grad.sizes() == y.sizes() &&
                        grad.scalar_type() == y.scalar_type() && isFloatingType(y.scalar_type());
  if (!in_place) return threshold_backward(grad, y, 0);
  kernels::vec_relu_backward(grad, grad, y);
  return grad;
}
} // namespace
Tensor relu(const Tensor& self) {
  Tensor out;
  if (kernels::vec_applies(self, {}, self.scalar_type())) { // the dispatched flat loop, same bits
    out = ops::empty_tensor(self.sizes(), self.scalar_type());
    kernels::vec_relu(out, self);
  } else {
    out = unary_forward(self, self.scalar_type(), "relu", [](auto x) {
      using T = decltype(x);
      return x > T(0) ? x : T(0);
    });
  }
  // d/dx max(x, 0) = [x > 0], applied in one fused pass
  record_unary_result("ReluBackward0", self, out,
                      [](const Tensor& grad, const Tensor& y) { return relu_backward(grad, y); });
  return out;
}
Tensor threshold_backward(const Tensor& grad_output, const Tensor& self, const Scalar& threshold) {
  const double th = threshold.toDouble();
  Tensor out;
  if (th == 0 && kernels::vec_applies(grad_output, {&self}, grad_output.scalar_type())) {
    out = ops::empty_tensor(self.sizes(), self.scalar_type()); // ReLU's mask: dispatched, same bits
    kernels::vec_relu_backward(out, grad_output, self);
  } else {
    out = binary_forward(grad_output, self, grad_output.scalar_type(), "threshold_backward",
                         [th](auto g, auto x) {
                           using T = decltype(g);
                           return x > static_cast<T>(th) ? g : T(0);
                         });
  }
  // Linear in grad_output with the same mask; piecewise constant in self (zero gradient).
  if (autograd::compute_requires_grad(grad_output, self)) {
    autograd::record("ThresholdBackwardBackward0", {grad_output, self}, out,
                     [s = SavedVariable(self, false), threshold](const Tensor& grad, Node& node) {
                       Tensor x = s.unpack();
                       return variable_list{
                           node.needs_input_grad(0) ? threshold_backward(grad, x, threshold) : Tensor(),
                           node.needs_input_grad(1) ? zeros_like(x) : Tensor()};
                     });
  }
  return out;
}
namespace {
Tensor clamp_impl(const Tensor& self, const std::optional<Scalar>& min,
                  const std::optional<Scalar>& max, const char* node_name) {
  TG_CHECK(min || max, "clamp: at least one of 'min' or 'max' must not be None");
  ScalarType t = self.scalar_type();
  if ((min && min->isFloatingPoint()) || (max && max->isFloatingPoint())) t = ops::to_float_type(t);
  const bool has_lo = min.has_value(), has_hi = max.has_value();
  const double lo = has_lo ? min->toDouble() : 0.0, hi = has_hi ? max->toDouble() : 0.0;
  Tensor out = unary_forward(self, t, "clamp", [=](auto x) {
    using T = decltype(x);
    if (has_lo && x < static_cast<T>(lo)) x = static_cast<T>(lo);
    if (has_hi && x > static_cast<T>(hi)) x = static_cast<T>(hi);
    return x;
  });
  // d/dx clamp(x) = 1 inside [min, max], 0 outside
  if (autograd::compute_requires_grad(self)) {
    autograd::record(node_name, {self}, out,
                     [s = SavedVariable(self, false), min, max](const Tensor& grad) {
                       Tensor x = s.unpack();
                       Tensor inside = ones_like(x, kBool);
                       if (min) inside = inside.logical_and(x.ge(*min));
                       if (max) inside = inside.logical_and(x.le(*max));
                       return variable_list{grad * inside.to(grad.scalar_type())};
                     });
  }
  return out;
}
} // namespace
Tensor clamp(const Tensor& self, const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  return clamp_impl(self, min, max, "ClampBackward1");
}
Tensor clamp_min(const Tensor& self, const Scalar& min) {
  return clamp_impl(self, min, std::nullopt, "ClampMinBackward0");
}
Tensor clamp_max(const Tensor& self, const Scalar& max) {
  return clamp_impl(self, std::nullopt, max, "ClampMaxBackward0");
}

// ---------------------------------------------------------------- where
Tensor where(const Tensor& condition, const Tensor& self, const Tensor& other) {
  TG_CHECK(condition.scalar_type() == kBool || condition.scalar_type() == kByte,
           "where: expected condition to be a boolean tensor, but got a tensor with dtype ",
           condition.scalar_type());
  ScalarType t = ops::result_type(self, other);
  DimVector shape = ops::broadcast_shapes(
      ops::broadcast_shapes(condition.sizes(), self.sizes(), "where"), other.sizes(), "where");
  Tensor out = ops::empty_tensor(shape, t);
  Tensor a = self.to(t), b = other.to(t), c = condition.to(kBool);
  dispatch_all(t, "where", [&]<typename T>() {
    kernels::map3<T, bool, T, T>(out, c, a, b, [](bool m, T x, T y) { return m ? x : y; });
  });
  // d/dself = [cond], d/dother = [!cond]
  if (autograd::compute_requires_grad(self, other)) {
    autograd::record("WhereBackward0", {self, other}, out,
                     [cond = SavedVariable(c, false)](const Tensor& grad, Node& node) {
                       Tensor m = cond.unpack();
                       Tensor zero = zeros({}, grad.scalar_type());
                       return variable_list{
                           node.needs_input_grad(0) ? where(m, grad, zero) : Tensor(),
                           node.needs_input_grad(1) ? where(m, zero, grad) : Tensor()};
                     });
  }
  return out;
}
Tensor where(const Tensor& condition, const Scalar& self, const Tensor& other) {
  return where(condition, ops::scalar_to_tensor(self, ops::result_type(other, self)), other);
}
Tensor where(const Tensor& condition, const Tensor& self, const Scalar& other) {
  return where(condition, self, ops::scalar_to_tensor(other, ops::result_type(self, other)));
}
Tensor where(const Tensor& condition, const Scalar& self, const Scalar& other) {
  ScalarType t = self.isFloatingPoint() || other.isFloatingPoint() ? get_default_dtype()
                 : self.isBoolean() && other.isBoolean()           ? kBool
                                                                    : kLong;
  return where(condition, ops::scalar_to_tensor(self, t), ops::scalar_to_tensor(other, t));
}
Tensor Tensor::where(const Tensor& condition, const Tensor& other) const {
  return tg::where(condition, *this, other);
}

// ---------------------------------------------------------------- out= forms
namespace {
Tensor& write_out(Tensor& out, const Tensor& result, const char* op) {
  if (!out.defined()) {
    out = result;
    return out;
  }
  TG_CHECK(!(GradMode::is_enabled() && (out.requires_grad() || result.requires_grad())), op,
           "(): functions with out=... arguments don't support automatic differentiation");
  ops::check_inplace(out, op);
  if (!out.sizes().equals(result.sizes())) out.resize_(result.sizes());
  return ops::commit_inplace(out, result, op);
}
} // namespace
Tensor& add_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return write_out(out, add(self, other, alpha), "add_out");
}
Tensor& sub_out(Tensor& out, const Tensor& self, const Tensor& other, const Scalar& alpha) {
  return write_out(out, sub(self, other, alpha), "sub_out");
}
Tensor& mul_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, mul(self, other), "mul_out");
}
Tensor& div_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, div(self, other), "div_out");
}
Tensor& matmul_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return write_out(out, matmul(self, other), "matmul_out");
}
Tensor& mm_out(Tensor& out, const Tensor& self, const Tensor& mat2) {
  return write_out(out, mm(self, mat2), "mm_out");
}

// ---------------------------------------------------------------- methods
Tensor Tensor::add(const Tensor& o, const Scalar& a) const { return tg::add(*this, o, a); }
Tensor Tensor::add(const Scalar& o, const Scalar& a) const { return tg::add(*this, o, a); }
Tensor Tensor::sub(const Tensor& o, const Scalar& a) const { return tg::sub(*this, o, a); }
Tensor Tensor::sub(const Scalar& o, const Scalar& a) const { return tg::sub(*this, o, a); }
Tensor Tensor::mul(const Tensor& o) const { return tg::mul(*this, o); }
Tensor Tensor::mul(const Scalar& o) const { return tg::mul(*this, o); }
Tensor Tensor::div(const Tensor& o) const { return tg::div(*this, o); }
Tensor Tensor::div(const Scalar& o) const { return tg::div(*this, o); }
Tensor Tensor::pow(const Scalar& e) const { return tg::pow(*this, e); }
Tensor Tensor::pow(const Tensor& e) const { return tg::pow(*this, e); }
Tensor Tensor::maximum(const Tensor& o) const { return tg::maximum(*this, o); }
Tensor Tensor::minimum(const Tensor& o) const { return tg::minimum(*this, o); }
Tensor Tensor::neg() const { return tg::neg(*this); }
Tensor Tensor::exp() const { return tg::exp(*this); }
Tensor Tensor::log() const { return tg::log(*this); }
Tensor Tensor::log1p() const { return tg::log1p(*this); }
Tensor Tensor::sqrt() const { return tg::sqrt(*this); }
Tensor Tensor::rsqrt() const { return tg::rsqrt(*this); }
Tensor Tensor::square() const { return tg::square(*this); }
Tensor Tensor::abs() const { return tg::abs(*this); }
Tensor Tensor::sin() const { return tg::sin(*this); }
Tensor Tensor::cos() const { return tg::cos(*this); }
Tensor Tensor::sign() const { return tg::sign(*this); }
Tensor Tensor::floor() const { return tg::floor(*this); }
Tensor Tensor::ceil() const { return tg::ceil(*this); }
Tensor Tensor::round() const { return tg::round(*this); }
Tensor Tensor::reciprocal() const { return tg::reciprocal(*this); }
Tensor Tensor::relu() const { return tg::relu(*this); }
Tensor Tensor::sigmoid() const { return tg::sigmoid(*this); }
Tensor Tensor::tanh() const { return tg::tanh(*this); }
Tensor Tensor::clamp(const std::optional<Scalar>& lo, const std::optional<Scalar>& hi) const {
  return tg::clamp(*this, lo, hi);
}
Tensor Tensor::clamp_min(const Scalar& m) const { return tg::clamp_min(*this, m); }
Tensor Tensor::clamp_max(const Scalar& m) const { return tg::clamp_max(*this, m); }

Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
Tensor operator+(const Tensor& a, const Scalar& b) { return add(a, b); }
Tensor operator+(const Scalar& a, const Tensor& b) { return add(b, a); }
Tensor operator-(const Tensor& a, const Tensor& b) { return sub(a, b); }
Tensor operator-(const Tensor& a, const Scalar& b) { return sub(a, b); }
// LibTorch computes `a - b` as empty_like(b).fill_(a).sub_(b): a SubBackward0 node, not Rsub.
Tensor operator-(const Scalar& a, const Tensor& b) { return sub(wrap(a, b), b); }
Tensor operator*(const Tensor& a, const Tensor& b) { return mul(a, b); }
Tensor operator*(const Tensor& a, const Scalar& b) { return mul(a, b); }
Tensor operator*(const Scalar& a, const Tensor& b) { return mul(b, a); }
Tensor operator/(const Tensor& a, const Tensor& b) { return div(a, b); }
Tensor operator/(const Tensor& a, const Scalar& b) { return div(a, b); }
Tensor operator/(const Scalar& a, const Tensor& b) {
  return div(ops::scalar_to_tensor(a, ops::result_type(b, a)), b);
}

// ---------------------------------------------------------------- in-place
namespace {
/// The operand a recorded in-place op computes from. Its backward may save that input while the op
/// is about to overwrite those very bytes; a copy keeps the old value (LibTorch's original self) and
/// routes the gradient into self's previous history through CloneBackward0.
Tensor original_self(const Tensor& self) {
  return GradMode::is_enabled() && self.requires_grad() ? self.clone() : self;
}

/// In-place binary update: computed straight into self when nothing is recorded, otherwise as the
/// out-of-place op whose result and history are then committed into self.
template <typename OutOfPlace>
Tensor& binary_inplace(const Tensor& self, const Tensor& other, const char* op, OutOfPlace f,
                       bool backward_saves_self = true) {
  // The backward may save self for other's gradient, so the copy is needed whenever the op is
  // recorded, even when self itself needs no gradient (a detach()ed tensor times a parameter).
  const bool copy_self = backward_saves_self && autograd::compute_requires_grad(self, other);
  Tensor result = f(copy_self ? self.clone() : self, other);
  return ops::commit_inplace(self, result, op);
}
} // namespace

Tensor& Tensor::add_(const Tensor& other, const Scalar& alpha) const {
  ops::check_inplace(*this, "add_");
  if (direct_inplace(*this, {&other}) && scalar_type() == ops::result_type(*this, other) &&
      is_expandable_to(other.sizes(), sizes())) {
    // The optimizer's hot path: p += alpha * g, no temporary.
    if (kernels::vec_applies(*this, {&other}, scalar_type())) {
      kernels::vec_add(*this, *this, other, alpha);
      ops::bump_version(*this);
      return self_ref();
    }
    dispatch_all(scalar_type(), "add_", [&]<typename T>() {
      T a = alpha.to<T>();
      Tensor o = other.scalar_type() == scalar_type() ? other : other.to(scalar_type());
      kernels::map2<T, T, T>(*this, *this, o, [a](T x, T y) { return T(x + a * y); });
    });
    ops::bump_version(*this);
    return self_ref();
  }
  return binary_inplace(
      *this, other, "add_", [&](const Tensor& a, const Tensor& b) { return tg::add(a, b, alpha); },
      /*backward_saves_self=*/false);
}
Tensor& Tensor::add_(const Scalar& other, const Scalar& alpha) const {
  return add_(wrap(other, *this), alpha);
}
Tensor& Tensor::sub_(const Tensor& other, const Scalar& alpha) const { return add_(other, -alpha); }
Tensor& Tensor::sub_(const Scalar& other, const Scalar& alpha) const { return add_(other, -alpha); }
Tensor& Tensor::mul_(const Tensor& other) const {
  ops::check_inplace(*this, "mul_");
  if (direct_inplace(*this, {&other}) && scalar_type() == ops::result_type(*this, other) &&
      is_expandable_to(other.sizes(), sizes())) {
    if (kernels::vec_applies(*this, {&other}, scalar_type())) {
      kernels::vec_mul(*this, *this, other);
      ops::bump_version(*this);
      return self_ref();
    }
    dispatch_all(scalar_type(), "mul_", [&]<typename T>() {
      Tensor o = other.scalar_type() == scalar_type() ? other : other.to(scalar_type());
      kernels::map2<T, T, T>(*this, *this, o, [](T x, T y) { return T(x * y); });
    });
    ops::bump_version(*this);
    return self_ref();
  }
  // MulBackward0 saves self only when other needs a gradient.
  return binary_inplace(
      *this, other, "mul_", [](const Tensor& a, const Tensor& b) { return tg::mul(a, b); },
      GradMode::is_enabled() && other.requires_grad());
}
Tensor& Tensor::mul_(const Scalar& other) const { return mul_(wrap(other, *this)); }
Tensor& Tensor::div_(const Tensor& other) const {
  ops::check_inplace(*this, "div_");
  // DivBackward0 saves self only when other needs a gradient.
  return binary_inplace(
      *this, other, "div_", [](const Tensor& a, const Tensor& b) { return tg::div(a, b); },
      GradMode::is_enabled() && other.requires_grad());
}
Tensor& Tensor::div_(const Scalar& other) const { return div_(wrap(other, *this)); }
Tensor& Tensor::pow_(const Scalar& e) const {
  ops::check_inplace(*this, "pow_");
  return ops::commit_inplace(*this, tg::pow(original_self(*this), e), "pow_");
}
Tensor& Tensor::pow_(const Tensor& e) const {
  ops::check_inplace(*this, "pow_");
  return binary_inplace(*this, e, "pow_", [](const Tensor& a, const Tensor& b) { return tg::pow(a, b); });
}
Tensor& Tensor::addcmul_(const Tensor& t1, const Tensor& t2, const Scalar& value) const {
  ops::check_inplace(*this, "addcmul_");
  if (direct_inplace(*this, {&t1, &t2}) && t1.scalar_type() == scalar_type() &&
      t2.scalar_type() == scalar_type() && t1.sizes().equals(sizes()) && t2.sizes().equals(sizes())) {
    dispatch_floating(scalar_type(), "addcmul_", [&]<typename T>() {
      T v = value.to<T>();
      kernels::map3<T, T, T, T>(*this, *this, t1, t2, [v](T x, T a, T b) { return T(x + v * a * b); });
    });
    ops::bump_version(*this);
    return self_ref();
  }
  return add_(t1 * t2, value);
}
Tensor& Tensor::addcdiv_(const Tensor& t1, const Tensor& t2, const Scalar& value) const {
  ops::check_inplace(*this, "addcdiv_");
  if (direct_inplace(*this, {&t1, &t2}) && t1.scalar_type() == scalar_type() &&
      t2.scalar_type() == scalar_type() && t1.sizes().equals(sizes()) && t2.sizes().equals(sizes())) {
    dispatch_floating(scalar_type(), "addcdiv_", [&]<typename T>() {
      T v = value.to<T>();
      kernels::map3<T, T, T, T>(*this, *this, t1, t2, [v](T x, T a, T b) { return T(x + v * a / b); });
    });
    ops::bump_version(*this);
    return self_ref();
  }
  return add_(t1 / t2, value);
}
Tensor& Tensor::lerp_(const Tensor& end, const Scalar& weight) const {
  return add_(end - *this, weight);
}

// The backward of neg saves nothing and those of exp, sqrt, relu, sigmoid and tanh only the
// result, so they compute from *this; log_ and abs_ save their input, so they compute from a copy.
Tensor& Tensor::neg_() const {
  ops::check_inplace(*this, "neg_");
  return ops::commit_inplace(*this, tg::neg(*this), "neg_");
}
Tensor& Tensor::exp_() const {
  ops::check_inplace(*this, "exp_");
  return ops::commit_inplace(*this, tg::exp(*this), "exp_");
}
Tensor& Tensor::log_() const {
  ops::check_inplace(*this, "log_");
  return ops::commit_inplace(*this, tg::log(original_self(*this)), "log_");
}
Tensor& Tensor::sqrt_() const {
  ops::check_inplace(*this, "sqrt_");
  return ops::commit_inplace(*this, tg::sqrt(*this), "sqrt_");
}
Tensor& Tensor::abs_() const {
  ops::check_inplace(*this, "abs_");
  return ops::commit_inplace(*this, tg::abs(original_self(*this)), "abs_");
}
Tensor& Tensor::relu_() const {
  ops::check_inplace(*this, "relu_");
  return ops::commit_inplace(*this, tg::relu(*this), "relu_");
}
Tensor& Tensor::sigmoid_() const {
  ops::check_inplace(*this, "sigmoid_");
  return ops::commit_inplace(*this, tg::sigmoid(*this), "sigmoid_");
}
Tensor& Tensor::tanh_() const {
  ops::check_inplace(*this, "tanh_");
  return ops::commit_inplace(*this, tg::tanh(*this), "tanh_");
}

Tensor& Tensor::clamp_(const std::optional<Scalar>& lo, const std::optional<Scalar>& hi) const {
  ops::check_inplace(*this, "clamp_");
  return ops::commit_inplace(*this, tg::clamp(original_self(*this), lo, hi), "clamp_");
}
Tensor& Tensor::clamp_min_(const Scalar& m) const { return clamp_(m, std::nullopt); }
Tensor& Tensor::clamp_max_(const Scalar& m) const { return clamp_(std::nullopt, m); }

namespace {
/// fill_ and zero_ on a tensor that requires grad: the new values are constants, so the gradient
/// for the old ones is zero, but the tensor stays part of the graph (LibTorch's FillBackward2 /
/// ZeroBackward0), and a view's base learns of the write.
Tensor& fill_recorded(const Tensor& self, const Scalar& value, const char* op,
                      const char* node_name) {
  Tensor result = full(self.sizes(), value, TensorOptions(self.scalar_type()));
  // d/dself fill(self, v) = 0
  autograd::record(node_name, {self}, result,
                   [](const Tensor& grad) { return variable_list{zeros_like(grad)}; });
  return ops::commit_inplace(self, result, op);
}
} // namespace

Tensor& Tensor::zero_() const {
  ops::check_inplace(*this, "zero_", /*refuse_overlap=*/false);
  if (autograd::compute_requires_grad(*this)) return fill_recorded(*this, 0, "zero_", "ZeroBackward0");
  kernels::fill(*this, 0);
  ops::bump_version(*this);
  return self_ref();
}
Tensor& Tensor::fill_(const Scalar& value) const {
  ops::check_inplace(*this, "fill_", /*refuse_overlap=*/false);
  if (autograd::compute_requires_grad(*this)) return fill_recorded(*this, value, "fill_", "FillBackward2");
  kernels::fill(*this, value);
  ops::bump_version(*this);
  return self_ref();
}
Tensor& Tensor::fill_(const Tensor& value) const {
  TG_CHECK(value.dim() == 0, "fill_: only supports 0-dimension value tensor but got tensor with ",
           value.dim(), " dimensions");
  ops::check_inplace(*this, "fill_", /*refuse_overlap=*/false);
  if (!autograd::compute_requires_grad(*this, value)) return fill_(value.item());
  Tensor result = full(sizes(), value.item(), TensorOptions(scalar_type()));
  // d/dself = 0; d/dvalue = the sum of the gradient (every element is the value)
  autograd::record("FillBackward3", {*this, value}, result, [](const Tensor& grad, Node& node) {
    return variable_list{node.needs_input_grad(0) ? zeros_like(grad) : Tensor(),
                         node.needs_input_grad(1) ? grad.sum() : Tensor()};
  });
  return ops::commit_inplace(*this, result, "fill_");
}

Tensor& Tensor::copy_(const Tensor& src, bool) const {
  ops::check_inplace(*this, "copy_");
  TG_CHECK(is_expandable_to(src.sizes(), sizes()), "copy_: the source of shape ", src.sizes(),
           " cannot be broadcast to the destination of shape ", sizes());
  if (direct_inplace(*this, {&src})) {
    if (src.unsafeGetTensorImpl() != unsafeGetTensorImpl()) kernels::copy(*this, src);
    ops::bump_version(*this);
    return self_ref();
  }
  Tensor result = ops::empty_tensor(sizes(), scalar_type());
  kernels::copy(result, src);
  // d/dself = 0 (overwritten); d/dsrc = the gradient, summed over broadcast dims and converted to
  // src's dtype by the engine
  autograd::record("CopyBackwards", {*this, src}, result, [](const Tensor& grad, Node& node) {
    return variable_list{node.needs_input_grad(0) ? zeros_like(grad) : Tensor(),
                         node.needs_input_grad(1) ? grad : Tensor()};
  });
  return ops::commit_inplace(*this, result, "copy_");
}

} // namespace tg
