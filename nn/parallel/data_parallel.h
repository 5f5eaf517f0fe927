#pragma once
// DistributedDataParallel: the same model trained on every rank of an MPI job, each rank on its
// own share of every batch. Construction copies rank 0's parameters and buffers to all ranks;
// during backward the gradients are averaged over ranks in buckets (nn/parallel/reducer.h).
//
//   tg::distributed::init();
//   Net model;                                        // built the same way on every rank
//   tg::nn::parallel::DistributedDataParallel ddp(model);
//   for (...) {
//     optimizer.zero_grad();
//     F::cross_entropy(model(x_local), y_local).backward();  // reductions start in here
//     ddp.sync_gradients();                           // waits; .grad() = mean over ranks
//     optimizer.step();                               // identical step on every rank
//   }
//
// Unlike PyTorch's wrapper, forward is the model's own: there is no engine callback at the end of
// backward, so sync_gradients() is the explicit point where the reductions are completed.
#include <memory>
#include <vector>

#include "tapegrad/arg.h"
#include "nn/module.h"
#include "nn/parallel/reducer.h"
#include "nn/pimpl.h"

namespace tg::nn::parallel {

/// Options of DistributedDataParallel: DistributedDataParallelOptions().bucket_cap_mb(25).
struct DistributedDataParallelOptions {
  /// Bucket size: large enough that each MPI call moves much data, small enough that the first
  /// bucket is ready early in backward.
  TG_ARG(double, bucket_cap_mb) = 4.0;
  /// Copy rank 0's buffers (batch-norm running statistics) to all ranks at every sync_gradients().
  TG_ARG(bool, broadcast_buffers) = true;
};

/// Data-parallel training over the ranks of an MPI job; the counterpart of PyTorch's
/// DistributedDataParallel, with an explicit sync_gradients() call after backward.
///
/// It does not wrap forward: call the model itself, then sync_gradients() before the optimizer
/// step. See the file comment for a full loop.
class DistributedDataParallel {
public:
  /// Collective: every rank must construct it with the same model architecture. A difference in
  /// parameter names, shapes or dtypes throws tg::Error on every rank (never a hang).
  explicit DistributedDataParallel(std::shared_ptr<Module> module,
                                   DistributedDataParallelOptions options = {});
  /// Same as above, taking a holder (`DistributedDataParallel ddp(model)`).
  template <typename M>
  explicit DistributedDataParallel(const ModuleHolder<M>& module,
                                   DistributedDataParallelOptions options = {})
      : DistributedDataParallel(std::static_pointer_cast<Module>(module.ptr()), options) {}

  /// After backward, before optimizer.step(): completes the bucket reductions and leaves in each
  /// parameter's .grad() its value before this backward plus the mean of the new gradients.
  void sync_gradients();
  /// Overwrites every rank's parameters and buffers with rank 0's.
  void broadcast_state();

  /// The module being trained.
  const std::shared_ptr<Module>& module() const noexcept { return module_; }
  /// Elements in each gradient bucket, in reduction order.
  std::vector<int64_t> bucket_numels() const { return reducer_->bucket_numels(); }

private:
  std::shared_ptr<Module> module_;
  DistributedDataParallelOptions options_;
  std::unique_ptr<Reducer> reducer_;
};

} // namespace tg::nn::parallel
