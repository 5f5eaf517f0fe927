#include "autograd/parallel.h"

#include <memory>
#include <mutex>
#include <tbb/global_control.h>

#include "autograd/error.h"

namespace tg {
namespace {
std::mutex control_mutex;
std::unique_ptr<tbb::global_control> tbb_limit; // replaced on each call; the last one wins
} // namespace

void set_num_threads(int n) {
  TG_CHECK(n >= 1, "set_num_threads: expected a positive number of threads, got ", n);
  std::lock_guard<std::mutex> lock(control_mutex);
  tbb_limit.reset();
  tbb_limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                    size_t(n));
}

int get_num_threads() {
  return int(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

} // namespace tg
