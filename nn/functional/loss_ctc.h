#pragma once
// F::ctc_loss and torch::ctc_loss (torch/nn/functional/loss.h): the CTC loss of Graves et al.
#include "autograd/tensor/tensor.h"
#include "nn/options/loss_ctc.h"

namespace tg::nn::functional {

/// -log Σ_{alignments of target n to the first input_lengths[n] frames} Π_t p_t(label) for
/// log-probabilities `log_probs` [T, N, C] (normally log_softmax over C), int targets [N, S]
/// (padded) or concatenated [Σ target_lengths], and int lengths [N]. As in LibTorch, the gradient
/// it records is the one with respect to the logits of a log_softmax: use it on log_softmax output.
Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, const CTCLossFuncOptions& options = {});

} // namespace tg::nn::functional

namespace tg {

/// torch::ctc_loss with lengths as lists: F::ctc_loss with blank, reduction (a
/// tg::Reduction::Reduction value) and zero_infinity passed positionally.
Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, IntArrayRef input_lengths,
                IntArrayRef target_lengths, int64_t blank = 0, int64_t reduction = Reduction::Mean,
                bool zero_infinity = false);
/// torch::ctc_loss with lengths as integer tensors [N].
Tensor ctc_loss(const Tensor& log_probs, const Tensor& targets, const Tensor& input_lengths,
                const Tensor& target_lengths, int64_t blank = 0,
                int64_t reduction = Reduction::Mean, bool zero_infinity = false);

} // namespace tg
