// Softmax and log-softmax: the fused loop is autograd/kernels/softmax.h (each row shifted by its
// max before exp, so large inputs cannot overflow). Backwards are written with tensor ops on the
// saved output (double backward).
#include "autograd/kernels/softmax.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;

namespace {

Tensor softmax_impl(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, bool log) {
  const char* op = log ? "log_softmax" : "softmax";
  // Integer inputs compute in the default float dtype.
  ScalarType t = dtype ? *dtype : ops::to_float_type(self.scalar_type());
  TG_CHECK(isFloatingType(t), op, ": expected a floating point dtype (Float or Double), got ", t);
  const int64_t d = ops::wrap_dim(dim, self.dim(), op);
  Tensor in = self.to(t); // differentiable: the gradient is cast back to self's dtype
  Tensor out = ops::empty_tensor(in.sizes(), t);
  kernels::softmax(in, d, out, log);
  if (!autograd::compute_requires_grad(in)) return out;
  if (!log) {
    // d/dx_j softmax(x)_i = y_i ([i == j] - y_j), so grad_in = y * (g - Σ g*y)
    autograd::record("SoftmaxBackward0", {in}, out,
                     [r = SavedVariable(out, true), d](const Tensor& grad, Node& node) {
                       Tensor y = r.unpack(node.shared_from_this());
                       return variable_list{y * (grad - (grad * y).sum(d, true))};
                     });
  } else {
    // d/dx_j log_softmax(x)_i = [i == j] - softmax(x)_j, so grad_in = g - exp(y) * Σ g
    autograd::record("LogSoftmaxBackward0", {in}, out,
                     [r = SavedVariable(out, true), d](const Tensor& grad, Node& node) {
                       Tensor y = r.unpack(node.shared_from_this());
                       return variable_list{grad - y.exp() * grad.sum(d, true)};
                     });
  }
  return out;
}

} // namespace

Tensor softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return softmax_impl(self, dim, dtype, false);
}
Tensor log_softmax(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype) {
  return softmax_impl(self, dim, dtype, true);
}
Tensor Tensor::softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return tg::softmax(*this, dim, dtype);
}
Tensor Tensor::log_softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return tg::log_softmax(*this, dim, dtype);
}

} // namespace tg
