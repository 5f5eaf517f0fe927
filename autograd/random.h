#pragma once
// The global random stream behind rand, randn, dropout, init and samplers. One seed reproduces a run.
#include <cstdint>
#include <mutex>
#include <random>

namespace tg {

class Generator {
public:
  explicit Generator(uint64_t seed = 67280421310721ULL) : engine_(seed), seed_(seed) {}
  void set_current_seed(uint64_t seed) {
    engine_.seed(seed);
    seed_ = seed;
  }
  uint64_t current_seed() const { return seed_; }
  std::mt19937_64& engine() { return engine_; }
  std::mutex& mutex() { return mutex_; }

private:
  std::mt19937_64 engine_;
  uint64_t seed_;
  std::mutex mutex_;
};

/// The process-wide generator (torch::default_generator stand-in). Lock its mutex while drawing.
Generator& default_generator();

} // namespace tg
