#pragma once
// Element types (LibTorch's ScalarType names) and PyTorch's type-promotion lattice.
#include <cstdint>
#include <ostream>
#include <string>

#include "autograd/error.h"

namespace tg {

enum class ScalarType : int8_t { Byte = 0, Int = 1, Long = 2, Float = 3, Double = 4, Bool = 5 };
using Dtype = ScalarType;

constexpr ScalarType kUInt8 = ScalarType::Byte;
constexpr ScalarType kByte = ScalarType::Byte;
constexpr ScalarType kInt32 = ScalarType::Int;
constexpr ScalarType kInt = ScalarType::Int;
constexpr ScalarType kInt64 = ScalarType::Long;
constexpr ScalarType kLong = ScalarType::Long;
constexpr ScalarType kFloat32 = ScalarType::Float;
constexpr ScalarType kFloat = ScalarType::Float;
constexpr ScalarType kFloat64 = ScalarType::Double;
constexpr ScalarType kDouble = ScalarType::Double;
constexpr ScalarType kBool = ScalarType::Bool;

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

inline bool isFloatingType(ScalarType t) {
  return t == ScalarType::Float || t == ScalarType::Double;
}
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
inline std::ostream& operator<<(std::ostream& os, TypeMeta t) { return os << t.name(); }
inline ScalarType typeMetaToScalarType(TypeMeta t) { return t.toScalarType(); }

} // namespace tg
