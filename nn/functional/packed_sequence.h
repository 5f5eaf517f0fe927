#pragma once
// The ATen-level functions behind torch::nn::utils::rnn (nn/utils/rnn.h): packing a padded batch
// of sequences step by step, and unpacking it again. A packed batch is `data` [total, *], the
// rows of step 0 of every sequence, then step 1 of the sequences still running, and so on, with
// `batch_sizes` [steps] (int64) saying how many rows each step has. Sequences are sorted longest
// first, so the batch only ever shrinks. Written with differentiable ops (slice, cat, full), so
// gradients flow back to the padded input.
#include <tuple>
#include <vector>

#include "autograd/ops/functions.h"

namespace tg {

/// (data, batch_sizes) of `input` [seq_len, batch, *] ([batch, seq_len, *] with batch_first),
/// whose sequence b has lengths[b] steps (torch::_pack_padded_sequence). Throws tg::Error for
/// empty input, lengths that are not a 1-D tensor of one positive length per sequence sorted in
/// decreasing order, or a length beyond seq_len (LibTorch packs that one silently into data that
/// no longer matches batch_sizes).
std::tuple<Tensor, Tensor> _pack_padded_sequence(const Tensor& input, const Tensor& lengths,
                                                 bool batch_first);

/// (padded [max(total_length, steps), batch, *] ([batch, ...] with batch_first), lengths [batch]
/// int64) from a packed (data, batch_sizes); positions past each sequence's end hold
/// padding_value (torch::_pad_packed_sequence). total_length <= 0 means the longest sequence's
/// length; a positive total_length below it throws tg::Error.
std::tuple<Tensor, Tensor> _pad_packed_sequence(const Tensor& data, const Tensor& batch_sizes,
                                                bool batch_first, const Scalar& padding_value,
                                                int64_t total_length);

/// The sequences (each [len_i, *]) stacked into [max len, n, *] ([n, max len, *] with
/// batch_first), each padded at its end with padding_value (torch::pad_sequence). The result has
/// sequences[0]'s dtype and trailing sizes; another sequence's trailing sizes must broadcast to
/// them, as in LibTorch (which copies each sequence into place).
Tensor pad_sequence(TensorList sequences, bool batch_first = false, double padding_value = 0);

namespace detail {
/// batch_sizes as a vector after checking that it describes `total_rows` packed rows: a non-empty
/// 1-D int64 tensor of positive, non-increasing counts summing to total_rows. `op` names the
/// caller in the tg::Error. (LibTorch trusts batch_sizes and reads out of bounds when it lies.)
std::vector<int64_t> checked_batch_sizes(const char* op, const Tensor& batch_sizes,
                                         int64_t total_rows);
} // namespace detail

} // namespace tg
