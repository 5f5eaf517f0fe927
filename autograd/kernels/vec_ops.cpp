#include "autograd/kernels/vec_ops.h"

#include "autograd/kernels/loop.h"
#include "autograd/kernels/vectorized.h"

namespace tg::kernels {

namespace {

/// fn(table, T) with the float or double half of the start-up table; the caller checked the dtype.
template <typename F> void with_table(ScalarType t, F&& fn) {
  const VecKernels& k = vec_kernels();
  if (t == kFloat)
    fn.template operator()<float>(k.f32);
  else
    fn.template operator()<double>(k.f64);
}

} // namespace

bool vec_applies(const Tensor& out, std::initializer_list<const Tensor*> operands, ScalarType t) {
  // Read through the impls: this runs for every add and mul, and Tensor::scalar_type() is an
  // out-of-line call that also checks the tensor is defined (an undefined one only says no here).
  if (t != kFloat && t != kDouble) return false;
  const TensorImpl* o = out.unsafeGetTensorImpl();
  if (!o || o->dtype() != t || !o->is_contiguous()) return false;
  for (const Tensor* x : operands) {
    const TensorImpl* i = x->unsafeGetTensorImpl();
    if (!i || i->dtype() != t || !i->is_contiguous() || !i->sizes().equals(o->sizes()))
      return false;
  }
  return true;
}

void vec_add(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& alpha) {
  with_table(out.scalar_type(), [&]<typename T>(const VecKernelsOf<T>& k) {
    T* o = elements<T>(out);
    const T *x = elements<const T>(a), *y = elements<const T>(b);
    const T al = alpha.to<T>();
    flat_for(out.numel(),
             [&](int64_t lo, int64_t hi) { k.add(o + lo, x + lo, y + lo, al, hi - lo); });
  });
}

void vec_mul(const Tensor& out, const Tensor& a, const Tensor& b) {
  with_table(out.scalar_type(), [&]<typename T>(const VecKernelsOf<T>& k) {
    T* o = elements<T>(out);
    const T *x = elements<const T>(a), *y = elements<const T>(b);
    flat_for(out.numel(), [&](int64_t lo, int64_t hi) { k.mul(o + lo, x + lo, y + lo, hi - lo); });
  });
}

void vec_relu(const Tensor& out, const Tensor& x) {
  with_table(out.scalar_type(), [&]<typename T>(const VecKernelsOf<T>& k) {
    T* o = elements<T>(out);
    const T* v = elements<const T>(x);
    flat_for(out.numel(), [&](int64_t lo, int64_t hi) { k.relu(o + lo, v + lo, hi - lo); });
  });
}

void vec_gelu(const Tensor& out, const Tensor& x) {
  with_table(out.scalar_type(), [&]<typename T>(const VecKernelsOf<T>& k) {
    T* o = elements<T>(out);
    const T* v = elements<const T>(x);
    flat_for(out.numel(), [&](int64_t lo, int64_t hi) { k.gelu(o + lo, v + lo, hi - lo); });
  });
}

void vec_gelu_backward(const Tensor& out, const Tensor& g, const Tensor& x) {
  with_table(out.scalar_type(), [&]<typename T>(const VecKernelsOf<T>& k) {
    T* o = elements<T>(out);
    const T *gr = elements<const T>(g), *v = elements<const T>(x);
    flat_for(out.numel(),
             [&](int64_t lo, int64_t hi) { k.gelu_backward(o + lo, gr + lo, v + lo, hi - lo); });
  });
}

void vec_relu_backward(const Tensor& out, const Tensor& g, const Tensor& y) {
  with_table(out.scalar_type(), [&]<typename T>(const VecKernelsOf<T>& k) {
    T* o = elements<T>(out);
    const T *gr = elements<const T>(g), *v = elements<const T>(y);
    flat_for(out.numel(),
             [&](int64_t lo, int64_t hi) { k.relu_backward(o + lo, gr + lo, v + lo, hi - lo); });
  });
}

} // namespace tg::kernels
