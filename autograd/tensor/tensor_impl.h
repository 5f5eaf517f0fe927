#pragma once
// TensorImpl: what a Tensor handle points to. Shape, strides and dtype describe a window onto a
// Storage; the autograd fields say where this tensor's gradient goes (grad_fn + output_nr for
// results of recorded ops, a weakly cached AccumulateGrad node for leaves).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "autograd/tensor/dim_vector.h"
#include "autograd/tensor/dtype.h"
#include "autograd/tensor/storage.h"

namespace tg {

namespace autograd {
class Node;
}
class Tensor;

/// How a view was made, for the checks LibTorch makes before an in-place write into it
/// (torch::autograd::CreationMeta).
enum class CreationMeta : uint8_t {
  Default,     ///< an ordinary view: an in-place write into it rewrites its base's history
  NoGradMode,  ///< made in no-grad mode: a recorded in-place write into it is refused
  MultiOutput, ///< one of several views one op returned (split, chunk, unbind): same
};

/// The shared state behind every Tensor handle (LibTorch's c10::TensorImpl + AutogradMeta).
///
/// Users reach it through Tensor::unsafeGetTensorImpl() or Tensor::impl(); ops and the engine
/// use it directly. The autograd fields are public because the engine, the ops and custom
/// functions all write them; change them only as those do (see tensor.cpp). Not copyable: a
/// second handle to the same tensor is a copy of the Tensor, not of this.
class TensorImpl {
public:
  /// A window onto `storage` with `sizes` and `strides` counted in elements of `dtype`, starting
  /// `storage_offset` elements in. Nothing is checked against the storage size: the caller
  /// (ops::empty_tensor, from_blob, make_view) guarantees the window fits.
  TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, IntArrayRef strides,
             int64_t storage_offset);
  /// A new contiguous tensor of `sizes` (with `numel` elements, already checked) filling
  /// `storage` from its start: the constructor ops::empty_tensor uses for every op's result.
  TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, int64_t numel);
  ~TensorImpl();
  TensorImpl(const TensorImpl&) = delete;
  TensorImpl& operator=(const TensorImpl&) = delete;

  /// Size of each dimension; empty for a 0-dim tensor.
  IntArrayRef sizes() const { return sizes_; }
  /// Step in elements between neighbours along each dimension (0 along expanded dims).
  IntArrayRef strides() const { return strides_; }
  /// Number of dimensions.
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  /// Number of elements (product of sizes, 1 for 0-dim), cached.
  int64_t numel() const { return numel_; }
  /// Element type.
  ScalarType dtype() const { return dtype_; }
  /// Offset of element 0 into the storage, in elements.
  int64_t storage_offset() const { return storage_offset_; }
  /// Row-major packed (size-1 dims may have any stride), cached when the shape changes.
  bool is_contiguous() const { return is_contiguous_; }
  /// The shared bytes (and their version counter); views of one tensor share it.
  const Storage& storage() const { return storage_; }
  /// The storage's device (always CPU in this build).
  Device device() const { return storage_->device; }
  /// Address of element 0 of this tensor (storage base + offset).
  void* data() const {
    return static_cast<char*>(storage_->data) + storage_offset_ * int64_t(elementSize(dtype_));
  }

  /// Changes the window onto the storage (views, resize of a fresh output).
  void set_sizes_and_strides(IntArrayRef sizes, IntArrayRef strides, int64_t storage_offset);
  /// Sets `sizes` with row-major strides (same offset); the storage must already be big enough.
  void set_sizes_contiguous(IntArrayRef sizes);
  /// Swaps the bytes behind this tensor (resize_ growing past its storage).
  void set_storage(Storage storage) { storage_ = std::move(storage); }
  /// Reinterprets the element type (Module::to(dtype) converts in place through this).
  void set_dtype(ScalarType dtype) { dtype_ = dtype; }

  /// The in-place version counter of the storage: saved tensors record it, and backward throws
  /// tg::Error if it moved (the value they saved was overwritten).
  uint32_t version() const { return storage_->version.load(std::memory_order_relaxed); }
  /// Marks the bytes as modified in place; every view of this storage sees the new version.
  void bump_version() { storage_->version.fetch_add(1, std::memory_order_relaxed); }

  // ---- autograd state ----
  /// A leaf that asked for gradients, any result of a recorded op (it has a grad_fn), or a view
  /// of a tensor that requires grad (even one made in no-grad mode, as in LibTorch).
  bool requires_grad() const {
    if (view_base_ != nullptr) [[unlikely]]
      return view_requires_grad();
    return requires_grad_ || grad_fn_ != nullptr;
  }
  /// The node that made this tensor (null for leaves). For a view whose memory was written in
  /// place since its node was recorded, a node that re-derives the view from its base's current
  /// history is made first (ops/inplace.cpp), so the view differentiates through the write.
  const std::shared_ptr<autograd::Node>& grad_fn() const {
    if (view_base_ != nullptr && view_version_ != version()) [[unlikely]]
      refresh_view_grad_fn();
    return grad_fn_;
  }
  /// A differentiable view: shares its base's memory and autograd history (detach() is not one).
  bool is_view() const { return view_base_ != nullptr; }
  bool requires_grad_ = false;                    ///< set on leaves only
  std::shared_ptr<autograd::Node> grad_fn_;       ///< null for leaves
  uint32_t output_nr_ = 0;                        ///< which output of grad_fn_ this is
  std::weak_ptr<autograd::Node> grad_accumulator_; ///< leaves: the node that sums into grad_
  std::shared_ptr<TensorImpl> grad_;              ///< accumulated gradient (leaves, retain_grad)
  bool retains_grad_ = false;                     ///< a non-leaf keeps its grad_ (retain_grad())
  std::string name_;                              ///< optional label, used by graph drawings
  bool is_wrapped_number_ = false;                ///< a C++ number turned into a 0-dim tensor
  std::vector<std::function<Tensor(const Tensor&)>> hooks_; ///< leaves' register_hook hooks

  // ---- views (LibTorch's DifferentiableViewMeta) ----
  std::shared_ptr<TensorImpl> view_base_; ///< views: the root tensor whose memory this aliases
  uint32_t view_version_ = 0;   ///< views: the storage version grad_fn_ was made current for
  uint32_t view_output_nr_ = 0; ///< MultiOutput views: which output of view_op_ this is
  const char* view_op_ = nullptr; ///< MultiOutput views: the op's node name, for the error
  CreationMeta creation_meta_ = CreationMeta::Default; ///< views: see CreationMeta

private:
  void refresh_numel_and_contiguity();
  /// Makes grad_fn_ current for a view written in place (through any alias) since (inplace.cpp).
  void refresh_view_grad_fn() const;
  /// requires_grad() of a view, out of line so that the common case stays two loads.
  bool view_requires_grad() const;

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
