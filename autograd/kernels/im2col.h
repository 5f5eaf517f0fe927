#pragma once
// im2col / col2im: the unfolding that turns a convolution into one GEMM. For one image of
// C×H×W and a kh×kw kernel, column matrix row (c, i, j) holds, for every output position (oh, ow),
// the input pixel that kernel tap (i, j) of channel c sees there (zero where it falls in padding).
// Then conv = weight[Cout, C·kh·kw] · columns[C·kh·kw, OH·OW], and col2im (the adjoint, which
// accumulates overlapping taps) carries a column gradient back to the image.
#include <cstdint>

#include "autograd/tensor/tensor.h"

namespace tg::kernels {

/// Geometry of a 2-D convolution or pooling window over one image.
struct ConvGeometry {
  int64_t channels = 0, /**< Input C. */ height = 0, /**< Input H. */ width = 0; ///< Input W.
  /// Kernel height.
  int64_t kernel_h = 1, kernel_w = 1; ///< Kernel width.
  /// Zero padding added above and below.
  int64_t pad_h = 0, pad_w = 0; ///< Zero padding added left and right.
  /// Vertical stride.
  int64_t stride_h = 1, stride_w = 1; ///< Horizontal stride.
  /// Vertical spacing between kernel taps.
  int64_t dilation_h = 1, dilation_w = 1; ///< Horizontal spacing between kernel taps.
  /// Output height (set by compute_output_size).
  int64_t out_h = 0, out_w = 0; ///< Output width (set by compute_output_size).

  /// Rows of the column matrix: C·kh·kw.
  int64_t col_rows() const { return channels * kernel_h * kernel_w; }
  /// Columns of the column matrix: OH·OW.
  int64_t col_cols() const { return out_h * out_w; }
  /// Fills out_h/out_w from the rest (floor mode, as convolution uses).
  void compute_output_size();
};

/// A size argument given as one int (used for both dims) or two ints (h, w); tg::Error naming
/// `op` and `what` otherwise.
struct Pair {
  /// Height component.
  int64_t h, w; ///< Width component.
};
Pair expand_pair(IntArrayRef v, const char* op, const char* what);

/// col[C·kh·kw, OH·OW] from one contiguous image im[C, H, W]. Overwrites col.
template <typename T> void im2col(const T* im, const ConvGeometry& g, T* col);
/// im[C, H, W] += the adjoint of im2col applied to col[C·kh·kw, OH·OW]. Accumulates.
template <typename T> void col2im(const T* col, const ConvGeometry& g, T* im);

/// Tensor-level im2col in "patch rows" layout: input [N, C, H, W] (or [C, H, W]) becomes
/// [N·OH·OW, C·kh·kw], one row per output position, one column per kernel tap (floating dtypes).
/// E.g. input (1, 3, 7, 7), kernel 5, stride 1 gives (9, 75); a batch of 10 gives (90, 75).
/// Not differentiable; conv2d uses the raw kernels above.
Tensor im2col_rows(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = 1,
                   IntArrayRef padding = 0, IntArrayRef dilation = 1);

} // namespace tg::kernels
