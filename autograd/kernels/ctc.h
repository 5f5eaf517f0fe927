#pragma once
// The loops of the CTC loss (Graves et al. 2006), in log space as LibTorch's CPU kernel runs them.
// A target l of length L is extended with blanks to l' = (b, l1, b, l2, ..., lL, b), 2L + 1
// states. alpha[t, s] is the log-probability of all alignments of the first t + 1 frames that end
// in state s; beta[t, s] that of the alignments of frames t.. that start there. The loss is
// -log(exp(alpha[T-1, 2L]) + exp(alpha[T-1, 2L-1])). Plain loops over raw arrays, parallel over
// the batch; no tensors, no autograd.
#include <cstdint>

namespace tg::kernels {

/// Where the pieces of a CTC problem are. Arrays are contiguous: log_probs [T_max, N, C], the
/// targets as int64 with sample n's k-th label at targets[offsets[n] + k·target_stride].
struct CtcProblem {
  int64_t max_input_length = 0;     ///< T_max, the frames of log_probs.
  int64_t batch = 0;                ///< N, the samples.
  int64_t classes = 0;              ///< C, the labels including the blank.
  int64_t max_target_length = 0;    ///< The longest target: log_alpha is [N, T_max, 2·it + 1].
  int64_t blank = 0;                ///< The blank label.
  const int64_t* targets = nullptr; ///< The labels (padded [N, S] or concatenated).
  const int64_t* target_offsets = nullptr; ///< Per sample, the index of its first label.
  int64_t target_stride = 1;               ///< The distance between a sample's labels.
  const int64_t* input_lengths = nullptr;  ///< Per sample, its frames (at most T_max).
  const int64_t* target_lengths = nullptr; ///< Per sample, its labels.
};

/// Fills nll [N] with each sample's negative log-likelihood (inf where no alignment exists) and
/// log_alpha [N, T_max, 2·max_target_length + 1] with the forward variables (rows past a sample's
/// length are left unset).
template <typename T>
void ctc_loss_forward(const CtcProblem& p, const T* log_probs, T* nll, T* log_alpha);

/// Fills grad [T_max, N, C] with LibTorch's gradient of Σ_n grad_out[n]·nll[n]:
/// (exp(lp[t, c]) - exp(log Σ_{s: l'_s = c} alpha·beta[t, s] + nll - lp[t, c]))·grad_out[n], which
/// is the gradient with respect to the logits when log_probs = log_softmax(logits) (LibTorch
/// assumes so; the exp(lp) term cancels in log_softmax's backward). Frames past a sample's input
/// length, empty inputs and, with zero_infinity, samples of infinite loss get 0.
template <typename T>
void ctc_loss_backward(const CtcProblem& p, const T* log_probs, const T* nll, const T* log_alpha,
                       const T* grad_out, bool zero_infinity, T* grad);

} // namespace tg::kernels
