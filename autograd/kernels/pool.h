#pragma once
// The loops of 2-D and 3-D pooling over the last two (three) dims of a contiguous [..., H, W]
// ([..., D, H, W]) tensor: every plane (one image's channel) is pooled independently, planes in
// parallel when the tensor is big. A 2-D plane is a volume of depth 1 wherever the loops are
// shared.
// Outputs are allocated by the caller; nothing is recorded (autograd/ops/pool.cpp does that).
#include <cstdint>
#include <optional>
#include <vector>

#include "autograd/kernels/im2col.h"
#include "autograd/tensor/tensor.h"

namespace tg::kernels {

/// A max-pooling window: its size, step, zero padding and the spacing of its taps.
struct PoolWindow {
  Pair kernel;   ///< Window height and width.
  Pair stride;   ///< Step between windows.
  Pair padding;  ///< Implicit padding (never the maximum) on each side.
  Pair dilation; ///< Spacing between the window's taps.
  int64_t kernel_d = 1, /**< Window depth (3-D only). */ stride_d = 1; ///< Step along D.
  int64_t padding_d = 0, /**< Padding along D. */ dilation_d = 1;      ///< Tap spacing along D.
};

/// out and indices [..., OH, OW] = the maximum of each window of x [..., H, W], and its flat
/// position in the H·W plane. A NaN wins; on a tie the first position in the window wins. `op`
/// names the op in a dtype error (floating dtypes only).
void max_pool2d(const Tensor& x, const Tensor& out, const Tensor& indices, const PoolWindow& w,
                const char* op);
/// out and indices [..., OD, OH, OW] = the maximum of each window of x [..., D, H, W] and its flat
/// position in the D·H·W volume; the rules of max_pool2d.
void max_pool3d(const Tensor& x, const Tensor& out, const Tensor& indices, const PoolWindow& w,
                const char* op);
/// out[p, j] = x[p, idx[p, j]] for planes p, with idx [..., OH, OW] flat positions into x's planes;
/// a plane is the last `spatial` dims (2 or 3).
void gather_planes(const Tensor& x, const Tensor& indices, const Tensor& out, int spatial = 2);
/// out[p, idx[p, j]] += g[p, j] on a zeroed out [..., H, W]: the adjoint of gather_planes.
void scatter_planes(const Tensor& g, const Tensor& indices, const Tensor& out, int spatial = 2);

/// Per-axis windows [start, end) of every output position and, per axis, the factor the divisor
/// uses when padding counts (count_include_pad).
struct AxisWindows {
  std::vector<int64_t> start;      ///< First input row (or column) of each output's window.
  std::vector<int64_t> end;        ///< One past its last.
  std::vector<int64_t> padded_len; ///< Its length with the padding it overlaps.
};

/// avg_pool2d's windows along one axis: clipped to the padded input for the padded divisor, then
/// to the input.
AxisWindows pool_axis(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t pad);
/// adaptive_avg_pool2d's windows along one axis: [floor(o·in/out), ceil((o+1)·in/out)).
AxisWindows adaptive_axis(int64_t in, int64_t out);

/// The windows of an average pooling, plain or adaptive, 2-D or 3-D, and how each output divides
/// its sum. A 2-D pooling has depth 1: one window [0, 1) along D.
struct Windows {
  int64_t in_d = 1;               ///< Input volume depth (1 for 2-D).
  int64_t in_h = 0;               ///< Input plane height.
  int64_t in_w = 0;               ///< Input plane width.
  AxisWindows d{{0}, {1}, {1}};   ///< Windows along the depth.
  AxisWindows h;                  ///< Windows along the height.
  AxisWindows w;                  ///< Windows along the width.
  bool divide_by_padded = false;  ///< count_include_pad: the divisor includes padding
  std::optional<int64_t> divisor; ///< divisor_override
  bool adaptive = false;          ///< adaptive pooling (names its backward nodes)
  int spatial = 2;                ///< Pooled dims: 2, or 3 (then D is one of them)

  /// The divisor of output cell (od, oh, ow).
  int64_t divisor_at(int64_t od, int64_t oh, int64_t ow) const {
    if (divisor) return *divisor;
    if (divide_by_padded) return d.padded_len[od] * h.padded_len[oh] * w.padded_len[ow];
    return (d.end[od] - d.start[od]) * (h.end[oh] - h.start[oh]) * (w.end[ow] - w.start[ow]);
  }
};

/// out[p, oh, ow] = Σ x[p, h0..h1, w0..w1] / divisor(oh, ow): floating dtypes, and int64 (which
/// divides in integers, truncating, as PyTorch's CPU kernel does).
void window_avg(const Tensor& x, const Windows& win, const Tensor& out);
/// gx[p, h, w] = Σ over the windows containing (h, w) of g[p, oh, ow] / divisor(oh, ow): the
/// adjoint of window_avg (floating dtypes).
void window_avg_adjoint(const Tensor& g, const Windows& win, const Tensor& gx);

/// out and indices [..., OD, OH, OW] = the maximum of each window of x [..., D, H, W] (windows
/// as `win`, the D ones a single [0, 1) for 2-D) and its flat position in the D·H·W volume. NaN
/// wins; on a tie the first position wins. Floating dtypes; `op` names the op in a dtype error.
void window_max(const Tensor& x, const Windows& win, const Tensor& out, const Tensor& indices,
                const char* op);

} // namespace tg::kernels
