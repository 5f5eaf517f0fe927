#pragma once
// tg::Scalar: a number that is a double, an int64 or a bool, as c10::Scalar. It keeps its category
// so that `int_tensor * 2` stays integral and `int_tensor * 2.5` becomes floating.
#include <cstdint>
#include <ostream>
#include <type_traits>

#include "autograd/tensor/dtype.h"

namespace tg {

/// A number passed to or returned from tensor ops (c10::Scalar): a double, an int64 or a bool.
///
/// Any C++ arithmetic value converts to it implicitly, so `x.add(2)`, `x * 0.5` and
/// `x.fill_(true)` all work. The kind it remembers decides type promotion the way a Python number
/// does in PyTorch: an integral Scalar never turns an int tensor into a float one, a floating one
/// does (`int_tensor * 2.5` is float, in the default dtype).
/// @code
///   tg::Scalar s = x.sum().item();  // x of dtype kLong: an integral Scalar
///   double d = s.toDouble();
/// @endcode
class Scalar {
public:
  /// Integer zero.
  Scalar() : Scalar(int64_t(0)) {}
  /// A boolean Scalar (from `true` / `false` only; other integers are not bools).
  template <typename T, std::enable_if_t<std::is_same_v<T, bool>, int> = 0>
  Scalar(T v) : tag_(Tag::Bool) { // NOLINT: implicit, as in LibTorch
    v_.i = v ? 1 : 0;
  }
  /// An integral Scalar from any integer type, stored as int64.
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Scalar(T v) : tag_(Tag::Int) { // NOLINT
    v_.i = static_cast<int64_t>(v);
  }
  /// A floating Scalar from float or double, stored as double.
  template <typename T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  Scalar(T v) : tag_(Tag::Double) { // NOLINT
    v_.d = static_cast<double>(v);
  }

  /// True when built from a floating-point value.
  bool isFloatingPoint() const { return tag_ == Tag::Double; }
  /// True when built from an integer; a bool counts only if `includeBool` (c10's signature).
  bool isIntegral(bool includeBool) const {
    return tag_ == Tag::Int || (includeBool && tag_ == Tag::Bool);
  }
  /// True when built from a bool.
  bool isBoolean() const { return tag_ == Tag::Bool; }

  /// The value as `T`, by static_cast (a double to an integer truncates toward zero; no range
  /// check, unlike c10's checked conversion).
  template <typename T> T to() const {
    if (tag_ == Tag::Double) return static_cast<T>(v_.d);
    return static_cast<T>(v_.i);
  }
  /// The value as double.
  double toDouble() const { return to<double>(); }
  /// The value as float.
  float toFloat() const { return to<float>(); }
  /// The value as int64 (truncating a double).
  int64_t toLong() const { return to<int64_t>(); }
  /// The value as int (truncating a double; no overflow check).
  int toInt() const { return to<int>(); }
  /// True when the value is nonzero (for a double, NaN counts as nonzero).
  bool toBool() const { return tag_ == Tag::Double ? v_.d != 0 : v_.i != 0; }

  /// The dtype a wrapped number of this kind has before promotion (double, int64 or bool).
  ScalarType type() const {
    return tag_ == Tag::Double ? kDouble : (tag_ == Tag::Int ? kLong : kBool);
  }
  /// The negated value: a double stays floating; an int or a bool gives an int (`-true` is -1).
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

/// Prints the value: `2.5`, `3`, or `true` / `false`.
inline std::ostream& operator<<(std::ostream& os, const Scalar& s) {
  if (s.isFloatingPoint()) return os << s.toDouble();
  if (s.isBoolean()) return os << (s.toBool() ? "true" : "false");
  return os << s.toLong();
}

} // namespace tg
