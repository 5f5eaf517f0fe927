// triu and tril: one triangle of the last two dims kept, the rest zeroed. The backward keeps the
// same triangle of the gradient, so it is the op itself (and create_graph works unchanged).
#include "autograd/kernels/triangular.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::variable_list;

namespace {

Tensor keep_triangle(const Tensor& self, int64_t diagonal, bool upper) {
  const char* op = upper ? "triu" : "tril";
  TG_CHECK(self.defined(), op, ": the input is undefined");
  TG_CHECK(self.dim() >= 2, op, ": input tensor must have at least 2 dimensions, got shape ",
           ops::shape_str(self));
  const int64_t rows = self.size(-2), cols = self.size(-1);
  const int64_t batch = rows * cols == 0 ? 0 : self.numel() / (rows * cols);
  Tensor x = self.contiguous();
  Tensor out = ops::empty_tensor(self.sizes(), self.scalar_type());
  dispatch_all(self.scalar_type(), op, [&]<typename T>() {
    kernels::keep_triangle<T>(x.data_ptr<T>(), out.data_ptr<T>(), batch, rows, cols, diagonal,
                              upper);
  });
  return out;
}

} // namespace

Tensor triu(const Tensor& self, int64_t diagonal) {
  Tensor out = keep_triangle(self, diagonal, true);
  // d/dx triu(x) keeps the same triangle: grad.triu(diagonal)
  if (autograd::compute_requires_grad(self))
    autograd::record("TriuBackward0", {self}, out, [diagonal](const Tensor& grad) {
      return variable_list{triu(grad, diagonal)};
    });
  return out;
}

Tensor tril(const Tensor& self, int64_t diagonal) {
  Tensor out = keep_triangle(self, diagonal, false);
  // d/dx tril(x) keeps the same triangle: grad.tril(diagonal)
  if (autograd::compute_requires_grad(self))
    autograd::record("TrilBackward0", {self}, out, [diagonal](const Tensor& grad) {
      return variable_list{tril(grad, diagonal)};
    });
  return out;
}

Tensor Tensor::triu(int64_t diagonal) const { return tg::triu(*this, diagonal); }
Tensor Tensor::tril(int64_t diagonal) const { return tg::tril(*this, diagonal); }
Tensor& Tensor::triu_(int64_t diagonal) const {
  ops::check_inplace(*this, "triu_");
  return ops::commit_inplace(*this, tg::triu(*this, diagonal), "triu_");
}
Tensor& Tensor::tril_(int64_t diagonal) const {
  ops::check_inplace(*this, "tril_");
  return ops::commit_inplace(*this, tg::tril(*this, diagonal), "tril_");
}

} // namespace tg
