#pragma once
// The elementwise loop every pointwise kernel runs on. Operands (output first) are viewed over the
// output's shape with broadcast (stride 0) dimensions; adjacent dimensions that are laid out
// contiguously for every operand are merged, so most calls become one flat loop. Work is split
// across oneTBB only when a tensor is large enough for threads to pay off.
#include <array>
#include <cstdint>
#include <initializer_list>

#include "autograd/kernels/parallel_for.h"
#include "autograd/tensor/tensor.h"

namespace tg::kernels {

/// Below this many elements a loop runs serially: a tbb task costs about a microsecond.
constexpr int64_t kParallelGrain = 32768;

template <size_t N> struct LoopShape {
  int64_t ndim = 0;
  int64_t numel = 1;
  DimVector sizes;                        // coalesced, outermost first
  std::array<DimVector, N> byte_strides;  // per operand, per dim
  std::array<char*, N> base{};
};

/// Operand `t` viewed over `shape` (trailing alignment, size-1 dims broadcast with stride 0).
inline DimVector broadcast_byte_strides(const Tensor& t, IntArrayRef shape) {
  DimVector out(shape.size(), 0);
  int64_t offset = int64_t(shape.size()) - t.dim();
  IntArrayRef ts = t.sizes(), st = t.strides();
  int64_t es = int64_t(t.element_size());
  for (int64_t d = 0; d < t.dim(); ++d)
    out[d + offset] = (ts[d] == 1 && shape[d + offset] != 1) ? 0 : st[d] * es;
  return out;
}

template <size_t N> LoopShape<N> make_loop(const std::array<const Tensor*, N>& ops, IntArrayRef shape) {
  LoopShape<N> L;
  std::array<DimVector, N> strides;
  for (size_t k = 0; k < N; ++k) {
    strides[k] = broadcast_byte_strides(*ops[k], shape);
    L.base[k] = static_cast<char*>(ops[k]->unsafeGetTensorImpl()->data());
  }
  // Drop size-1 dims, then merge dim i into i+1 when every operand is packed across the pair.
  DimVector sizes;
  std::array<DimVector, N> st;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == 1) continue;
    sizes.push_back(shape[d]);
    for (size_t k = 0; k < N; ++k) st[k].push_back(strides[k][d]);
  }
  DimVector msizes;
  std::array<DimVector, N> mst;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (!msizes.empty()) {
      bool mergeable = true;
      for (size_t k = 0; k < N; ++k)
        if (mst[k].back() != st[k][d] * sizes[d]) mergeable = false;
      if (mergeable) {
        msizes.back() *= sizes[d];
        for (size_t k = 0; k < N; ++k) mst[k].back() = st[k][d];
        continue;
      }
    }
    msizes.push_back(sizes[d]);
    for (size_t k = 0; k < N; ++k) mst[k].push_back(st[k][d]);
  }
  if (msizes.empty()) { // a single element
    msizes.push_back(1);
    for (size_t k = 0; k < N; ++k) mst[k].push_back(0);
  }
  L.ndim = int64_t(msizes.size());
  L.sizes = msizes;
  L.byte_strides = mst;
  L.numel = 1;
  for (int64_t s : msizes) L.numel *= s;
  return L;
}

/// Runs body(ptrs, inner_byte_strides, count) over rows of the innermost dimension for the linear
/// element range [begin, end).
template <size_t N, typename Body>
void run_range(const LoopShape<N>& L, int64_t begin, int64_t end, Body& body) {
  const int64_t nd = L.ndim;
  const int64_t inner = L.sizes[nd - 1];
  std::array<int64_t, N> inner_stride;
  for (size_t k = 0; k < N; ++k) inner_stride[k] = L.byte_strides[k][nd - 1];
  // Multi-index of `begin` over the outer dims.
  DimVector idx(nd, 0);
  int64_t rem = begin;
  for (int64_t d = nd - 1; d >= 0; --d) {
    idx[d] = rem % L.sizes[d];
    rem /= L.sizes[d];
  }
  int64_t pos = begin;
  while (pos < end) {
    std::array<char*, N> p;
    for (size_t k = 0; k < N; ++k) {
      char* q = L.base[k];
      for (int64_t d = 0; d < nd; ++d) q += idx[d] * L.byte_strides[k][d];
      p[k] = q;
    }
    int64_t count = std::min(inner - idx[nd - 1], end - pos);
    body(p.data(), inner_stride.data(), count);
    pos += count;
    idx[nd - 1] += count;
    for (int64_t d = nd - 1; d > 0 && idx[d] >= L.sizes[d]; --d) {
      idx[d] = 0;
      ++idx[d - 1];
    }
  }
}

template <size_t N, typename Body> void for_each(const LoopShape<N>& L, Body body) {
  if (L.numel == 0) return;
  if (L.numel < kParallelGrain) {
    run_range(L, 0, L.numel, body);
    return;
  }
  parallel_for(0, L.numel, kParallelGrain / 2, [&](int64_t begin, int64_t end) {
    Body local = body;
    run_range(L, begin, end, local);
  });
}

/// True when every operand has `out`'s shape and all are contiguous: the loop is then one flat
/// run over numel elements, and the shape analysis of make_loop (a third of the time of an op on
/// a small tensor) can be skipped.
inline bool all_flat(const Tensor& out, std::initializer_list<const Tensor*> operands) {
  const TensorImpl* o = out.unsafeGetTensorImpl();
  if (!o->is_contiguous()) return false;
  for (const Tensor* t : operands) {
    const TensorImpl* i = t->unsafeGetTensorImpl();
    if (!i->is_contiguous() || !i->sizes().equals(o->sizes())) return false;
  }
  return true;
}

/// body(begin, end) over [0, n): serially when n is small, else in blocks on several threads.
template <typename Body> void flat_for(int64_t n, const Body& body) {
  if (n < kParallelGrain)
    body(int64_t(0), n);
  else
    parallel_for(0, n, kParallelGrain / 2, body);
}

/// The element pointer of a tensor whose dtype the caller has checked.
template <typename T> T* elements(const Tensor& t) {
  return static_cast<T*>(t.unsafeGetTensorImpl()->data());
}

/// out[i] = op(a[i]) with out, a of C++ types O, A; `a` broadcast to out's shape.
template <typename O, typename A, typename Op>
void map1(const Tensor& out, const Tensor& a, Op op) {
  if (all_flat(out, {&a})) {
    O* o = elements<O>(out);
    const A* x = elements<const A>(a);
    flat_for(out.numel(), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) o[i] = op(x[i]);
    });
    return;
  }
  auto L = make_loop<2>({&out, &a}, out.sizes());
  for_each(L, [op](char** p, const int64_t* s, int64_t n) {
    O* o = reinterpret_cast<O*>(p[0]);
    const A* x = reinterpret_cast<const A*>(p[1]);
    if (s[0] == sizeof(O) && s[1] == sizeof(A)) {
      for (int64_t i = 0; i < n; ++i) o[i] = op(x[i]);
    } else if (s[0] == sizeof(O) && s[1] == 0) {
      const O v = op(x[0]);
      for (int64_t i = 0; i < n; ++i) o[i] = v;
    } else {
      for (int64_t i = 0; i < n; ++i)
        *reinterpret_cast<O*>(p[0] + i * s[0]) = op(*reinterpret_cast<const A*>(p[1] + i * s[1]));
    }
  });
}

/// out[i] = op(a[i], b[i]); a and b broadcast to out's shape.
template <typename O, typename A, typename B, typename Op>
void map2(const Tensor& out, const Tensor& a, const Tensor& b, Op op) {
  if (all_flat(out, {&a, &b})) {
    O* o = elements<O>(out);
    const A* x = elements<const A>(a);
    const B* y = elements<const B>(b);
    flat_for(out.numel(), [&](int64_t lo, int64_t hi) {
      for (int64_t i = lo; i < hi; ++i) o[i] = op(x[i], y[i]);
    });
    return;
  }
  auto L = make_loop<3>({&out, &a, &b}, out.sizes());
  for_each(L, [op](char** p, const int64_t* s, int64_t n) {
    O* o = reinterpret_cast<O*>(p[0]);
    const A* x = reinterpret_cast<const A*>(p[1]);
    const B* y = reinterpret_cast<const B*>(p[2]);
    if (s[0] == sizeof(O) && s[1] == sizeof(A) && s[2] == sizeof(B)) {
      for (int64_t i = 0; i < n; ++i) o[i] = op(x[i], y[i]);
    } else if (s[0] == sizeof(O) && s[1] == sizeof(A) && s[2] == 0) {
      const B yv = y[0];
      for (int64_t i = 0; i < n; ++i) o[i] = op(x[i], yv);
    } else if (s[0] == sizeof(O) && s[1] == 0 && s[2] == sizeof(B)) {
      const A xv = x[0];
      for (int64_t i = 0; i < n; ++i) o[i] = op(xv, y[i]);
    } else {
      for (int64_t i = 0; i < n; ++i)
        *reinterpret_cast<O*>(p[0] + i * s[0]) = op(*reinterpret_cast<const A*>(p[1] + i * s[1]),
                                                    *reinterpret_cast<const B*>(p[2] + i * s[2]));
    }
  });
}

/// out[i] = op(a[i], b[i], c[i]); all broadcast to out's shape.
template <typename O, typename A, typename B, typename C, typename Op>
void map3(const Tensor& out, const Tensor& a, const Tensor& b, const Tensor& c, Op op) {
  if (all_flat(out, {&a, &b, &c})) {
    O* o = elements<O>(out);
    const A* x = elements<const A>(a);
    const B* y = elements<const B>(b);
    const C* z = elements<const C>(c);
    flat_for(out.numel(), [&](int64_t lo, int64_t hi) {
      for (int64_t i = lo; i < hi; ++i) o[i] = op(x[i], y[i], z[i]);
    });
    return;
  }
  auto L = make_loop<4>({&out, &a, &b, &c}, out.sizes());
  for_each(L, [op](char** p, const int64_t* s, int64_t n) {
    if (s[0] == sizeof(O) && s[1] == sizeof(A) && s[2] == sizeof(B) && s[3] == sizeof(C)) {
      O* o = reinterpret_cast<O*>(p[0]);
      const A* x = reinterpret_cast<const A*>(p[1]);
      const B* y = reinterpret_cast<const B*>(p[2]);
      const C* z = reinterpret_cast<const C*>(p[3]);
      for (int64_t i = 0; i < n; ++i) o[i] = op(x[i], y[i], z[i]);
      return;
    }
    for (int64_t i = 0; i < n; ++i)
      *reinterpret_cast<O*>(p[0] + i * s[0]) = op(*reinterpret_cast<const A*>(p[1] + i * s[1]),
                                                  *reinterpret_cast<const B*>(p[2] + i * s[2]),
                                                  *reinterpret_cast<const C*>(p[3] + i * s[3]));
  });
}

/// Copies `src` (any strides, any dtype) into `dst` (any strides), converting element types.
void copy(const Tensor& dst, const Tensor& src);
/// `t` itself when it is contiguous, else a contiguous copy. Unlike Tensor::contiguous() it never
/// records a backward: for kernels, which only read the values.
Tensor contiguous(const Tensor& t);
/// Fills `dst` (any strides) with `value` converted to its dtype.
void fill(const Tensor& dst, const Scalar& value);
/// Writes, for every index of a window with `sizes` and `strides` in row-major order, its memory
/// position `offset + sum(index[d] * strides[d])` to `out` (numel(sizes) entries).
void strided_positions(int64_t* out, IntArrayRef sizes, IntArrayRef strides, int64_t offset);

} // namespace tg::kernels
