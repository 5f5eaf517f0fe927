#pragma once
// Element access by subscripts, as LibTorch's `t.accessor<float, 2>()[i][j]`: for the hand-written
// loops that read or fill a tensor element by element without creating a Tensor per element.
// The accessor keeps raw pointers to the tensor's data, sizes and strides, so (as in LibTorch)
// the tensor must outlive it, subscripts are not bounds-checked, and nothing is recorded by
// autograd.
#include <cstddef>
#include <cstdint>

#include "autograd/tensor/array_ref.h"

namespace tg {

/// What every TensorAccessor level shares: the data pointer and the sizes and strides of the
/// dimensions that are still to be subscripted. Same as LibTorch's TensorAccessorBase.
template <typename T, size_t N> class TensorAccessorBase {
public:
  /// Views `data` with `N` dimensions of the given sizes and strides (both arrays of length N).
  TensorAccessorBase(T* data, const int64_t* sizes, const int64_t* strides)
      : data_(data), sizes_(sizes), strides_(strides) {}
  /// Size of dimension `i` (0 ≤ i < N, not checked).
  int64_t size(int64_t i) const { return sizes_[i]; }
  /// Stride of dimension `i` in elements (0 ≤ i < N, not checked).
  int64_t stride(int64_t i) const { return strides_[i]; }
  /// Sizes of the remaining N dimensions.
  IntArrayRef sizes() const { return IntArrayRef(sizes_, N); }
  /// Strides of the remaining N dimensions, in elements.
  IntArrayRef strides() const { return IntArrayRef(strides_, N); }
  /// Pointer to the first element this accessor views.
  T* data() { return data_; }
  /// Same as above, for a const accessor.
  const T* data() const { return data_; }

protected:
  T* data_;                ///< first element viewed
  const int64_t* sizes_;   ///< N sizes, owned by the tensor
  const int64_t* strides_; ///< N strides, owned by the tensor
};

/// An N-dimensional view of a tensor's elements: `a[i]` drops the first dimension and returns an
/// (N-1)-dimensional accessor; at N = 1 it returns the element itself. Obtain one with
/// Tensor::accessor<T, N>().
template <typename T, size_t N> class TensorAccessor : public TensorAccessorBase<T, N> {
public:
  using TensorAccessorBase<T, N>::TensorAccessorBase;
  /// The (N-1)-dimensional slice at index `i` of the first dimension.
  TensorAccessor<T, N - 1> operator[](int64_t i) {
    return TensorAccessor<T, N - 1>(this->data_ + this->strides_[0] * i, this->sizes_ + 1,
                                    this->strides_ + 1);
  }
  /// Same as above, for a const accessor.
  const TensorAccessor<T, N - 1> operator[](int64_t i) const {
    return TensorAccessor<T, N - 1>(this->data_ + this->strides_[0] * i, this->sizes_ + 1,
                                    this->strides_ + 1);
  }
};

/// The last level: subscripting yields a reference to the element.
template <typename T> class TensorAccessor<T, 1> : public TensorAccessorBase<T, 1> {
public:
  using TensorAccessorBase<T, 1>::TensorAccessorBase;
  /// The element at index `i` (writes go straight to the tensor's storage).
  T& operator[](int64_t i) { return this->data_[this->strides_[0] * i]; }
  /// Same as above, for a const accessor.
  const T& operator[](int64_t i) const { return this->data_[this->strides_[0] * i]; }
};

} // namespace tg
