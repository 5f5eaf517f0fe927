#include "autograd/tensor/tensor_impl.h"

#include <algorithm>
#include <limits>

#include "autograd/graph/node.h"
#include "autograd/graph/teardown.h"

namespace tg {

namespace {
/// Row-major strides of `sizes` into strides[0 .. sizes.size()).
void write_contiguous_strides(IntArrayRef sizes, int64_t* strides) {
  int64_t s = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = s;
    s *= std::max<int64_t>(sizes[i], 1);
  }
}
} // namespace

DimVector contiguous_strides(IntArrayRef sizes) {
  DimVector strides(sizes.size());
  write_contiguous_strides(sizes, strides.data());
  return strides;
}

int64_t compute_numel(IntArrayRef sizes, const char* op) {
  int64_t n = 1;
  // The product of the sizes with zeros counted as ones is the largest contiguous stride: it must
  // fit too, or an empty tensor of shape [0, 2^62, 2^62] would overflow its strides.
  int64_t extent = 1;
  for (int64_t s : sizes) {
    TG_CHECK(s >= 0, op, ": negative dimension ", s, " in shape ", sizes);
    const int64_t at_least_one = std::max<int64_t>(s, 1);
    TG_CHECK(extent <= std::numeric_limits<int64_t>::max() / at_least_one, op, ": shape ", sizes,
             " has too many elements");
    extent *= at_least_one;
    n *= s;
  }
  return n;
}

TensorImpl::TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, IntArrayRef strides,
                       int64_t storage_offset)
    : storage_(std::move(storage)), sizes_(sizes), strides_(strides),
      storage_offset_(storage_offset), dtype_(dtype) {
  refresh_numel_and_contiguity();
  autograd::detail::count_tensor_impl(1);
}

TensorImpl::TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, int64_t numel)
    : storage_(std::move(storage)), sizes_(sizes), strides_(sizes.size()), storage_offset_(0),
      numel_(numel), dtype_(dtype), is_contiguous_(true) {
  // Written in place: every op's output comes through here, and building the strides aside and
  // copying them in cost about 20 instructions (1% of a small recorded op).
  write_contiguous_strides(sizes, strides_.data());
  autograd::detail::count_tensor_impl(1);
}

TensorImpl::~TensorImpl() {
  autograd::detail::count_tensor_impl(-1);
  if (grad_fn_) {
    autograd::detail::TeardownScope scope;
    scope.release(grad_fn_);
  }
}

void TensorImpl::set_sizes_and_strides(IntArrayRef sizes, IntArrayRef strides,
                                       int64_t storage_offset) {
  sizes_ = sizes;
  strides_ = strides;
  storage_offset_ = storage_offset;
  refresh_numel_and_contiguity();
}

void TensorImpl::set_sizes_contiguous(IntArrayRef sizes) {
  sizes_ = sizes;
  strides_ = contiguous_strides(sizes);
  refresh_numel_and_contiguity();
}

void TensorImpl::refresh_numel_and_contiguity() {
  numel_ = 1;
  for (int64_t s : sizes_) numel_ *= s;
  // Dimensions of size 1 may have any stride; everything else must be row-major packed.
  is_contiguous_ = true;
  int64_t expected = 1;
  for (size_t i = sizes_.size(); i-- > 0;) {
    if (sizes_[i] == 1) continue;
    if (strides_[i] != expected) {
      is_contiguous_ = false;
      break;
    }
    expected *= sizes_[i];
  }
}

} // namespace tg
