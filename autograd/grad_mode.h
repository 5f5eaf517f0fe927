#pragma once
// Whether ops record themselves on the tape. Thread-local, as in LibTorch: a NoGradGuard in a data
// loader thread does not affect the training thread.
namespace tg {

struct GradMode {
  static bool is_enabled();
  static void set_enabled(bool enabled);
};

/// Records nothing while alive: `{ tg::NoGradGuard g; w -= lr * w.grad(); }`.
class NoGradGuard {
public:
  NoGradGuard() : prev_(GradMode::is_enabled()) { GradMode::set_enabled(false); }
  ~NoGradGuard() { GradMode::set_enabled(prev_); }
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

private:
  bool prev_;
};

/// Sets grad mode to `enabled` while alive.
class AutoGradMode {
public:
  explicit AutoGradMode(bool enabled) : prev_(GradMode::is_enabled()) {
    GradMode::set_enabled(enabled);
  }
  ~AutoGradMode() { GradMode::set_enabled(prev_); }
  AutoGradMode(const AutoGradMode&) = delete;
  AutoGradMode& operator=(const AutoGradMode&) = delete;

private:
  bool prev_;
};

/// torch::InferenceMode stand-in: no recording while alive.
class InferenceMode : public AutoGradMode {
public:
  explicit InferenceMode(bool enabled = true) : AutoGradMode(!enabled) {}
};

namespace autograd {
using ::tg::GradMode;
using ::tg::NoGradGuard;
} // namespace autograd

} // namespace tg
