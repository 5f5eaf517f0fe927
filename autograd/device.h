#pragma once
// Where a tensor's storage lives. Only the CPU backend exists; Device is carried through storage so
// a CUDA backend can be added later without touching the ops' autograd.
#include <cstdint>
#include <ostream>
#include <string>

#include "autograd/error.h"

namespace tg {

enum class DeviceType : int8_t { CPU = 0, CUDA = 1 };
constexpr DeviceType kCPU = DeviceType::CPU;
constexpr DeviceType kCUDA = DeviceType::CUDA;

using DeviceIndex = int8_t;

class Device {
public:
  Device(DeviceType type, DeviceIndex index = -1) : type_(type), index_(index) {} // NOLINT
  /// "cpu", "cuda", "cuda:1".
  Device(const std::string& spec); // NOLINT: implicit, as in LibTorch
  Device(const char* spec) : Device(std::string(spec)) {} // NOLINT

  DeviceType type() const { return type_; }
  DeviceIndex index() const { return index_; }
  bool has_index() const { return index_ >= 0; }
  bool is_cpu() const { return type_ == DeviceType::CPU; }
  bool is_cuda() const { return type_ == DeviceType::CUDA; }
  std::string str() const;

  bool operator==(const Device& o) const { return type_ == o.type_ && index_ == o.index_; }
  bool operator!=(const Device& o) const { return !(*this == o); }

private:
  DeviceType type_;
  DeviceIndex index_;
};

std::ostream& operator<<(std::ostream& os, DeviceType t);
std::ostream& operator<<(std::ostream& os, const Device& d);

/// Throws tg::Error unless `d` is a device this build can compute on (the CPU).
void check_device_supported(const Device& d, const char* op);

namespace cuda {
/// False: tapegrad has no CUDA backend yet. Programs that branch on it run on the CPU.
inline bool is_available() { return false; }
inline int64_t device_count() { return 0; }
inline bool cudnn_is_available() { return false; }
} // namespace cuda

} // namespace tg
