#pragma once
// TensorOptions: dtype, device and requires_grad for factories, with LibTorch's chained setters.
#include <optional>

#include "autograd/device.h"
#include "autograd/dtype.h"

namespace tg {

enum class Layout : int8_t { Strided = 0 };
constexpr Layout kStrided = Layout::Strided;

enum class MemoryFormat : int8_t { Contiguous = 0, Preserve = 1 };

class TensorOptions {
public:
  TensorOptions() = default;
  TensorOptions(ScalarType t) { dtype_ = t; }          // NOLINT: implicit, as in LibTorch
  TensorOptions(TypeMeta t) { dtype_ = t.toScalarType(); } // NOLINT
  TensorOptions(Device d) : device_(d), has_device_(true) {}             // NOLINT
  TensorOptions(DeviceType d) : device_(Device(d)), has_device_(true) {} // NOLINT
  TensorOptions(Layout) : has_layout_(true) {}                           // NOLINT
  TensorOptions(const char* device) : device_(Device(device)), has_device_(true) {} // NOLINT

  TensorOptions dtype(std::optional<ScalarType> t) const {
    TensorOptions r = *this;
    r.dtype_ = t;
    return r;
  }
  TensorOptions dtype(TypeMeta t) const { return dtype(std::optional<ScalarType>(t.toScalarType())); }
  TensorOptions dtype(ScalarType t) const { return dtype(std::optional<ScalarType>(t)); }
  template <typename T> TensorOptions dtype() const { return dtype(CppTypeToScalarType<T>::value); }
  TensorOptions device(std::optional<Device> d) const {
    TensorOptions r = *this;
    if (d) r.device_ = *d;
    r.has_device_ = d.has_value();
    return r;
  }
  TensorOptions device(DeviceType d) const { return device(std::optional<Device>(Device(d))); }
  TensorOptions device(Device d) const { return device(std::optional<Device>(d)); }
  TensorOptions device_index(int16_t index) const {
    return device(Device(kCUDA, static_cast<DeviceIndex>(index)));
  }
  TensorOptions requires_grad(std::optional<bool> r) const {
    TensorOptions o = *this;
    o.requires_grad_ = r.value_or(false);
    o.has_requires_grad_ = r.has_value();
    return o;
  }
  TensorOptions requires_grad(bool r) const { return requires_grad(std::optional<bool>(r)); }
  TensorOptions layout(std::optional<Layout> l) const {
    TensorOptions o = *this;
    o.has_layout_ = l.has_value();
    return o;
  }
  TensorOptions memory_format(std::optional<MemoryFormat>) const { return *this; }
  TensorOptions pinned_memory(std::optional<bool>) const { return *this; }

  TypeMeta dtype() const { return dtype_.value_or(get_default_dtype()); }
  ScalarType scalar_type() const { return dtype_.value_or(get_default_dtype()); }
  bool has_dtype() const { return dtype_.has_value(); }
  // Whether each field was set (LibTorch prints the unset ones as "(default)").
  bool has_device() const { return has_device_; }
  bool has_layout() const { return has_layout_; }
  bool has_requires_grad() const { return has_requires_grad_; }
  std::optional<ScalarType> dtype_opt() const { return dtype_; }
  Device device() const { return device_; }
  bool requires_grad() const { return requires_grad_; }
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
template <typename T> TensorOptions dtype() { return TensorOptions().dtype<T>(); }
inline TensorOptions device(Device d) { return TensorOptions().device(d); }
inline TensorOptions requires_grad(bool r = true) { return TensorOptions().requires_grad(r); }
inline TensorOptions layout(Layout l) { return TensorOptions(l); }

std::ostream& operator<<(std::ostream& os, const TensorOptions& o);

// c10::optional and friends, as LibTorch programs spell them (torch::optional<int64_t>).
using std::nullopt;
using std::nullopt_t;
using std::optional;

} // namespace tg
