#pragma once
// Element types (LibTorch's ScalarType names) and PyTorch's type-promotion lattice.
#include <cstdint>
#include <ostream>
#include <string>

#include "autograd/tensor/error.h"

namespace tg {

/// Element type of a tensor (c10::ScalarType restricted to the six types tapegrad supports).
/// The numeric values are part of no contract; compare enumerators, not integers.
enum class ScalarType : int8_t { Byte = 0, Int = 1, Long = 2, Float = 3, Double = 4, Bool = 5 };
/// Alias of ScalarType (torch::Dtype).
using Dtype = ScalarType;

// The \var blocks document the enumerators, which share one line with no room for `///<`.
/// \var ScalarType::Byte
/// Unsigned 8-bit integer (uint8_t).
/// \var ScalarType::Int
/// Signed 32-bit integer (int32_t).
/// \var ScalarType::Long
/// Signed 64-bit integer (int64_t), the dtype of index tensors (argmax, gather indices, ...).
/// \var ScalarType::Float
/// 32-bit IEEE float, the default floating dtype unless set_default_dtype changes it.
/// \var ScalarType::Double
/// 64-bit IEEE float.
/// \var ScalarType::Bool
/// Boolean, stored one byte per element (the result of comparisons).

/// ScalarType::Byte under its PyTorch name (uint8), as torch::kUInt8.
constexpr ScalarType kUInt8 = ScalarType::Byte;
/// ScalarType::Byte, as torch::kByte.
constexpr ScalarType kByte = ScalarType::Byte;
/// ScalarType::Int under its PyTorch name (int32), as torch::kInt32.
constexpr ScalarType kInt32 = ScalarType::Int;
/// ScalarType::Int, as torch::kInt.
constexpr ScalarType kInt = ScalarType::Int;
/// ScalarType::Long under its PyTorch name (int64), as torch::kInt64.
constexpr ScalarType kInt64 = ScalarType::Long;
/// ScalarType::Long, as torch::kLong.
constexpr ScalarType kLong = ScalarType::Long;
/// ScalarType::Float under its PyTorch name (float32), as torch::kFloat32.
constexpr ScalarType kFloat32 = ScalarType::Float;
/// ScalarType::Float, as torch::kFloat.
constexpr ScalarType kFloat = ScalarType::Float;
/// ScalarType::Double under its PyTorch name (float64), as torch::kFloat64.
constexpr ScalarType kFloat64 = ScalarType::Double;
/// ScalarType::Double, as torch::kDouble.
constexpr ScalarType kDouble = ScalarType::Double;
/// ScalarType::Bool, as torch::kBool.
constexpr ScalarType kBool = ScalarType::Bool;
/// LibTorch's short names for the dtypes above: kU8, kI32, kI64, kF32, kF64.
constexpr ScalarType kU8 = kUInt8;
/// ScalarType::Int, as torch::kI32.
constexpr ScalarType kI32 = kInt32;
/// ScalarType::Long, as torch::kI64.
constexpr ScalarType kI64 = kInt64;
/// ScalarType::Float, as torch::kF32.
constexpr ScalarType kF32 = kFloat32;
/// ScalarType::Double, as torch::kF64.
constexpr ScalarType kF64 = kFloat64;

/// Bytes per element of `t` (c10::elementSize): 1 for Byte and Bool, 4 for Int and Float, 8 for
/// Long and Double.
inline size_t elementSize(ScalarType t) {
  switch (t) {
  case ScalarType::Byte: return 1;
  case ScalarType::Bool: return 1;
  case ScalarType::Int: return 4;
  case ScalarType::Float: return 4;
  case ScalarType::Long: return 8;
  case ScalarType::Double: return 8;
  }
  return 0;
}

/// Whether `t` is Float or Double (c10::isFloatingType); only these can require grad.
inline bool isFloatingType(ScalarType t) {
  return t == ScalarType::Float || t == ScalarType::Double;
}
/// Whether `t` is Byte, Int or Long, or Bool too when `include_bool` (c10::isIntegralType).
inline bool isIntegralType(ScalarType t, bool include_bool) {
  return t == ScalarType::Byte || t == ScalarType::Int || t == ScalarType::Long ||
         (include_bool && t == ScalarType::Bool);
}

/// LibTorch's names: "Float", "Long", ...
inline const char* toString(ScalarType t) {
  switch (t) {
  case ScalarType::Byte: return "Byte";
  case ScalarType::Int: return "Int";
  case ScalarType::Long: return "Long";
  case ScalarType::Float: return "Float";
  case ScalarType::Double: return "Double";
  case ScalarType::Bool: return "Bool";
  }
  return "Unknown";
}
/// Prints toString(t): "Float", "Long", ...
inline std::ostream& operator<<(std::ostream& os, ScalarType t) { return os << toString(t); }

/// Promotion for the six dtypes we have is a total order: bool < uint8 < int32 < int64 < float32
/// < float64 (PyTorch's table restricted to these types; int8 would break the order, we lack it).
inline ScalarType promoteTypes(ScalarType a, ScalarType b) {
  auto rank = [](ScalarType t) {
    switch (t) {
    case ScalarType::Bool: return 0;
    case ScalarType::Byte: return 1;
    case ScalarType::Int: return 2;
    case ScalarType::Long: return 3;
    case ScalarType::Float: return 4;
    case ScalarType::Double: return 5;
    }
    return 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

/// Category used by promotion between tensors of different priority: bool < integral < floating.
inline int typeCategory(ScalarType t) {
  if (t == ScalarType::Bool) return 0;
  if (isFloatingType(t)) return 2;
  return 1;
}

/// The dtype of C++ element type `T` (c10::CppTypeToScalarType); undefined for other types, so
/// a tensor of an unsupported element type fails at compile time.
template <typename T> struct CppTypeToScalarType;
/// uint8_t is kByte.
template <> struct CppTypeToScalarType<uint8_t> { static constexpr ScalarType value = kByte; };
/// int32_t is kInt.
template <> struct CppTypeToScalarType<int32_t> { static constexpr ScalarType value = kInt; };
/// int64_t is kLong.
template <> struct CppTypeToScalarType<int64_t> { static constexpr ScalarType value = kLong; };
/// float is kFloat.
template <> struct CppTypeToScalarType<float> { static constexpr ScalarType value = kFloat; };
/// double is kDouble.
template <> struct CppTypeToScalarType<double> { static constexpr ScalarType value = kDouble; };
/// bool is kBool.
template <> struct CppTypeToScalarType<bool> { static constexpr ScalarType value = kBool; };
// The one-line specialisations leave no room for their member's comment, hence these blocks.
/// \var CppTypeToScalarType<uint8_t>::value
/// The ScalarType of uint8_t.
/// \var CppTypeToScalarType<int32_t>::value
/// The ScalarType of int32_t.
/// \var CppTypeToScalarType<int64_t>::value
/// The ScalarType of int64_t.
/// \var CppTypeToScalarType<float>::value
/// The ScalarType of float.
/// \var CppTypeToScalarType<double>::value
/// The ScalarType of double.
/// \var CppTypeToScalarType<bool>::value
/// The ScalarType of bool.

/// The default floating dtype (float32, as in LibTorch).
ScalarType get_default_dtype();
/// Sets the dtype that floating factories (ones, rand, ...) use when no dtype is given, as
/// torch::set_default_dtype. Throws tg::Error unless `t` is a floating type. Process-wide and
/// unsynchronised: set it at start-up, not while other threads create tensors.
void set_default_dtype(ScalarType t);

/// caffe2::TypeMeta stand-in: what Tensor::dtype() returns. Compares equal to a ScalarType and
/// prints as LibTorch does ("float", "long int", ...).
class TypeMeta {
public:
  constexpr TypeMeta() = default;
  /// Wraps `t`; implicit so that a ScalarType is accepted wherever a TypeMeta is.
  constexpr TypeMeta(ScalarType t) : type_(t) {} // NOLINT: implicit, as in LibTorch
  /// The wrapped ScalarType.
  constexpr ScalarType toScalarType() const { return type_; }
  /// Implicit conversion back, so `t.dtype()` can be passed where a ScalarType is expected.
  constexpr operator ScalarType() const { return type_; } // NOLINT
  /// Bytes per element.
  size_t itemsize() const { return elementSize(type_); }
  /// The C++ type name caffe2::TypeMeta prints: "float", "long int", "unsigned char", ...
  const char* name() const {
    switch (type_) {
    case ScalarType::Byte: return "unsigned char";
    case ScalarType::Int: return "int";
    case ScalarType::Long: return "long int";
    case ScalarType::Float: return "float";
    case ScalarType::Double: return "double";
    case ScalarType::Bool: return "bool";
    }
    return "unknown";
  }
  /// Equal when both wrap the same ScalarType.
  friend bool operator==(TypeMeta a, TypeMeta b) { return a.type_ == b.type_; }
  /// `t.dtype() == tg::kFloat`.
  friend bool operator==(TypeMeta a, ScalarType b) { return a.type_ == b; }
  /// `tg::kFloat == t.dtype()`.
  friend bool operator==(ScalarType a, TypeMeta b) { return a == b.type_; }

private:
  ScalarType type_ = ScalarType::Float;
};
/// Prints TypeMeta::name(): "float", "long int", ... (what LibTorch prints for `t.dtype()`).
inline std::ostream& operator<<(std::ostream& os, TypeMeta t) { return os << t.name(); }
/// The ScalarType `t` wraps (c10::typeMetaToScalarType).
inline ScalarType typeMetaToScalarType(TypeMeta t) { return t.toScalarType(); }

} // namespace tg
