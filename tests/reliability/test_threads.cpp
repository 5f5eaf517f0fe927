// Thread safety, the two promises docs/reliability.md makes:
//  - one model in eval mode, shared by several threads running inference under NoGradGuard,
//    gives each thread exactly what a serial run gives;
//  - training threads that each own their model and optimizer do not interfere: each ends with
//    the weights a serial run of the same job ends with.
// Each thread also runs the kernels' own oneTBB parallelism, so both kinds of threads mix.
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <thread>

#include "tests/reliability/models.h"

using namespace tg;

namespace {

constexpr int kThreads = 4;

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.sizes().equals(b.sizes()) && a.scalar_type() == b.scalar_type() &&
         std::memcmp(a.contiguous().data_ptr(), b.contiguous().data_ptr(), a.nbytes()) == 0;
}

/// Runs job(i) for i in [0, kThreads) on kThreads std::threads at once; rethrows the first error.
template <typename Job> void run_concurrently(Job job) {
  std::vector<std::thread> threads;
  std::vector<std::exception_ptr> errors(kThreads);
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      try {
        job(i);
      } catch (...) {
        errors[size_t(i)] = std::current_exception();
      }
    });
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

} // namespace

BOOST_AUTO_TEST_SUITE(threads)

BOOST_AUTO_TEST_CASE(shared_model_inference_matches_serial) {
  manual_seed(31);
  reliability::TinyCnn cnn;
  reliability::TinyMlp mlp(64, 256);
  cnn->eval();
  mlp->eval();
  constexpr int kRepeats = 20;
  std::vector<Tensor> cnn_in, mlp_in, cnn_serial, mlp_serial;
  for (int i = 0; i < kThreads; ++i) {
    cnn_in.push_back(randn({64, 1, 8, 8}));
    mlp_in.push_back(randn({128, 64}));
    NoGradGuard no_grad;
    cnn_serial.push_back(cnn->forward(cnn_in.back()));
    mlp_serial.push_back(mlp->forward(mlp_in.back()));
  }
  std::vector<int> mismatches(kThreads, 0);
  run_concurrently([&](int i) {
    NoGradGuard no_grad;
    for (int r = 0; r < kRepeats; ++r) {
      if (!same_bits(cnn->forward(cnn_in[size_t(i)]), cnn_serial[size_t(i)]))
        ++mismatches[size_t(i)];
      if (!same_bits(mlp->forward(mlp_in[size_t(i)]), mlp_serial[size_t(i)]))
        ++mismatches[size_t(i)];
    }
  });
  for (int i = 0; i < kThreads; ++i)
    BOOST_CHECK_MESSAGE(mismatches[size_t(i)] == 0,
                        "thread " << i << ": " << mismatches[size_t(i)] << " results differ");
  // Nothing was recorded: the threads left no graph behind on the shared parameters.
  for (const Tensor& p : cnn->parameters()) BOOST_CHECK(!p.grad().defined());
}

BOOST_AUTO_TEST_CASE(threads_training_their_own_models_match_serial_runs) {
  // The models and data are made up front on this thread: the global generator is shared, so
  // drawing from it in several threads at once would make the draws' order (not their safety)
  // depend on scheduling. The CNN has no dropout, so training itself draws nothing.
  constexpr int kSteps = 30;
  struct Job {
    reliability::TinyCnn model;
    Tensor x, target;
  };
  auto make_jobs = [] {
    std::vector<Job> jobs;
    for (int i = 0; i < kThreads; ++i) {
      manual_seed(uint64_t(100 + i));
      Job job;
      job.x = randn({32, 1, 8, 8});
      job.target = randint(0, 10, {32}, kLong);
      jobs.push_back(job);
    }
    return jobs;
  };
  auto train = [](Job& job) {
    optim::Adam optimizer(job.model->parameters(), optim::AdamOptions(1e-2));
    for (int s = 0; s < kSteps; ++s) {
      optimizer.zero_grad();
      nn::functional::cross_entropy(job.model->forward(job.x), job.target).backward();
      optimizer.step();
    }
  };
  std::vector<Job> serial = make_jobs(), parallel = make_jobs();
  for (Job& job : serial) train(job);
  run_concurrently([&](int i) { train(parallel[size_t(i)]); });
  for (int i = 0; i < kThreads; ++i) {
    auto a = reliability::flat_weights(*serial[size_t(i)].model);
    auto b = reliability::flat_weights(*parallel[size_t(i)].model);
    BOOST_REQUIRE_EQUAL(a.size(), b.size());
    BOOST_CHECK_MESSAGE(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0,
                        "thread " << i << " trained to different weights than the serial run");
  }
}

BOOST_AUTO_TEST_CASE(recording_ops_on_a_shared_leaf_from_several_threads) {
  // Each thread builds and differentiates its own graph over one shared leaf, through
  // torch::autograd::grad (which writes no .grad): the leaf's gradient accumulator is created
  // lazily and must be created once, safely, whichever thread gets there first.
  manual_seed(41);
  Tensor w = randn({16, 16}).requires_grad_();
  std::vector<Tensor> inputs, expected;
  for (int i = 0; i < kThreads; ++i) {
    inputs.push_back(randn({8, 16}));
    expected.push_back(autograd::grad({inputs.back().matmul(w).tanh().sum()}, {w})[0]);
  }
  std::vector<int> mismatches(kThreads, 0);
  run_concurrently([&](int i) {
    for (int r = 0; r < 50; ++r) {
      Tensor g = autograd::grad({inputs[size_t(i)].matmul(w).tanh().sum()}, {w})[0];
      if (!same_bits(g, expected[size_t(i)])) ++mismatches[size_t(i)];
    }
  });
  for (int i = 0; i < kThreads; ++i) BOOST_CHECK_EQUAL(mismatches[size_t(i)], 0);
}

BOOST_AUTO_TEST_SUITE_END()
