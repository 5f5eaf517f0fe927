#pragma once
// TensorImpl: what a Tensor handle points to. Shape, strides and dtype describe a window onto a
// Storage; the autograd fields say where this tensor's gradient goes (grad_fn + output_nr for
// results of recorded ops, a weakly cached AccumulateGrad node for leaves).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "autograd/dim_vector.h"
#include "autograd/dtype.h"
#include "autograd/storage.h"

namespace tg {

namespace autograd {
class Node;
}
class Tensor;

class TensorImpl {
public:
  TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, IntArrayRef strides,
             int64_t storage_offset);
  ~TensorImpl();
  TensorImpl(const TensorImpl&) = delete;
  TensorImpl& operator=(const TensorImpl&) = delete;

  IntArrayRef sizes() const { return sizes_; }
  IntArrayRef strides() const { return strides_; }
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  int64_t numel() const { return numel_; }
  ScalarType dtype() const { return dtype_; }
  int64_t storage_offset() const { return storage_offset_; }
  bool is_contiguous() const { return is_contiguous_; }
  const Storage& storage() const { return storage_; }
  Device device() const { return storage_->device; }
  /// Address of element 0 of this tensor (storage base + offset).
  void* data() const {
    return static_cast<char*>(storage_->data) + storage_offset_ * int64_t(elementSize(dtype_));
  }

  /// Changes the window onto the storage (views, resize of a fresh output).
  void set_sizes_and_strides(IntArrayRef sizes, IntArrayRef strides, int64_t storage_offset);
  void set_sizes_contiguous(IntArrayRef sizes);
  /// Swaps the bytes behind this tensor (resize_ growing past its storage).
  void set_storage(Storage storage) { storage_ = std::move(storage); }
  /// Reinterprets the element type (Module::to(dtype) converts in place through this).
  void set_dtype(ScalarType dtype) { dtype_ = dtype; }

  uint32_t version() const { return storage_->version.load(std::memory_order_relaxed); }
  void bump_version() { storage_->version.fetch_add(1, std::memory_order_relaxed); }

  // ---- autograd state ----
  bool requires_grad() const { return requires_grad_ || grad_fn_ != nullptr; }
  bool requires_grad_ = false;                    // set on leaves only
  std::shared_ptr<autograd::Node> grad_fn_;       // null for leaves
  uint32_t output_nr_ = 0;                        // which output of grad_fn_ this is
  std::weak_ptr<autograd::Node> grad_accumulator_; // leaves: the node that sums into grad_
  std::shared_ptr<TensorImpl> grad_;              // accumulated gradient (leaves, retain_grad)
  bool retains_grad_ = false;
  std::string name_;                              // optional label, used by graph drawings
  bool is_wrapped_number_ = false;                // a C++ number turned into a 0-dim tensor
  bool is_view_ = false;                          // shares storage with a base tensor
  std::vector<std::function<Tensor(const Tensor&)>> hooks_; // register_hook

private:
  void refresh_numel_and_contiguity();

  Storage storage_;
  DimVector sizes_;
  DimVector strides_;
  int64_t storage_offset_ = 0;
  int64_t numel_ = 1;
  ScalarType dtype_;
  bool is_contiguous_ = true;
};

/// Contiguous (row-major) strides for a shape.
DimVector contiguous_strides(IntArrayRef sizes);
/// Product of the sizes, with a tg::Error on negative sizes.
int64_t compute_numel(IntArrayRef sizes, const char* op);

} // namespace tg
