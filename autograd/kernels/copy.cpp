#include <cstring>

#include "autograd/kernels/dispatch.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/tensor/empty.h"

namespace tg::kernels {

void copy(const Tensor& dst, const Tensor& src) {
  if (dst.numel() == 0) return;
  if (dst.scalar_type() == src.scalar_type() && dst.is_contiguous() && src.is_contiguous() &&
      dst.sizes().equals(src.sizes())) {
    std::memmove(dst.data_ptr(), src.data_ptr(), dst.nbytes());
    return;
  }
  dispatch_all(dst.scalar_type(), "copy_", [&]<typename D>() {
    dispatch_all(src.scalar_type(), "copy_", [&]<typename S>() {
      map1<D, S>(dst, src, [](S v) { return static_cast<D>(v); });
    });
  });
}

Tensor contiguous(const Tensor& t) {
  if (t.is_contiguous()) return t;
  Tensor out = tg::detail::empty_tensor(t.sizes(), t.scalar_type());
  copy(out, t);
  return out;
}

void fill(const Tensor& dst, const Scalar& value) {
  dispatch_all(dst.scalar_type(), "fill_", [&]<typename T>() {
    const T v = value.to<T>();
    if (dst.is_contiguous()) {
      T* p = dst.data_ptr<T>();
      const int64_t n = dst.numel();
      if (n < kParallelGrain) {
        std::fill(p, p + n, v);
      } else {
        parallel_for(0, n, kParallelGrain,
                     [&](int64_t begin, int64_t end) { std::fill(p + begin, p + end, v); });
      }
      return;
    }
    map1<T, T>(dst, dst, [v](T) { return v; });
  });
}

void strided_positions(int64_t* out, IntArrayRef sizes, IntArrayRef strides, int64_t offset) {
  int64_t numel = 1;
  for (int64_t s : sizes) numel *= s;
  if (numel == 0) return;
  DimVector index(sizes.size(), 0);
  int64_t pos = offset;
  for (int64_t i = 0; i < numel; ++i) {
    out[i] = pos;
    // Odometer: advance the innermost dim, carrying into the outer ones.
    for (size_t d = sizes.size(); d-- > 0;) {
      if (++index[d] < sizes[d]) {
        pos += strides[d];
        break;
      }
      pos -= strides[d] * (sizes[d] - 1);
      index[d] = 0;
    }
  }
}

} // namespace tg::kernels
