#pragma once
// ExpandingArray<D>: D values given either all at once ({3, 5}) or as one value repeated (3), as
// torch::ExpandingArray. Kernel sizes, strides and paddings of the 2-D layers are ExpandingArray<2>.
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <vector>

#include "autograd/tensor/array_ref.h"

namespace tg {

/// D values of type T, given all at once or as one value repeated; same as
/// torch::ExpandingArray.
///
/// All constructors are implicit so that an option setter taking ExpandingArray<2> accepts
/// `3`, `{3, 5}` or a std::vector alike.
template <size_t D, typename T = int64_t> class ExpandingArray {
public:
  /// Exactly D values: `{3, 5}`. Throws tg::Error if the list does not hold D values.
  ExpandingArray(std::initializer_list<T> list) // NOLINT: implicit, as in LibTorch
      : ExpandingArray(ArrayRef<T>(list)) {}
  /// Same as above, from a vector.
  ExpandingArray(std::vector<T> vec) : ExpandingArray(ArrayRef<T>(vec)) {} // NOLINT
  /// Same as above, from an ArrayRef.
  ExpandingArray(ArrayRef<T> values) { // NOLINT
    TG_CHECK(values.size() == D, "Expected ", D, " values, but instead got ", values.size());
    std::copy(values.begin(), values.end(), values_.begin());
  }
  /// One value repeated D times: `3` is {3, 3} for D = 2.
  ExpandingArray(T single_size) { values_.fill(single_size); } // NOLINT
  /// The D values of a std::array.
  ExpandingArray(const std::array<T, D>& values) : values_(values) {} // NOLINT

  /// The values as a std::array: `(*kernel_size)[0]`.
  std::array<T, D>& operator*() { return values_; }
  /// Same as above, const.
  const std::array<T, D>& operator*() const { return values_; }
  /// Member access on the std::array: `kernel_size->at(1)`.
  std::array<T, D>* operator->() { return &values_; }
  /// Same as above, const.
  const std::array<T, D>* operator->() const { return &values_; }
  /// A view of the values (valid while this array lives), for ops that take sizes.
  operator ArrayRef<T>() const { return ArrayRef<T>(values_.data(), D); } // NOLINT
  /// D.
  size_t size() const noexcept { return D; }
  /// Element-wise equality.
  bool operator==(const ExpandingArray& other) const { return values_ == other.values_; }
  /// Element-wise inequality.
  bool operator!=(const ExpandingArray& other) const { return values_ != other.values_; }

protected:
  /// The D values.
  std::array<T, D> values_;
};

/// Prints [5, 5], as LibTorch does.
template <size_t D, typename T>
std::ostream& operator<<(std::ostream& stream, const ExpandingArray<D, T>& array) {
  return stream << ArrayRef<T>(array);
}

} // namespace tg
