#pragma once
// Matrix products of tensors, for mm and bmm: float and double through BLAS (kernels/blas.h),
// integers in plain loops (BLAS has no integer GEMM). Nothing is recorded.
#include "autograd/tensor/tensor.h"

namespace tg::kernels {

/// out [m, n] (contiguous) = a [m, k] · b [k, n], all of one non-bool dtype; a and b may have any
/// strides (a transposed operand goes to BLAS as a flag, not copied).
void mm(const Tensor& a, const Tensor& b, const Tensor& out);
/// Whether `m` is a 2-D matrix whose rows are contiguous (unit column stride) and do not overlap,
/// any distance apart: what mm_add can write (a window onto a larger matrix is one).
bool has_contiguous_rows(const Tensor& m);
/// out [m, n] += a [m, k] · b [k, n], one GEMM with beta = 1 (no separate pass); out must have
/// contiguous rows (has_contiguous_rows).
void mm_add(const Tensor& a, const Tensor& b, const Tensor& out);
/// out[i] = a[i] · b[i] for 3-D a [B, m, k], b [B, k, n] and contiguous out [B, m, n]; the batch
/// runs in parallel.
void bmm(const Tensor& a, const Tensor& b, const Tensor& out);

} // namespace tg::kernels
