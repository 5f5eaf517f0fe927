#pragma once
// tg::Tensor: a reference-counted handle to a TensorImpl, spelled like torch::Tensor. Copies share
// data and autograd state; in-place methods are `const` and mutate the shared tensor, as in
// LibTorch.
//
// Worked example, f(x) = a·x² + b at x = 3 with a = 2, b = 1:
//   auto x = tg::tensor({3.0}, tg::requires_grad());
//   auto f = 2 * x.pow(2) + 1;   // forward: 19
//   f.backward();                // chain rule: df/dx = 2·a·x = 12
//   x.grad();                    // [12]
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "autograd/tensor/array_ref.h"
#include "autograd/tensor/scalar.h"
#include "autograd/tensor/tensor_impl.h"
#include "autograd/tensor/tensor_accessor.h"
#include "autograd/tensor/tensor_options.h"

namespace tg {

class Tensor;
/// A list of tensors passed to an op (cat, stack, ...), as torch::TensorList.
using TensorList = ArrayRef<Tensor>;
namespace indexing {
class TensorIndex;
}
namespace autograd {
class Node;
}

/// A tensor handle, spelled and behaving like torch::Tensor.
///
/// A Tensor is a shared pointer to a TensorImpl: copies are cheap and alias the same data and
/// autograd state (clone() makes a deep copy). A default-constructed Tensor is undefined
/// (defined() is false) and most methods throw tg::Error on it. Methods that mutate (names ending
/// in `_`) are `const`, as in LibTorch, because they change the shared tensor, not the handle.
///
/// Conventions that hold for every method below unless it says otherwise:
/// - a `dim` argument may be negative, counting from the end; out of range throws tg::Error;
/// - binary ops broadcast their operands and promote dtypes as PyTorch does (a number only lifts
///   the category: `int_tensor * 2` keeps its dtype, `int_tensor * 2.5` becomes float);
/// - ops on tensors that require grad are recorded, so backward() can differentiate them;
/// - in-place ops throw tg::Error on a leaf that requires grad while grad mode is on (wrap the
///   update in tg::NoGradGuard, as optimizers do), and on a view when the result must be recorded.
/// @code
///   auto x = tg::randn({2, 3}, tg::requires_grad());
///   x.relu().sum().backward();   // x.grad() is 1 where x > 0, else 0
/// @endcode
class Tensor {
public:
  /// An undefined tensor (defined() is false), as `torch::Tensor()`.
  Tensor() = default;
  /// A handle to an existing TensorImpl (how ops wrap the results they build).
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}
  /// Another handle to the same tensor: no data is copied.
  Tensor(const Tensor&) = default;
  /// Takes over the handle; the source becomes undefined.
  Tensor(Tensor&&) noexcept = default;
  /// Assigning to a named tensor rebinds the handle; no data is copied.
  Tensor& operator=(const Tensor& other) & = default;
  /// Same as above, moving the handle.
  Tensor& operator=(Tensor&& other) & noexcept = default;
  /// Assigning to a temporary (`x[0] = y`, `x.index({...}) = 1`) writes into the viewed elements,
  /// broadcasting `other` (copy_()).
  Tensor& operator=(const Tensor& other) &&;
  /// Same as above, filling the viewed elements with `value` (fill_()).
  Tensor& operator=(const Scalar& value) &&;

  // ---- handle ----
  /// Whether this handle points to a tensor (false after default construction or reset()).
  bool defined() const { return impl_ != nullptr; }
  /// Drops this handle's reference; the tensor is freed with its last handle.
  void reset() { impl_.reset(); }
  /// The TensorImpl behind the handle, not owned; null when undefined.
  TensorImpl* unsafeGetTensorImpl() const { return impl_.get(); }
  /// The owning pointer to the TensorImpl; null when undefined.
  const std::shared_ptr<TensorImpl>& impl() const { return impl_; }
  /// Whether both handles point to the same TensorImpl (identity; equal() compares values).
  bool is_same(const Tensor& other) const { return impl_ == other.impl_; }
  /// How many handles share this TensorImpl (0 when undefined).
  int64_t use_count() const { return impl_.use_count(); }

  // ---- metadata ----
  /// The shape, e.g. `[2, 3]`; empty for a 0-dim tensor. The view stays valid while the shape does.
  IntArrayRef sizes() const;
  /// Step in elements between neighbours along each dim (0 along dims made by expand()).
  IntArrayRef strides() const;
  /// Size of dimension `dim`; negative counts from the end. tg::Error when out of range or on a
  /// 0-dim tensor.
  int64_t size(int64_t dim) const;
  /// Stride of dimension `dim`, in elements; negative counts from the end.
  int64_t stride(int64_t dim) const;
  /// Number of dimensions (0 for a tensor holding one number).
  int64_t dim() const;
  /// Same as dim().
  int64_t ndimension() const { return dim(); }
  /// Number of elements: the product of sizes() (1 for a 0-dim tensor).
  int64_t numel() const;
  /// The element type as a TypeMeta, which prints as "float" and compares equal to tg::kFloat.
  TypeMeta dtype() const;
  /// The element type (tg::kFloat, tg::kLong, ...).
  ScalarType scalar_type() const;
  /// The device; always the CPU in this build.
  Device device() const;
  /// Always kStrided.
  Layout layout() const { return kStrided; }
  /// This tensor's dtype and device as TensorOptions (requires_grad not included), to create
  /// tensors like it: `tg::zeros({3}, x.options())`.
  TensorOptions options() const;
  /// Whether the elements are packed in row-major order (size-1 dims may have any stride), so that
  /// data_ptr() can be walked linearly. `format` is accepted for LibTorch and ignored.
  bool is_contiguous(MemoryFormat format = MemoryFormat::Contiguous) const;
  /// Where element 0 sits in the storage, in elements (nonzero for many slices).
  int64_t storage_offset() const;
  /// Bytes per element (4 for float).
  size_t element_size() const;
  /// Same as element_size().
  size_t itemsize() const { return element_size(); }
  /// numel() × element_size(): the bytes the elements take packed, whatever the strides.
  size_t nbytes() const;
  /// Whether the tensor is on a CUDA device; always false in this build.
  bool is_cuda() const { return device().is_cuda(); }
  /// Whether the tensor is on the CPU; always true in this build.
  bool is_cpu() const { return device().is_cpu(); }
  /// Whether the dtype is Float or Double (the only dtypes that can require grad).
  bool is_floating_point() const;
  /// Always false: there are no complex dtypes.
  bool is_complex() const { return false; }
  /// False for Byte (uint8) and Bool, true for the other dtypes.
  bool is_signed() const;
  /// Same as type_string(): "CPUFloatType".
  std::string toString() const;
  /// "CPUFloatType", as LibTorch's type().toString().
  std::string type_string() const;

  /// Pointer to element 0 as `T*`. `T` must be the C++ type of scalar_type() exactly (`float` for
  /// kFloat, `int64_t` for kLong, ...), else tg::Error. Index it through strides() unless
  /// is_contiguous(): `x.contiguous().data_ptr<float>()` is the safe way to read all elements.
  template <typename T> T* data_ptr() const;
  /// Untyped pointer to element 0 (no dtype check).
  void* data_ptr() const;
  /// Same as data_ptr<T>() (LibTorch's older spelling).
  template <typename T> T* data() const { return data_ptr<T>(); }
  /// The only element converted to `T`: `loss.item<float>()`. Throws tg::Error unless numel() == 1.
  template <typename T> T item() const;
  /// The only element as a Scalar (floating, integral or bool after the dtype). Throws tg::Error
  /// unless numel() == 1.
  Scalar item() const;
  /// Subscript access to the elements, as torch::Tensor::accessor: `auto a = t.accessor<float, 2>();
  /// a[i][j] = 1;`. Throws tg::Error unless the dtype is T and dim() == N. The accessor points into
  /// this tensor's storage (strided, so non-contiguous tensors work), is not bounds-checked, and
  /// must not outlive the tensor; writes through it are not recorded by autograd.
  template <typename T, size_t N> TensorAccessor<T, N> accessor() const&;
  /// Deleted as in LibTorch: an accessor of a temporary would dangle.
  template <typename T, size_t N> TensorAccessor<T, N> accessor() && = delete;

  // ---- conversion and copies ----
  /// Converts to the dtype in `options` (this tensor's dtype when unset), as torch::Tensor::to.
  /// Returns `*this` itself when the dtype does not change and `copy` is false; otherwise a new
  /// contiguous tensor, differentiable when the new dtype is floating (the gradient is converted
  /// back). The device must be the CPU (else tg::Error); requires_grad in `options`, `non_blocking`
  /// and `memory_format` are ignored.
  Tensor to(TensorOptions options = {}, bool non_blocking = false, bool copy = false,
            std::optional<MemoryFormat> memory_format = std::nullopt) const;
  /// Same as above with the device and dtype given apart; a CUDA device throws tg::Error.
  Tensor to(Device device, ScalarType dtype, bool non_blocking = false, bool copy = false,
            std::optional<MemoryFormat> memory_format = std::nullopt) const;
  /// Converts to `dtype`: `x.to(tg::kDouble)`. Same rules as above (no copy unless needed or
  /// asked).
  Tensor to(ScalarType dtype, bool non_blocking = false, bool copy = false,
            std::optional<MemoryFormat> memory_format = std::nullopt) const;
  /// Converts to a dtype given as TypeMeta, so `x.to(y.dtype())` picks this overload and is not
  /// ambiguous between the TensorOptions and ScalarType ones (as in LibTorch).
  Tensor to(TypeMeta dtype, bool non_blocking = false, bool copy = false,
            std::optional<MemoryFormat> memory_format = std::nullopt) const {
    return to(dtype.toScalarType(), non_blocking, copy, memory_format);
  }
  /// Converts to `other`'s dtype (its device is the CPU too).
  Tensor to(const Tensor& other, bool non_blocking = false, bool copy = false,
            std::optional<MemoryFormat> memory_format = std::nullopt) const;
  /// Same as to(other.scalar_type()).
  Tensor type_as(const Tensor& other) const;
  /// Same as to(t).
  Tensor toType(ScalarType t) const { return to(t); }
  /// Returns `*this`: every tensor already lives on the CPU.
  Tensor cpu() const;
  /// Throws tg::Error: tapegrad was built without CUDA. Declared so that LibTorch code compiles.
  Tensor cuda() const;
  /// Deleted: there is no Backend enum here; use to() or cpu().
  Tensor toBackend(int) const = delete;
  /// A deep copy into fresh contiguous memory; differentiable (the gradient passes through).
  /// `memory_format` is ignored.
  Tensor clone(std::optional<MemoryFormat> memory_format = std::nullopt) const;
  /// `*this` when already contiguous, else a contiguous clone() (so still differentiable).
  /// `memory_format` is ignored.
  Tensor contiguous(MemoryFormat memory_format = MemoryFormat::Contiguous) const;
  /// Same storage, not part of any graph, shares the version counter (in-place changes are seen).
  /// The result never requires grad; in-place ops through it that autograd would record throw.
  Tensor detach() const;
  /// Cuts this tensor out of the graph in place: it becomes a leaf that does not require grad.
  Tensor& detach_() const;
  /// Same storage, not part of any graph (the `.data` of PyTorch).
  Tensor data() const;
  /// Same as data().
  Tensor variable_data() const { return data(); }
  /// True for a differentiable view (view, slice, select, transpose, expand, ...): it shares its
  /// base's memory and an in-place write into it becomes part of the base's history. False for
  /// detach() and data(), which share the memory but not the history.
  bool is_view() const;
  /// The root tensor a view aliases (views of views point at the root); undefined otherwise.
  const Tensor& _base() const;
  /// Deleted: LibTorch has no float_(); convert with `to(tg::kFloat)`.
  Tensor float_() = delete;

  // ---- autograd ----
  /// Whether ops on this tensor are recorded: a leaf that asked for it, or the result of recorded
  /// ops. False for an undefined tensor.
  bool requires_grad() const;
  /// Sets whether this leaf records ops for gradients, as torch::Tensor::requires_grad_; returns
  /// `*this`. Throws tg::Error when asking for gradients of a non-floating tensor, or when turning
  /// them off on a non-leaf (use detach() there).
  Tensor& requires_grad_(bool requires_grad = true) const;
  /// Same as requires_grad_().
  Tensor& set_requires_grad(bool requires_grad) const { return requires_grad_(requires_grad); }
  /// True when no recorded op produced this tensor (grad_fn() is null); tensors that do not require
  /// grad are leaves too, as in LibTorch.
  bool is_leaf() const;
  /// The accumulated gradient; undefined until a backward reaches this leaf (or a non-leaf that
  /// called retain_grad()). Backward adds into it; the optimizer's zero_grad() clears it.
  const Tensor& grad() const;
  /// Writable reference to the gradient slot: assign to it, or reset() it as zero_grad() does.
  Tensor& mutable_grad() const;
  /// Replaces the stored gradient with `grad` (not checked against this tensor's shape or dtype).
  void set_grad(const Tensor& grad) const;
  /// The node that produced this tensor and runs its backward, null for leaves.
  /// `grad_fn()->name()` gives LibTorch's names (AddBackward0, MmBackward0, ...).
  const std::shared_ptr<autograd::Node>& grad_fn() const;
  /// Which output of grad_fn() this tensor is (0 for single-output ops and for leaves).
  uint32_t output_nr() const;
  /// Makes this non-leaf keep its gradient in grad() during backward, as
  /// torch::Tensor::retain_grad. A no-op for leaves (they always do); throws tg::Error if this
  /// tensor does not require grad.
  void retain_grad() const;
  /// Whether retain_grad() was called on this non-leaf (false for leaves and undefined tensors).
  bool retains_grad() const;
  /// The in-place version counter, shared by every view of the same storage: each in-place op bumps
  /// it, and backward throws tg::Error if a tensor it saved has changed since it was saved.
  int64_t _version() const;
  /// Runs backpropagation from this tensor, adding into the grad() of the leaves it depends on
  /// (torch::Tensor::backward). `gradient`, of this tensor's shape, may be omitted for a
  /// one-element tensor. `retain_graph` defaults to `create_graph`; without it the graph's saved
  /// tensors are freed, and a second backward through it throws tg::Error. `create_graph` records
  /// the backward itself, for higher derivatives. With `inputs`, only those tensors receive
  /// gradients (non-leaves included). Throws tg::Error if this tensor does not require grad.
  void backward(const Tensor& gradient = {}, std::optional<bool> retain_graph = std::nullopt,
                bool create_graph = false,
                std::optional<std::vector<Tensor>> inputs = std::nullopt) const;
  /// Calls `hook(grad)` when this tensor's gradient is computed; a defined return replaces it,
  /// and a hook returning void only observes. Returns the hook's index. Throws tg::Error unless
  /// this tensor requires grad.
  template <typename Hook> unsigned register_hook(Hook&& hook) const;
  /// A name shown on graph drawings (to_dot); returns `*this`.
  Tensor& set_name(const std::string& name) const;
  /// The label given by set_name(); empty if none.
  const std::string& name() const;

  // ---- arithmetic ----
  /// `*this + alpha * other`, as torch::add. A floating `alpha` with an integer result throws
  /// tg::Error.
  Tensor add(const Tensor& other, const Scalar& alpha = 1) const;
  /// Same as above with a number: `x.add(1)`.
  Tensor add(const Scalar& other, const Scalar& alpha = 1) const;
  /// `*this - alpha * other`, as torch::sub. A bool operand throws tg::Error (use logical_not()).
  Tensor sub(const Tensor& other, const Scalar& alpha = 1) const;
  /// Same as above with a number (not a bool).
  Tensor sub(const Scalar& other, const Scalar& alpha = 1) const;
  /// Element-wise product, as torch::mul (logical and for two bool tensors).
  Tensor mul(const Tensor& other) const;
  /// Multiplies every element by a number.
  Tensor mul(const Scalar& other) const;
  /// True division, as torch::div: integer operands give a floating result (the default dtype).
  Tensor div(const Tensor& other) const;
  /// Divides every element by a number (true division).
  Tensor div(const Scalar& other) const;
  /// `x^exponent` element-wise, as torch::pow. Promotes like a binary op: an int tensor to the
  /// power 2.5 gives the default float dtype. A bool tensor with a bool exponent throws tg::Error.
  Tensor pow(const Scalar& exponent) const;
  /// `x^y` with a tensor exponent, differentiable in both: d/dy x^y = x^y·ln x, taken as 0 where
  /// x is 0. Throws tg::Error when both are bool.
  Tensor pow(const Tensor& exponent) const;
  /// Element-wise maximum, as torch::maximum; a NaN on either side gives NaN. Where the two are
  /// equal each receives half the gradient.
  Tensor maximum(const Tensor& other) const;
  /// Same as maximum(other), as LibTorch's max(other).
  Tensor max(const Tensor& other) const;
  /// Same as minimum(other), as LibTorch's min(other).
  Tensor min(const Tensor& other) const;
  /// The upper triangle of the last two dims (column - row >= diagonal), as torch::triu.
  Tensor triu(int64_t diagonal = 0) const;
  /// The lower triangle of the last two dims (column - row <= diagonal), as torch::tril.
  Tensor tril(int64_t diagonal = 0) const;
  /// In-place triu: zeroes what triu() would.
  Tensor& triu_(int64_t diagonal = 0) const;
  /// In-place tril: zeroes what tril() would.
  Tensor& tril_(int64_t diagonal = 0) const;
  /// Element-wise minimum; same NaN and tie rules as maximum().
  Tensor minimum(const Tensor& other) const;
  /// `-x`, keeping the dtype; throws tg::Error for bool (use logical_not()).
  Tensor neg() const;
  /// e^x. Integer inputs compute in the default float dtype, as they do for log, log1p, sqrt,
  /// rsqrt, sin, cos, reciprocal, sigmoid and tanh.
  Tensor exp() const;
  /// Natural logarithm (-inf at 0, NaN below).
  Tensor log() const;
  /// ln(1 + x), accurate for small x.
  Tensor log1p() const;
  /// Square root (NaN below 0).
  Tensor sqrt() const;
  /// 1 / sqrt(x).
  Tensor rsqrt() const;
  /// x², i.e. pow(2): an integer dtype stays integral.
  Tensor square() const;
  /// |x|, keeping the dtype; gradient sign(x), 0 at 0. Throws tg::Error for bool.
  Tensor abs() const;
  /// Sine (radians).
  Tensor sin() const;
  /// Cosine (radians).
  Tensor cos() const;
  /// -1, 0 or 1 in the input's dtype; its gradient is 0.
  Tensor sign() const;
  /// Rounds down, keeping the dtype; its gradient is 0.
  Tensor floor() const;
  /// Rounds up, keeping the dtype; its gradient is 0.
  Tensor ceil() const;
  /// Rounds to the nearest integer, halves to even (2.5 gives 2) as PyTorch; its gradient is 0.
  Tensor round() const;
  /// 1 / x, in a floating dtype.
  Tensor reciprocal() const;
  /// max(x, 0), keeping the dtype; its gradient is 1 where x > 0, else 0.
  Tensor relu() const;
  /// 1 / (1 + e^-x).
  Tensor sigmoid() const;
  /// Hyperbolic tangent.
  Tensor tanh() const;
  /// Limits every element to [min, max], as torch::clamp; either bound may be left out, not both
  /// (tg::Error). A floating bound makes an integer tensor floating. The gradient is 1 inside the
  /// range, bounds included, and 0 outside.
  Tensor clamp(const std::optional<Scalar>& min = std::nullopt,
               const std::optional<Scalar>& max = std::nullopt) const;
  /// Same as clamp(min, std::nullopt).
  Tensor clamp_min(const Scalar& min) const;
  /// Same as clamp(std::nullopt, max).
  Tensor clamp_max(const Scalar& max) const;
  /// exp(x) / Σ exp(x) along `dim`, shifted by the maximum so that large inputs cannot overflow
  /// (torch::softmax). Computes in `dtype` when given (it must be floating), else in the input's
  /// floating dtype; integer inputs use the default float dtype.
  Tensor softmax(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  /// log(softmax(x)) along `dim`, computed as x - logsumexp(x) (more accurate than taking the log
  /// of softmax); same dtype rules as softmax().
  Tensor log_softmax(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;

  // ---- comparisons and logic (no gradient; result is bool) ----
  /// Element-wise `==` as a bool tensor, as torch::eq; operands compare in their promoted dtype.
  Tensor eq(const Tensor& other) const;
  /// Element-wise `==` against a number.
  Tensor eq(const Scalar& other) const;
  /// Element-wise `!=` as a bool tensor, as torch::ne; operands compare in their promoted dtype.
  Tensor ne(const Tensor& other) const;
  /// Element-wise `!=` against a number.
  Tensor ne(const Scalar& other) const;
  /// Element-wise `<` as a bool tensor, as torch::lt; operands compare in their promoted dtype.
  Tensor lt(const Tensor& other) const;
  /// Element-wise `<` against a number.
  Tensor lt(const Scalar& other) const;
  /// Element-wise `<=` as a bool tensor, as torch::le; operands compare in their promoted dtype.
  Tensor le(const Tensor& other) const;
  /// Element-wise `<=` against a number.
  Tensor le(const Scalar& other) const;
  /// Element-wise `>` as a bool tensor, as torch::gt; operands compare in their promoted dtype.
  Tensor gt(const Tensor& other) const;
  /// Element-wise `>` against a number.
  Tensor gt(const Scalar& other) const;
  /// Element-wise `>=` as a bool tensor, as torch::ge; operands compare in their promoted dtype.
  Tensor ge(const Tensor& other) const;
  /// Element-wise `>=` against a number.
  Tensor ge(const Scalar& other) const;
  /// True where the element is zero; any input dtype, bool result.
  Tensor logical_not() const;
  /// True where the element is NaN, as torch::isnan.
  Tensor isnan() const;
  /// True where the element is +inf or -inf, as torch::isinf.
  Tensor isinf() const;
  /// True where the element is +inf, as torch::isposinf.
  Tensor isposinf() const;
  /// True where the element is -inf, as torch::isneginf.
  Tensor isneginf() const;
  /// True where the element is neither NaN nor infinite, as torch::isfinite.
  Tensor isfinite() const;
  /// True where both elements are nonzero.
  Tensor logical_and(const Tensor& other) const;
  /// True where either element is nonzero.
  Tensor logical_or(const Tensor& other) const;
  /// Whether both have the same shape, dtype and values, as torch::equal (NaN is never equal).
  bool equal(const Tensor& other) const;
  /// Whether |x - other| <= atol + rtol·|other| everywhere (broadcasting), as torch::allclose.
  /// Equal infinities are close; a NaN never is.
  bool allclose(const Tensor& other, double rtol = 1e-5, double atol = 1e-8) const;

  // ---- reductions ----
  /// Sum of all elements as a 0-dim tensor, as torch::sum. Integer and bool inputs sum as int64
  /// unless `dtype` is given.
  Tensor sum(std::optional<ScalarType> dtype = std::nullopt) const;
  /// Sum over the dims in `dim` (no repeats; an empty list means all dims); `keepdim` keeps them
  /// as size 1 so that the result broadcasts against the input.
  Tensor sum(IntArrayRef dim, bool keepdim = false,
             std::optional<ScalarType> dtype = std::nullopt) const;
  /// Mean of all elements, as torch::mean. The dtype (or `dtype`) must be floating, else tg::Error;
  /// an empty tensor gives NaN.
  Tensor mean(std::optional<ScalarType> dtype = std::nullopt) const;
  /// Mean over the dims in `dim`, with the same dim rules as sum(dim).
  Tensor mean(IntArrayRef dim, bool keepdim = false,
              std::optional<ScalarType> dtype = std::nullopt) const;
  /// Product of all elements as a 0-dim tensor; integer inputs multiply as int64 unless `dtype` is
  /// given. Its gradient is exact even when elements are zero.
  Tensor prod(std::optional<ScalarType> dtype = std::nullopt) const;
  /// The largest element as a 0-dim tensor (NaN if any element is NaN); tied maxima share the
  /// gradient equally. Throws tg::Error for an empty tensor.
  Tensor max() const;
  /// (values, indices) of the maxima along `dim`, as torch::max(dim); the int64 indices give the
  /// first occurrence on ties, and the gradient goes to that element only.
  std::tuple<Tensor, Tensor> max(int64_t dim, bool keepdim = false) const;
  /// The smallest element; same rules as max().
  Tensor min() const;
  /// (values, indices) of the minima along `dim`; same rules as max(dim).
  std::tuple<Tensor, Tensor> min(int64_t dim, bool keepdim = false) const;
  /// int64 index of the largest element (the first on ties): into the flattened tensor when `dim`
  /// is omitted, else along `dim`. Not differentiable; throws tg::Error for bool or empty input.
  Tensor argmax(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  /// int64 index of the smallest element; same rules as argmax().
  Tensor argmin(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  /// Variance of all elements, dividing by N - 1 when `unbiased` (Bessel's correction), else by N.
  /// Floating dtypes only (tg::Error otherwise); too few elements give NaN, as in PyTorch.
  Tensor var(bool unbiased = true) const;
  /// Variance over the dims in `dim` (an empty list means all).
  Tensor var(IntArrayRef dim, bool unbiased = true, bool keepdim = false) const;
  /// Standard deviation of all elements: the square root of var().
  Tensor std(bool unbiased = true) const;
  /// Standard deviation over the dims in `dim`.
  Tensor std(IntArrayRef dim, bool unbiased = true, bool keepdim = false) const;
  /// The p-norm of all elements, (Σ|x|^p)^(1/p), as torch::norm; p = 0 counts nonzeros and ±inf
  /// gives the largest / smallest |x|. Floating dtypes only (tg::Error otherwise).
  Tensor norm(const Scalar& p = 2) const;
  /// The p-norm over the dims in `dim`; an empty `p` means 2.
  Tensor norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim = false) const;
  /// log Σ exp(x) over `dim`, shifted by the maximum so that it cannot overflow (torch::logsumexp).
  /// Integer inputs compute in the default float dtype.
  Tensor logsumexp(IntArrayRef dim, bool keepdim = false) const;
  /// Running sums along `dim`, same shape (torch::cumsum); integer inputs sum as int64 unless
  /// `dtype` is given.
  Tensor cumsum(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  /// True (a 0-dim bool) when every element is nonzero; true when empty.
  Tensor all() const;
  /// Whether all elements along `dim` are nonzero.
  Tensor all(int64_t dim, bool keepdim = false) const;
  /// True (a 0-dim bool) when some element is nonzero; false when empty.
  Tensor any() const;
  /// Whether some element along `dim` is nonzero.
  Tensor any(int64_t dim, bool keepdim = false) const;

  // ---- linear algebra ----
  /// Matrix product with torch::matmul's rules: two 1-D tensors give their dot product; a 1-D
  /// operand acts as a row (left) or column (right) vector whose dim is dropped afterwards; dims
  /// before the last two are batch dims and broadcast. Both operands must have the same dtype;
  /// mismatched inner sizes throw tg::Error naming both shapes.
  Tensor matmul(const Tensor& other) const;
  /// Product of 2-D matrices, [n, k]·[k, m] → [n, m] (torch::mm); same dtype on both sides, not
  /// bool.
  Tensor mm(const Tensor& mat2) const;
  /// Batched product [b, n, k]·[b, k, m] → [b, n, m] (torch::bmm), without broadcasting.
  Tensor bmm(const Tensor& mat2) const;
  /// Matrix [n, k] times vector [k] → [n].
  Tensor mv(const Tensor& vec) const;
  /// Dot product of two 1-D tensors of the same length, as a 0-dim tensor.
  Tensor dot(const Tensor& other) const;
  /// `beta * *this + alpha * mat1·mat2`, with `*this` broadcast to the product's shape
  /// (torch::addmm); with beta = 0 `*this` is not read at all.
  Tensor addmm(const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
               const Scalar& alpha = 1) const;
  /// `beta * *this + alpha * batch1·batch2` batch by batch (torch::baddbmm).
  Tensor baddbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1,
                 const Scalar& alpha = 1) const;
  /// `beta * *this + alpha * Σ_b batch1[b]·batch2[b]` (torch::addbmm).
  Tensor addbmm(const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1,
                const Scalar& alpha = 1) const;
  /// In-place addmm: the result must have *this's shape; recorded like every in-place op.
  Tensor& addmm_(const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
                 const Scalar& alpha = 1) const;
  /// In-place baddbmm.
  Tensor& baddbmm_(const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1,
                   const Scalar& alpha = 1) const;
  /// In-place addbmm.
  Tensor& addbmm_(const Tensor& batch1, const Tensor& batch2, const Scalar& beta = 1,
                  const Scalar& alpha = 1) const;

  // ---- shape (views share storage where LibTorch's do) ----
  /// The same elements with shape `size`, sharing storage (torch::Tensor::view); one size may be -1
  /// and is inferred. Throws tg::Error if the element count differs or the strides cannot express
  /// the new shape without a copy (use reshape() then).
  Tensor view(IntArrayRef size) const;
  /// Same as view(other.sizes()).
  Tensor view_as(const Tensor& other) const;
  /// view() when the strides allow it, else a contiguous copy with that shape (torch::reshape), so
  /// do not rely on the result aliasing this tensor.
  Tensor reshape(IntArrayRef shape) const;
  /// Same as reshape(other.sizes()).
  Tensor reshape_as(const Tensor& other) const;
  /// Merges dims start_dim..end_dim (inclusive) into one through reshape(); a 0-dim tensor becomes
  /// shape [1].
  Tensor flatten(int64_t start_dim = 0, int64_t end_dim = -1) const;
  /// A view splitting dim `dim` into `sizes` (one may be -1); their product must be size(dim).
  Tensor unflatten(int64_t dim, IntArrayRef sizes) const;
  /// A view with dims `dim0` and `dim1` swapped (no copy; usually not contiguous).
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  /// A view with the dims reordered: dim i of the result is dim `dims[i]` of this tensor. `dims`
  /// must name every dim once.
  Tensor permute(IntArrayRef dims) const;
  /// transpose(0, 1) of a matrix; a 0-D or 1-D tensor comes back as a view of itself. More than two
  /// dims throws tg::Error.
  Tensor t() const;
  /// A view with a size-1 dim inserted at position `dim`, in [-dim() - 1, dim()].
  Tensor unsqueeze(int64_t dim) const;
  /// A view with every size-1 dim removed.
  Tensor squeeze() const;
  /// A view without dim `dim` if its size is 1; otherwise a view of the same shape (no error).
  Tensor squeeze(int64_t dim) const;
  /// A view repeating size-1 dims to `size` without copying (stride 0), as torch::Tensor::expand.
  /// New leading dims may be added, -1 keeps a size, and other sizes must match. The gradient sums
  /// over the repeats; clone() before writing into the result. `implicit` is ignored.
  Tensor expand(IntArrayRef size, bool implicit = false) const;
  /// Same as expand(other.sizes()).
  Tensor expand_as(const Tensor& other) const;
  /// A copy tiled `repeats[i]` times along dim i (torch::Tensor::repeat); extra leading entries add
  /// new dims.
  Tensor repeat(IntArrayRef repeats) const;
  /// A view of `length` elements along `dim` from `start` (negative counts from the end); tg::Error
  /// if that runs past the end.
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  /// A view of `start:end:step` along `dim`, like Python slicing: negative bounds count from the
  /// end, out-of-range bounds are clamped, and `step` must be positive.
  Tensor slice(int64_t dim = 0, std::optional<int64_t> start = std::nullopt,
               std::optional<int64_t> end = std::nullopt, int64_t step = 1) const;
  /// A view of position `index` along `dim`, with that dim removed: `x.select(0, i)` is `x[i]`.
  /// Negative `index` counts from the end.
  Tensor select(int64_t dim, int64_t index) const;
  /// A view onto this tensor's storage with the given sizes, strides and storage offset (default:
  /// this tensor's), as torch::Tensor::as_strided.
  Tensor as_strided(IntArrayRef size, IntArrayRef stride,
                    std::optional<int64_t> storage_offset = std::nullopt) const;
  /// A view of the diagonal of the (dim1, dim2) plane as the last dim (torch::Tensor::diagonal).
  Tensor diagonal(int64_t offset = 0, int64_t dim1 = 0, int64_t dim2 = 1) const;
  /// A view of every window of `size` elements along `dimension`, `step` apart, as a new last dim
  /// (torch::Tensor::unfold): [N] with size 2, step 1 gives [N - 1, 2].
  Tensor unfold(int64_t dimension, int64_t size, int64_t step) const;
  /// A copy of the slices at the positions in `index` (a 1-D int64 or int32 tensor) along `dim`,
  /// as torch::index_select; a repeated position repeats its slice and sums its gradients.
  Tensor index_select(int64_t dim, const Tensor& index) const;
  /// Views of ceil(size(dim) / chunks) elements along `dim` (torch::chunk): the last may be
  /// smaller, and fewer than `chunks` may come back.
  std::vector<Tensor> chunk(int64_t chunks, int64_t dim = 0) const;
  /// Views of `split_size` elements along `dim`; the last takes what is left.
  std::vector<Tensor> split(int64_t split_size, int64_t dim = 0) const;
  /// Views of the given sizes along `dim`, which must add up to size(dim).
  std::vector<Tensor> split(IntArrayRef split_sizes, int64_t dim = 0) const;
  /// Every slice along `dim`, that dim removed: select(dim, 0), select(dim, 1), ...
  std::vector<Tensor> unbind(int64_t dim = 0) const;
  /// A copy with the element order reversed along each dim in `dims`.
  Tensor flip(IntArrayRef dims) const;

  // ---- indexing ----
  /// Python's `x[...]`, as LibTorch's `x.index({...})`: each entry is an integer, a Slice, None,
  /// Ellipsis ("..."), a bool, or a tensor (int64/int32 positions, or a bool mask). Without tensor
  /// entries the result is a view; with them it is a copy (advanced indexing). An empty list throws
  /// tg::Error.
  /// @code
  ///   using namespace tg::indexing;
  ///   auto row = x.index({1});                  // x[1]
  ///   auto col = x.index({Slice(), 1});         // x[:, 1]
  ///   auto pos = x.index({x > 0});              // x[x > 0], 1-D
  /// @endcode
  Tensor index(ArrayRef<indexing::TensorIndex> indices) const;
  /// Same as above for a braced list.
  Tensor index(std::initializer_list<indexing::TensorIndex> indices) const;
  /// Writes `rhs` (converted to this dtype, broadcast) into the elements that index(indices)
  /// selects: Python's `x[...] = rhs`. Recorded by autograd when either side requires grad. Throws
  /// tg::Error for an empty list or an undefined `rhs`.
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Tensor& rhs) const;
  /// Same as above, writing the number `v`.
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Scalar& v) const;
  /// Same as above for a braced list.
  Tensor& index_put_(std::initializer_list<indexing::TensorIndex> indices, const Tensor& rhs) const;
  /// Same as above for a braced list and a number.
  Tensor& index_put_(std::initializer_list<indexing::TensorIndex> indices, const Scalar& v) const;
  /// select(0, index): a view of row `index` (negative counts from the end); tg::Error when out of
  /// range or on a 0-dim tensor.
  Tensor operator[](int64_t index) const;
  /// Same as above with a 0-dim integer tensor; other shapes throw tg::Error, as in LibTorch (use
  /// index() for advanced indexing).
  Tensor operator[](const Tensor& index) const;
  /// Same as above with an integral number; a floating or bool one throws tg::Error.
  Tensor operator[](const Scalar& index) const;
  /// Picks elements along `dim` at the positions in `index` (torch::gather): for dim 0,
  /// `out[i][j] = self[index[i][j]][j]`. `index` is int64 with as many dims as this tensor and no
  /// larger outside `dim`; the result has its shape. `sparse_grad` is ignored.
  Tensor gather(int64_t dim, const Tensor& index, bool sparse_grad = false) const;
  /// Out-of-place scatter_add_(): a copy of this tensor with `src` added at the positions.
  Tensor scatter_add(int64_t dim, const Tensor& index, const Tensor& src) const;
  /// Adds `src` at the positions in `index` along `dim`: for dim 0,
  /// `self[index[i][j]][j] += src[i][j]` (torch::Tensor::scatter_add_); repeated positions add up.
  /// `index` is int64, no larger than `src`, nor than this tensor outside `dim`.
  Tensor& scatter_add_(int64_t dim, const Tensor& index, const Tensor& src) const;
  /// Out-of-place scatter_(): a copy of this tensor with `src` written at the positions.
  Tensor scatter(int64_t dim, const Tensor& index, const Tensor& src) const;
  /// A copy of this tensor with `value` written at the positions in `index` along `dim`.
  Tensor scatter(int64_t dim, const Tensor& index, const Scalar& value) const;
  /// Writes `src` at the positions in `index` along `dim`: for dim 0,
  /// `self[index[i][j]][j] = src[i][j]` (torch::Tensor::scatter_). On a repeated position the write
  /// later along `dim` wins (PyTorch leaves this unspecified). Same index rules as scatter_add_().
  Tensor& scatter_(int64_t dim, const Tensor& index, const Tensor& src) const;
  /// Writes `value` at the positions in `index` along `dim`.
  Tensor& scatter_(int64_t dim, const Tensor& index, const Scalar& value) const;
  /// A copy with `value` where the bool `mask` is true (torch::masked_fill); the result has the
  /// broadcast shape of this tensor and `mask`, and no gradient flows from the filled places.
  Tensor masked_fill(const Tensor& mask, const Scalar& value) const;
  /// Same as above with a 0-dim tensor `value`, which gets the gradient summed over the filled
  /// places. Other shapes of `value` throw tg::Error.
  Tensor masked_fill(const Tensor& mask, const Tensor& value) const;
  /// In-place masked_fill(); `mask` must broadcast to this tensor's shape.
  Tensor& masked_fill_(const Tensor& mask, const Scalar& value) const;
  /// The elements where the bool `mask` (broadcast with this tensor) is true, as a new 1-D tensor
  /// in row-major order.
  Tensor masked_select(const Tensor& mask) const;
  /// `condition ? *this : other` element-wise, broadcasting all three (torch::where); `condition`
  /// is bool or uint8. Each branch gets the gradient where it was chosen.
  Tensor where(const Tensor& condition, const Tensor& other) const;
  /// The `k` largest (or smallest) values along `dim` and their int64 indices (torch::topk). They
  /// always come sorted, ties going to the lower index (so `sorted` is ignored); NaN counts as the
  /// largest. Throws tg::Error unless 0 <= k <= size(dim).
  std::tuple<Tensor, Tensor> topk(int64_t k, int64_t dim = -1, bool largest = true,
                                  bool sorted = true) const;
  /// (values, indices) sorted along `dim` (torch::sort). The sort is stable, and NaN sorts as the
  /// largest value.
  std::tuple<Tensor, Tensor> sort(int64_t dim = -1, bool descending = false) const;
  /// The indices of sort() alone; not differentiable.
  Tensor argsort(int64_t dim = -1, bool descending = false) const;
  /// The coordinates of the nonzero elements as an int64 [n, dim()] tensor, in row-major order
  /// (torch::nonzero).
  Tensor nonzero() const;

  // ---- in-place (bump the version counter; checked by autograd) ----
  /// In-place add(): `*this += alpha * other`, returning `*this`. `other` must broadcast to this
  /// shape, and the result must fit this dtype (a floating result into an integer tensor throws
  /// tg::Error). It bumps _version(), as every in-place write of values does.
  Tensor& add_(const Tensor& other, const Scalar& alpha = 1) const;
  /// In-place add of a number.
  Tensor& add_(const Scalar& other, const Scalar& alpha = 1) const;
  /// In-place sub(): `*this -= alpha * other`.
  Tensor& sub_(const Tensor& other, const Scalar& alpha = 1) const;
  /// In-place subtraction of a number.
  Tensor& sub_(const Scalar& other, const Scalar& alpha = 1) const;
  /// In-place mul().
  Tensor& mul_(const Tensor& other) const;
  /// In-place multiplication by a number.
  Tensor& mul_(const Scalar& other) const;
  /// In-place div(); true division, so an integer tensor throws tg::Error (its result is floating).
  Tensor& div_(const Tensor& other) const;
  /// In-place division by a number.
  Tensor& div_(const Scalar& other) const;
  /// In-place pow().
  Tensor& pow_(const Scalar& exponent) const;
  /// In-place pow() with a tensor exponent.
  Tensor& pow_(const Tensor& exponent) const;
  /// `*this += value * t1 * t2` (torch::Tensor::addcmul_); one pass without temporaries when
  /// nothing is recorded and all three match in shape and dtype, as in optimizers' updates.
  Tensor& addcmul_(const Tensor& t1, const Tensor& t2, const Scalar& value = 1) const;
  /// `*this += value * t1 / t2` (torch::Tensor::addcdiv_).
  Tensor& addcdiv_(const Tensor& t1, const Tensor& t2, const Scalar& value = 1) const;
  /// Moves toward `end`: `*this += weight * (end - *this)` (torch::Tensor::lerp_).
  Tensor& lerp_(const Tensor& end, const Scalar& weight) const;
  /// In-place neg().
  Tensor& neg_() const;
  /// In-place exp().
  Tensor& exp_() const;
  /// In-place log().
  Tensor& log_() const;
  /// In-place sqrt().
  Tensor& sqrt_() const;
  /// In-place abs().
  Tensor& abs_() const;
  /// In-place clamp().
  Tensor& clamp_(const std::optional<Scalar>& min = std::nullopt,
                 const std::optional<Scalar>& max = std::nullopt) const;
  /// In-place clamp_min().
  Tensor& clamp_min_(const Scalar& min) const;
  /// In-place clamp_max().
  Tensor& clamp_max_(const Scalar& max) const;
  /// In-place relu().
  Tensor& relu_() const;
  /// In-place sigmoid().
  Tensor& sigmoid_() const;
  /// In-place tanh().
  Tensor& tanh_() const;
  /// Sets every element to 0 (fill_(0)).
  Tensor& zero_() const;
  /// Sets every element to `value` (converted to this dtype). The tensor drops its grad_fn: its
  /// values no longer depend on what it was computed from.
  Tensor& fill_(const Scalar& value) const;
  /// Same as above with a 0-dim tensor's value (other shapes throw tg::Error); no gradient flows to
  /// `value`.
  Tensor& fill_(const Tensor& value) const;
  /// Copies `src` into this tensor, broadcasting it and converting its dtype
  /// (torch::Tensor::copy_); differentiable in `src`. `non_blocking` is ignored.
  Tensor& copy_(const Tensor& src, bool non_blocking = false) const;
  /// Fills with draws from the uniform distribution on [from, to), from the global generator
  /// (tg::manual_seed); tg::Error if from > to.
  Tensor& uniform_(double from = 0, double to = 1) const;
  /// Fills with draws from the normal distribution N(mean, std²).
  Tensor& normal_(double mean = 0, double std = 1) const;
  /// Fills with 1 with probability `p`, else 0; tg::Error unless 0 <= p <= 1.
  Tensor& bernoulli_(double p = 0.5) const;
  /// Fills with draws from the exponential distribution of rate `lambd` (> 0); floating dtypes
  /// only.
  Tensor& exponential_(double lambd = 1) const;
  /// Fills with integers drawn uniformly from [from, to); without `to`, the bound is 2^24 for
  /// floating dtypes and 2^31 for the others.
  Tensor& random_(int64_t from, std::optional<int64_t> to) const;
  /// Same as random_(0, to).
  Tensor& random_(int64_t to) const;
  /// Removes every size-1 dim from this tensor's own shape. Only metadata changes; autograd does
  /// not record it.
  Tensor& squeeze_() const;
  /// Inserts a size-1 dim at `dim` into this tensor's own shape; not recorded by autograd.
  Tensor& unsqueeze_(int64_t dim) const;
  /// Gives this tensor shape `size` with contiguous strides, growing its storage when needed (the
  /// old bytes stay as a prefix; new elements are uninitialised). Not recorded by autograd;
  /// tg::Error if memory it does not own (from_blob) would have to grow.
  Tensor& resize_(IntArrayRef size) const;

  // ---- random ----
  /// 0/1 draws with each element as its probability (floating dtype, values in [0, 1], else
  /// tg::Error); not differentiable.
  Tensor bernoulli() const;
  /// num_samples category indices per row, drawn in proportion to this tensor's (unnormalised)
  /// weights, with or without putting each drawn category back.
  Tensor multinomial(int64_t num_samples, bool replacement = false) const;

  // ---- new tensors with this one's options ----
  /// Zeros of shape `size` with this tensor's dtype unless `options` sets one
  /// (torch::Tensor::new_zeros); requires grad only if `options` says so.
  Tensor new_zeros(IntArrayRef size, TensorOptions options = {}) const;
  /// Ones of shape `size`, with the same dtype rule as new_zeros().
  Tensor new_ones(IntArrayRef size, TensorOptions options = {}) const;
  /// An uninitialised tensor of shape `size`, with the same dtype rule as new_zeros().
  Tensor new_empty(IntArrayRef size, TensorOptions options = {}) const;
  /// A tensor of shape `size` filled with `fill_value`, with the same dtype rule as new_zeros().
  Tensor new_full(IntArrayRef size, const Scalar& fill_value, TensorOptions options = {}) const;

  // ---- compound assignment ----
  /// Same as add_(other).
  Tensor& operator+=(const Tensor& other) { return add_(other); }
  /// Same as add_(other).
  Tensor& operator+=(const Scalar& other) { return add_(other); }
  /// Same as sub_(other).
  Tensor& operator-=(const Tensor& other) { return sub_(other); }
  /// Same as sub_(other).
  Tensor& operator-=(const Scalar& other) { return sub_(other); }
  /// Same as mul_(other).
  Tensor& operator*=(const Tensor& other) { return mul_(other); }
  /// Same as mul_(other).
  Tensor& operator*=(const Scalar& other) { return mul_(other); }
  /// Same as div_(other).
  Tensor& operator/=(const Tensor& other) { return div_(other); }
  /// Same as div_(other).
  Tensor& operator/=(const Scalar& other) { return div_(other); }
  /// Same as neg().
  Tensor operator-() const { return neg(); }
  /// Same as logical_not(): `~mask`.
  Tensor operator~() const { return logical_not(); }

private:
  Tensor& self_ref() const { return const_cast<Tensor&>(*this); }
  std::shared_ptr<TensorImpl> impl_;
};

// ---- operators: tensor–tensor and tensor–scalar on either side ----
/// Same as a.add(b).
Tensor operator+(const Tensor& a, const Tensor& b);
/// Same as a.add(b).
Tensor operator+(const Tensor& a, const Scalar& b);
/// Same as b.add(a).
Tensor operator+(const Scalar& a, const Tensor& b);
/// Same as a.sub(b).
Tensor operator-(const Tensor& a, const Tensor& b);
/// Same as a.sub(b).
Tensor operator-(const Tensor& a, const Scalar& b);
/// The number `a` minus each element of `b`.
Tensor operator-(const Scalar& a, const Tensor& b);
/// Same as a.mul(b).
Tensor operator*(const Tensor& a, const Tensor& b);
/// Same as a.mul(b).
Tensor operator*(const Tensor& a, const Scalar& b);
/// Same as b.mul(a).
Tensor operator*(const Scalar& a, const Tensor& b);
/// Same as a.div(b).
Tensor operator/(const Tensor& a, const Tensor& b);
/// Same as a.div(b).
Tensor operator/(const Tensor& a, const Scalar& b);
/// The number `a` divided by each element of `b` (true division).
Tensor operator/(const Scalar& a, const Tensor& b);
/// Same as a.eq(b) (a bool tensor; use equal() for one bool).
Tensor operator==(const Tensor& a, const Tensor& b);
/// Same as a.eq(b).
Tensor operator==(const Tensor& a, const Scalar& b);
/// Same as a.ne(b).
Tensor operator!=(const Tensor& a, const Tensor& b);
/// Same as a.ne(b).
Tensor operator!=(const Tensor& a, const Scalar& b);
/// Same as a.lt(b).
Tensor operator<(const Tensor& a, const Tensor& b);
/// Same as a.lt(b).
Tensor operator<(const Tensor& a, const Scalar& b);
/// Same as a.le(b).
Tensor operator<=(const Tensor& a, const Tensor& b);
/// Same as a.le(b).
Tensor operator<=(const Tensor& a, const Scalar& b);
/// Same as a.gt(b).
Tensor operator>(const Tensor& a, const Tensor& b);
/// Same as a.gt(b).
Tensor operator>(const Tensor& a, const Scalar& b);
/// Same as a.ge(b).
Tensor operator>=(const Tensor& a, const Tensor& b);
/// Same as a.ge(b).
Tensor operator>=(const Tensor& a, const Scalar& b);
/// Same as a.logical_and(b).
Tensor operator&&(const Tensor& a, const Tensor& b);
/// Same as a.logical_or(b).
Tensor operator||(const Tensor& a, const Tensor& b);
/// Same as a.logical_and(b): LibTorch's `&` for bool masks (it is not bitwise on integer tensors).
Tensor operator&(const Tensor& a, const Tensor& b);
/// Same as a.logical_or(b): LibTorch's `|` for bool masks (it is not bitwise on integer tensors).
Tensor operator|(const Tensor& a, const Tensor& b);

/// Prints values and a `[ CPUFloatType{2,3} ]` footer, as LibTorch does.
std::ostream& operator<<(std::ostream& os, const Tensor& t);
/// Prints a tensor's contents to stdout (torch::print).
void print(const Tensor& t, int64_t linesize = 80);
/// Same as above, to `os`; rows wrap at `linesize` columns.
void print(std::ostream& os, const Tensor& t, int64_t linesize = 80);

// ---- templates ----
namespace detail {
[[noreturn]] void throw_data_ptr_type_error(const Tensor& t, ScalarType asked);
void* data_ptr_checked(const Tensor& t);
}

template <typename T> T* Tensor::data_ptr() const {
  void* p = detail::data_ptr_checked(*this);
  if (scalar_type() != CppTypeToScalarType<std::remove_const_t<T>>::value)
    detail::throw_data_ptr_type_error(*this, CppTypeToScalarType<std::remove_const_t<T>>::value);
  return static_cast<T*>(p);
}

template <typename T> T Tensor::item() const { return item().to<T>(); }

namespace detail {
[[noreturn]] void throw_accessor_dim_error(const Tensor& t, size_t expected);
}

/// Checks the dtype and dim, then views the storage with this tensor's sizes and strides.
template <typename T, size_t N> TensorAccessor<T, N> Tensor::accessor() const& {
  static_assert(N > 0, "accessor is used for indexing tensor, for scalars use *data_ptr<T>()");
  if (dim() != static_cast<int64_t>(N)) detail::throw_accessor_dim_error(*this, N);
  return TensorAccessor<T, N>(data_ptr<T>(), sizes().data(), strides().data());
}

} // namespace tg
