#pragma once
// SavedVariable: a tensor a backward needs, kept safely. An op's own output is saved as bare data
// (no grad_fn), because a saved handle to the output would point back at the node that saves it,
// a reference cycle. The version at save time is kept so that an in-place change before backward is
// caught instead of silently giving a wrong gradient.
#include <memory>

#include "autograd/graph/node.h"

namespace tg::autograd {

/// A tensor kept for backward, as torch::autograd::SavedVariable: an output is stored without its
/// grad_fn (no cycle) and unpack() throws tg::Error if the tensor was modified in place since it
/// was saved.
class SavedVariable {
public:
  SavedVariable() = default;
  /// `is_output`: `t` is output number `output_nr` of the node that saves it.
  SavedVariable(const Tensor& t, bool is_output, uint32_t output_nr = 0);

  /// The saved tensor, with its autograd identity restored (needed for create_graph). `node` is the
  /// node doing the unpacking; it becomes the grad_fn of a saved output.
  Tensor unpack(const std::shared_ptr<Node>& node = nullptr) const;
  /// Frees the saved data (after backward without retain_graph); a later unpack() throws.
  void reset() { data_.reset(); }
  /// Whether a defined tensor was saved (stays true after reset()).
  bool defined() const { return was_defined_; }

private:
  Tensor data_;
  uint32_t saved_version_ = 0;
  uint32_t output_nr_ = 0;
  bool is_output_ = false;
  bool requires_grad_ = false;
  bool was_defined_ = false;
};

} // namespace tg::autograd
