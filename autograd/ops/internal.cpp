#include "autograd/ops/internal.h"

#include <sstream>

#include "autograd/kernels/loop.h"

namespace tg {

bool is_expandable_to(IntArrayRef shape, IntArrayRef desired) {
  if (shape.size() > desired.size()) return false;
  size_t off = desired.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    if (shape[i] != desired[i + off] && shape[i] != 1) return false;
  return true;
}

namespace ops {

int64_t wrap_dim(int64_t dim, int64_t ndim, const char* op) {
  int64_t n = std::max<int64_t>(ndim, 1); // a 0-dim tensor accepts dim 0 and -1
  TG_CHECK(dim >= -n && dim < n, op, ": dimension out of range (expected to be in range of [", -n,
           ", ", n - 1, "], but got ", dim, ")");
  return dim < 0 ? dim + n : dim;
}

DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b, const char* op) {
  if (a.equals(b)) return DimVector(a);
  size_t n = std::max(a.size(), b.size());
  DimVector out(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    TG_CHECK(da == db || da == 1 || db == 1, op, ": shapes ", a, " and ", b,
             " cannot be broadcast together (dimension ", i, ": ", da, " vs ", db, ")");
    out[i] = da == 1 ? db : da;
  }
  return out;
}

Tensor sum_to(const Tensor& grad, IntArrayRef shape) {
  if (grad.sizes().equals(shape)) return grad;
  int64_t lead = grad.dim() - int64_t(shape.size());
  DimVector dims;
  for (int64_t i = 0; i < lead; ++i) dims.push_back(i);
  for (size_t i = 0; i < shape.size(); ++i)
    if (shape[i] == 1 && grad.size(lead + int64_t(i)) != 1) dims.push_back(lead + int64_t(i));
  Tensor r = dims.empty() ? grad : grad.sum(dims, /*keepdim=*/true);
  if (lead > 0) r = r.view(shape);
  return r;
}

bool is_wrapped_number(const Tensor& t) { return t.unsafeGetTensorImpl()->is_wrapped_number_; }
void mark_wrapped_number(const Tensor& t) { t.unsafeGetTensorImpl()->is_wrapped_number_ = true; }

Tensor scalar_to_tensor(const Scalar& s, ScalarType dtype) {
  Tensor t = empty_tensor({}, dtype);
  kernels::fill(t, s);
  mark_wrapped_number(t);
  return t;
}

namespace {
// PyTorch's ResultTypeState: three priority levels, each promoted separately, then combined by
// category so that a lower level can raise the category but not the width.
struct ResultState {
  std::optional<ScalarType> dim, zero, wrapped;
  void add(const Tensor& t) {
    ScalarType s = t.scalar_type();
    auto& slot = is_wrapped_number(t) ? wrapped : (t.dim() > 0 ? dim : zero);
    if (is_wrapped_number(t)) { // a wrapped float counts as the default dtype
      if (isFloatingType(s)) s = get_default_dtype();
    }
    slot = slot ? promoteTypes(*slot, s) : s;
  }
  ScalarType result() const {
    auto combine = [](std::optional<ScalarType> higher, std::optional<ScalarType> lower) {
      if (!higher) return lower;
      if (!lower) return higher;
      return typeCategory(*lower) > typeCategory(*higher) ? lower : higher;
    };
    auto r = combine(combine(dim, zero), wrapped);
    return r.value_or(get_default_dtype());
  }
};
} // namespace

ScalarType result_type(const Tensor& a, const Tensor& b) {
  // The common case, two tensors of one dtype, needs none of the promotion rules below.
  if (a.scalar_type() == b.scalar_type() && !is_wrapped_number(a) && !is_wrapped_number(b))
    return a.scalar_type();
  ResultState s;
  s.add(a);
  s.add(b);
  return s.result();
}

ScalarType result_type(const Tensor& a, const Scalar& b) {
  return result_type(a, scalar_to_tensor(b, b.type()));
}

void check_floating_for_grad(const Tensor& t, const char* op) {
  TG_CHECK(isFloatingType(t.scalar_type()), op,
           ": only Tensors of floating point dtype can require gradients, got ", t.scalar_type());
}

ScalarType to_float_type(ScalarType t) { return isFloatingType(t) ? t : get_default_dtype(); }

std::string shape_str(const Tensor& t) {
  std::ostringstream os;
  os << t.sizes();
  return os.str();
}

void bump_version(const Tensor& t) { t.unsafeGetTensorImpl()->bump_version(); }

} // namespace ops
} // namespace tg
