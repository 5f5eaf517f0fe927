#include "autograd/graph/anomaly_mode.h"

#include <cmath>

#include "autograd/graph/grad_mode.h"
#include "autograd/ops/internal.h"

namespace tg::autograd {

namespace detail {
std::atomic<int> anomaly_depth{0};
namespace {
// set_enabled(true) holds one unit of the depth, so that it and the guards combine as LibTorch's
// do: the mode is on while either asks for it.
std::atomic<bool> enabled_by_switch{false};
} // namespace

const char* non_finite_kind(const Tensor& t) {
  if (!t.defined() || !isFloatingType(t.scalar_type()) || t.numel() == 0) return nullptr;
  NoGradGuard no_grad;
  const Tensor c = t.contiguous();
  bool inf = false;
  const bool nan = dispatch_floating(c.scalar_type(), "anomaly check", [&]<typename T>() {
    const T* p = c.data_ptr<T>();
    for (int64_t i = 0; i < c.numel(); ++i) {
      if (std::isnan(p[i])) return true;
      if (std::isinf(p[i])) inf = true;
    }
    return false;
  });
  return nan ? "nan" : inf ? "inf" : nullptr;
}
} // namespace detail

void AnomalyMode::set_enabled(bool enabled) {
  if (detail::enabled_by_switch.exchange(enabled) != enabled)
    detail::anomaly_depth.fetch_add(enabled ? 1 : -1, std::memory_order_relaxed);
}

DetectAnomalyGuard::DetectAnomalyGuard() {
  detail::anomaly_depth.fetch_add(1, std::memory_order_relaxed);
}
DetectAnomalyGuard::~DetectAnomalyGuard() {
  detail::anomaly_depth.fetch_sub(1, std::memory_order_relaxed);
}

} // namespace tg::autograd
