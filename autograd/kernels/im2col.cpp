// im2col / col2im kernels. Rows are walked tap by tap, and for each tap the range of output columns
// whose input pixel lies inside the image is computed once, so the inner loops are branch-free
// copies (plain memcpy-like runs when stride_w == 1).
#include "autograd/kernels/im2col.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "autograd/kernels/dispatch.h"
#include "autograd/kernels/loop.h"
#include "autograd/tensor/empty.h"

namespace tg::kernels {

namespace {

/// Output positions o in [0, n) with 0 <= o·stride + off < size, as a half-open range.
inline void valid_range(int64_t off, int64_t stride, int64_t size, int64_t n, int64_t& lo,
                        int64_t& hi) {
  lo = off >= 0 ? 0 : (-off + stride - 1) / stride;
  hi = off > size - 1 ? 0 : (size - 1 - off) / stride + 1;
  lo = std::min(lo, n);
  hi = std::clamp(hi, lo, n);
}

/// dst[0, n) = src[0, n) for the short rows of a column matrix (an output row: 24 to 28 floats
/// in the MNIST nets). std::copy called memmove for each, and the calls cost as much as the
/// copying (4% of mnist_cnn's time); fixed-size blocks are inlined as vector moves, the last one
/// overlapping the previous when n is not a multiple of the block.
template <typename T> inline void copy_row(const T* src, T* dst, int64_t n) {
  constexpr int64_t B = 32 / sizeof(T);
  if (n < B) {
    std::copy(src, src + n, dst);
    return;
  }
  int64_t k = 0;
  for (; k + B <= n; k += B) std::memcpy(dst + k, src + k, B * sizeof(T));
  if (k < n) std::memcpy(dst + n - B, src + n - B, B * sizeof(T));
}

} // namespace

void ConvGeometry::compute_output_size() {
  out_d = (depth + 2 * pad_d - dilation_d * (kernel_d - 1) - 1) / stride_d + 1;
  out_h = (height + 2 * pad_h - dilation_h * (kernel_h - 1) - 1) / stride_h + 1;
  out_w = (width + 2 * pad_w - dilation_w * (kernel_w - 1) - 1) / stride_w + 1;
}

Pair expand_pair(IntArrayRef v, const char* op, const char* what) {
  TG_CHECK(v.size() == 1 || v.size() == 2, op, ": expected ", what,
           " to be a single integer value or a list of 2 values, but got ", what, "=", v);
  return v.size() == 1 ? Pair{v[0], v[0]} : Pair{v[0], v[1]};
}

/// Whether `g` has a depth axis to walk: false for 2-D and 1-D images (depth 1, kernel depth 1).
inline bool has_depth(const ConvGeometry& g) {
  return g.depth != 1 || g.kernel_d != 1 || g.out_d != 1 || g.pad_d != 0;
}

// Both loops walk one kernel tap (t, i, j) at a time, i.e. one row of the column matrix, and
// within it one output depth od at a time: an [OH, OW] block taken from (or added to) input plane
// od·stride_d + t·dilation_d - pad_d. Without a depth axis (Depth = false, 2-D and 1-D) the depth
// loops are compiled away: walking them once cost conv2d ~2% more instructions in im2col/col2im.
template <bool Depth, typename T> void im2col_impl(const T* im, const ConvGeometry& g, T* col) {
  const int64_t OD = Depth ? g.out_d : 1, OH = g.out_h, OW = g.out_w, P = OH * OW, L = OD * P;
  const int64_t HW = g.height * g.width;
  for (int64_t c = 0; c < g.channels; ++c) {
    const T* volume = im + c * (Depth ? g.depth : 1) * HW;
    for (int64_t t = 0; t < (Depth ? g.kernel_d : 1); ++t) {
      const int64_t doff = Depth ? t * g.dilation_d - g.pad_d : 0;
      int64_t od_lo = 0, od_hi = 1;
      if constexpr (Depth) valid_range(doff, g.stride_d, g.depth, OD, od_lo, od_hi);
      for (int64_t i = 0; i < g.kernel_h; ++i) {
        const int64_t hoff = i * g.dilation_h - g.pad_h;
        int64_t oh_lo, oh_hi;
        valid_range(hoff, g.stride_h, g.height, OH, oh_lo, oh_hi);
        for (int64_t j = 0; j < g.kernel_w; ++j, col += L) {
          const int64_t woff = j * g.dilation_w - g.pad_w;
          int64_t ow_lo, ow_hi;
          valid_range(woff, g.stride_w, g.width, OW, ow_lo, ow_hi);
          if constexpr (Depth) std::fill(col, col + od_lo * P, T(0)); // depth padding only
          for (int64_t od = od_lo; od < od_hi; ++od) {
            const T* plane = Depth ? volume + (od * g.stride_d + doff) * HW : volume;
            T* block = col + od * P;
            std::fill(block, block + oh_lo * OW, T(0));
            for (int64_t oh = oh_lo; oh < oh_hi; ++oh) {
              T* dst = block + oh * OW;
              const T* src = plane + (oh * g.stride_h + hoff) * g.width + woff;
              if (ow_lo > 0) std::fill(dst, dst + ow_lo, T(0)); // padding only
              if (g.stride_w == 1) {
                copy_row(src + ow_lo, dst + ow_lo, ow_hi - ow_lo);
              } else {
                for (int64_t ow = ow_lo; ow < ow_hi; ++ow) dst[ow] = src[ow * g.stride_w];
              }
              if (ow_hi < OW) std::fill(dst + ow_hi, dst + OW, T(0));
            }
            std::fill(block + oh_hi * OW, block + P, T(0));
          }
          if constexpr (Depth) std::fill(col + od_hi * P, col + L, T(0));
        }
      }
    }
  }
}

template <bool Depth, typename T> void col2im_impl(const T* col, const ConvGeometry& g, T* im) {
  const int64_t OD = Depth ? g.out_d : 1, OH = g.out_h, OW = g.out_w, P = OH * OW, L = OD * P;
  const int64_t HW = g.height * g.width;
  for (int64_t c = 0; c < g.channels; ++c) {
    T* volume = im + c * (Depth ? g.depth : 1) * HW;
    for (int64_t t = 0; t < (Depth ? g.kernel_d : 1); ++t) {
      const int64_t doff = Depth ? t * g.dilation_d - g.pad_d : 0;
      int64_t od_lo = 0, od_hi = 1;
      if constexpr (Depth) valid_range(doff, g.stride_d, g.depth, OD, od_lo, od_hi);
      for (int64_t i = 0; i < g.kernel_h; ++i) {
        const int64_t hoff = i * g.dilation_h - g.pad_h;
        int64_t oh_lo, oh_hi;
        valid_range(hoff, g.stride_h, g.height, OH, oh_lo, oh_hi);
        for (int64_t j = 0; j < g.kernel_w; ++j, col += L) {
          const int64_t woff = j * g.dilation_w - g.pad_w;
          int64_t ow_lo, ow_hi;
          valid_range(woff, g.stride_w, g.width, OW, ow_lo, ow_hi);
          for (int64_t od = od_lo; od < od_hi; ++od) {
            T* plane = Depth ? volume + (od * g.stride_d + doff) * HW : volume;
            const T* block = col + od * P;
            for (int64_t oh = oh_lo; oh < oh_hi; ++oh) {
              const T* src = block + oh * OW;
              T* dst = plane + (oh * g.stride_h + hoff) * g.width + woff;
              if (g.stride_w == 1) // the strided loop below does not vectorise; this one does
                for (int64_t ow = ow_lo; ow < ow_hi; ++ow) dst[ow] += src[ow];
              else
                for (int64_t ow = ow_lo; ow < ow_hi; ++ow) dst[ow * g.stride_w] += src[ow];
            }
          }
        }
      }
    }
  }
}

template <typename T> void im2col(const T* im, const ConvGeometry& g, T* col) {
  if (has_depth(g))
    im2col_impl<true>(im, g, col);
  else
    im2col_impl<false>(im, g, col);
}

template <typename T> void col2im(const T* col, const ConvGeometry& g, T* im) {
  if (has_depth(g))
    col2im_impl<true>(col, g, im);
  else
    col2im_impl<false>(col, g, im);
}

template void im2col<float>(const float*, const ConvGeometry&, float*);
template void im2col<double>(const double*, const ConvGeometry&, double*);
template void col2im<float>(const float*, const ConvGeometry&, float*);
template void col2im<double>(const double*, const ConvGeometry&, double*);

void im2col_batch(const Tensor& x, const ConvGeometry& g, const Tensor& cols) {
  const int64_t N = x.size(0), image = g.image_size(), K = g.col_rows(), L = g.col_cols();
  dispatch_floating(x.scalar_type(), "im2col", [&]<typename T>() {
    const T* src = x.data_ptr<T>();
    T* dst = cols.data_ptr<T>();
    for (int64_t n = 0; n < N; ++n) im2col<T>(src + n * image, g, dst + n * K * L);
  });
}

void col2im_batch(const Tensor& cols, const ConvGeometry& g, const Tensor& x) {
  const int64_t N = x.size(0), image = g.image_size(), K = g.col_rows(), L = g.col_cols();
  dispatch_floating(x.scalar_type(), "col2im", [&]<typename T>() {
    const T* src = cols.data_ptr<T>();
    T* dst = x.data_ptr<T>();
    std::fill(dst, dst + N * image, T(0));
    for (int64_t n = 0; n < N; ++n) col2im<T>(src + n * K * L, g, dst + n * image);
  });
}

Tensor im2col_rows(const Tensor& input, IntArrayRef kernel_size, IntArrayRef stride,
                   IntArrayRef padding, IntArrayRef dilation) {
  TG_CHECK(input.dim() == 3 || input.dim() == 4, "im2col: expected a 3-D or 4-D input, got ",
           input.sizes());
  const bool batched = input.dim() == 4;
  Tensor x = contiguous(input);
  ConvGeometry g;
  Pair k = expand_pair(kernel_size, "im2col", "kernel_size");
  Pair s = expand_pair(stride, "im2col", "stride");
  Pair p = expand_pair(padding, "im2col", "padding");
  Pair d = expand_pair(dilation, "im2col", "dilation");
  TG_CHECK(k.h > 0 && k.w > 0 && s.h > 0 && s.w > 0 && d.h > 0 && d.w > 0 && p.h >= 0 && p.w >= 0,
           "im2col: expected positive kernel_size, stride, dilation and non-negative padding");
  g.channels = x.size(-3);
  g.height = x.size(-2);
  g.width = x.size(-1);
  g.kernel_h = k.h, g.kernel_w = k.w, g.stride_h = s.h, g.stride_w = s.w;
  g.pad_h = p.h, g.pad_w = p.w, g.dilation_h = d.h, g.dilation_w = d.w;
  g.compute_output_size();
  TG_CHECK(g.out_h > 0 && g.out_w > 0, "im2col: kernel ", kernel_size,
           " does not fit the padded input ", input.sizes());
  const int64_t N = batched ? x.size(0) : 1, K = g.col_rows(), L = g.col_cols();
  Tensor rows = tg::detail::empty_tensor({N * L, K}, x.scalar_type());
  dispatch_floating(x.scalar_type(), "im2col", [&]<typename T>() {
    const T* src = x.data_ptr<T>();
    T* dst = rows.data_ptr<T>();
    const int64_t image = g.channels * g.height * g.width;
    std::vector<T> col(size_t(K * L));
    for (int64_t n = 0; n < N; ++n) { // each image's [K, L] columns, transposed into [L, K] rows
      im2col<T>(src + n * image, g, col.data());
      for (int64_t r = 0; r < K; ++r)
        for (int64_t c = 0; c < L; ++c) dst[(n * L + c) * K + r] = col[size_t(r * L + c)];
    }
  });
  return rows;
}

} // namespace tg::kernels
