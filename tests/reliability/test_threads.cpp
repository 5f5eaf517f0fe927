// Thread safety, the two promises docs/reliability.md makes:
//  - one model in eval mode, shared by several threads running inference under NoGradGuard,
//    gives each thread exactly what a serial run gives;
//  - training threads that each own their model and optimizer do not interfere: each ends with
//    the weights a serial run of the same job ends with.
// Each thread also runs the kernels' own oneTBB parallelism, so both kinds of threads mix.
// A third case runs every kernel that splits its work across threads on inputs big enough to be
// split, and checks the results (and gradients) against the same call on one thread: under
// ThreadSanitizer (scripts/sanitize tsan) it is what checks the kernels for races.
#include <boost/test/unit_test.hpp>
#include <cblas.h>

#include <cstring>
#include <functional>
#include <string>
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

/// Sets the kernels' thread count for a scope, then restores it.
struct ThreadCount {
  explicit ThreadCount(int n) : previous(get_num_threads()) { set_num_threads(n); }
  ~ThreadCount() { set_num_threads(previous); }
  int previous;
};

Tensor leaf(IntArrayRef sizes, uint64_t seed) {
  manual_seed(seed);
  return randn(sizes).requires_grad_();
}

/// The outputs, then the gradients of a fixed, non-uniform projection of the floating outputs
/// with respect to `inputs`: every output element reaches the gradients with its own weight.
std::vector<Tensor> with_grads(const std::vector<Tensor>& inputs,
                               const std::vector<Tensor>& outputs) {
  std::vector<Tensor> results;
  Tensor loss;
  for (const Tensor& o : outputs) {
    results.push_back(o.detach());
    if (!o.requires_grad()) continue;
    Tensor term = (o * sin(arange(o.numel(), kFloat)).reshape(o.sizes())).sum();
    loss = loss.defined() ? loss + term : term;
  }
  if (loss.defined())
    for (const Tensor& g : autograd::grad({loss}, inputs)) results.push_back(g);
  return results;
}

struct KernelCase {
  const char* name;
  bool bitwise; // false where OpenBLAS's blocking may round a split product differently
  std::function<std::vector<Tensor>()> run;
};

/// One case per kernel that runs in parallel (kernels/loop.h, reduce.h, copy.cpp, blas.cpp and
/// the ops that split their own loops), sized past the grain at which they split.
std::vector<KernelCase> parallel_kernel_cases() {
  return {
      {"broadcast elementwise", true,
       [] {
         Tensor a = leaf({300, 200}, 1), b = leaf({200}, 2);
         return with_grads({a, b}, {(a * b + b).tanh().relu()});
       }},
      {"sum over each axis", true,
       [] {
         Tensor x = leaf({300, 200}, 3), y = leaf({4, 200, 100}, 4);
         return with_grads({x, y}, {x.sum(), x.sum(1), x.sum(0), y.sum(1)});
       }},
      {"softmax and log_softmax", true,
       [] {
         Tensor x = leaf({300, 200}, 5);
         return with_grads({x}, {x.softmax(1), x.log_softmax(1)});
       }},
      {"max, argmax, sort", true,
       [] {
         Tensor x = leaf({300, 200}, 6), y = leaf({4, 200, 100}, 7);
         auto [values, indices] = x.sort(1);
         return with_grads({x, y}, {x.max(), x.argmax(1), std::get<0>(y.max(1)), values, indices});
       }},
      {"indexing and gather", true,
       [] {
         Tensor x = leaf({300, 200}, 8);
         manual_seed(9);
         Tensor rows = randint(0, 300, {500}, kLong), cols = randint(0, 200, {300, 200}, kLong);
         return with_grads({x}, {x.index_select(0, rows), x.index({rows}), x.gather(1, cols)});
       }},
      {"fill", true,
       [] {
         return std::vector<Tensor>{full({300, 200}, 1.5)};
       }},
      {"matmul and bmm", false,
       [] {
         Tensor a = leaf({256, 256}, 10), b = leaf({256, 256}, 11);
         Tensor c = leaf({4, 128, 128}, 12), d = leaf({4, 128, 128}, 13);
         return with_grads({a, b, c, d}, {a.matmul(b), c.bmm(d)});
       }},
      {"conv2d and max_pool2d", false,
       [] {
         Tensor x = leaf({8, 3, 32, 32}, 14), w = leaf({16, 3, 3, 3}, 15), bias = leaf({16}, 16);
         Tensor y = conv2d(x, w, bias);
         return with_grads({x, w, bias}, {y, max_pool2d(y, {2, 2})});
       }},
      {"sgd and adam steps", true,
       [] {
         std::vector<Tensor> results;
         for (int which = 0; which < 2; ++which) {
           Tensor p = leaf({300, 200}, 17);
           std::unique_ptr<optim::Optimizer> opt;
           if (which == 0)
             opt = std::make_unique<optim::SGD>(std::vector<Tensor>{p},
                                                optim::SGDOptions(0.1).momentum(0.9));
           else
             opt = std::make_unique<optim::Adam>(std::vector<Tensor>{p}, optim::AdamOptions(0.1));
           for (int step = 0; step < 2; ++step) {
             opt->zero_grad();
             (p * p * sin(arange(p.numel(), kFloat)).reshape(p.sizes())).sum().backward();
             opt->step();
           }
           results.push_back(p.detach().clone());
         }
         return results;
       }},
  };
}

} // namespace

BOOST_AUTO_TEST_SUITE(threads)

BOOST_AUTO_TEST_CASE(parallel_kernels_match_one_thread) {
  for (const KernelCase& c : parallel_kernel_cases()) {
    std::vector<Tensor> one, two;
    {
      ThreadCount threads(1);
      one = c.run();
    }
    {
      ThreadCount threads(2);
      two = c.run();
    }
    BOOST_REQUIRE_EQUAL(one.size(), two.size());
    for (size_t i = 0; i < one.size(); ++i) {
      const bool same =
          c.bitwise ? same_bits(one[i], two[i])
                    : one[i].sizes().equals(two[i].sizes()) && one[i].allclose(two[i], 1e-5, 1e-5);
      BOOST_CHECK_MESSAGE(same, c.name << ": result " << i << " differs between 1 and 2 threads");
    }
  }
}

// A program that sets OpenBLAS's own thread count after start-up (openblas_set_num_threads(2)) must
// not make tapegrad's products run OpenBLAS threads inside its oneTBB loops: every product puts
// the count back to one. The conv and matmul cases give the values they give without the call, and
// the count reads one again after them.
BOOST_AUTO_TEST_CASE(openblas_threads_set_by_the_program_do_not_stick) {
  std::vector<KernelCase> cases;
  for (KernelCase& c : parallel_kernel_cases())
    if (std::string(c.name) == "conv2d and max_pool2d" || std::string(c.name) == "matmul and bmm")
      cases.push_back(c);
  BOOST_REQUIRE_EQUAL(cases.size(), 2u);
  ThreadCount threads(2);
  for (const KernelCase& c : cases) {
    const std::vector<Tensor> before = c.run();
    openblas_set_num_threads(2);
    const std::vector<Tensor> after = c.run();
    BOOST_CHECK_EQUAL(openblas_get_num_threads(), 1);
    BOOST_REQUIRE_EQUAL(before.size(), after.size());
    for (size_t i = 0; i < before.size(); ++i)
      BOOST_CHECK_MESSAGE(same_bits(before[i], after[i]),
                          c.name << ": result " << i
                                 << " changed after openblas_set_num_threads(2)");
  }
  openblas_set_num_threads(1);
}

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
