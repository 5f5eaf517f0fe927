#include "autograd/tensor/device.h"

#include <string>

#include <iostream>
#include <mutex>
#include <set>

namespace tg {

namespace detail {
void warn(const std::string& message) {
  static std::mutex m;
  static std::set<std::string> seen;
  std::lock_guard<std::mutex> lock(m);
  if (seen.insert(message).second) std::cerr << "Warning: " << message << "\n";
}
} // namespace detail

Device::Device(const std::string& spec) : type_(DeviceType::CPU), index_(-1) {
  std::string kind = spec;
  auto colon = spec.find(':');
  if (colon != std::string::npos) {
    kind = spec.substr(0, colon);
    std::string idx = spec.substr(colon + 1);
    TG_CHECK(!idx.empty() && idx.find_first_not_of("0123456789") == std::string::npos,
             "Device: invalid device string '", spec, "'");
    index_ = static_cast<DeviceIndex>(std::stoi(idx));
  }
  if (kind == "cpu") {
    type_ = DeviceType::CPU;
  } else if (kind == "cuda") {
    type_ = DeviceType::CUDA;
  } else {
    throw Error("Device: expected one of cpu, cuda device type at start of device string: " +
                spec);
  }
}

std::string Device::str() const {
  std::string s = type_ == DeviceType::CPU ? "cpu" : "cuda";
  if (has_index()) s += ":" + std::to_string(int(index_));
  return s;
}

std::ostream& operator<<(std::ostream& os, DeviceType t) {
  return os << (t == DeviceType::CPU ? "cpu" : "cuda");
}
std::ostream& operator<<(std::ostream& os, const Device& d) { return os << d.str(); }

void check_device_supported(const Device& d, const char* op) {
  TG_CHECK(d.is_cpu(), op, ": device ", d,
           " is not available: tapegrad was built without CUDA (only the CPU backend exists)");
}

} // namespace tg
