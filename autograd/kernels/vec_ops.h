#pragma once
// Tensor-level entry points to the dispatched loops of vectorized.h, for the ops whose common case
// is a flat float or double loop (add, mul, ReLU and its backward). Each splits the range across
// threads as loop.h's flat loops do and runs the table chosen at start-up on every block.
#include "autograd/tensor/tensor.h"

namespace tg::kernels {

/// True when `out` and every operand have dtype `t` (Float or Double), one shape, and are
/// contiguous: the case the dispatched flat loops take. Anything else runs loop.h's map1/map2.
bool vec_applies(const Tensor& out, std::initializer_list<const Tensor*> operands, ScalarType t);

/// out = a + alpha·b, alpha converted to the element type first (alpha.to<T>()).
void vec_add(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& alpha);
/// out = a·b
void vec_mul(const Tensor& out, const Tensor& a, const Tensor& b);
/// out = max(x, 0), 0 for NaN (x > 0 ? x : 0)
void vec_relu(const Tensor& out, const Tensor& x);
/// out = y > 0 ? g : 0; `out` may be `g` itself
void vec_relu_backward(const Tensor& out, const Tensor& g, const Tensor& y);
/// out = GELU(x) (exact form, erf; see VecKernelsOf::gelu for float's erf)
void vec_gelu(const Tensor& out, const Tensor& x);
/// out = g·GELU′(x)
void vec_gelu_backward(const Tensor& out, const Tensor& g, const Tensor& x);

} // namespace tg::kernels
