#include "autograd/kernels/ctc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "autograd/kernels/parallel_for.h"

namespace tg::kernels {

namespace {

/// l'_s: the blank at even states, label (s - 1) / 2 at odd ones.
inline int64_t target_prime(const CtcProblem& p, int64_t n, int64_t s) {
  if (s % 2 == 0) return p.blank;
  return p.targets[p.target_offsets[n] + (s / 2) * p.target_stride];
}

/// log(e^a + e^b + e^c) with the maximum taken out; an all -inf sum stays -inf.
template <typename T> T log_sum3(T a, T b, T c) {
  T m = std::max({a, b, c});
  if (m == -std::numeric_limits<T>::infinity()) m = 0;
  return std::log(std::exp(a - m) + std::exp(b - m) + std::exp(c - m)) + m;
}

} // namespace

template <typename T>
void ctc_loss_forward(const CtcProblem& p, const T* log_probs, T* nll, T* log_alpha) {
  constexpr T neginf = -std::numeric_limits<T>::infinity();
  const int64_t S = 2 * p.max_target_length + 1, N = p.batch, C = p.classes;
  parallel_for_each(0, N, [&](int64_t n) {
    const int64_t len = p.input_lengths[n], tl = p.target_lengths[n];
    T* la = log_alpha + n * p.max_input_length * S;
    auto lp = [&](int64_t t, int64_t c) { return log_probs[(t * N + n) * C + c]; };
    std::fill(la, la + S, neginf);
    if (len == 0) { // no frames: only the empty target has an alignment
      nll[n] = tl == 0 ? T(0) : std::numeric_limits<T>::infinity();
      return;
    }
    // an alignment starts with the blank or with the first label
    la[0] = lp(0, p.blank);
    if (tl > 0) la[1] = lp(0, target_prime(p, n, 1));
    for (int64_t t = 1; t < len; ++t) {
      const T* prev = la + (t - 1) * S;
      T* cur = la + t * S;
      for (int64_t s = 0; s < 2 * tl + 1; ++s) {
        const int64_t c = target_prime(p, n, s);
        // stay in s, advance from s - 1, or skip a blank from s - 2 unless that repeats a label
        const T a2 = s > 0 ? prev[s - 1] : neginf;
        const T a3 = s > 1 && target_prime(p, n, s - 2) != c ? prev[s - 2] : neginf;
        cur[s] = log_sum3(prev[s], a2, a3) + lp(t, c);
      }
    }
    // an alignment ends in the last label or the blank after it
    const T* last = la + (len - 1) * S;
    nll[n] = tl == 0 ? -last[0] : -log_sum3(last[2 * tl], last[2 * tl - 1], neginf);
  });
}

template <typename T>
void ctc_loss_backward(const CtcProblem& p, const T* log_probs, const T* nll, const T* log_alpha,
                       const T* grad_out, bool zero_infinity, T* grad) {
  constexpr T neginf = -std::numeric_limits<T>::infinity();
  const int64_t S = 2 * p.max_target_length + 1, N = p.batch, C = p.classes;
  const int64_t Tmax = p.max_input_length;
  parallel_for_each(0, N, [&](int64_t n) {
    const int64_t len = p.input_lengths[n], tl = p.target_lengths[n];
    auto lp = [&](int64_t t, int64_t c) { return log_probs[(t * N + n) * C + c]; };
    auto g = [&](int64_t t, int64_t c) -> T& { return grad[(t * N + n) * C + c]; };
    for (int64_t t = 0; t < Tmax; ++t)
      for (int64_t c = 0; c < C; ++c) g(t, c) = len > 0 && t < len ? neginf : T(0);
    if (len == 0) return;
    if (zero_infinity && nll[n] == std::numeric_limits<T>::infinity()) {
      for (int64_t t = 0; t < len; ++t)
        for (int64_t c = 0; c < C; ++c) g(t, c) = 0;
      return;
    }
    const T* la = log_alpha + n * Tmax * S;
    // g(t, c) first collects log Σ_{s: l'_s = c} alpha[t, s] + beta[t, s]
    auto accumulate = [&](int64_t t, int64_t c, T log_alpha_beta) {
      T& acc = g(t, c);
      if (acc == neginf) {
        acc = log_alpha_beta;
      } else {
        const T m = std::max(acc, log_alpha_beta);
        acc = std::log(std::exp(acc - m) + std::exp(log_alpha_beta - m)) + m;
      }
    };
    std::vector<T> beta(size_t(len * S), neginf);
    auto lb = [&](int64_t t, int64_t s) -> T& { return beta[size_t(t * S + s)]; };
    // an alignment of the last frame ends in the final blank or the last label
    lb(len - 1, 2 * tl) = lp(len - 1, p.blank);
    g(len - 1, p.blank) = la[(len - 1) * S + 2 * tl] + lb(len - 1, 2 * tl);
    if (tl > 0) {
      const int64_t c = target_prime(p, n, 2 * tl - 1);
      lb(len - 1, 2 * tl - 1) = lp(len - 1, c);
      g(len - 1, c) = la[(len - 1) * S + 2 * tl - 1] + lb(len - 1, 2 * tl - 1);
    }
    for (int64_t t = len - 2; t >= 0; --t) {
      for (int64_t s = 2 * tl; s >= 0; --s) {
        const int64_t c = target_prime(p, n, s);
        // stay in s, go on to s + 1, or skip the blank to s + 2 unless that repeats a label
        const T b2 = s < 2 * tl ? lb(t + 1, s + 1) : neginf;
        const T b3 = s < 2 * tl - 1 && target_prime(p, n, s + 2) != c ? lb(t + 1, s + 2) : neginf;
        lb(t, s) = log_sum3(lb(t + 1, s), b2, b3) + lp(t, c);
        accumulate(t, c, la[t * S + s] + lb(t, s));
      }
    }
    // d nll / d logit[t, c] = p[t, c] - Σ_{s: l'_s = c} alpha·beta / (p[t, c]·likelihood)
    const T gr = grad_out[n], loss = nll[n];
    for (int64_t t = 0; t < len; ++t)
      for (int64_t c = 0; c < C; ++c) {
        T& r = g(t, c);
        const T l = lp(t, c);
        r = (std::exp(l) - std::exp(r + loss - l)) * gr;
      }
  });
}

template void ctc_loss_forward<float>(const CtcProblem&, const float*, float*, float*);
template void ctc_loss_forward<double>(const CtcProblem&, const double*, double*, double*);
template void ctc_loss_backward<float>(const CtcProblem&, const float*, const float*, const float*,
                                       const float*, bool, float*);
template void ctc_loss_backward<double>(const CtcProblem&, const double*, const double*,
                                        const double*, const double*, bool, double*);

} // namespace tg::kernels
