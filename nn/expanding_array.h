#pragma once
// ExpandingArray<D>: D values given either all at once ({3, 5}) or as one value repeated (3), as
// torch::ExpandingArray. Kernel sizes, strides and paddings of the 2-D layers are ExpandingArray<2>.
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <vector>

#include "autograd/array_ref.h"

namespace tg {

template <size_t D, typename T = int64_t> class ExpandingArray {
public:
  ExpandingArray(std::initializer_list<T> list) // NOLINT: implicit, as in LibTorch
      : ExpandingArray(ArrayRef<T>(list)) {}
  ExpandingArray(std::vector<T> vec) : ExpandingArray(ArrayRef<T>(vec)) {} // NOLINT
  ExpandingArray(ArrayRef<T> values) { // NOLINT
    TG_CHECK(values.size() == D, "Expected ", D, " values, but instead got ", values.size());
    std::copy(values.begin(), values.end(), values_.begin());
  }
  ExpandingArray(T single_size) { values_.fill(single_size); } // NOLINT
  ExpandingArray(const std::array<T, D>& values) : values_(values) {} // NOLINT

  std::array<T, D>& operator*() { return values_; }
  const std::array<T, D>& operator*() const { return values_; }
  std::array<T, D>* operator->() { return &values_; }
  const std::array<T, D>* operator->() const { return &values_; }
  operator ArrayRef<T>() const { return ArrayRef<T>(values_.data(), D); } // NOLINT
  size_t size() const noexcept { return D; }
  bool operator==(const ExpandingArray& other) const { return values_ == other.values_; }
  bool operator!=(const ExpandingArray& other) const { return values_ != other.values_; }

protected:
  std::array<T, D> values_;
};

/// Prints [5, 5], as LibTorch does.
template <size_t D, typename T>
std::ostream& operator<<(std::ostream& stream, const ExpandingArray<D, T>& array) {
  return stream << ArrayRef<T>(array);
}

} // namespace tg
