// Reductions. Backward of a reduction broadcasts the output gradient back over the reduced dims.
#include <algorithm>
#include <cmath>

#include "autograd/kernels/reduce.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;

namespace ops {
/// Wrapped, sorted, unique dims; an empty list means "all dims".
DimVector reduce_dims(IntArrayRef dims, int64_t ndim, const char* op) {
  DimVector out;
  for (int64_t d : dims) {
    int64_t w = wrap_dim(d, ndim, op);
    TG_CHECK(std::find(out.begin(), out.end(), w) == out.end(), op, ": dim ", w,
             " appears multiple times in the list of dims");
    out.push_back(w);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Reshapes a reduced gradient (keepdim or not) so it broadcasts against the input again.
Tensor unsqueeze_reduced(const Tensor& grad, IntArrayRef input_shape, IntArrayRef dims, bool keepdim) {
  if (keepdim || input_shape.empty()) return grad;
  DimVector shape(input_shape);
  if (dims.empty()) {
    for (auto& s : shape) s = 1;
  } else {
    for (int64_t d : dims) shape[d] = 1;
  }
  return grad.reshape(shape);
}
} // namespace ops

namespace {
ScalarType sum_type(ScalarType in, std::optional<ScalarType> dtype) {
  if (dtype) return *dtype;
  return isIntegralType(in, true) ? kLong : in;
}

Tensor sum_forward(const Tensor& self, IntArrayRef dims, bool keepdim, ScalarType out_t) {
  Tensor src = self.scalar_type() == out_t ? self : self.to(out_t);
  kernels::ReduceLayout L = kernels::reduce_layout(src, dims);
  Tensor out = ops::empty_tensor(keepdim ? L.out_shape.ref() : L.out_shape_squeezed.ref(), out_t);
  dispatch_all(out_t, "sum", [&]<typename T>() {
    // float sums accumulate in double: a 60,000-term float sum loses digits otherwise
    using Acc = std::conditional_t<std::is_same_v<T, float>, double, T>;
    const T* x = L.input.data_ptr<T>();
    T* o = out.data_ptr<T>();
    if constexpr (!std::is_same_v<T, Acc>) {
      if (L.inner == 1) {
        std::vector<Acc> tmp(L.outer);
        kernels::reduce_orin<T, Acc>(x, tmp.data(), L.outer, L.reduced, 1, Acc(0),
                                     [](Acc a, Acc b) { return a + b; });
        for (int64_t i = 0; i < L.outer; ++i) o[i] = T(tmp[i]);
        return;
      }
    }
    kernels::reduce_orin<T, T>(x, o, L.outer, L.reduced, L.inner, T(0),
                               [](T a, T b) { return T(a + b); });
  });
  return out;
}
} // namespace

Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  DimVector dims = ops::reduce_dims(dim, self.dim(), "sum");
  Tensor out = sum_forward(self, dims, keepdim, sum_type(self.scalar_type(), dtype));
  // d/dx_i Σx = 1: the gradient is broadcast back over the summed dims
  if (autograd::compute_requires_grad(self)) {
    DimVector in_shape(self.sizes());
    autograd::record("SumBackward1", {self}, out, [in_shape, dims, keepdim](const Tensor& grad) {
      return variable_list{ops::unsqueeze_reduced(grad, in_shape, dims, keepdim).expand(in_shape)};
    });
  }
  return out;
}
Tensor sum(const Tensor& self, std::optional<ScalarType> dtype) {
  Tensor out = sum_forward(self, {}, false, sum_type(self.scalar_type(), dtype));
  if (autograd::compute_requires_grad(self)) {
    DimVector in_shape(self.sizes());
    autograd::record("SumBackward0", {self}, out, [in_shape](const Tensor& grad) {
      return variable_list{grad.expand(in_shape)};
    });
  }
  return out;
}

Tensor mean(const Tensor& self, IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) {
  ScalarType t = dtype.value_or(self.scalar_type());
  TG_CHECK(isFloatingType(t), "mean(): could not infer output dtype. Input dtype must be either a "
           "floating point or complex dtype. Got: ", t);
  DimVector dims = ops::reduce_dims(dim, self.dim(), "mean");
  int64_t count = 1;
  if (dims.empty()) count = self.numel();
  for (int64_t d : dims) count *= self.size(d);
  Tensor out;
  {
    NoGradGuard g;
    out = sum_forward(self, dims, keepdim, t);
    out.div_(double(std::max<int64_t>(count, 1)));
    if (count == 0) out.fill_(std::nan(""));
  }
  // d/dx_i mean(x) = 1/N
  if (autograd::compute_requires_grad(self)) {
    DimVector in_shape(self.sizes());
    autograd::record("MeanBackward1", {self}, out, [in_shape, dims, keepdim, count](const Tensor& grad) {
      return variable_list{ops::unsqueeze_reduced(grad, in_shape, dims, keepdim).expand(in_shape) /
                           double(count)};
    });
  }
  return out;
}
Tensor mean(const Tensor& self, std::optional<ScalarType> dtype) {
  ScalarType t = dtype.value_or(self.scalar_type());
  TG_CHECK(isFloatingType(t), "mean(): could not infer output dtype. Input dtype must be either a "
           "floating point or complex dtype. Got: ", t);
  Tensor out;
  int64_t count = self.numel();
  {
    NoGradGuard g;
    out = sum_forward(self, {}, false, t);
    out.div_(double(std::max<int64_t>(count, 1)));
    if (count == 0) out.fill_(std::nan(""));
  }
  if (autograd::compute_requires_grad(self)) {
    DimVector in_shape(self.sizes());
    autograd::record("MeanBackward0", {self}, out, [in_shape, count](const Tensor& grad) {
      return variable_list{grad.expand(in_shape) / double(count)};
    });
  }
  return out;
}

Tensor Tensor::sum(std::optional<ScalarType> dtype) const { return tg::sum(*this, dtype); }
Tensor Tensor::sum(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return tg::sum(*this, dim, keepdim, dtype);
}
Tensor Tensor::mean(std::optional<ScalarType> dtype) const { return tg::mean(*this, dtype); }
Tensor Tensor::mean(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return tg::mean(*this, dim, keepdim, dtype);
}

} // namespace tg

namespace tg {

namespace {
Tensor bool_reduce(const Tensor& self, IntArrayRef dims, bool keepdim, bool is_all) {
  Tensor b = self.scalar_type() == kBool ? self : self.ne(0);
  kernels::ReduceLayout L = kernels::reduce_layout(b, dims);
  Tensor out = ops::empty_tensor(keepdim ? L.out_shape.ref() : L.out_shape_squeezed.ref(), kBool);
  if (is_all)
    kernels::reduce_orin<bool, bool>(L.input.data_ptr<bool>(), out.data_ptr<bool>(), L.outer,
                                     L.reduced, L.inner, true, [](bool a, bool v) { return a && v; });
  else
    kernels::reduce_orin<bool, bool>(L.input.data_ptr<bool>(), out.data_ptr<bool>(), L.outer,
                                     L.reduced, L.inner, false, [](bool a, bool v) { return a || v; });
  return out;
}
} // namespace

Tensor all(const Tensor& self) { return bool_reduce(self, {}, false, true); }
Tensor all(const Tensor& self, int64_t dim, bool keepdim) {
  return bool_reduce(self, ops::reduce_dims(dim, self.dim(), "all"), keepdim, true);
}
Tensor any(const Tensor& self) { return bool_reduce(self, {}, false, false); }
Tensor any(const Tensor& self, int64_t dim, bool keepdim) {
  return bool_reduce(self, ops::reduce_dims(dim, self.dim(), "any"), keepdim, false);
}
Tensor Tensor::all() const { return tg::all(*this); }
Tensor Tensor::all(int64_t dim, bool keepdim) const { return tg::all(*this, dim, keepdim); }
Tensor Tensor::any() const { return tg::any(*this); }
Tensor Tensor::any(int64_t dim, bool keepdim) const { return tg::any(*this, dim, keepdim); }

} // namespace tg
