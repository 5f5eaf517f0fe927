#pragma once
// tg::globalContext(): the process-wide settings object of LibTorch's at::globalContext(), so
// programs that configure it at start-up (deterministic algorithms, cuDNN flags, denormals) run
// unchanged. tapegrad's CPU kernels are deterministic already; the cuDNN and TF32 flags are kept
// and read back, and change nothing, as in a LibTorch build without CUDA.
namespace tg {

/// Settings as at::Context. Read and written from any thread (the flags are atomic).
class Context {
public:
  /// False: tapegrad has no CUDA backend.
  static bool hasCUDA() { return false; }
  /// False: no CUDA, so no cuDNN.
  static bool hasCuDNN() { return false; }
  /// False: GEMMs go through OpenBLAS, not MKL.
  static bool hasMKL() { return false; }
  /// False: no oneDNN (MKL-DNN) kernels.
  static bool hasMKLDNN() { return false; }
  /// False: tapegrad's thread pool is oneTBB, not OpenMP.
  static bool hasOpenMP() { return false; }
  /// False: no LAPACK-backed linear algebra.
  static bool hasLAPACK() { return false; }
  /// False: no Metal backend.
  static bool hasMPS() { return false; }
  /// Flushes denormal floats to zero (and treats denormal inputs as zero) on the calling thread,
  /// as LibTorch's; returns false where the CPU offers no such mode.
  static bool setFlushDenormal(bool on);

  /// Whether cuDNN may be used (default true); recorded only.
  bool userEnabledCuDNN() const;
  /// Sets userEnabledCuDNN().
  void setUserEnabledCuDNN(bool enabled);
  /// cudnn.benchmark (default false); recorded only.
  bool benchmarkCuDNN() const;
  /// Sets benchmarkCuDNN().
  void setBenchmarkCuDNN(bool benchmark);
  /// cudnn.deterministic (default false); recorded only.
  bool deterministicCuDNN() const;
  /// Sets deterministicCuDNN().
  void setDeterministicCuDNN(bool deterministic);
  /// torch.use_deterministic_algorithms' flag. Every tapegrad kernel is deterministic for a
  /// given thread count, so this is recorded and reported only.
  bool deterministicAlgorithms() const;
  /// The warn_only part of setDeterministicAlgorithms().
  bool deterministicAlgorithmsWarnOnly() const;
  /// Sets deterministicAlgorithms() and deterministicAlgorithmsWarnOnly().
  void setDeterministicAlgorithms(bool deterministic, bool warn_only = false);
  /// Whether cuDNN may use TF32 (default true); recorded only.
  bool allowTF32CuDNN() const;
  /// Sets allowTF32CuDNN().
  void setAllowTF32CuDNN(bool allow);
  /// Whether cuBLAS may use TF32 (default false); recorded only.
  bool allowTF32CuBLAS() const;
  /// Sets allowTF32CuBLAS().
  void setAllowTF32CuBLAS(bool allow);
};

/// The one Context, as at::globalContext().
Context& globalContext();

} // namespace tg
