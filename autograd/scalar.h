#pragma once
// tg::Scalar: a number that is a double, an int64 or a bool, as c10::Scalar. It keeps its category
// so that `int_tensor * 2` stays integral and `int_tensor * 2.5` becomes floating.
#include <cstdint>
#include <ostream>
#include <type_traits>

#include "autograd/dtype.h"

namespace tg {

class Scalar {
public:
  Scalar() : Scalar(int64_t(0)) {}
  template <typename T, std::enable_if_t<std::is_same_v<T, bool>, int> = 0>
  Scalar(T v) : tag_(Tag::Bool) { // NOLINT: implicit, as in LibTorch
    v_.i = v ? 1 : 0;
  }
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Scalar(T v) : tag_(Tag::Int) { // NOLINT
    v_.i = static_cast<int64_t>(v);
  }
  template <typename T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  Scalar(T v) : tag_(Tag::Double) { // NOLINT
    v_.d = static_cast<double>(v);
  }

  bool isFloatingPoint() const { return tag_ == Tag::Double; }
  bool isIntegral(bool includeBool) const {
    return tag_ == Tag::Int || (includeBool && tag_ == Tag::Bool);
  }
  bool isBoolean() const { return tag_ == Tag::Bool; }

  template <typename T> T to() const {
    if (tag_ == Tag::Double) return static_cast<T>(v_.d);
    return static_cast<T>(v_.i);
  }
  double toDouble() const { return to<double>(); }
  float toFloat() const { return to<float>(); }
  int64_t toLong() const { return to<int64_t>(); }
  int toInt() const { return to<int>(); }
  bool toBool() const { return tag_ == Tag::Double ? v_.d != 0 : v_.i != 0; }

  /// The dtype a wrapped number of this kind has before promotion (double, int64 or bool).
  ScalarType type() const {
    return tag_ == Tag::Double ? kDouble : (tag_ == Tag::Int ? kLong : kBool);
  }
  Scalar operator-() const {
    if (tag_ == Tag::Double) return Scalar(-v_.d);
    return Scalar(-v_.i);
  }

private:
  enum class Tag : int8_t { Double, Int, Bool };
  Tag tag_;
  union {
    double d;
    int64_t i;
  } v_;
};

inline std::ostream& operator<<(std::ostream& os, const Scalar& s) {
  if (s.isFloatingPoint()) return os << s.toDouble();
  if (s.isBoolean()) return os << (s.toBool() ? "true" : "false");
  return os << s.toLong();
}

} // namespace tg
