// mm and bmm on tensors (see matmul.h).
#include "autograd/kernels/matmul.h"

#include <cblas.h>

#include <algorithm>
#include <type_traits>

#include "autograd/kernels/blas.h"
#include "autograd/kernels/dispatch.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/tensor/small_pool.h"

namespace tg::kernels {

namespace {

/// A 2-D operand as BLAS sees it: row-major data, a leading dimension and a transpose flag.
struct BlasOperand {
  Tensor keep; // holds a contiguous copy alive when one was needed
  const void* data;
  int64_t ld;
  CBLAS_TRANSPOSE trans;
};

BlasOperand as_blas(const Tensor& m) {
  int64_t rows = m.size(0), cols = m.size(1);
  if (m.stride(1) == 1 && (m.stride(0) >= std::max<int64_t>(cols, 1) || rows == 1))
    return {m, m.data_ptr(), std::max<int64_t>(m.stride(0), cols), CblasNoTrans};
  if (m.stride(0) == 1 && (m.stride(1) >= std::max<int64_t>(rows, 1) || cols == 1))
    return {m, m.data_ptr(), std::max<int64_t>(m.stride(1), rows), CblasTrans};
  Tensor c = contiguous(m);
  return {c, c.data_ptr(), std::max<int64_t>(cols, 1), CblasNoTrans};
}

/// out = a·b + beta·out, where out's rows are contiguous (unit column stride), ldc apart.
template <typename T>
void matrix_product(const Tensor& a, const Tensor& b, const Tensor& out, T beta) {
  int64_t m = a.size(0), k = a.size(1), n = b.size(1);
  if (m == 0 || n == 0) return;
  T* c = out.data_ptr<T>();
  const int64_t ldc = m > 1 ? out.stride(0) : n;
  if (k == 0) {
    if (beta == T(0))
      for (int64_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, T(0));
    return;
  }
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    BlasOperand A = as_blas(a), B = as_blas(b);
    gemm(A.trans == CblasTrans, B.trans == CblasTrans, m, n, k, T(1), static_cast<const T*>(A.data),
         A.ld, static_cast<const T*>(B.data), B.ld, beta, c, ldc);
  } else {
    // Integer matrices: plain loops (BLAS has no integer GEMM).
    Tensor ac = contiguous(a), bc = contiguous(b);
    const T* x = ac.data_ptr<T>();
    const T* y = bc.data_ptr<T>();
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        T acc = beta == T(0) ? T(0) : T(beta * c[i * ldc + j]);
        for (int64_t p = 0; p < k; ++p) acc += x[i * k + p] * y[p * n + j];
        c[i * ldc + j] = acc;
      }
  }
}

/// Matrix i of a 3-D tensor: a window onto its bytes (a plain alias: kernels record no views).
Tensor batch_matrix(const Tensor& t, int64_t i) {
  const TensorImpl* impl = t.unsafeGetTensorImpl();
  return Tensor(tg::detail::make_pooled<TensorImpl>(impl->storage(), impl->dtype(), t.sizes().slice(1),
                                                t.strides().slice(1),
                                                impl->storage_offset() + i * t.stride(0)));
}

} // namespace

void mm(const Tensor& a, const Tensor& b, const Tensor& out) {
  dispatch_all(a.scalar_type(), "mm", [&]<typename T>() {
    if constexpr (std::is_same_v<T, bool>)
      throw Error("mm: not implemented for Bool");
    else
      matrix_product<T>(a, b, out, T(0));
  });
}

bool has_contiguous_rows(const Tensor& m) {
  return m.dim() == 2 && (m.size(1) <= 1 || m.stride(1) == 1) &&
         (m.size(0) <= 1 || m.stride(0) >= m.size(1));
}

void mm_add(const Tensor& a, const Tensor& b, const Tensor& out) {
  TG_CHECK(has_contiguous_rows(out) && out.size(0) == a.size(0) && out.size(1) == b.size(1),
           "mm_add: out of shape ", out.sizes(), " and strides ", out.strides(),
           " is not a row-major [", a.size(0), ", ", b.size(1), "] matrix");
  dispatch_all(a.scalar_type(), "mm", [&]<typename T>() {
    if constexpr (std::is_same_v<T, bool>)
      throw Error("mm: not implemented for Bool");
    else
      matrix_product<T>(a, b, out, T(1));
  });
}

void bmm(const Tensor& a, const Tensor& b, const Tensor& out) {
  dispatch_all(a.scalar_type(), "bmm", [&]<typename T>() {
    if constexpr (std::is_same_v<T, bool>) {
      throw Error("bmm: not implemented for Bool");
    } else {
      parallel_for_each(0, a.size(0), [&](int64_t i) {
        matrix_product<T>(batch_matrix(a, i), batch_matrix(b, i), batch_matrix(out, i), T(0));
      });
    }
  });
}

} // namespace tg::kernels
