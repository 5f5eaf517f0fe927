// Flat memory: a training loop that runs for a thousand steps holds exactly as much after the
// last step as after the first. Live bytes and live tensors (tg::memory_stats) are compared after
// every step, and the autograd node count must be back to its value from before the step: each
// step's graph is gone by the time the step's locals are.
#include <boost/test/unit_test.hpp>

#include "tests/reliability/models.h"

using namespace tg;
using reliability::SyntheticDataset;

namespace {

constexpr int kSteps = 1000;

/// One optimizer step; every temporary of the step (graph, loss, logits) dies on return.
template <typename Model>
double train_step(Model& model, optim::Optimizer& optimizer, const data::Example<>& batch) {
  optimizer.zero_grad();
  Tensor loss = nn::functional::cross_entropy(model->forward(batch.data), batch.target);
  loss.backward();
  optimizer.step();
  return loss.item<double>();
}

/// Trains for kSteps steps over as many epochs as that takes, checking the counts after each.
template <typename Model>
void check_flat(Model& model, optim::Optimizer& optimizer, SyntheticDataset dataset, size_t batch,
                const char* what) {
  auto loader = data::make_data_loader(std::move(dataset).map(data::transforms::Stack<>()),
                                       data::DataLoaderOptions().batch_size(batch).drop_last(true));
  MemoryStats first{};
  int64_t first_step_peak = -1;
  int step = 0;
  while (step < kSteps) {
    for (auto& batch_data : *loader) {
      const int64_t nodes_before = memory_stats().live_nodes;
      reset_peak_memory_stats();
      const double loss = train_step(model, optimizer, batch_data);
      const MemoryStats now = memory_stats();
      BOOST_REQUIRE(std::isfinite(loss));
      BOOST_REQUIRE_MESSAGE(now.live_nodes == nodes_before,
                            what << " step " << step << ": " << now.live_nodes - nodes_before
                                 << " autograd nodes outlived the step");
      if (step == 0) {
        first = now;
      } else {
        BOOST_REQUIRE_MESSAGE(now.live_bytes == first.live_bytes,
                              what << " step " << step << ": live bytes " << now.live_bytes
                                   << " != " << first.live_bytes << " after the first step");
        BOOST_REQUIRE_MESSAGE(now.live_tensors == first.live_tensors,
                              what << " step " << step << ": live tensors " << now.live_tensors
                                   << " != " << first.live_tensors << " after the first step");
      }
      // The first step creates the optimizer state, so the per-step peak settles from step 2.
      if (step == 1) first_step_peak = now.peak_bytes;
      if (step > 1)
        BOOST_REQUIRE_MESSAGE(now.peak_bytes == first_step_peak,
                              what << " step " << step << ": peak bytes within the step "
                                   << now.peak_bytes << " != " << first_step_peak);
      if (++step == kSteps) break;
    }
  }
  BOOST_TEST_MESSAGE(what << " after " << kSteps << " steps: " << first.live_tensors
                          << " live tensors, " << first.live_bytes
                          << " live bytes, peak within a step " << first_step_peak << " bytes, "
                          << first.live_nodes << " live nodes, " << memory_stats().cached_bytes
                          << " bytes cached by the allocator");
}

} // namespace

BOOST_AUTO_TEST_SUITE(memory)

BOOST_AUTO_TEST_CASE(counts_follow_tensors_views_and_graphs) {
  const MemoryStats before = memory_stats();
  {
    Tensor a = zeros({256}); // 1 KiB of float
    MemoryStats s = memory_stats();
    BOOST_CHECK_EQUAL(s.live_bytes - before.live_bytes, 1024);
    BOOST_CHECK_EQUAL(s.live_tensors - before.live_tensors, 1);
    BOOST_CHECK_GE(s.peak_bytes, s.live_bytes);
    // A view shares the storage: one more tensor, no more bytes.
    Tensor v = a.view({16, 16});
    s = memory_stats();
    BOOST_CHECK_EQUAL(s.live_bytes - before.live_bytes, 1024);
    BOOST_CHECK_EQUAL(s.live_tensors - before.live_tensors, 2);
    // A recorded op keeps one node per op plus one accumulator per leaf while the graph lives.
    Tensor w = ones({256}, TensorOptions().requires_grad(true));
    Tensor y = (a * w).sum();
    BOOST_CHECK_EQUAL(memory_stats().live_nodes - before.live_nodes, 3);
    y.backward();
    y.reset();
    BOOST_CHECK_EQUAL(memory_stats().live_nodes - before.live_nodes, 0);
  }
  const MemoryStats after = memory_stats();
  BOOST_CHECK_EQUAL(after.live_bytes, before.live_bytes);
  BOOST_CHECK_EQUAL(after.live_tensors, before.live_tensors);
  BOOST_CHECK_EQUAL(after.live_nodes, before.live_nodes);
}

BOOST_AUTO_TEST_CASE(peak_tracks_the_high_water_mark_and_resets) {
  reset_peak_memory_stats();
  const int64_t base = memory_stats().live_bytes;
  { Tensor big = empty({1 << 16}); } // 256 KiB, freed at once
  BOOST_CHECK_GE(memory_stats().peak_bytes, base + (int64_t(1) << 18));
  BOOST_CHECK_EQUAL(memory_stats().live_bytes, base);
  reset_peak_memory_stats();
  BOOST_CHECK_EQUAL(memory_stats().peak_bytes, base);
}

BOOST_AUTO_TEST_CASE(mlp_training_holds_memory_flat) {
  manual_seed(11);
  reliability::TinyMlp model;
  optim::SGD optimizer(model->parameters(), optim::SGDOptions(0.05).momentum(0.9));
  check_flat(model, optimizer, SyntheticDataset(256, {20}), 16, "MLP");
}

BOOST_AUTO_TEST_CASE(cnn_training_holds_memory_flat) {
  manual_seed(12);
  reliability::TinyCnn model;
  optim::Adam optimizer(model->parameters(), optim::AdamOptions(1e-3));
  check_flat(model, optimizer, SyntheticDataset(128, {1, 8, 8}), 8, "CNN");
}

BOOST_AUTO_TEST_SUITE_END()
