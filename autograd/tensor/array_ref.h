#pragma once
// ArrayRef: a non-owning view of a contiguous array (c10::ArrayRef). IntArrayRef is how shapes are
// passed and returned: from {2, 3}, a std::vector, a DimVector, or a single integer.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <vector>

#include "autograd/tensor/error.h"

namespace tg {

/// A read-only, non-owning view of `size()` contiguous `T`s: LibTorch's c10::ArrayRef.
///
/// It never copies or frees; whoever built it must keep the elements alive while it is used.
/// That is why shape arguments are ArrayRefs (a braced list lives until the call returns) and why
/// one should not be stored past the expression that made it:
/// @code
///   tg::IntArrayRef s = t.sizes();   // fine while `t` keeps its shape
///   auto x = tg::zeros({2, 3});      // {2, 3} lives for the whole call
/// @endcode
template <typename T> class ArrayRef {
public:
  /// The element type.
  using value_type = T;
  /// Iterators are plain const pointers.
  using iterator = const T*;
  /// Same as iterator: an ArrayRef never allows writing.
  using const_iterator = const T*;

  /// An empty view (data() is null).
  constexpr ArrayRef() = default;
  /// A view of one element, so that a single integer is a shape: `randn(3)` means `randn({3})`.
  constexpr ArrayRef(const T& one) : data_(&one), size_(1) {} // NOLINT: `randn(3)` works
  /// A view of `n` elements starting at `data`.
  constexpr ArrayRef(const T* data, size_t n) : data_(data), size_(n) {}
  /// A view of the half-open range [begin, end).
  constexpr ArrayRef(const T* begin, const T* end) : data_(begin), size_(end - begin) {}
  /// A view of a std::vector's elements; the vector must outlive the view.
  template <typename A>
  ArrayRef(const std::vector<T, A>& v) : data_(v.data()), size_(v.size()) {} // NOLINT
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
  /// A view of a braced list. Like c10::ArrayRef it is valid only for the full expression that
  /// created the braces (a call's argument), never as a variable initialised from `{...}`.
  constexpr ArrayRef(const std::initializer_list<T>& il) // NOLINT
      : data_(il.begin() == il.end() ? nullptr : il.begin()), size_(il.size()) {}
#pragma GCC diagnostic pop
  template <typename Container,
            typename = decltype(std::declval<const Container&>().data()),
            typename = std::enable_if_t<!std::is_same_v<Container, std::vector<T>>>>
  /// A view of any contiguous container with `data()` and `size()` (std::array, DimVector, ...).
  ArrayRef(const Container& c) : data_(c.data()), size_(c.size()) {} // NOLINT

  /// Pointer to the first element.
  constexpr const T* begin() const { return data_; }
  /// Pointer one past the last element.
  constexpr const T* end() const { return data_ + size_; }
  /// Pointer to the first element (null for a default-constructed view).
  constexpr const T* data() const { return data_; }
  /// Number of elements.
  constexpr size_t size() const { return size_; }
  /// True when there are no elements (a 0-dim tensor's sizes() is empty).
  constexpr bool empty() const { return size_ == 0; }
  /// The first element; the view must not be empty (unchecked).
  const T& front() const { return data_[0]; }
  /// The last element; the view must not be empty (unchecked).
  const T& back() const { return data_[size_ - 1]; }
  /// Element `i`, unchecked (use at() for a checked access).
  const T& operator[](size_t i) const { return data_[i]; }
  /// Element `i`; throws tg::Error when `i >= size()`.
  const T& at(size_t i) const {
    TG_CHECK(i < size_, "ArrayRef: index ", i, " out of range for size ", size_);
    return data_[i];
  }
  /// The first n elements dropped (c10: slice(N)), or n elements starting at start.
  ArrayRef slice(size_t n) const { return ArrayRef(data_ + n, size_ - n); }
  /// The `n` elements starting at `start` (c10: slice(N, M)); unchecked.
  ArrayRef slice(size_t start, size_t n) const { return ArrayRef(data_ + start, n); }
  /// An owning copy of the elements, for keeping a shape beyond the view's lifetime.
  std::vector<T> vec() const { return std::vector<T>(begin(), end()); }
  /// Same size and equal elements.
  bool equals(ArrayRef o) const {
    return size_ == o.size_ && std::equal(begin(), end(), o.begin());
  }
  /// Converts implicitly to an owning std::vector (a copy), as c10::ArrayRef does.
  operator std::vector<T>() const { return vec(); } // NOLINT

private:
  const T* data_ = nullptr;
  size_t size_ = 0;
};

/// Element-wise equality (same size, equal elements): `t.sizes() == other.sizes()`.
template <typename T> bool operator==(ArrayRef<T> a, ArrayRef<T> b) { return a.equals(b); }
/// Negation of ==.
template <typename T> bool operator!=(ArrayRef<T> a, ArrayRef<T> b) { return !a.equals(b); }
/// Compares a view with a vector, element by element.
template <typename T> bool operator==(ArrayRef<T> a, const std::vector<T>& b) {
  return a.equals(b);
}
/// Same as above, with the vector on the left.
template <typename T> bool operator==(const std::vector<T>& a, ArrayRef<T> b) {
  return b.equals(a);
}

/// Prints [64, 1, 28, 28], as LibTorch does.
template <typename T> std::ostream& operator<<(std::ostream& os, ArrayRef<T> a) {
  os << "[";
  for (size_t i = 0; i < a.size(); ++i) os << (i ? ", " : "") << a[i];
  return os << "]";
}

/// How shapes, strides and dim lists are passed: `{2, 3}`, a std::vector, a DimVector or one int.
using IntArrayRef = ArrayRef<int64_t>;

} // namespace tg
