// Run under mpirun -np 2 (run_mpi.sh): collectives, DistributedDataParallel against single-process
// training on the union of both ranks' batches, and a model mismatch that must fail on every rank.
// With --fail-on-rank R, rank R throws while the others wait in a barrier: the job must end (the
// terminate handler calls MPI_Abort) with the message, not hang.
#include <cstring>
#include <fmt/format.h>
#include <string>

#include <tapegrad/tapegrad.h>

#include "nn/parallel/data_parallel.h"
#include "nn/parallel/distributed.h"

namespace dist = tg::distributed;
namespace F = tg::nn::functional;
using tg::nn::parallel::DistributedDataParallel;
using tg::nn::parallel::DistributedDataParallelOptions;

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    ++failures;
    fmt::print(stderr, "[rank {}] FAILED: {}\n", dist::rank(), what);
  }
}

/// Order-sensitive hash of the parameters' bytes: equal on two ranks only for identical bits.
uint64_t hash_parameters(const tg::nn::Module& m) {
  uint64_t h = 14695981039346656037ULL;
  for (const auto& p : m.parameters()) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(p.data_ptr<float>());
    for (size_t i = 0; i < size_t(p.numel()) * sizeof(float); ++i)
      h = (h ^ bytes[i]) * 1099511628211ULL;
  }
  return h;
}

tg::nn::Sequential make_model(int64_t hidden) {
  return tg::nn::Sequential(tg::nn::Linear(8, hidden), tg::nn::ReLU(), tg::nn::Linear(hidden, 4));
}

void check_collectives() {
  const int r = dist::rank(), n = dist::world_size();
  auto t = tg::full({3}, double(r + 1));
  dist::broadcast(t, n - 1);
  expect(t.equal(tg::full({3}, double(n))), "broadcast from the last rank");

  auto s = tg::full({2, 2}, double(r + 1));
  dist::all_reduce(s, dist::ReduceOp::Sum);
  expect(s.equal(tg::full({2, 2}, double(n * (n + 1) / 2))), "all_reduce Sum");
  auto a = tg::full({5}, double(r + 1));
  dist::all_reduce(a, dist::ReduceOp::Average);
  expect(a.allclose(tg::full({5}, double(n + 1) / 2.0)), "all_reduce Average");
  auto i = tg::full({4}, int64_t(r), tg::kLong);
  dist::all_reduce(i);
  expect(i.equal(tg::full({4}, int64_t(n * (n - 1) / 2), tg::kLong)), "all_reduce Sum int64");

  try {
    dist::all_reduce(tg::full({2}, int64_t(1), tg::kLong), dist::ReduceOp::Average);
    expect(false, "Average on int64 throws");
  } catch (const tg::Error& e) {
    expect(std::string(e.what()).find("all_reduce: Average needs a floating-point tensor") !=
               std::string::npos,
           std::string("Average on int64 message: ") + e.what());
  }
  const auto gathered = dist::all_gather(uint64_t(10 + r));
  for (int k = 0; k < n; ++k) expect(gathered[size_t(k)] == uint64_t(10 + k), "all_gather");
}

void check_matches_single_process() {
  const int r = dist::rank(), n = dist::world_size();
  const int64_t per_rank = 6, steps = 6;
  tg::manual_seed(uint64_t(100 + r)); // different initial weights: DDP must copy rank 0's
  auto model = make_model(16);
  const uint64_t before = hash_parameters(*model);
  // A tiny bucket cap, so the 4 parameters travel in several buckets.
  DistributedDataParallel ddp(model,
                              DistributedDataParallelOptions().bucket_cap_mb(200.0 / 1048576));
  expect(ddp.bucket_numels().size() >= 2,
         fmt::format("several buckets, got {}", ddp.bucket_numels().size()));
  const auto hashes = dist::all_gather(hash_parameters(*model));
  expect(r == 0 || before != hashes[size_t(r)], "construction replaced this rank's weights");
  for (int k = 1; k < n; ++k)
    expect(hashes[size_t(k)] == hashes[0], "weights broadcast at construction");

  // The reference: one process, same start, every step on all ranks' batches together.
  auto reference = make_model(16);
  {
    tg::NoGradGuard no_grad;
    auto src = model->parameters(), dst = reference->parameters();
    for (size_t k = 0; k < src.size(); ++k) dst[k].copy_(src[k]);
  }
  tg::optim::SGD opt(model->parameters(), tg::optim::SGDOptions(0.1).momentum(0.9));
  tg::optim::SGD ref_opt(reference->parameters(), tg::optim::SGDOptions(0.1).momentum(0.9));

  for (int64_t step = 0; step < steps; ++step) {
    tg::manual_seed(uint64_t(1000 + step)); // the same global batch on every rank
    auto x = tg::randn({per_rank * n, 8});
    auto y = tg::randint(0, 4, {per_rank * n});
    auto x_local = x.narrow(0, r * per_rank, per_rank),
         y_local = y.narrow(0, r * per_rank, per_rank);

    opt.zero_grad();
    F::cross_entropy(model->forward(x_local), y_local).backward();
    ddp.sync_gradients();
    opt.step();

    ref_opt.zero_grad();
    F::cross_entropy(reference->forward(x), y).backward();
    ref_opt.step();
  }
  const auto after = dist::all_gather(hash_parameters(*model));
  for (int k = 1; k < n; ++k)
    expect(after[size_t(k)] == after[0], "weights identical on all ranks after training");
  expect(hash_parameters(*model) != hashes[0], "training moved the weights");
  auto p = model->parameters(), q = reference->parameters();
  for (size_t k = 0; k < p.size(); ++k) {
    const double diff = (p[k] - q[k]).abs().max().item<double>();
    expect(diff < 1e-5,
           fmt::format("parameter {} equals single-process training (max diff {:.3g})", k, diff));
  }
}

void check_unused_parameter_and_missing_sync() {
  auto used = tg::nn::Linear(3, 2), unused = tg::nn::Linear(3, 2);
  auto model = tg::nn::Sequential(used, unused);
  DistributedDataParallel ddp(model);
  auto x = tg::full({4, 3}, double(dist::rank() + 1));
  used(x).sum().backward(); // `unused` gets no gradient: its bucket must still complete
  ddp.sync_gradients();
  expect(unused->weight.grad().defined() && unused->weight.grad().abs().sum().item<double>() == 0,
         "an unused parameter's gradient is zero after sync");
  // d(sum)/d(bias) is 4 on every rank, so the mean is 4 too.
  expect(used->bias.grad().equal(tg::full({2}, 4.0)), "bias gradient averaged");
  for (auto& p : model->parameters()) p.mutable_grad().zero_();
  used(x).sum().backward();
  try {
    used(x).sum().backward();
    expect(false, "a second backward before sync_gradients throws");
  } catch (const tg::Error& e) {
    expect(std::string(e.what()).find("received a second gradient before sync_gradients()") !=
               std::string::npos,
           std::string("second backward message: ") + e.what());
  }
  ddp.sync_gradients();
}

void check_mismatch_fails_everywhere() {
  auto model = make_model(16 + dist::rank()); // rank 1 has a wider hidden layer
  try {
    DistributedDataParallel ddp(model);
    expect(false, "a model that differs across ranks throws");
  } catch (const tg::Error& e) {
    expect(std::string(e.what()).find("the model differs across ranks") != std::string::npos,
           std::string("mismatch message: ") + e.what());
  }
  dist::barrier(); // reached by every rank: nobody is stuck inside the wrapper
}

} // namespace

int main(int argc, char** argv) {
  dist::init();
  if (argc == 3 && std::strcmp(argv[1], "--fail-on-rank") == 0) {
    if (dist::rank() == std::atoi(argv[2]))
      throw tg::Error("deliberate failure on this rank (test_ddp --fail-on-rank)");
    dist::barrier();
    return 0;
  }
  tg::set_num_threads(1);
  check_collectives();
  check_matches_single_process();
  check_unused_parameter_and_missing_sync();
  check_mismatch_fails_everywhere();
  auto total = tg::full({1}, int64_t(failures), tg::kLong);
  dist::all_reduce(total);
  if (dist::rank() == 0)
    fmt::print("test_ddp: {} ranks, {}\n", dist::world_size(),
               total.item<int64_t>() == 0 ? "all checks passed" : "FAILED");
  return total.item<int64_t>() == 0 ? 0 : 1;
}
