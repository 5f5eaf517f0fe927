#pragma once
// TensorOptions: dtype, device and requires_grad for factories, with LibTorch's chained setters.
#include <optional>

#include "autograd/tensor/device.h"
#include "autograd/tensor/dtype.h"

namespace tg {

/// How elements are laid out in memory. Only LibTorch's dense strided layout exists here.
enum class Layout : int8_t {
  Strided = 0 ///< Dense elements addressed through sizes and strides.
};
/// The strided layout, spelled as LibTorch's `torch::kStrided`.
constexpr Layout kStrided = Layout::Strided;

/// The memory-format argument of contiguous(), clone() and to(). Accepted for LibTorch
/// compatibility; tapegrad has no channels-last format, so every value means row-major.
enum class MemoryFormat : int8_t {
  Contiguous = 0, ///< Row-major (C order), the only format tapegrad stores.
  Preserve = 1    ///< Keep the input's format; the same as Contiguous here.
};

/// The dtype, device, layout and requires_grad of a tensor to create, as torch::TensorOptions.
///
/// Passed to factories (`zeros`, `tensor`, `new_ones`, ...) and to Tensor::to(). It converts
/// implicitly from a ScalarType, a Device or a Layout, and each setter returns a modified copy,
/// so options read as in LibTorch:
/// @code
///   auto w = tg::randn({3, 4}, tg::dtype(tg::kDouble).requires_grad(true));
///   auto z = tg::zeros({2}, tg::kLong);
/// @endcode
/// An unset dtype means the default dtype (tg::get_default_dtype(), float unless changed) at
/// the moment the option is read. Only the CPU device is available: factories given a CUDA
/// device throw tg::Error.
class TensorOptions {
public:
  /// No field set: default dtype, CPU, strided, no gradient.
  TensorOptions() = default;
  /// Only the dtype set: `zeros({2}, tg::kLong)`.
  TensorOptions(ScalarType t) { dtype_ = t; }          // NOLINT: implicit, as in LibTorch
  /// Only the dtype set, from what Tensor::dtype() returns.
  TensorOptions(TypeMeta t) { dtype_ = t.toScalarType(); } // NOLINT
  /// Only the device set.
  TensorOptions(Device d) : device_(d), has_device_(true) {}             // NOLINT
  /// Only the device set, by type (`tg::kCPU`).
  TensorOptions(DeviceType d) : device_(Device(d)), has_device_(true) {} // NOLINT
  /// Only the layout set (`tg::kStrided`, the only one).
  TensorOptions(Layout) : has_layout_(true) {}                           // NOLINT
  /// Only the device set, from a string such as `"cpu"`; a bad string throws tg::Error.
  TensorOptions(const char* device) : device_(Device(device)), has_device_(true) {} // NOLINT

  /// A copy with the dtype set, or unset again (back to the default dtype) for nullopt.
  TensorOptions dtype(std::optional<ScalarType> t) const {
    TensorOptions r = *this;
    r.dtype_ = t;
    return r;
  }
  /// A copy with the dtype set from a TypeMeta (`other.dtype()`).
  TensorOptions dtype(TypeMeta t) const { return dtype(std::optional<ScalarType>(t.toScalarType())); }
  /// A copy with the dtype set.
  TensorOptions dtype(ScalarType t) const { return dtype(std::optional<ScalarType>(t)); }
  /// A copy with the dtype of C++ type `T` (float, double, int64_t, int32_t, uint8_t or bool).
  template <typename T> TensorOptions dtype() const { return dtype(CppTypeToScalarType<T>::value); }
  /// A copy with the device set, or marked unset for nullopt.
  TensorOptions device(std::optional<Device> d) const {
    TensorOptions r = *this;
    if (d) r.device_ = *d;
    r.has_device_ = d.has_value();
    return r;
  }
  /// A copy with the device set by type.
  TensorOptions device(DeviceType d) const { return device(std::optional<Device>(Device(d))); }
  /// A copy with the device set.
  TensorOptions device(Device d) const { return device(std::optional<Device>(d)); }
  /// A copy with the device built from a type and an index, as LibTorch's variadic device(...):
  /// `.device(tg::kCPU, 0)`.
  TensorOptions device(DeviceType type, DeviceIndex index) const {
    return device(std::optional<Device>(Device(type, index)));
  }
  /// A copy with device CUDA:`index`, as LibTorch's device_index(). Building it is fine, but
  /// creating a tensor with it throws tg::Error (tapegrad has no CUDA backend).
  TensorOptions device_index(int16_t index) const {
    return device(Device(kCUDA, static_cast<DeviceIndex>(index)));
  }
  /// A copy with requires_grad set, or unset (false) for nullopt. Factories then call
  /// requires_grad_(true), which throws tg::Error for an integer or bool dtype.
  TensorOptions requires_grad(std::optional<bool> r) const {
    TensorOptions o = *this;
    o.requires_grad_ = r.value_or(false);
    o.has_requires_grad_ = r.has_value();
    return o;
  }
  /// A copy with requires_grad set.
  TensorOptions requires_grad(bool r) const { return requires_grad(std::optional<bool>(r)); }
  /// A copy with the layout marked set (or unset for nullopt); the layout is always strided.
  TensorOptions layout(std::optional<Layout> l) const {
    TensorOptions o = *this;
    o.has_layout_ = l.has_value();
    return o;
  }
  /// Accepted and ignored (returns an unchanged copy): there is only one memory format here.
  TensorOptions memory_format(std::optional<MemoryFormat>) const { return *this; }
  /// Accepted and ignored (returns an unchanged copy): without CUDA there is no pinned memory.
  TensorOptions pinned_memory(std::optional<bool>) const { return *this; }

  /// The dtype, or the current default dtype when none was set.
  TypeMeta dtype() const { return dtype_.value_or(get_default_dtype()); }
  /// Same as dtype(), as a ScalarType.
  ScalarType scalar_type() const { return dtype_.value_or(get_default_dtype()); }
  /// Whether a dtype was set. An unset one is taken from the tensor by `new_zeros` and
  /// friends; `<<` prints unset fields (see the has_*() below) as "(default)", as LibTorch does.
  bool has_dtype() const { return dtype_.has_value(); }
  /// Whether a device was set.
  bool has_device() const { return has_device_; }
  /// Whether a layout was set.
  bool has_layout() const { return has_layout_; }
  /// Whether requires_grad was set.
  bool has_requires_grad() const { return has_requires_grad_; }
  /// The dtype if one was set, else nullopt (no default substituted).
  std::optional<ScalarType> dtype_opt() const { return dtype_; }
  /// The device (CPU when unset).
  Device device() const { return device_; }
  /// Whether created tensors will require gradients (false when unset).
  bool requires_grad() const { return requires_grad_; }
  /// Always kStrided.
  Layout layout() const { return kStrided; }

private:
  std::optional<ScalarType> dtype_;
  Device device_{kCPU};
  bool requires_grad_ = false;
  bool has_device_ = false;
  bool has_layout_ = false;
  bool has_requires_grad_ = false;
};

/// Free factories, as torch::dtype(kFloat).requires_grad(true).
inline TensorOptions dtype(ScalarType t) { return TensorOptions().dtype(t); }
/// Options with the dtype of C++ type `T`: `tg::dtype<double>()`.
template <typename T> TensorOptions dtype() { return TensorOptions().dtype<T>(); }
/// Options with only the device set, as torch::device().
inline TensorOptions device(Device d) { return TensorOptions().device(d); }
/// Options with only requires_grad set, as torch::requires_grad():
/// `tg::ones({3}, tg::requires_grad())`.
inline TensorOptions requires_grad(bool r = true) { return TensorOptions().requires_grad(r); }
/// Options with only the layout set, as torch::layout().
inline TensorOptions layout(Layout l) { return TensorOptions(l); }

/// Prints every field as LibTorch does, e.g. `TensorOptions(dtype=float (default), device=cpu
/// (default), ...)`, marking the fields that were never set "(default)".
std::ostream& operator<<(std::ostream& os, const TensorOptions& o);

// c10::optional and friends, as LibTorch programs spell them (torch::optional<int64_t>).
using std::nullopt;
using std::nullopt_t;
using std::optional;

} // namespace tg
