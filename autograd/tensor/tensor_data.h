#pragma once
// tg::tensor({...}): a tensor from nested braces, a std::vector or a single number, with LibTorch's
// dtype inference (integers -> int64, floating -> the default float dtype, bools -> bool).
#include <initializer_list>
#include <type_traits>
#include <vector>

#include "autograd/tensor/tensor.h"

namespace tg {

/// The argument type of tg::tensor (torch::detail::TensorDataContainer): a number, a braced list
/// of nested lists or numbers, or a vector. Converts implicitly, so `tensor({{1, 2}, {3, 4}})`
/// works.
class TensorData {
public:
  /// A single number: a 0-dim tensor; bool -> kBool, floating -> default dtype, integer -> kLong.
  template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  TensorData(T value) : is_scalar_(true), scalar_(value), type_(infer<T>()) {} // NOLINT
  /// A braced list; sub-lists must all have the same sizes (else tg::Error) and the dtype is the
  /// promotion of the elements' dtypes. An empty list is a 1-d tensor of size 0.
  TensorData(std::initializer_list<TensorData> list);                          // NOLINT
  /// A 1-d tensor keeping the vector's element type (double -> kDouble, int32_t -> kInt, ...).
  template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  TensorData(const std::vector<T>& values) // NOLINT
      : sizes_{int64_t(values.size())}, type_(infer_exact<T>()) {
    flat_.reserve(values.size());
    for (const T& v : values) flat_.push_back(Scalar(v));
  }
  /// Same as the vector overload, copying from an ArrayRef.
  template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
  TensorData(ArrayRef<T> values) : TensorData(values.vec()) {} // NOLINT

  /// Shape inferred from the nesting (empty for a single number).
  IntArrayRef sizes() const { return sizes_; }
  /// Inferred dtype, used when the options give none.
  ScalarType scalar_type() const { return type_; }
  /// Writes the values in row-major order into a fresh tensor of dtype `dtype`.
  Tensor to_tensor(const TensorOptions& options) const;

private:
  template <typename T> static ScalarType infer() {
    if constexpr (std::is_same_v<T, bool>) return kBool;
    else if constexpr (std::is_floating_point_v<T>) return get_default_dtype();
    else return kLong;
  }
  /// A std::vector keeps its element type (torch::tensor(std::vector<double>) is Double).
  template <typename T> static ScalarType infer_exact() {
    if constexpr (std::is_same_v<T, double>) return kDouble;
    else if constexpr (std::is_same_v<T, float>) return kFloat;
    else if constexpr (std::is_same_v<T, int32_t>) return kInt;
    else if constexpr (std::is_same_v<T, uint8_t>) return kByte;
    else return infer<T>();
  }
  void flatten_into(std::vector<Scalar>& out) const;

  bool is_scalar_ = false;
  Scalar scalar_;
  DimVector sizes_;
  std::vector<Scalar> flat_;          // values, row-major (non-scalar only)
  ScalarType type_ = kFloat;
};

/// tensor({{1, 2}, {3, 4}}) is int64; tensor({1.5, 2.5}) is float32; options may set the dtype.
Tensor tensor(const TensorData& data, TensorOptions options = {});
/// A tensor of shape `shape` from `values` (row-major). An addition to LibTorch's spelling.
template <typename T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
Tensor tensor(const std::vector<T>& values, IntArrayRef shape, TensorOptions options = {}) {
  return tensor(TensorData(values), options).reshape(shape);
}

} // namespace tg
