#pragma once
// im2col / col2im: the unfolding that turns a convolution into one GEMM, for 1, 2 and 3 spatial
// dims alike. For one image of C×D×H×W and a kd×kh×kw kernel, column matrix row (c, t, i, j)
// holds, for every output position (od, oh, ow), the input pixel that kernel tap (t, i, j) of
// channel c sees there (zero where it falls in padding). Then conv = weight[Cout, C·kd·kh·kw] ·
// columns[C·kd·kh·kw, OD·OH·OW], and col2im (the adjoint, which accumulates overlapping taps)
// carries a column gradient back to the image. Fewer spatial dims are the same loops with depth
// (and height) 1, which cost one trip of an outer loop each.
#include <cstdint>

#include "autograd/tensor/tensor.h"

namespace tg::kernels {

/// Geometry of a 1-, 2- or 3-D convolution or pooling window over one image. A 2-D image has
/// depth 1 (and a kernel of depth 1); a 1-D one also has height 1, so its length is the width and
/// runs through the contiguous inner loops.
struct ConvGeometry {
  int64_t channels = 0, /**< Input C. */ height = 0, /**< Input H. */ width = 0; ///< Input W.
  /// Input D (1 below three spatial dims).
  int64_t depth = 1;
  /// Kernel height.
  int64_t kernel_h = 1, kernel_w = 1; ///< Kernel width.
  /// Zero padding added above and below.
  int64_t pad_h = 0, pad_w = 0; ///< Zero padding added left and right.
  /// Vertical stride.
  int64_t stride_h = 1, stride_w = 1; ///< Horizontal stride.
  /// Vertical spacing between kernel taps.
  int64_t dilation_h = 1, dilation_w = 1; ///< Horizontal spacing between kernel taps.
  int64_t kernel_d = 1, /**< Kernel depth. */ pad_d = 0;        ///< Zero padding front and back.
  int64_t stride_d = 1, /**< Stride along D. */ dilation_d = 1; ///< Tap spacing along D.
  /// Output height (set by compute_output_size).
  int64_t out_h = 0, out_w = 0; ///< Output width (set by compute_output_size).
  /// Output depth (set by compute_output_size).
  int64_t out_d = 1;

  /// Rows of the column matrix: C·kd·kh·kw.
  int64_t col_rows() const { return channels * kernel_d * kernel_h * kernel_w; }
  /// Columns of the column matrix: OD·OH·OW.
  int64_t col_cols() const { return out_d * out_h * out_w; }
  /// Elements of one image: C·D·H·W.
  int64_t image_size() const { return channels * depth * height * width; }
  /// Fills out_d/out_h/out_w from the rest (floor mode, as convolution uses).
  void compute_output_size();
};

/// A size argument given as one int (used for both dims) or two ints (h, w); tg::Error naming
/// `op` and `what` otherwise.
struct Pair {
  /// Height component.
  int64_t h, w; ///< Width component.
};
Pair expand_pair(IntArrayRef v, const char* op, const char* what);

/// col[C·kd·kh·kw, OD·OH·OW] from one contiguous image im[C, D, H, W]. Overwrites col.
template <typename T> void im2col(const T* im, const ConvGeometry& g, T* col);
/// im[C, D, H, W] += the adjoint of im2col applied to col[C·kd·kh·kw, OD·OH·OW]. Accumulates.
template <typename T> void col2im(const T* col, const ConvGeometry& g, T* im);

/// cols [N, C·kd·kh·kw, L] = im2col of every image of contiguous x [N, C, *spatial] (F::unfold's
/// layout: one column matrix per image). Floating dtypes.
void im2col_batch(const Tensor& x, const ConvGeometry& g, const Tensor& cols);
/// x [N, C, *spatial] = col2im of every column matrix of contiguous cols [N, C·kd·kh·kw, L]
/// (overwrites x; overlapping taps add up): the adjoint of im2col_batch, F::fold. Floating dtypes.
void col2im_batch(const Tensor& cols, const ConvGeometry& g, const Tensor& x);

/// Tensor-level im2col in "patch rows" layout: input [N, C, H, W] (or [C, H, W]) becomes
/// [N·OH·OW, C·kh·kw], one row per output position, one column per kernel tap (floating dtypes).
/// E.g. input (1, 3, 7, 7), kernel 5, stride 1 gives (9, 75); a batch of 10 gives (90, 75).
/// Not differentiable; conv2d uses the raw kernels above.
Tensor im2col_rows(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride = 1,
                   IntArrayRef padding = 0, IntArrayRef dilation = 1);

} // namespace tg::kernels
