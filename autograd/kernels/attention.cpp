// Fused scaled-dot-product attention (see attention.h). The forward is one task per (batch entry,
// strip of query rows), the backward one per batch entry; each multiplies with BLAS on its own
// thread (gemm_serial), so oneTBB's loop is the only parallelism.
#include "autograd/kernels/attention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "autograd/kernels/blas.h"
#include "autograd/kernels/dispatch.h"
#include "autograd/kernels/parallel_for.h"

namespace tg::kernels {

namespace {

/// Query rows per strip: a [kRows, S] block of scores stays in cache for S up to a few thousand.
constexpr int64_t kRows = 64;

/// Where mask[b] starts, for every flat batch entry b: the mask is an expanded view, so the
/// offsets follow its (possibly zero) batch strides.
std::vector<int64_t> mask_batch_offsets(const Tensor& mask, int64_t B) {
  std::vector<int64_t> offs(size_t(B), 0);
  if (!mask.defined()) return offs;
  const int64_t nb = mask.dim() - 2;
  for (int64_t b = 0; b < B; ++b) {
    int64_t rem = b, off = 0;
    for (int64_t d = nb - 1; d >= 0; --d) {
      off += (rem % mask.size(d)) * mask.strides()[size_t(d)];
      rem /= mask.size(d);
    }
    offs[size_t(b)] = off;
  }
  return offs;
}

/// The additive mask and the causal rule, applied to scores `sc` [rows, S] of query rows
/// [i0, i0 + rows).
template <typename T>
void apply_masks(T* sc, int64_t rows, int64_t i0, const T* m, int64_t ms0, int64_t ms1,
                 const AttentionShape& s) {
  constexpr T kNegInf = -std::numeric_limits<T>::infinity();
  for (int64_t r = 0; r < rows; ++r) {
    T* row = sc + r * s.S;
    if (m) {
      const T* mr = m + (i0 + r) * ms0;
      for (int64_t j = 0; j < s.S; ++j) row[j] += mr[j * ms1];
    }
    if (s.causal)
      for (int64_t j = i0 + r + 1; j < s.S; ++j) row[j] = kNegInf;
  }
}

/// scores = scale·q_strip·kᵀ + masks, for the strip of `rows` query rows starting at i0.
template <typename T>
void strip_scores(const T* q, const T* k, const T* m, int64_t ms0, int64_t ms1, int64_t i0,
                  int64_t rows, const AttentionShape& s, T* sc) {
  gemm_serial(false, true, rows, s.S, s.E, T(s.scale), q + i0 * s.E, s.E, k, s.E, T(0), sc, s.S);
  apply_masks(sc, rows, i0, m, ms0, ms1, s);
}

template <typename T>
void forward_kernel(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                    const AttentionShape& s, const Tensor& out, const Tensor& lse) {
  using Acc = std::conditional_t<std::is_same_v<T, float>, double, T>;
  const std::vector<int64_t> moff = mask_batch_offsets(mask, s.B);
  const T* mbase = mask.defined() ? mask.data_ptr<T>() : nullptr;
  const int64_t ms0 = mask.defined() ? mask.strides()[size_t(mask.dim() - 2)] : 0;
  const int64_t ms1 = mask.defined() ? mask.strides()[size_t(mask.dim() - 1)] : 0;
  const T *Q = q.data_ptr<T>(), *K = k.data_ptr<T>(), *V = v.data_ptr<T>();
  T *O = out.data_ptr<T>(), *LSE = lse.data_ptr<T>();
  // Strips are independent in the forward: one task per (batch entry, strip), so a single long
  // sequence still spreads over the threads.
  const int64_t strips = (s.L + kRows - 1) / kRows;
  parallel_for_each(0, s.B * strips, [&](int64_t task) {
    const int64_t b = task / strips, i0 = (task % strips) * kRows;
    const int64_t rows = std::min(kRows, s.L - i0);
    std::vector<T> sc(size_t(rows * s.S));
    const T* qb = Q + b * s.L * s.E;
    const T* kb = K + b * s.S * s.E;
    const T* vb = V + b * s.S * s.Ev;
    const T* mb = mbase ? mbase + moff[size_t(b)] : nullptr;
    strip_scores(qb, kb, mb, ms0, ms1, i0, rows, s, sc.data());
    for (int64_t r = 0; r < rows; ++r) {
      T* row = sc.data() + r * s.S;
      T mx = -std::numeric_limits<T>::infinity();
      for (int64_t j = 0; j < s.S; ++j) mx = std::max(mx, row[j]);
      Acc sum = 0;
      // Shifted by the row max so exp cannot overflow; an all -inf row gives (-inf) - (-inf) =
      // NaN, the NaN softmax gives there.
      for (int64_t j = 0; j < s.S; ++j) {
        row[j] = std::exp(row[j] - mx);
        sum += Acc(row[j]);
      }
      const T inv = T(Acc(1) / sum);
      for (int64_t j = 0; j < s.S; ++j) row[j] *= inv;
      // log Σ exp(x) = max + log Σ exp(x - max)
      LSE[b * s.L + i0 + r] = T(Acc(mx) + std::log(sum));
    }
    gemm_serial(false, false, rows, s.Ev, s.S, T(1), sc.data(), s.S, vb, s.Ev, T(0),
                O + (b * s.L + i0) * s.Ev, s.Ev);
  });
}

template <typename T>
void backward_kernel(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                     const Tensor& out, const Tensor& lse, const Tensor& dout,
                     const AttentionShape& s, const Tensor& dq, const Tensor& dk, const Tensor& dv,
                     const Tensor& dmask) {
  using Acc = std::conditional_t<std::is_same_v<T, float>, double, T>;
  const std::vector<int64_t> moff = mask_batch_offsets(mask, s.B);
  const T* mbase = mask.defined() ? mask.data_ptr<T>() : nullptr;
  const int64_t ms0 = mask.defined() ? mask.strides()[size_t(mask.dim() - 2)] : 0;
  const int64_t ms1 = mask.defined() ? mask.strides()[size_t(mask.dim() - 1)] : 0;
  const T *Q = q.data_ptr<T>(), *K = k.data_ptr<T>(), *V = v.data_ptr<T>();
  const T *O = out.data_ptr<T>(), *LSE = lse.data_ptr<T>(), *DO = dout.data_ptr<T>();
  T *DQ = dq.data_ptr<T>(), *DK = dk.data_ptr<T>(), *DV = dv.data_ptr<T>();
  T* DM = dmask.defined() ? dmask.data_ptr<T>() : nullptr;
  // One task per batch entry: dk[b] and dv[b] sum over all of b's strips, so they stay on one
  // thread and need no locking.
  parallel_for_each(0, s.B, [&](int64_t b) {
    const size_t strip = size_t(std::min(kRows, s.L) * s.S);
    std::vector<T> p(strip), dp(strip);
    const T* qb = Q + b * s.L * s.E;
    const T* kb = K + b * s.S * s.E;
    const T* vb = V + b * s.S * s.Ev;
    const T* mb = mbase ? mbase + moff[size_t(b)] : nullptr;
    T* dkb = DK + b * s.S * s.E;
    T* dvb = DV + b * s.S * s.Ev;
    std::fill(dkb, dkb + s.S * s.E, T(0));
    std::fill(dvb, dvb + s.S * s.Ev, T(0));
    for (int64_t i0 = 0; i0 < s.L; i0 += kRows) {
      const int64_t rows = std::min(kRows, s.L - i0);
      const T* dob = DO + (b * s.L + i0) * s.Ev;
      const T* ob = O + (b * s.L + i0) * s.Ev;
      // P = exp(scale·q·kᵀ + mask − lse), the forward's probabilities, recomputed
      strip_scores(qb, kb, mb, ms0, ms1, i0, rows, s, p.data());
      for (int64_t r = 0; r < rows; ++r) {
        const T l = LSE[b * s.L + i0 + r];
        T* row = p.data() + r * s.S;
        for (int64_t j = 0; j < s.S; ++j) row[j] = std::exp(row[j] - l);
      }
      // dV += Pᵀ·dO
      gemm_serial(true, false, s.S, s.Ev, rows, T(1), p.data(), s.S, dob, s.Ev, T(1), dvb, s.Ev);
      // dP = dO·Vᵀ
      gemm_serial(false, true, rows, s.S, s.Ev, T(1), dob, s.Ev, vb, s.Ev, T(0), dp.data(), s.S);
      // dS = P∘(dP − D) with D = rowsum(dO∘O) (= rowsum(P∘dP)), softmax's backward; kept in dp
      for (int64_t r = 0; r < rows; ++r) {
        Acc D = 0;
        for (int64_t c = 0; c < s.Ev; ++c) D += Acc(dob[r * s.Ev + c]) * Acc(ob[r * s.Ev + c]);
        T* dpr = dp.data() + r * s.S;
        const T* pr = p.data() + r * s.S;
        for (int64_t j = 0; j < s.S; ++j) dpr[j] = pr[j] * (dpr[j] - T(D));
      }
      if (DM) std::copy(dp.begin(), dp.begin() + rows * s.S, DM + (b * s.L + i0) * s.S);
      // dQ = scale·dS·K
      gemm_serial(false, false, rows, s.E, s.S, T(s.scale), dp.data(), s.S, kb, s.E, T(0),
                  DQ + (b * s.L + i0) * s.E, s.E);
      // dK += scale·dSᵀ·Q
      gemm_serial(true, false, s.S, s.E, rows, T(s.scale), dp.data(), s.S, qb + i0 * s.E, s.E, T(1),
                  dkb, s.E);
    }
  });
}

} // namespace

void attention_forward(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                       const AttentionShape& s, const Tensor& out, const Tensor& lse) {
  dispatch_floating(q.scalar_type(), "scaled_dot_product_attention",
                    [&]<typename T>() { forward_kernel<T>(q, k, v, mask, s, out, lse); });
}

void attention_backward(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                        const Tensor& out, const Tensor& lse, const Tensor& dout,
                        const AttentionShape& s, const Tensor& dq, const Tensor& dk,
                        const Tensor& dv, const Tensor& dmask) {
  dispatch_floating(q.scalar_type(), "scaled_dot_product_attention_backward", [&]<typename T>() {
    backward_kernel<T>(q, k, v, mask, out, lse, dout, s, dq, dk, dv, dmask);
  });
}

} // namespace tg::kernels
