#pragma once
// Where a tensor's storage lives. Only the CPU backend exists; Device is carried through storage so
// a CUDA backend can be added later without touching the ops' autograd.
#include <cstdint>
#include <ostream>
#include <string>

#include "autograd/tensor/error.h"

namespace tg {

/// Kind of device (c10::DeviceType restricted to the two tapegrad names).
enum class DeviceType : int8_t { CPU = 0, CUDA = 1 };
// The enumerators share one line with no room for `///<`.
/// \var DeviceType::CPU
/// Host memory; the only device this build computes on.
/// \var DeviceType::CUDA
/// An NVIDIA GPU; accepted as a name, rejected at allocation (no CUDA backend yet).

/// DeviceType::CPU, as torch::kCPU.
constexpr DeviceType kCPU = DeviceType::CPU;
/// DeviceType::CUDA, as torch::kCUDA.
constexpr DeviceType kCUDA = DeviceType::CUDA;

/// Index of a device among those of its type; -1 means none (c10::DeviceIndex).
using DeviceIndex = int8_t;

/// A device type plus an optional index, as torch::Device. Only CPU devices can hold tensors in
/// this build; naming CUDA is allowed and fails at allocation (check_device_supported).
class Device {
public:
  /// `index` -1 means "no index" (the current device of that type).
  Device(DeviceType type, DeviceIndex index = -1) : type_(type), index_(index) {} // NOLINT
  /// Parses "cpu", "cuda", "cuda:1"; anything else throws tg::Error.
  Device(const std::string& spec); // NOLINT: implicit, as in LibTorch
  /// Same as above, so that a string literal converts implicitly (`t.to("cpu")`).
  Device(const char* spec) : Device(std::string(spec)) {} // NOLINT

  /// CPU or CUDA.
  DeviceType type() const { return type_; }
  /// The index, -1 when none was given.
  DeviceIndex index() const { return index_; }
  /// Whether an index was given ("cuda:0" has one, "cuda" has not).
  bool has_index() const { return index_ >= 0; }
  /// Whether this is a CPU device.
  bool is_cpu() const { return type_ == DeviceType::CPU; }
  /// Whether this is a CUDA device.
  bool is_cuda() const { return type_ == DeviceType::CUDA; }
  /// The spec string: "cpu", "cuda", "cuda:1".
  std::string str() const;

  /// Equal when type and index both match ("cuda" != "cuda:0", as in LibTorch).
  bool operator==(const Device& o) const { return type_ == o.type_ && index_ == o.index_; }
  /// Negation of operator==.
  bool operator!=(const Device& o) const { return !(*this == o); }

private:
  DeviceType type_;
  DeviceIndex index_;
};

/// Prints "cpu" or "cuda".
std::ostream& operator<<(std::ostream& os, DeviceType t);
/// Prints Device::str(): "cpu", "cuda:1", ...
std::ostream& operator<<(std::ostream& os, const Device& d);

/// Throws tg::Error unless `d` is a device this build can compute on (the CPU).
void check_device_supported(const Device& d, const char* op);

namespace cuda {
/// False: tapegrad has no CUDA backend yet. Programs that branch on it run on the CPU.
inline bool is_available() { return false; }
/// 0: no CUDA devices are visible to this build.
inline int64_t device_count() { return 0; }
/// False, as there is no CUDA backend to use cuDNN from.
inline bool cudnn_is_available() { return false; }
/// Does nothing: without CUDA there is no CUDA generator to seed (LibTorch's CPU-only build does
/// the same), so programs that seed every device unconditionally run unchanged.
inline void manual_seed(uint64_t /*seed*/) {}
/// Does nothing, as manual_seed above.
inline void manual_seed_all(uint64_t /*seed*/) {}
} // namespace cuda

} // namespace tg
