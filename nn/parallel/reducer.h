#pragma once
// The gradient reducer behind DistributedDataParallel: parameters' gradients packed into buckets
// of a few MiB, one MPI_Iallreduce per bucket, started during backward as soon as every gradient
// of a bucket has arrived (a hook on each parameter copies its gradient into the bucket).
//
// Buckets fill in reverse registration order, the order backward produces gradients in a
// feed-forward model, and are started strictly in bucket order so every rank issues the same
// sequence of non-blocking collectives even when its gradients arrive in a different order.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "autograd/tensor/tensor.h"

namespace tg::nn::parallel {

/// Averages parameter gradients over MPI ranks in buckets, overlapping communication with
/// backward; DistributedDataParallel owns one. Not copyable.
class Reducer {
public:
  /// `params` must be float32 leaves that require grad; `names` label them in error messages.
  Reducer(std::vector<Tensor> params, std::vector<std::string> names, size_t bucket_bytes);
  ~Reducer();
  Reducer(const Reducer&) = delete;
  Reducer& operator=(const Reducer&) = delete;

  /// After backward: starts the buckets still waiting (parameters that got no gradient count as
  /// zero), waits for all reductions and adds the mean gradient over ranks into each .grad().
  void finalize();
  /// Elements in each bucket, in the order they are reduced.
  std::vector<int64_t> bucket_numels() const;

  struct State;

private:
  // Shared with the parameters' hooks, which hold it weakly: a hook that outlives the reducer
  // (the hook list of a tensor cannot shrink) finds it gone and leaves the gradient alone.
  std::shared_ptr<State> state_;
};

} // namespace tg::nn::parallel
