// Comparisons and logical ops: bool results, no gradient.
#include <cmath>
#include <type_traits>

#include "autograd/kernels/loop.h"
#include "autograd/ops/internal.h"

namespace tg {

namespace {
template <typename Cmp> Tensor compare(const Tensor& a, const Tensor& b, const char* op, Cmp cmp) {
  ScalarType t = ops::result_type(a, b);
  DimVector shape = ops::broadcast_shapes(a.sizes(), b.sizes(), op);
  Tensor out = ops::empty_tensor(shape, kBool);
  Tensor ca = a.scalar_type() == t ? a : a.to(t);
  Tensor cb = b.scalar_type() == t ? b : b.to(t);
  dispatch_all(t, op, [&]<typename T>() {
    kernels::map2<bool, T, T>(out, ca, cb, [cmp](T x, T y) { return cmp(x, y); });
  });
  return out;
}
Tensor wrap(const Scalar& s) { return ops::scalar_to_tensor(s, s.type()); }
} // namespace

Tensor eq(const Tensor& self, const Tensor& other) {
  return compare(self, other, "eq", [](auto x, auto y) { return x == y; });
}
Tensor eq(const Tensor& self, const Scalar& other) { return eq(self, wrap(other)); }
Tensor Tensor::eq(const Tensor& other) const { return tg::eq(*this, other); }
Tensor Tensor::eq(const Scalar& other) const { return tg::eq(*this, other); }
Tensor ne(const Tensor& self, const Tensor& other) {
  return compare(self, other, "ne", [](auto x, auto y) { return x != y; });
}
Tensor ne(const Tensor& self, const Scalar& other) { return ne(self, wrap(other)); }
Tensor Tensor::ne(const Tensor& other) const { return tg::ne(*this, other); }
Tensor Tensor::ne(const Scalar& other) const { return tg::ne(*this, other); }
Tensor lt(const Tensor& self, const Tensor& other) {
  return compare(self, other, "lt", [](auto x, auto y) { return x < y; });
}
Tensor lt(const Tensor& self, const Scalar& other) { return lt(self, wrap(other)); }
Tensor Tensor::lt(const Tensor& other) const { return tg::lt(*this, other); }
Tensor Tensor::lt(const Scalar& other) const { return tg::lt(*this, other); }
Tensor le(const Tensor& self, const Tensor& other) {
  return compare(self, other, "le", [](auto x, auto y) { return x <= y; });
}
Tensor le(const Tensor& self, const Scalar& other) { return le(self, wrap(other)); }
Tensor Tensor::le(const Tensor& other) const { return tg::le(*this, other); }
Tensor Tensor::le(const Scalar& other) const { return tg::le(*this, other); }
Tensor gt(const Tensor& self, const Tensor& other) {
  return compare(self, other, "gt", [](auto x, auto y) { return x > y; });
}
Tensor gt(const Tensor& self, const Scalar& other) { return gt(self, wrap(other)); }
Tensor Tensor::gt(const Tensor& other) const { return tg::gt(*this, other); }
Tensor Tensor::gt(const Scalar& other) const { return tg::gt(*this, other); }
Tensor ge(const Tensor& self, const Tensor& other) {
  return compare(self, other, "ge", [](auto x, auto y) { return x >= y; });
}
Tensor ge(const Tensor& self, const Scalar& other) { return ge(self, wrap(other)); }
Tensor Tensor::ge(const Tensor& other) const { return tg::ge(*this, other); }
Tensor Tensor::ge(const Scalar& other) const { return tg::ge(*this, other); }

Tensor operator==(const Tensor& a, const Tensor& b) { return eq(a, b); }
Tensor operator==(const Tensor& a, const Scalar& b) { return eq(a, b); }
Tensor operator!=(const Tensor& a, const Tensor& b) { return ne(a, b); }
Tensor operator!=(const Tensor& a, const Scalar& b) { return ne(a, b); }
Tensor operator<(const Tensor& a, const Tensor& b) { return lt(a, b); }
Tensor operator<(const Tensor& a, const Scalar& b) { return lt(a, b); }
Tensor operator<=(const Tensor& a, const Tensor& b) { return le(a, b); }
Tensor operator<=(const Tensor& a, const Scalar& b) { return le(a, b); }
Tensor operator>(const Tensor& a, const Tensor& b) { return gt(a, b); }
Tensor operator>(const Tensor& a, const Scalar& b) { return gt(a, b); }
Tensor operator>=(const Tensor& a, const Tensor& b) { return ge(a, b); }
Tensor operator>=(const Tensor& a, const Scalar& b) { return ge(a, b); }

Tensor logical_not(const Tensor& self) {
  Tensor out = ops::empty_tensor(self.sizes(), kBool);
  dispatch_all(self.scalar_type(), "logical_not", [&]<typename T>() {
    kernels::map1<bool, T>(out, self, [](T x) { return !static_cast<bool>(x); });
  });
  return out;
}
Tensor logical_and(const Tensor& self, const Tensor& other) {
  return compare(self, other, "logical_and",
                 [](auto x, auto y) { return static_cast<bool>(x) && static_cast<bool>(y); });
}
Tensor logical_or(const Tensor& self, const Tensor& other) {
  return compare(self, other, "logical_or",
                 [](auto x, auto y) { return static_cast<bool>(x) || static_cast<bool>(y); });
}
Tensor Tensor::logical_not() const { return tg::logical_not(*this); }
Tensor Tensor::logical_and(const Tensor& o) const { return tg::logical_and(*this, o); }
Tensor Tensor::logical_or(const Tensor& o) const { return tg::logical_or(*this, o); }
Tensor operator&&(const Tensor& a, const Tensor& b) { return logical_and(a, b); }
Tensor operator||(const Tensor& a, const Tensor& b) { return logical_or(a, b); }
Tensor operator&(const Tensor& a, const Tensor& b) { return logical_and(a, b); }
Tensor operator|(const Tensor& a, const Tensor& b) { return logical_or(a, b); }

Tensor isnan(const Tensor& self) { return ne(self, self); }

namespace {
/// A kBool tensor of `pred(x)` for every element; integer and bool inputs are never NaN or inf.
template <typename Pred> Tensor classify(const Tensor& self, const char* op, Pred pred) {
  Tensor out = ops::empty_tensor(self.sizes(), kBool);
  dispatch_all(self.scalar_type(), op, [&]<typename T>() {
    kernels::map1<bool, T>(out, self, [pred](T x) {
      if constexpr (std::is_floating_point_v<T>) return pred(x);
      else return pred(0.0); // finite
    });
  });
  return out;
}
} // namespace

Tensor isinf(const Tensor& self) {
  return classify(self, "isinf", [](auto x) { return std::isinf(x); });
}
Tensor isposinf(const Tensor& self) {
  return classify(self, "isposinf", [](auto x) { return std::isinf(x) && x > 0; });
}
Tensor isneginf(const Tensor& self) {
  return classify(self, "isneginf", [](auto x) { return std::isinf(x) && x < 0; });
}
Tensor isfinite(const Tensor& self) {
  return classify(self, "isfinite", [](auto x) { return std::isfinite(x); });
}
Tensor Tensor::isnan() const { return tg::isnan(*this); }
Tensor Tensor::isinf() const { return tg::isinf(*this); }
Tensor Tensor::isposinf() const { return tg::isposinf(*this); }
Tensor Tensor::isneginf() const { return tg::isneginf(*this); }
Tensor Tensor::isfinite() const { return tg::isfinite(*this); }

Tensor isclose(const Tensor& self, const Tensor& other, double rtol, double atol) {
  return compare(self, other, "isclose", [rtol, atol](auto x, auto y) {
    double a = double(x), b = double(y);
    return a == b || std::fabs(a - b) <= atol + rtol * std::fabs(b);
  });
}
bool allclose(const Tensor& self, const Tensor& other, double rtol, double atol) {
  return isclose(self, other, rtol, atol).all().item<bool>();
}
bool Tensor::allclose(const Tensor& o, double rtol, double atol) const {
  return tg::allclose(*this, o, rtol, atol);
}
bool equal(const Tensor& self, const Tensor& other) {
  if (!self.sizes().equals(other.sizes()) || self.scalar_type() != other.scalar_type()) return false;
  return eq(self, other).all().item<bool>();
}
bool Tensor::equal(const Tensor& o) const { return tg::equal(*this, o); }

} // namespace tg
