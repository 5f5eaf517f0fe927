#pragma once
// Packed sequences, as torch::nn::utils::rnn: a batch of sequences of different lengths stored
// step by step without padding, so that RNN/LSTM/GRU's forward_with_packed_input runs each
// sequence for exactly its own number of steps:
//   auto packed = rnn::pack_padded_sequence(x, lengths, /*batch_first=*/true,
//                                           /*enforce_sorted=*/false);
//   auto [out, state] = lstm->forward_with_packed_input(packed);
//   auto [padded, out_lengths] = rnn::pad_packed_sequence(out, /*batch_first=*/true);
// The layout (data [total, *] and batch_sizes) is described in nn/functional/packed_sequence.h.
#include <optional>
#include <tuple>

#include "autograd/tensor/tensor.h"

namespace tg::nn::utils::rnn {

/// The inverse of the permutation `permutation` (1-D int64): out[permutation[i]] = i. Undefined
/// in, undefined out.
Tensor invert_permutation(const Tensor& permutation);

/// A packed batch: data [total, *], batch_sizes [steps] (int64), and, when the sequences were
/// sorted by length to pack them, sorted_indices (the original index of each packed sequence)
/// and unsorted_indices (its inverse, which puts results back in the original order).
/// Built by pack_padded_sequence and pack_sequence; the constructor, as LibTorch's, does not
/// check the layout (the functions that read one do).
class PackedSequence {
public:
  /// unsorted_indices is computed from sorted_indices when not given. Throws tg::Error if
  /// batch_sizes is not on the CPU (always true here).
  explicit PackedSequence(Tensor data, Tensor batch_sizes, Tensor sorted_indices = {},
                          Tensor unsorted_indices = {});

  /// The rows of all sequences, step by step: [total, *].
  const Tensor& data() const { return data_; }
  /// How many sequences each step has (int64, non-increasing).
  const Tensor& batch_sizes() const { return batch_sizes_; }
  /// Packed position -> original batch index; undefined when the input was already sorted.
  const Tensor& sorted_indices() const { return sorted_indices_; }
  /// Original batch index -> packed position; undefined when the input was already sorted.
  const Tensor& unsorted_indices() const { return unsorted_indices_; }

  /// Throws tg::Error: pinned memory needs CUDA, which this build has none of (LibTorch's CPU
  /// build throws too).
  PackedSequence pin_memory() const;
  /// data converted to `options` (dtype), the indices following data's device; returns *this
  /// unchanged when data needs no conversion. batch_sizes is never converted.
  PackedSequence to(TensorOptions options) const;
  /// Throws tg::Error: this build has no CUDA.
  PackedSequence cuda() const;
  /// *this: everything is on the CPU already.
  PackedSequence cpu() const;
  /// false: there is no CUDA here.
  bool is_cuda() const { return data_.is_cuda(); }
  /// false: there is no pinned memory here.
  bool is_pinned() const { return false; }

private:
  Tensor data_, batch_sizes_, sorted_indices_, unsorted_indices_;
};

/// Packs `input` [seq_len, batch, *] ([batch, seq_len, *] with batch_first) whose sequence b has
/// lengths[b] steps (a 1-D tensor, converted to int64). With enforce_sorted the lengths must be
/// in decreasing order; otherwise the batch is sorted first (stably) and the permutation kept in
/// the result. Throws tg::Error for empty input, a length <= 0, a length count that is not the
/// batch size, unsorted lengths with enforce_sorted, or a length beyond seq_len.
PackedSequence pack_padded_sequence(Tensor input, Tensor lengths, bool batch_first = false,
                                    bool enforce_sorted = true);

/// (padded, lengths): the inverse of pack_padded_sequence, in the original batch order;
/// positions past a sequence's end hold padding_value. padded is [T, batch, *] ([batch, T, *]
/// with batch_first) with T the longest length, or total_length when given (which must not be
/// shorter: tg::Error). lengths is int64.
std::tuple<Tensor, Tensor> pad_packed_sequence(PackedSequence sequence, bool batch_first = false,
                                               double padding_value = 0.0,
                                               std::optional<int64_t> total_length = std::nullopt);

/// The sequences (each [len_i, *]) padded with padding_value to the longest and stacked:
/// [max len, n, *], or [n, max len, *] with batch_first. Throws tg::Error for an empty list.
Tensor pad_sequence(ArrayRef<Tensor> sequences, bool batch_first = false, double padding_value = 0);

/// pack_padded_sequence(pad_sequence(sequences), their lengths, false, enforce_sorted).
PackedSequence pack_sequence(ArrayRef<Tensor> sequences, bool enforce_sorted = true);

} // namespace tg::nn::utils::rnn
