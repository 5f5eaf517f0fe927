#pragma once
// Anomaly detection, as torch::autograd::DetectAnomalyGuard. While it is on, the engine checks the
// gradients every backward function returns and the outputs of every recorded forward op, and turns
// the first NaN (or, in backward, Inf) into a tg::Error that names the op and its place on the
// tape:
//
//   { tg::autograd::DetectAnomalyGuard guard;
//     loss.backward(); }   // tg::Error: "Function 'LogBackward0' (sequence number 12, op 3 of 7
//                          //  in forward order) returned nan values in its 0th output"
//
// Off by default, and then it costs one relaxed load of a global flag per recorded op and per
// backward node. On, every gradient is scanned once: slow, a debugging tool.
#include <atomic>

namespace tg {
class Tensor;
}

namespace tg::autograd {

namespace detail {
extern std::atomic<int> anomaly_depth; // > 0 while any guard or set_enabled(true) is active
} // namespace detail

/// The global switch (process-wide, as in LibTorch: all threads see it).
struct AnomalyMode {
  /// True while any DetectAnomalyGuard lives or set_enabled(true) is in effect.
  static bool is_enabled() { return detail::anomaly_depth.load(std::memory_order_relaxed) > 0; }
  /// Turns detection on or off for the whole process (guards nested inside still count).
  static void set_enabled(bool enabled);
};

/// Detection is on while a guard lives. Guards nest; set_enabled(false) does not cancel them.
class DetectAnomalyGuard {
public:
  DetectAnomalyGuard();
  ~DetectAnomalyGuard();
  DetectAnomalyGuard(const DetectAnomalyGuard&) = delete;
  DetectAnomalyGuard& operator=(const DetectAnomalyGuard&) = delete;
};

namespace detail {
/// "nan" or "inf" when `t` holds such an element (NaN wins), else nullptr. Integer tensors:
/// nullptr.
const char* non_finite_kind(const Tensor& t);
} // namespace detail

} // namespace tg::autograd
