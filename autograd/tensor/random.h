#pragma once
// The global random stream behind rand, randn, dropout, init and samplers. One seed reproduces a
// run, and it reproduces LibTorch's run: the engine is the same 32-bit Mersenne Twister as
// at::CPUGeneratorImpl (seeded with the low 32 bits of the seed, default 67280421310721), and the
// samplers below draw from it exactly as ATen's CPU kernels do (ATen/core/DistributionsHelper.h,
// TransformationHelper.h), so a seeded program that ports from LibTorch starts from the same
// numbers.
#include <cmath>
#include <cstdint>
#include <mutex>
#include <numbers>
#include <optional>
#include <random>

namespace tg {

/// A seeded random stream, bit-compatible with at::CPUGeneratorImpl. Not thread-safe by itself:
/// callers hold mutex() while drawing.
class Generator {
public:
  /// Seeds the engine; the default seed is LibTorch's default (67280421310721).
  explicit Generator(uint64_t seed = 67280421310721ULL) { set_current_seed(seed); }
  /// Reseeds (torch::manual_seed) and drops the cached second normal sample, so the stream
  /// restarts exactly as after construction with `seed`.
  void set_current_seed(uint64_t seed) {
    engine_.seed(static_cast<uint32_t>(seed)); // at::mt19937 keeps only the low 32 bits
    seed_ = seed;
    next_double_normal_.reset();
  }
  /// The last seed set, all 64 bits (only the low 32 reach the engine).
  uint64_t current_seed() const { return seed_; }
  /// The underlying 32-bit Mersenne Twister, for std distributions.
  std::mt19937& engine() { return engine_; }
  /// Lock while drawing from the shared default_generator().
  std::mutex& mutex() { return mutex_; }

  /// One 32-bit draw (CPUGeneratorImpl::random).
  uint32_t random() { return engine_(); }
  /// Two draws, the first in the high half (CPUGeneratorImpl::random64).
  uint64_t random64() {
    const uint64_t hi = engine_(), lo = engine_();
    return (hi << 32) | lo;
  }
  /// U[from, to) in float arithmetic from 24 random bits (uniform_real_distribution<float>).
  float uniform_float(float from, float to) {
    const float x = float(random() & ((1u << 24) - 1)) * (1.0f / float(1u << 24));
    return x * (to - from) + from;
  }
  /// U[from, to) from 53 random bits (uniform_real_distribution<double>).
  double uniform_double(double from, double to) {
    const double x = double(random64() & ((uint64_t(1) << 53) - 1)) * (1.0 / double(uint64_t(1) << 53));
    return x * (to - from) + from;
  }
  /// Box-Muller in double, caching the second value for the next call, as
  /// normal_distribution<double> does with CPUGeneratorImpl's next_double_normal_sample.
  double normal_double(double mean, double std) {
    if (next_double_normal_) {
      const double r = *next_double_normal_;
      next_double_normal_.reset();
      return r * std + mean;
    }
    const double u1 = uniform_double(0, 1), u2 = uniform_double(0, 1);
    const double r = std::sqrt(-2.0 * std::log(1.0 - u2));
    const double theta = 2.0 * std::numbers::pi * u1;
    next_double_normal_ = r * std::sin(theta);
    return r * std::cos(theta) * std + mean;
  }

private:
  std::mt19937 engine_;
  uint64_t seed_ = 0;
  std::optional<double> next_double_normal_;
  std::mutex mutex_;
};

/// The process-wide generator (torch::default_generator stand-in). Lock its mutex while drawing.
Generator& default_generator();

} // namespace tg
