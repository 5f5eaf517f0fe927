// 2-D convolution as im2col + GEMM, per image of the batch (images run in parallel under oneTBB).
// For image n and group g, with columns C = im2col(x_n) restricted to the group's channels:
//   forward        y_n,g = W_g · C                         (+ bias)
//   input grad     x̄_n   = col2im(W_gᵀ · ȳ_n,g)
//   weight grad    W̄_g   = Σ_n ȳ_n,g · Cᵀ
// Each of the three is bilinear, and the adjoint of each is built from the other two, so every
// backward here is itself a recorded, differentiable op: double backward through conv2d works.

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

#include "autograd/kernels/blas.h"
#include "autograd/kernels/im2col.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;
using kernels::ConvGeometry;

namespace {

/// The hyper-parameters shared by the forward and both gradient ops.
struct ConvParams {
  kernels::Pair stride, padding, dilation;
  int64_t groups;
};

/// The stride/padding/dilation/groups of `op` (conv2d, conv_transpose2d), expanded from one or two
/// values each and checked, with LibTorch's messages.
ConvParams conv_params(const char* op, IntArrayRef stride, IntArrayRef padding,
                       IntArrayRef dilation, int64_t groups) {
  ConvParams p{kernels::expand_pair(stride, op, "stride"),
               kernels::expand_pair(padding, op, "padding"),
               kernels::expand_pair(dilation, op, "dilation"), groups};
  TG_CHECK(p.stride.h > 0 && p.stride.w > 0, op,
           ": non-positive stride is not supported, got stride=", stride);
  TG_CHECK(p.padding.h >= 0 && p.padding.w >= 0, op,
           ": negative padding is not supported, got padding=", padding);
  TG_CHECK(p.dilation.h > 0 && p.dilation.w > 0, op,
           ": dilation should be greater than zero, got dilation=", dilation);
  TG_CHECK(groups > 0, op, ": non-positive groups is not supported, got groups=", groups);
  return p;
}

/// Row-major C[M×N] = op(A)·op(B) + beta·C (kernels::gemm: single-threaded BLAS, split by oneTBB).
/// Set while a thread runs one image of a parallel per-image loop: the products inside then run
/// whole on that thread instead of being split across threads a second time.
thread_local bool in_parallel_image_loop = false;

template <typename T>
void gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, const T* A, int64_t lda, const T* B,
          int64_t ldb, T beta, T* C, int64_t ldc) {
  if (in_parallel_image_loop)
    kernels::gemm_serial(ta, tb, M, N, K, T(1), A, lda, B, ldb, beta, C, ldc);
  else
    kernels::gemm(ta, tb, M, N, K, T(1), A, lda, B, ldb, beta, C, ldc);
}

/// Geometry of one image of `x_sizes` [N, C, H, W] under a kernel of `w_sizes`.
ConvGeometry geometry(IntArrayRef x_sizes, IntArrayRef w_sizes, const ConvParams& p) {
  ConvGeometry g;
  g.channels = x_sizes[1];
  g.height = x_sizes[2];
  g.width = x_sizes[3];
  g.kernel_h = w_sizes[2];
  g.kernel_w = w_sizes[3];
  g.stride_h = p.stride.h, g.stride_w = p.stride.w;
  g.pad_h = p.padding.h, g.pad_w = p.padding.w;
  g.dilation_h = p.dilation.h, g.dilation_w = p.dilation.w;
  g.compute_output_size();
  return g;
}

/// A 1×1 kernel with unit stride and no padding sees the image itself as its column matrix
/// (unless a transposed convolution's output_padding made the image larger than the columns).
bool columns_are_image(const ConvGeometry& g) {
  return g.kernel_h == 1 && g.kernel_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_h == 0 &&
         g.pad_w == 0 && g.out_h == g.height && g.out_w == g.width;
}

/// Scratch memory for one column matrix, reused by each thread from call to call. Allocating a
/// fresh zeroed std::vector per image showed in the profiles as page faults and memset time (a
/// column matrix of the mnist_cnn benchmark is 650 KB, above glibc's mmap threshold). A nested use
/// on the same thread (none today) gets a buffer of its own instead of sharing the thread's.
class Scratch {
public:
  explicit Scratch(size_t bytes) {
    Slot& slot = thread_slot();
    if (slot.busy) {
      own_.reset(allocate(bytes));
      data_ = own_.get();
      return;
    }
    if (slot.capacity < bytes) {
      slot.memory.reset(allocate(bytes));
      slot.capacity = bytes;
    }
    slot.busy = true;
    slot_ = &slot;
    data_ = slot.memory.get();
  }
  ~Scratch() {
    if (slot_) slot_->busy = false;
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  template <typename T> T* as() const { return static_cast<T*>(data_); }

private:
  struct Free {
    void operator()(void* p) const { std::free(p); }
  };
  using Memory = std::unique_ptr<void, Free>;
  struct Slot {
    Memory memory;
    size_t capacity = 0;
    bool busy = false;
  };
  static Slot& thread_slot() {
    thread_local Slot slot;
    return slot;
  }
  /// 64-byte aligned, so BLAS and the vector loops start on a cache line.
  static void* allocate(size_t bytes) {
    void* p = std::aligned_alloc(64, std::max<size_t>(64, (bytes + 63) / 64 * 64));
    if (!p) throw std::bad_alloc();
    return p;
  }
  Slot* slot_ = nullptr;
  Memory own_;
  void* data_ = nullptr;
};

/// Runs body(n) for every image, in parallel when the whole job is big enough to pay for threads.
template <typename Body> void for_each_image(int64_t N, int64_t work_per_image, Body body) {
  if (N > 1 && N * work_per_image >= kernels::kParallelGrain) {
    kernels::parallel_for_each(0, N, [&](int64_t n) {
      const bool outer = in_parallel_image_loop;
      in_parallel_image_loop = true;
      body(n);
      in_parallel_image_loop = outer;
    });
  } else {
    for (int64_t n = 0; n < N; ++n) body(n);
  }
}

// ---- raw kernels over contiguous buffers ----

/// `keep_columns`, when not null, receives every image's column matrix ([N, K, L]) for the weight
/// gradient; otherwise they live in per-thread scratch memory.
template <typename T>
void conv_forward_kernel(const T* x, const T* w, const T* bias, T* y, int64_t N, int64_t Cout,
                         const ConvGeometry& g, int64_t groups, T* keep_columns) {
  const int64_t K = g.col_rows(), L = g.col_cols(), Kg = K / groups, Cg = Cout / groups;
  const int64_t image = g.channels * g.height * g.width;
  const bool direct = columns_are_image(g);
  for_each_image(N, Cout * K * L, [&](int64_t n) {
    Scratch buffer(direct || keep_columns ? 0 : size_t(K * L) * sizeof(T));
    const T* col = x + n * image;
    if (!direct) {
      T* dst = keep_columns ? keep_columns + n * K * L : buffer.as<T>();
      kernels::im2col(col, g, dst);
      col = dst;
    }
    T* out = y + n * Cout * L;
    if (bias)
      for (int64_t c = 0; c < Cout; ++c) std::fill(out + c * L, out + (c + 1) * L, bias[c]);
    for (int64_t gi = 0; gi < groups; ++gi)
      gemm<T>(false, false, Cg, L, Kg, w + gi * Cg * Kg, Kg, col + gi * Kg * L, L,
              bias ? T(1) : T(0), out + gi * Cg * L, L);
  });
}

template <typename T>
void conv_input_grad_kernel(const T* gy, const T* w, T* gx, int64_t N, int64_t Cout,
                            const ConvGeometry& g, int64_t groups) {
  const int64_t K = g.col_rows(), L = g.col_cols(), Kg = K / groups, Cg = Cout / groups;
  const int64_t image = g.channels * g.height * g.width;
  const bool direct = columns_are_image(g);
  for_each_image(N, Cout * K * L, [&](int64_t n) {
    Scratch buffer(direct ? 0 : size_t(K * L) * sizeof(T));
    T* col = direct ? gx + n * image : buffer.as<T>();
    for (int64_t gi = 0; gi < groups; ++gi)
      gemm<T>(true, false, Kg, L, Cg, w + gi * Cg * Kg, Kg, gy + (n * Cout + gi * Cg) * L, L, T(0),
              col + gi * Kg * L, L);
    if (!direct) {
      std::fill(gx + n * image, gx + (n + 1) * image, T(0));
      kernels::col2im(col, g, gx + n * image);
    }
  });
}

/// `columns`, when not null, holds every image's column matrix from the forward ([N, K, L]);
/// then `x` is not read (and may be null).
template <typename T>
void conv_weight_grad_kernel(const T* x, const T* gy, T* gw, int64_t N, int64_t Cout,
                             const ConvGeometry& g, int64_t groups, const T* columns) {
  const int64_t K = g.col_rows(), L = g.col_cols(), Kg = K / groups, Cg = Cout / groups;
  const int64_t image = g.channels * g.height * g.width;
  const bool direct = columns_are_image(g);
  // The batch is cut into a fixed number of chunks, each summed into its own buffer, and the
  // buffers are added in order: the result does not depend on thread scheduling.
  const int64_t work = N * Cout * K * L;
  const int64_t chunks =
      std::max<int64_t>(1, std::min<int64_t>(N, work >= kernels::kParallelGrain ? 16 : 1));
  std::vector<std::vector<T>> partial(size_t(chunks), std::vector<T>(size_t(Cout * Kg), T(0)));
  auto run_chunk = [&](int64_t c) {
    Scratch buffer(direct || columns ? 0 : size_t(K * L) * sizeof(T));
    T* acc = partial[size_t(c)].data();
    for (int64_t n = c * N / chunks; n < (c + 1) * N / chunks; ++n) {
      const T* col;
      if (columns) {
        col = columns + n * K * L;
      } else if (direct) {
        col = x + n * image;
      } else {
        kernels::im2col(x + n * image, g, buffer.as<T>());
        col = buffer.as<T>();
      }
      for (int64_t gi = 0; gi < groups; ++gi)
        gemm<T>(false, true, Cg, Kg, L, gy + (n * Cout + gi * Cg) * L, L, col + gi * Kg * L, L,
                T(1), acc + gi * Cg * Kg, Kg);
    }
  };
  if (chunks > 1)
    kernels::parallel_for_each(0, chunks, [&](int64_t c) {
      const bool outer = in_parallel_image_loop;
      in_parallel_image_loop = true;
      run_chunk(c);
      in_parallel_image_loop = outer;
    });
  else
    run_chunk(0);
  std::copy(partial[0].begin(), partial[0].end(), gw);
  for (int64_t c = 1; c < chunks; ++c)
    for (int64_t i = 0; i < Cout * Kg; ++i) gw[i] += partial[size_t(c)][size_t(i)];
}

/// out[c] = Σ_{n,i} g[n, c, i] over contiguous g [N, C, plane]. The tensor is read in memory
/// order: a fixed number of image chunks (so the result does not depend on threads), each adding
/// its planes into one double per channel, and the chunks added in order. Each plane is summed in
/// blocks of 1,024 into 16 lanes of T, which vectorise into independent chains. (Summing channel
/// by channel jumped between planes N·C apart and ran at a fraction of the memory speed.)
template <typename T>
void bias_grad_kernel(const T* g, T* out, int64_t N, int64_t C, int64_t plane) {
  constexpr int kLanes = 16;
  constexpr int64_t kBlock = 1024;
  auto plane_sum = [](const T* __restrict q, int64_t len) {
    double total = 0;
    for (int64_t start = 0; start < len; start += kBlock) {
      const int64_t end = std::min(len, start + kBlock);
      T lanes[kLanes] = {};
      int64_t i = start;
      for (; i + kLanes <= end; i += kLanes)
        for (int j = 0; j < kLanes; ++j) lanes[j] += q[i + j];
      for (; i < end; ++i) total += double(q[i]);
      for (T l : lanes) total += double(l);
    }
    return total;
  };
  const int64_t chunks = N * C * plane >= kernels::kParallelGrain ? std::min<int64_t>(N, 16) : 1;
  std::vector<double> partial(size_t(chunks * C), 0.0);
  auto run_chunk = [&](int64_t k) {
    double* acc = partial.data() + k * C;
    for (int64_t n = k * N / chunks; n < (k + 1) * N / chunks; ++n)
      for (int64_t c = 0; c < C; ++c) acc[c] += plane_sum(g + (n * C + c) * plane, plane);
  };
  if (chunks > 1)
    kernels::parallel_for_each(0, chunks, run_chunk);
  else
    run_chunk(0);
  for (int64_t c = 0; c < C; ++c) {
    double total = 0;
    for (int64_t k = 0; k < chunks; ++k) total += partial[size_t(k * C + c)];
    out[c] = T(total);
  }
}

// ---- differentiable ops built on the kernels ----

/// d/db = Σ_{n,h,w} ȳ. The generic grad.sum({0, 2, 3}) walks the tensor with strided bookkeeping
/// and showed as 6% of simple_cnn's time; here each (n, c) plane is one contiguous run. When the
/// gradient itself needs a graph (double backward) the recorded sum is used instead.
Tensor bias_grad(const Tensor& grad) {
  if (autograd::compute_requires_grad(grad)) return grad.sum({0, 2, 3});
  NoGradGuard no_grad;
  Tensor g = grad.contiguous();
  const int64_t N = g.size(0), C = g.size(1), plane = g.size(2) * g.size(3);
  Tensor out = ops::empty_tensor({C}, g.scalar_type());
  dispatch_floating(g.scalar_type(), "conv2d backward", [&]<typename T>() {
    bias_grad_kernel<T>(g.data_ptr<T>(), out.data_ptr<T>(), N, C, plane);
  });
  return out;
}

Tensor conv_input_grad(const Tensor& grad_out, const Tensor& weight, IntArrayRef input_sizes,
                       const ConvParams& p);
Tensor conv_weight_grad(const Tensor& input, const Tensor& grad_out, IntArrayRef weight_sizes,
                        const ConvParams& p);

/// The forward keeps its column matrices for the weight gradient when they take at most this much
/// memory: rebuilding them in backward was 2.4% of mnist_cnn's time (its conv2 keeps 42 MB a
/// batch), while a large image's columns (K·L floats per image) could take gigabytes.
constexpr int64_t kMaxKeptColumnBytes = int64_t(64) << 20;

/// d/dW = Σ_n ȳ_n·Cₙᵀ, unrecorded, with Cₙ = im2col(xₙ), or taken from `columns` [N, K, L] (the
/// matrices the forward kept) when that is defined; then `input` may be undefined.
Tensor weight_grad_values(const Tensor& input, const Tensor& columns, const Tensor& grad_out,
                          IntArrayRef input_sizes, IntArrayRef weight_sizes, const ConvParams& p) {
  ConvGeometry g = geometry(input_sizes, weight_sizes, p);
  const int64_t N = input_sizes[0], Cout = weight_sizes[0];
  Tensor out = ops::empty_tensor(weight_sizes, grad_out.scalar_type());
  NoGradGuard no_grad;
  Tensor x = columns.defined() ? Tensor() : input.contiguous(), gy = grad_out.contiguous();
  dispatch_floating(gy.scalar_type(), "conv2d backward", [&]<typename T>() {
    conv_weight_grad_kernel<T>(x.defined() ? x.data_ptr<T>() : nullptr, gy.data_ptr<T>(),
                               out.data_ptr<T>(), N, Cout, g, p.groups,
                               columns.defined() ? columns.data_ptr<T>() : nullptr);
  });
  return out;
}

/// y = conv(x, w) + b on a checked 4-D input; b may be undefined.
Tensor conv_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                    const ConvParams& p) {
  ConvGeometry g = geometry(input.sizes(), weight.sizes(), p);
  const int64_t N = input.size(0), Cout = weight.size(0);
  Tensor out = ops::empty_tensor({N, Cout, g.out_h, g.out_w}, input.scalar_type());
  const bool recording = autograd::compute_requires_grad(input, weight, bias);
  const int64_t column_bytes =
      N * g.col_rows() * g.col_cols() * int64_t(elementSize(input.scalar_type()));
  Tensor columns; // kept for the weight gradient
  if (recording && weight.requires_grad() && !columns_are_image(g) &&
      column_bytes <= kMaxKeptColumnBytes)
    columns = ops::empty_tensor({N, g.col_rows(), g.col_cols()}, input.scalar_type());
  {
    NoGradGuard no_grad;
    Tensor x = input.contiguous(), w = weight.contiguous();
    Tensor b = bias.defined() ? bias.contiguous() : bias;
    dispatch_floating(input.scalar_type(), "conv2d", [&]<typename T>() {
      conv_forward_kernel<T>(x.data_ptr<T>(), w.data_ptr<T>(),
                             b.defined() ? b.data_ptr<T>() : nullptr, out.data_ptr<T>(), N, Cout, g,
                             p.groups, columns.defined() ? columns.data_ptr<T>() : nullptr);
    });
  }
  // d/dx = col2im(Wᵀ·ȳ), d/dW = Σ_n ȳ_n·im2col(x_n)ᵀ, d/db = Σ_{n,h,w} ȳ
  if (recording) {
    autograd::record(
        "ConvolutionBackward0", {input, weight, bias}, out,
        [x = SavedVariable(weight.requires_grad() ? input : Tensor(), false),
         w = SavedVariable(input.requires_grad() ? weight : Tensor(), false), columns,
         x_sizes = DimVector(input.sizes()), w_sizes = DimVector(weight.sizes()),
         p](const Tensor& grad, Node& node) {
          Tensor gw;
          if (node.needs_input_grad(1)) {
            // unpacked even when the columns are used: it checks x was not modified in place
            Tensor x_saved = x.unpack();
            // the kept columns hold no graph: a double backward takes the recorded path
            gw = columns.defined() && !autograd::compute_requires_grad(x_saved, grad)
                     ? weight_grad_values(Tensor(), columns, grad, x_sizes, w_sizes, p)
                     : conv_weight_grad(x_saved, grad, w_sizes, p);
          }
          return variable_list{
              node.needs_input_grad(0) ? conv_input_grad(grad, w.unpack(), x_sizes, p) : Tensor(),
              gw, node.needs_input_grad(2) ? bias_grad(grad) : Tensor()};
        });
  }
  return out;
}

Tensor conv_input_grad(const Tensor& grad_out, const Tensor& weight, IntArrayRef input_sizes,
                       const ConvParams& p) {
  ConvGeometry g = geometry(input_sizes, weight.sizes(), p);
  const int64_t N = input_sizes[0], Cout = weight.size(0);
  Tensor out = ops::empty_tensor(input_sizes, grad_out.scalar_type());
  {
    NoGradGuard no_grad;
    Tensor gy = grad_out.contiguous(), w = weight.contiguous();
    dispatch_floating(gy.scalar_type(), "conv2d backward", [&]<typename T>() {
      conv_input_grad_kernel<T>(gy.data_ptr<T>(), w.data_ptr<T>(), out.data_ptr<T>(), N, Cout, g,
                                p.groups);
    });
  }
  // bilinear in (ȳ, W): d/dȳ <H, ·> = conv(H, W), d/dW <H, ·> = weight_grad(H, ȳ)
  if (autograd::compute_requires_grad(grad_out, weight)) {
    autograd::record("ConvolutionBackwardBackward0", {grad_out, weight}, out,
                     [gy = SavedVariable(weight.requires_grad() ? grad_out : Tensor(), false),
                      w = SavedVariable(grad_out.requires_grad() ? weight : Tensor(), false),
                      w_sizes = DimVector(weight.sizes()), p](const Tensor& grad, Node& node) {
                       return variable_list{node.needs_input_grad(0)
                                                ? conv_forward(grad, w.unpack(), Tensor(), p)
                                                : Tensor(),
                                            node.needs_input_grad(1)
                                                ? conv_weight_grad(grad, gy.unpack(), w_sizes, p)
                                                : Tensor()};
                     });
  }
  return out;
}

Tensor conv_weight_grad(const Tensor& input, const Tensor& grad_out, IntArrayRef weight_sizes,
                        const ConvParams& p) {
  Tensor out = weight_grad_values(input, Tensor(), grad_out, input.sizes(), weight_sizes, p);
  // bilinear in (x, ȳ): d/dx <H, ·> = input_grad(ȳ, H), d/dȳ <H, ·> = conv(x, H)
  if (autograd::compute_requires_grad(input, grad_out)) {
    autograd::record(
        "ConvolutionBackwardBackward0", {input, grad_out}, out,
        [x = SavedVariable(grad_out.requires_grad() ? input : Tensor(), false),
         gy = SavedVariable(input.requires_grad() ? grad_out : Tensor(), false),
         x_sizes = DimVector(input.sizes()), p](const Tensor& grad, Node& node) {
          return variable_list{
              node.needs_input_grad(0) ? conv_input_grad(gy.unpack(), grad, x_sizes, p) : Tensor(),
              node.needs_input_grad(1) ? conv_forward(x.unpack(), grad, Tensor(), p) : Tensor()};
        });
  }
  return out;
}

/// `t` [N, C, h, w] grown with zeros after its last row and column to [N, C, H, W]; differentiable.
Tensor pad_end(const Tensor& t, int64_t H, int64_t W) {
  Tensor out = t;
  for (int64_t d : {2, 3}) {
    const int64_t extra = (d == 2 ? H : W) - out.size(d);
    if (extra <= 0) continue;
    std::vector<int64_t> shape = out.sizes().vec();
    shape[size_t(d)] = extra;
    out = cat({out, zeros(shape, out.options().requires_grad(false))}, d);
  }
  return out;
}

// A transposed convolution is conv2d's input gradient: its output is the image of a conv2d whose
// output is `input`. So the forward is the col2im kernel, and the backward is the other two:
//   input grad  x̄ = conv2d(ȳ, W)         weight grad  W̄ = weight_grad(ȳ as image, x as output)
// With output_padding ≥ stride (allowed when below dilation) conv2d of the larger image yields
// more rows than the input has; those rows hold no input pixel, so x̄ drops them and W̄ sees them
// as zeros.
Tensor conv_transpose_forward(const Tensor& input, const Tensor& weight, const Tensor& bias,
                              const ConvParams& p, int64_t out_h, int64_t out_w) {
  const int64_t N = input.size(0), Cin = weight.size(0), Cout = weight.size(1) * p.groups;
  const int64_t H = input.size(2), W = input.size(3);
  DimVector out_sizes{N, Cout, out_h, out_w};
  ConvGeometry g = geometry(out_sizes, weight.sizes(), p);
  g.out_h = H;
  g.out_w = W;
  Tensor out = ops::empty_tensor(out_sizes, input.scalar_type());
  {
    NoGradGuard no_grad;
    Tensor x = input.contiguous(), w = weight.contiguous();
    Tensor b = bias.defined() ? bias.contiguous() : bias;
    dispatch_floating(input.scalar_type(), "conv_transpose2d", [&]<typename T>() {
      conv_input_grad_kernel<T>(x.data_ptr<T>(), w.data_ptr<T>(), out.data_ptr<T>(), N, Cin, g,
                                p.groups);
      if (b.defined()) {
        const T* bp = b.data_ptr<T>();
        T* o = out.data_ptr<T>();
        const int64_t plane = out_h * out_w;
        for (int64_t n = 0; n < N; ++n)
          for (int64_t c = 0; c < Cout; ++c) {
            T* dst = o + (n * Cout + c) * plane;
            for (int64_t i = 0; i < plane; ++i) dst[i] += bp[c];
          }
      }
    });
  }
  if (autograd::compute_requires_grad(input, weight, bias)) {
    autograd::record(
        "ConvolutionBackward0", {input, weight, bias}, out,
        [x = SavedVariable(weight.requires_grad() ? input : Tensor(), false),
         w = SavedVariable(input.requires_grad() ? weight : Tensor(), false),
         w_sizes = DimVector(weight.sizes()), H, W, p](const Tensor& grad, Node& node) {
          Tensor gx, gw, gb;
          if (node.needs_input_grad(0)) {
            gx = conv_forward(grad, w.unpack(), Tensor(), p);
            if (gx.size(2) != H || gx.size(3) != W) gx = gx.narrow(2, 0, H).narrow(3, 0, W);
          }
          if (node.needs_input_grad(1)) {
            ConvGeometry gg = geometry(grad.sizes(), w_sizes, p);
            gw = conv_weight_grad(grad, pad_end(x.unpack(), gg.out_h, gg.out_w), w_sizes, p);
          }
          if (node.needs_input_grad(2)) gb = bias_grad(grad);
          return variable_list{gx, gw, gb};
        });
  }
  return out;
}

} // namespace

Tensor conv_transpose2d(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, IntArrayRef padding, IntArrayRef output_padding,
                        int64_t groups, IntArrayRef dilation) {
  TG_CHECK(input.defined() && weight.defined(),
           "conv_transpose2d: input and weight must be defined");
  TG_CHECK(weight.dim() == 4,
           "conv_transpose2d: expected a 4-D weight [in_channels, out_channels "
           "/ groups, kH, kW], got ",
           weight.sizes());
  TG_CHECK(input.dim() == 3 || input.dim() == 4,
           "conv_transpose2d: expected a 3-D (unbatched) or "
           "4-D (batched) input, but got input of size: ",
           input.sizes());
  const ConvParams p = conv_params("conv_transpose2d", stride, padding, dilation, groups);
  const kernels::Pair op =
      kernels::expand_pair(output_padding, "conv_transpose2d", "output_padding");
  TG_CHECK(op.h >= 0 && op.w >= 0 && (op.h < p.stride.h || op.h < p.dilation.h) &&
               (op.w < p.stride.w || op.w < p.dilation.w),
           "conv_transpose2d: output padding must be smaller than either stride or dilation, got "
           "output_padding=",
           output_padding, ", stride=", stride, ", dilation=", dilation);
  const bool batched = input.dim() == 4;
  Tensor x = batched ? input : input.unsqueeze(0);
  const int64_t Cin = weight.size(0);
  TG_CHECK(Cin % groups == 0, "conv_transpose2d: given groups=", groups,
           ", expected weight to be "
           "divisible by ",
           groups, " at dimension 0, but got weight of size ", weight.sizes(), " instead");
  TG_CHECK(x.size(1) == Cin,
           "conv_transpose2d: expected input of shape [N, C, H, W] with C = ", Cin, " (weight ",
           weight.sizes(), "), got ", input.sizes());
  const int64_t Cout = weight.size(1) * groups;
  TG_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == Cout),
           "conv_transpose2d: given "
           "weight of size ",
           weight.sizes(), " and groups=", groups,
           ", expected bias to be "
           "1-dimensional with ",
           Cout, " elements, but got bias of size ", bias.sizes(), " instead");
  TG_CHECK(input.scalar_type() == weight.scalar_type() &&
               (!bias.defined() || bias.scalar_type() == input.scalar_type()),
           "conv_transpose2d: expected input, weight and bias to have the same dtype, got input ",
           input.scalar_type(), ", weight ", weight.scalar_type(),
           (bias.defined() ? str(", bias ", bias.scalar_type()) : ""));
  TG_CHECK(isFloatingType(input.scalar_type()),
           "conv_transpose2d: expected a floating point input "
           "(Float or Double), got ",
           input.scalar_type());
  const int64_t out_h = (x.size(2) - 1) * p.stride.h - 2 * p.padding.h +
                        p.dilation.h * (weight.size(2) - 1) + op.h + 1;
  const int64_t out_w = (x.size(3) - 1) * p.stride.w - 2 * p.padding.w +
                        p.dilation.w * (weight.size(3) - 1) + op.w + 1;
  TG_CHECK(out_h > 0 && out_w > 0, "conv_transpose2d: the output size (", out_h, " x ", out_w,
           ") computed from input ", input.sizes(), ", weight ", weight.sizes(),
           ", stride=", stride, ", padding=", padding, ", output_padding=", output_padding,
           ", dilation=", dilation, " is too small");
  TG_CHECK(x.size(2) > 0 && x.size(3) > 0,
           "conv_transpose2d: expected a non-empty spatial input, "
           "got ",
           input.sizes());
  Tensor out = conv_transpose_forward(x, weight, bias, p, out_h, out_w);
  return batched ? out : out.squeeze(0);
}

Tensor conv2d(const Tensor& input, const Tensor& weight, const Tensor& bias, IntArrayRef stride,
              IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  TG_CHECK(input.defined() && weight.defined(), "conv2d: input and weight must be defined");
  TG_CHECK(weight.dim() == 4,
           "conv2d: expected a 4-D weight [out_channels, in_channels / groups, "
           "kH, kW], got ",
           weight.sizes());
  TG_CHECK(input.dim() == 3 || input.dim() == 4,
           "conv2d: expected a 3-D (unbatched) or 4-D "
           "(batched) input to conv2d, but got input of size: ",
           input.sizes());
  const ConvParams p = conv_params("conv2d", stride, padding, dilation, groups);
  const bool batched = input.dim() == 4;
  Tensor x = batched ? input : input.unsqueeze(0);
  const int64_t Cout = weight.size(0), Cg = weight.size(1);
  TG_CHECK(Cout % groups == 0, "conv2d: given groups=", groups,
           ", expected weight to be divisible "
           "by ",
           groups, " at dimension 0, but got weight of size ", weight.sizes(), " instead");
  TG_CHECK(x.size(1) == Cg * groups,
           "conv2d: expected input of shape [N, C, H, W] with C = ", Cg * groups, " (weight ",
           weight.sizes(), (groups > 1 ? str(", groups ", groups) : ""), "), got ", input.sizes());
  TG_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == Cout),
           "conv2d: given weight of "
           "size ",
           weight.sizes(), ", expected bias to be 1-dimensional with ", Cout,
           " elements, but got bias of size ", bias.sizes(), " instead");
  TG_CHECK(input.scalar_type() == weight.scalar_type() &&
               (!bias.defined() || bias.scalar_type() == input.scalar_type()),
           "conv2d: expected input, weight and bias to have the same dtype, got input ",
           input.scalar_type(), ", weight ", weight.scalar_type(),
           (bias.defined() ? str(", bias ", bias.scalar_type()) : ""));
  TG_CHECK(isFloatingType(input.scalar_type()),
           "conv2d: expected a floating point input (Float or "
           "Double), got ",
           input.scalar_type());
  const int64_t eff_h = p.dilation.h * (weight.size(2) - 1) + 1;
  const int64_t eff_w = p.dilation.w * (weight.size(3) - 1) + 1;
  const int64_t padded_h = x.size(2) + 2 * p.padding.h, padded_w = x.size(3) + 2 * p.padding.w;
  TG_CHECK(eff_h <= padded_h && eff_w <= padded_w,
           "conv2d: calculated padded input size per "
           "channel: (",
           padded_h, " x ", padded_w, "). Kernel size: (", eff_h, " x ", eff_w,
           "). Kernel size can't be greater than actual input size (input ", input.sizes(),
           ", weight ", weight.sizes(), ")");
  Tensor out = conv_forward(x, weight, bias, p);
  return batched ? out : out.squeeze(0);
}

} // namespace tg
