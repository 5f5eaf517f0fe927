#pragma once
// Whether ops record themselves on the tape. Thread-local, as in LibTorch: a NoGradGuard in a data
// loader thread does not affect the training thread.
namespace tg {

/// The thread-local grad-mode switch, as torch::GradMode (on by default).
struct GradMode {
  /// Whether ops on this thread record themselves on the tape.
  static bool is_enabled();
  /// Turns recording on or off for this thread; prefer the RAII guards below.
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
  /// Sets grad mode to `enabled`; the destructor restores the previous mode.
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
  /// `enabled` = true turns recording off; false turns it on (as the LibTorch guard's flag).
  explicit InferenceMode(bool enabled = true) : AutoGradMode(!enabled) {}
};

namespace autograd {
using ::tg::GradMode;
using ::tg::NoGradGuard;
} // namespace autograd

} // namespace tg
