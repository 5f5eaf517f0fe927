// Tensor's own methods: metadata, conversion, copies and the autograd accessors. Op methods are
// defined next to their ops in autograd/ops/.
#include "autograd/tensor/tensor.h"

#include "autograd/graph/engine.h"
#include "autograd/kernels/loop.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::variable_list;

namespace {
[[noreturn]] void throw_undefined(const char* what) {
  throw Error(str(what, ": called on an undefined Tensor (default-constructed, or reset)"));
}
} // namespace

#define TG_IMPL(what)                                                                              \
  if (!impl_) throw_undefined(what);                                                               \
  TensorImpl* impl = impl_.get();                                                               \
  (void)impl

IntArrayRef Tensor::sizes() const {
  TG_IMPL("sizes");
  return impl->sizes();
}
IntArrayRef Tensor::strides() const {
  TG_IMPL("strides");
  return impl->strides();
}
int64_t Tensor::size(int64_t d) const {
  TG_IMPL("size");
  TG_CHECK(impl->dim() > 0, "size(", d, "): dimension specified as ", d,
           " but tensor has no dimensions");
  return impl->sizes()[ops::wrap_dim(d, impl->dim(), "size")];
}
int64_t Tensor::stride(int64_t d) const {
  TG_IMPL("stride");
  TG_CHECK(impl->dim() > 0, "stride(", d, "): tensor has no dimensions");
  return impl->strides()[ops::wrap_dim(d, impl->dim(), "stride")];
}
int64_t Tensor::dim() const {
  TG_IMPL("dim");
  return impl->dim();
}
int64_t Tensor::numel() const {
  TG_IMPL("numel");
  return impl->numel();
}
TypeMeta Tensor::dtype() const {
  TG_IMPL("dtype");
  return impl->dtype();
}
ScalarType Tensor::scalar_type() const {
  TG_IMPL("scalar_type");
  return impl->dtype();
}
Device Tensor::device() const {
  TG_IMPL("device");
  return impl->device();
}
TensorOptions Tensor::options() const {
  return TensorOptions().dtype(scalar_type()).device(device()).layout(kStrided);
}
bool Tensor::is_contiguous(MemoryFormat) const {
  TG_IMPL("is_contiguous");
  return impl->is_contiguous();
}
int64_t Tensor::storage_offset() const {
  TG_IMPL("storage_offset");
  return impl->storage_offset();
}
size_t Tensor::element_size() const { return elementSize(scalar_type()); }
size_t Tensor::nbytes() const { return size_t(numel()) * element_size(); }
bool Tensor::is_floating_point() const { return isFloatingType(scalar_type()); }
bool Tensor::is_signed() const { return scalar_type() != kByte && scalar_type() != kBool; }
std::string Tensor::type_string() const { return str("CPU", tg::toString(scalar_type()), "Type"); }
std::string Tensor::toString() const { return type_string(); }

void* Tensor::data_ptr() const {
  TG_IMPL("data_ptr");
  return impl->data();
}
namespace detail {
void* data_ptr_checked(const Tensor& t) { return t.data_ptr(); }
void throw_data_ptr_type_error(const Tensor& t, ScalarType asked) {
  throw Error(str("data_ptr: expected scalar type ", asked, " but found ", t.scalar_type()));
}
void throw_accessor_dim_error(const Tensor& t, size_t expected) {
  throw Error(str("accessor: TensorAccessor expected ", expected, " dims but tensor has ", t.dim(),
                  " (sizes ", t.sizes(), ")"));
}
} // namespace detail

Scalar Tensor::item() const {
  TG_IMPL("item");
  TG_CHECK(impl->numel() == 1, "item(): a Tensor with ", impl->numel(),
           " elements cannot be converted to Scalar");
  return dispatch_all(impl->dtype(), "item", [&]<typename T>() -> Scalar {
    return Scalar(*static_cast<const T*>(impl->data()));
  });
}

// ---------------------------------------------------------------- conversion
Tensor Tensor::to(TensorOptions options, bool non_blocking, bool copy,
                  std::optional<MemoryFormat>) const {
  check_device_supported(options.device(), "to");
  return to(options.dtype_opt().value_or(scalar_type()), non_blocking, copy);
}
Tensor Tensor::to(Device device, ScalarType dtype, bool non_blocking, bool copy,
                  std::optional<MemoryFormat>) const {
  check_device_supported(device, "to");
  return to(dtype, non_blocking, copy);
}
Tensor Tensor::to(const Tensor& other, bool non_blocking, bool copy,
                  std::optional<MemoryFormat>) const {
  return to(other.scalar_type(), non_blocking, copy);
}
Tensor Tensor::to(ScalarType dtype, bool, bool copy, std::optional<MemoryFormat>) const {
  TG_IMPL("to");
  if (dtype == impl->dtype() && !copy) return *this;
  Tensor out = ops::empty_tensor(sizes(), dtype);
  kernels::copy(out, *this);
  // d/dx convert(x) = 1, converted back to x's dtype
  if (autograd::compute_requires_grad(*this) && isFloatingType(dtype)) {
    ScalarType from = impl->dtype();
    autograd::record("ToCopyBackward0", {*this}, out, [from](const Tensor& grad) {
      return variable_list{grad.to(from)};
    });
  }
  return out;
}
Tensor Tensor::type_as(const Tensor& other) const { return to(other.scalar_type()); }
Tensor Tensor::cpu() const { return *this; }
Tensor Tensor::cuda() const {
  check_device_supported(Device(kCUDA), "cuda");
  return *this;
}

Tensor Tensor::clone(std::optional<MemoryFormat>) const {
  TG_IMPL("clone");
  Tensor out = ops::empty_tensor(sizes(), impl->dtype());
  kernels::copy(out, *this);
  // d/dx clone(x) = 1
  if (autograd::compute_requires_grad(*this))
    autograd::record("CloneBackward0", {*this}, out, [](const Tensor& grad) { return variable_list{grad}; });
  return out;
}
Tensor Tensor::contiguous(MemoryFormat) const {
  TG_IMPL("contiguous");
  return impl->is_contiguous() ? *this : clone();
}
Tensor Tensor::detach() const {
  TG_IMPL("detach");
  return ops::make_alias(*this, impl->sizes(), impl->strides(), impl->storage_offset());
}
Tensor& Tensor::detach_() const {
  TG_IMPL("detach_");
  TG_CHECK(!impl->is_view(), "detach_: Can't detach views in-place. Use detach() instead. If you "
           "are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is "
           "set as True, gradients are views of DDP buckets, and hence detach_() cannot be called "
           "on these gradients. To fix this error, please refer to the Optimizer.zero_grad() "
           "function in torch/optim/optimizer.py as the solution.");
  impl->grad_fn_.reset();
  impl->requires_grad_ = false;
  return self_ref();
}
Tensor Tensor::data() const { return detach(); }
bool Tensor::is_view() const { return impl_ && impl_->is_view(); }
const Tensor& Tensor::_base() const {
  static const Tensor undefined;
  if (!impl_ || !impl_->is_view()) return undefined;
  // A Tensor is exactly a shared_ptr<TensorImpl> (asserted below for grad()).
  return *reinterpret_cast<const Tensor*>(&impl_->view_base_);
}

// ---------------------------------------------------------------- rvalue assignment
Tensor& Tensor::operator=(const Tensor& other) && {
  copy_(other);
  return *this;
}
Tensor& Tensor::operator=(const Scalar& value) && {
  fill_(value);
  return *this;
}

// ---------------------------------------------------------------- autograd
bool Tensor::requires_grad() const { return impl_ && impl_->requires_grad(); }
Tensor& Tensor::requires_grad_(bool requires_grad) const {
  TG_IMPL("requires_grad_");
  if (requires_grad) {
    ops::check_floating_for_grad(*this, "requires_grad_");
  } else {
    TG_CHECK(!impl->grad_fn(), "requires_grad_: you can only change requires_grad flags of leaf "
             "variables. If you want to use a computed variable in a subgraph that doesn't require "
             "differentiation use var_no_grad = var.detach().");
  }
  impl->requires_grad_ = requires_grad;
  return self_ref();
}
bool Tensor::is_leaf() const {
  TG_IMPL("is_leaf");
  return impl->grad_fn() == nullptr;
}
// The gradient is stored as a shared_ptr<TensorImpl>; a Tensor is exactly that pointer, so the slot
// can be handed out as a Tensor reference, as LibTorch hands out its grad slot.
static_assert(sizeof(Tensor) == sizeof(std::shared_ptr<TensorImpl>) &&
              std::is_standard_layout_v<Tensor>);
const Tensor& Tensor::grad() const {
  TG_IMPL("grad");
  return *reinterpret_cast<const Tensor*>(&impl->grad_);
}
Tensor& Tensor::mutable_grad() const {
  TG_IMPL("mutable_grad");
  return *reinterpret_cast<Tensor*>(&impl->grad_);
}
void Tensor::set_grad(const Tensor& grad) const {
  TG_IMPL("set_grad");
  impl->grad_ = grad.impl();
}
const std::shared_ptr<autograd::Node>& Tensor::grad_fn() const {
  TG_IMPL("grad_fn");
  return impl->grad_fn();
}
uint32_t Tensor::output_nr() const {
  TG_IMPL("output_nr");
  return impl->output_nr_;
}
int64_t Tensor::_version() const {
  TG_IMPL("_version");
  return impl->version();
}
bool Tensor::retains_grad() const { return impl_ && impl_->retains_grad_; }
void Tensor::retain_grad() const {
  TG_IMPL("retain_grad");
  TG_CHECK(impl->requires_grad(), "can't retain_grad on Tensor that has requires_grad=False");
  if (!impl->grad_fn() || impl->retains_grad_) return;
  impl->retains_grad_ = true;
  std::weak_ptr<TensorImpl> weak = impl_;
  impl->grad_fn_->pre_hooks.emplace_back(impl->output_nr_, [weak](const Tensor& g) {
    if (auto t = weak.lock()) {
      NoGradGuard ng;
      t->grad_ = t->grad_ ? (Tensor(t->grad_) + g).impl() : g.clone().impl();
    }
    return Tensor();
  });
}
void Tensor::backward(const Tensor& gradient, std::optional<bool> retain_graph, bool create_graph,
                      std::optional<std::vector<Tensor>> inputs) const {
  TG_IMPL("backward");
  autograd::backward({*this}, gradient.defined() ? variable_list{gradient} : variable_list{},
                     retain_graph, create_graph, inputs.value_or(variable_list{}));
}
Tensor& Tensor::set_name(const std::string& name) const {
  TG_IMPL("set_name");
  impl->name_ = name;
  return self_ref();
}
const std::string& Tensor::name() const {
  TG_IMPL("name");
  return impl->name_;
}

} // namespace tg
