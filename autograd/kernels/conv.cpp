// The convolution loops (see conv.h): per-image im2col + GEMM, the weight and bias gradients
// summed over the batch in a fixed order, and the per-thread scratch memory they share.
#include "autograd/kernels/conv.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

#include "autograd/kernels/blas.h"
#include "autograd/kernels/dispatch.h"
#include "autograd/kernels/loop.h"
#include "autograd/kernels/parallel_for.h"
#include "autograd/kernels/winograd.h"

namespace tg::kernels {

bool columns_are_image(const ConvGeometry& g) {
  return g.kernel_h == 1 && g.kernel_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_h == 0 &&
         g.pad_w == 0 && g.out_h == g.height && g.out_w == g.width && g.kernel_d == 1 &&
         g.stride_d == 1 && g.pad_d == 0 && g.out_d == g.depth;
}

namespace {

/// Set while a thread runs one image of a parallel per-image loop: the products inside then run
/// whole on that thread instead of being split across threads a second time.
thread_local bool in_parallel_image_loop = false;

/// Row-major C[M×N] = op(A)·op(B) + beta·C (kernels::gemm: single-threaded BLAS, split by oneTBB).
template <typename T>
void conv_gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, const T* A, int64_t lda,
               const T* B, int64_t ldb, T beta, T* C, int64_t ldc) {
  if (in_parallel_image_loop)
    gemm_serial(ta, tb, M, N, K, T(1), A, lda, B, ldb, beta, C, ldc);
  else
    gemm(ta, tb, M, N, K, T(1), A, lda, B, ldb, beta, C, ldc);
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

/// `keep_columns`, when not null, receives every image's column matrix ([N, K, L]) for the weight
/// gradient; otherwise they live in per-thread scratch memory.
template <typename T>
void conv_forward_kernel(const T* x, const T* w, const T* bias, T* y, int64_t N, int64_t Cout,
                         const ConvGeometry& g, int64_t groups, T* keep_columns) {
  const int64_t K = g.col_rows(), L = g.col_cols(), Kg = K / groups, Cg = Cout / groups;
  const int64_t image = g.image_size();
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
      conv_gemm<T>(false, false, Cg, L, Kg, w + gi * Cg * Kg, Kg, col + gi * Kg * L, L,
                   bias ? T(1) : T(0), out + gi * Cg * L, L);
  });
}

template <typename T>
void conv_input_grad_kernel(const T* gy, const T* w, T* gx, int64_t N, int64_t Cout,
                            const ConvGeometry& g, int64_t groups) {
  const int64_t K = g.col_rows(), L = g.col_cols(), Kg = K / groups, Cg = Cout / groups;
  const int64_t image = g.image_size();
  const bool direct = columns_are_image(g);
  for_each_image(N, Cout * K * L, [&](int64_t n) {
    Scratch buffer(direct ? 0 : size_t(K * L) * sizeof(T));
    T* col = direct ? gx + n * image : buffer.as<T>();
    for (int64_t gi = 0; gi < groups; ++gi)
      conv_gemm<T>(true, false, Kg, L, Cg, w + gi * Cg * Kg, Kg, gy + (n * Cout + gi * Cg) * L, L,
                   T(0), col + gi * Kg * L, L);
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
  const int64_t image = g.image_size();
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
        conv_gemm<T>(false, true, Cg, Kg, L, gy + (n * Cout + gi * Cg) * L, L, col + gi * Kg * L, L,
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

/// A defined tensor's elements, or null.
template <typename T> T* data_or_null(const Tensor& t) {
  return t.defined() ? t.data_ptr<T>() : nullptr;
}

} // namespace

/// The forward keeps its column matrices for the weight gradient when they take at most this much
/// memory: rebuilding them in backward was 2.4% of mnist_cnn's time (its conv2 keeps 42 MB a
/// batch), while a large image's columns (K·L floats per image) could take gigabytes.
constexpr int64_t kMaxKeptColumnBytes = int64_t(64) << 20;

int64_t kept_columns_per_image(const ConvGeometry& g, int64_t groups, int64_t N, ScalarType dtype) {
  if (columns_are_image(g)) return 0;
  const int64_t size =
      winograd_applies(g, groups) ? winograd_kept_size(g) : g.col_rows() * g.col_cols();
  return N * size * int64_t(elementSize(dtype)) <= kMaxKeptColumnBytes ? size : 0;
}

void convolution(const Tensor& x, const Tensor& w, const Tensor& b, const Tensor& y,
                 const ConvGeometry& g, int64_t groups, const Tensor& columns) {
  dispatch_floating(x.scalar_type(), "convolution", [&]<typename T>() {
    if (winograd_applies(g, groups))
      return winograd_forward<T>(x.data_ptr<T>(), w.data_ptr<T>(), data_or_null<T>(b),
                                 y.data_ptr<T>(), x.size(0), w.size(0), g,
                                 data_or_null<T>(columns));
    conv_forward_kernel<T>(x.data_ptr<T>(), w.data_ptr<T>(), data_or_null<T>(b), y.data_ptr<T>(),
                           x.size(0), w.size(0), g, groups, data_or_null<T>(columns));
  });
}

void convolution_input_grad(const Tensor& gy, const Tensor& w, const Tensor& gx,
                            const ConvGeometry& g, int64_t groups) {
  dispatch_floating(gy.scalar_type(), "convolution backward", [&]<typename T>() {
    if (winograd_applies(g, groups))
      return winograd_input_grad<T>(gy.data_ptr<T>(), w.data_ptr<T>(), gx.data_ptr<T>(), gx.size(0),
                                    w.size(0), g);
    conv_input_grad_kernel<T>(gy.data_ptr<T>(), w.data_ptr<T>(), gx.data_ptr<T>(), gx.size(0),
                              w.size(0), g, groups);
  });
}

void convolution_weight_grad(const Tensor& x, const Tensor& gy, const Tensor& gw,
                             const ConvGeometry& g, int64_t groups, const Tensor& columns) {
  dispatch_floating(gy.scalar_type(), "convolution backward", [&]<typename T>() {
    if (winograd_applies(g, groups))
      return winograd_weight_grad<T>(data_or_null<T>(x), gy.data_ptr<T>(), gw.data_ptr<T>(),
                                     gy.size(0), gw.size(0), g, data_or_null<T>(columns));
    conv_weight_grad_kernel<T>(data_or_null<T>(x), gy.data_ptr<T>(), gw.data_ptr<T>(), gy.size(0),
                               gw.size(0), g, groups, data_or_null<T>(columns));
  });
}

void convolution_bias_grad(const Tensor& gy, const Tensor& gb) {
  const int64_t N = gy.size(0), C = gy.size(1), plane = N * C > 0 ? gy.numel() / (N * C) : 0;
  dispatch_floating(gy.scalar_type(), "convolution backward", [&]<typename T>() {
    bias_grad_kernel<T>(gy.data_ptr<T>(), gb.data_ptr<T>(), N, C, plane);
  });
}

void conv_transpose(const Tensor& x, const Tensor& w, const Tensor& b, const Tensor& y,
                    const ConvGeometry& g, int64_t groups) {
  dispatch_floating(x.scalar_type(), "conv_transpose", [&]<typename T>() {
    conv_input_grad_kernel<T>(x.data_ptr<T>(), w.data_ptr<T>(), y.data_ptr<T>(), x.size(0),
                              w.size(0), g, groups);
    if (!b.defined()) return;
    const T* bp = b.data_ptr<T>();
    T* o = y.data_ptr<T>();
    const int64_t N = y.size(0), Cout = y.size(1), plane = g.image_size() / g.channels;
    for (int64_t n = 0; n < N; ++n)
      for (int64_t c = 0; c < Cout; ++c) {
        T* dst = o + (n * Cout + c) * plane;
        for (int64_t i = 0; i < plane; ++i) dst[i] += bp[c];
      }
  });
}

} // namespace tg::kernels
