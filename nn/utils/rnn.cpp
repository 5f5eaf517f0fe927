#include "nn/utils/rnn.h"

#include "autograd/ops/functions.h"
#include "nn/functional/packed_sequence.h"

namespace tg::nn::utils::rnn {

Tensor invert_permutation(const Tensor& permutation) {
  if (!permutation.defined()) return {};
  TG_CHECK(permutation.dim() == 1 && permutation.scalar_type() == kLong,
           "invert_permutation: expected a 1-D int64 tensor, got ", permutation.dim(), "-D ",
           permutation.scalar_type());
  return tg::zeros_like(permutation)
      .scatter(0, permutation, tg::arange(permutation.numel(), permutation.options()));
}

PackedSequence::PackedSequence(Tensor data, Tensor batch_sizes, Tensor sorted_indices,
                               Tensor unsorted_indices)
    : data_(std::move(data)), batch_sizes_(std::move(batch_sizes)),
      sorted_indices_(std::move(sorted_indices)), unsorted_indices_(std::move(unsorted_indices)) {
  if (!unsorted_indices_.defined()) unsorted_indices_ = invert_permutation(sorted_indices_);
  TG_CHECK(!batch_sizes_.defined() || !batch_sizes_.is_cuda(),
           "PackedSequence: batch_sizes should always be on CPU");
}

PackedSequence PackedSequence::pin_memory() const {
  throw Error("PackedSequence::pin_memory: pinned memory needs CUDA, and tapegrad is built "
              "without it");
}

PackedSequence PackedSequence::to(TensorOptions options) const {
  Tensor data = data_.to(options);
  if (data.is_same(data_)) return *this;
  // The indices keep their int64 dtype and follow data's device; batch_sizes stays put.
  const TensorOptions index_options = TensorOptions().dtype(kLong).device(data.device());
  return PackedSequence(
      data, batch_sizes_, sorted_indices_.defined() ? sorted_indices_.to(index_options) : Tensor(),
      unsorted_indices_.defined() ? unsorted_indices_.to(index_options) : Tensor());
}

PackedSequence PackedSequence::cuda() const {
  throw Error("PackedSequence::cuda: tapegrad is built without CUDA");
}

PackedSequence PackedSequence::cpu() const { return *this; }

PackedSequence pack_padded_sequence(Tensor input, Tensor lengths, bool batch_first,
                                    bool enforce_sorted) {
  TG_CHECK(lengths.defined() && lengths.dim() == 1,
           "pack_padded_sequence: 'lengths' must be a "
           "1-D tensor of sequence lengths, got ",
           lengths.defined() ? str(lengths.sizes()) : std::string("an undefined tensor"));
  lengths = lengths.to(kLong);
  Tensor sorted_indices;
  if (!enforce_sorted) {
    TG_CHECK(input.defined() && input.dim() >= 2,
             "pack_padded_sequence: input must have at least 2 dimensions, got ",
             input.defined() ? input.sizes() : IntArrayRef());
    std::tie(lengths, sorted_indices) = tg::sort(lengths, -1, /*descending=*/true);
    input = input.index_select(batch_first ? 0 : 1, sorted_indices);
  }
  auto [data, batch_sizes] = tg::_pack_padded_sequence(input, lengths, batch_first);
  return PackedSequence(data, batch_sizes, sorted_indices, {});
}

std::tuple<Tensor, Tensor> pad_packed_sequence(PackedSequence sequence, bool batch_first,
                                               double padding_value,
                                               std::optional<int64_t> total_length) {
  auto [padded, lengths] =
      tg::_pad_packed_sequence(sequence.data(), sequence.batch_sizes(), batch_first, padding_value,
                               total_length ? *total_length : 0);
  if (total_length)
    TG_CHECK(*total_length > 0, "pad_packed_sequence: total_length must be positive, got ",
             *total_length);
  const Tensor& unsorted = sequence.unsorted_indices();
  if (!unsorted.defined()) return {padded, lengths};
  return {padded.index_select(batch_first ? 0 : 1, unsorted), lengths.index_select(0, unsorted)};
}

Tensor pad_sequence(ArrayRef<Tensor> sequences, bool batch_first, double padding_value) {
  return tg::pad_sequence(sequences, batch_first, padding_value);
}

PackedSequence pack_sequence(ArrayRef<Tensor> sequences, bool enforce_sorted) {
  Tensor lengths = tg::empty({int64_t(sequences.size())}, TensorOptions().dtype(kLong));
  int64_t* l = lengths.data_ptr<int64_t>();
  for (size_t i = 0; i < sequences.size(); ++i)
    l[i] = sequences[i].defined() && sequences[i].dim() >= 1 ? sequences[i].size(0) : 0;
  return pack_padded_sequence(tg::pad_sequence(sequences), lengths, /*batch_first=*/false,
                              enforce_sorted);
}

} // namespace tg::nn::utils::rnn
