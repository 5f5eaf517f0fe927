#include "autograd/tensor/parallel.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <tbb/global_control.h>
#include <thread>
#include <utility>
#include <vector>

#include "autograd/tensor/error.h"
#include "autograd/kernels/parallel_for.h"

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

#ifdef TG_PARALLEL_FORK_JOIN

namespace tg::kernels::detail {
namespace {

// Set while a thread runs a piece: a parallel loop inside a piece runs inline, as it would inside
// a oneTBB task, so nesting cannot deadlock the pool.
thread_local bool inside_piece = false;

// Fork-join over std::threads for ThreadSanitizer builds (see parallel_for.h). Everything the
// threads share is handed over under one mutex, which TSan models; one loop runs at a time, and a
// loop started from another thread meanwhile waits for its turn.
class ForkJoinPool {
public:
  void run(int64_t pieces, const std::function<void(int64_t)>& piece) {
    std::lock_guard<std::mutex> one_loop_at_a_time(loop_mutex_);
    const int helpers = get_num_threads() - 1;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      while (int(threads_.size()) < helpers) threads_.emplace_back([this] { serve(); });
      piece_ = &piece;
      next_ = 0;
      pieces_ = pieces;
      error_ = nullptr;
    }
    work_ready_.notify_all();
    take_pieces();
    std::unique_lock<std::mutex> lock(mutex_);
    all_done_.wait(lock, [&] { return next_ >= pieces_ && running_ == 0; });
    piece_ = nullptr;
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

private:
  void take_pieces() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (piece_ && next_ < pieces_) {
      const int64_t i = next_++;
      const auto* piece = piece_;
      ++running_;
      lock.unlock();
      std::exception_ptr error;
      inside_piece = true;
      try {
        (*piece)(i);
      } catch (...) {
        error = std::current_exception();
      }
      inside_piece = false;
      lock.lock();
      if (error && !error_) error_ = error;
      if (--running_ == 0 && next_ >= pieces_) all_done_.notify_all();
    }
  }
  void serve() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      work_ready_.wait(lock, [&] { return piece_ && next_ < pieces_; });
      lock.unlock();
      take_pieces();
      lock.lock();
    }
  }

  std::mutex loop_mutex_;
  std::mutex mutex_; // guards everything below
  std::condition_variable work_ready_, all_done_;
  const std::function<void(int64_t)>* piece_ = nullptr;
  int64_t next_ = 0, pieces_ = 0, running_ = 0;
  std::exception_ptr error_;
  std::vector<std::thread> threads_;
};

} // namespace

void fork_join_for(int64_t begin, int64_t end, int64_t grain,
                   const std::function<void(int64_t, int64_t)>& body) {
  const int64_t n = end - begin;
  grain = std::max<int64_t>(grain, 1);
  const int64_t pieces = std::min<int64_t>((n + grain - 1) / grain, 4 * int64_t(get_num_threads()));
  if (pieces <= 1 || inside_piece) {
    body(begin, end);
    return;
  }
  const int64_t size = (n + pieces - 1) / pieces;
  // Never destroyed: its threads wait for work until the process ends.
  static ForkJoinPool* pool = new ForkJoinPool;
  pool->run(pieces, [&](int64_t p) {
    const int64_t b = begin + p * size;
    if (b < end) body(b, std::min(end, b + size));
  });
}

} // namespace tg::kernels::detail
#endif
