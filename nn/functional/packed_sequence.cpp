#include "nn/functional/packed_sequence.h"

#include <algorithm>

#include "autograd/ops/internal.h"

namespace tg {

namespace {

/// {first, rest...}: `rest` being the sizes of a tensor after its first dimension.
std::vector<int64_t> with_leading(std::initializer_list<int64_t> first, IntArrayRef rest) {
  std::vector<int64_t> sizes(first);
  sizes.insert(sizes.end(), rest.begin(), rest.end());
  return sizes;
}

} // namespace

namespace detail {

std::vector<int64_t> checked_batch_sizes(const char* op, const Tensor& batch_sizes,
                                         int64_t total_rows) {
  TG_CHECK(batch_sizes.defined() && batch_sizes.dim() == 1 && batch_sizes.scalar_type() == kLong,
           op, ": batch_sizes must be a 1-D int64 tensor, got ",
           batch_sizes.defined() ? str(batch_sizes.dim(), "-D ", batch_sizes.scalar_type())
                                 : std::string("an undefined tensor"));
  TG_CHECK(batch_sizes.numel() > 0, op, ": batch_sizes is empty (no steps to unpack)");
  const Tensor contiguous = batch_sizes.contiguous();
  const int64_t* p = contiguous.data_ptr<int64_t>();
  std::vector<int64_t> sizes(p, p + contiguous.numel());
  int64_t total = 0;
  for (size_t t = 0; t < sizes.size(); ++t) {
    TG_CHECK(sizes[t] > 0 && (t == 0 || sizes[t] <= sizes[t - 1]), op,
             ": batch_sizes must be positive and non-increasing (sequences sorted longest "
             "first), got ",
             batch_sizes.sizes(), " tensor with batch_sizes[", t, "] = ", sizes[t],
             t > 0 ? str(" after ", sizes[t - 1]) : std::string());
    total += sizes[t];
  }
  TG_CHECK(total == total_rows, op, ": batch_sizes add up to ", total,
           " rows but the packed data has ", total_rows);
  return sizes;
}

} // namespace detail

std::tuple<Tensor, Tensor> _pack_padded_sequence(const Tensor& input, const Tensor& lengths,
                                                 bool batch_first) {
  const char* op = "pack_padded_sequence";
  TG_CHECK(input.defined() && input.dim() >= 2, op, ": input must have at least 2 dimensions [",
           batch_first ? "batch, seq_len" : "seq_len, batch", ", *], got ",
           input.defined() ? input.sizes() : IntArrayRef());
  TG_CHECK(lengths.defined() && lengths.dim() == 1, op,
           ": 'lengths' must be a 1-D tensor of sequence lengths, got ",
           lengths.defined() ? str(lengths.sizes()) : std::string("an undefined tensor"));
  const Tensor x = batch_first ? input.transpose(0, 1) : input;
  TG_CHECK(x.numel() > 0, op, ": cannot pack empty tensors (input ", input.sizes(), ")");
  const int64_t seq_len = x.size(0), batch = x.size(1);
  TG_CHECK(lengths.size(0) == batch, op, ": expected len(lengths) to be equal to batch_size, but ",
           "got ", lengths.size(0), " (batch_size=", batch, ", input ", input.sizes(), ")");
  const Tensor len = lengths.to(kLong).contiguous();
  const int64_t* l = len.data_ptr<int64_t>();
  TG_CHECK(l[batch - 1] > 0, op, ": the length of every sequence must be greater than 0, got ",
           l[batch - 1], " for sequence ", batch - 1);
  for (int64_t b = 1; b < batch; ++b)
    TG_CHECK(l[b] <= l[b - 1], op,
             ": lengths must be sorted in decreasing order when enforce_sorted is true, got ",
             l[b - 1], " then ", l[b], " (pass enforce_sorted=false to sort them)");
  TG_CHECK(l[0] <= seq_len, op, ": the longest length ", l[0], " exceeds the ", seq_len,
           " steps of input ", input.sizes(), batch_first ? " (batch_first)" : "");

  // Step t holds the sequences longer than t, which are the first ones of the batch: walking the
  // lengths from the shortest, each run of steps with the same batch size b is one block
  // x[steps, :b] copied out at once.
  Tensor batch_sizes = tg::empty({l[0]}, TensorOptions().dtype(kLong));
  int64_t* bs = batch_sizes.data_ptr<int64_t>();
  std::vector<Tensor> blocks;
  int64_t packed_steps = 0;
  for (int64_t b = batch; b >= 1; --b) {
    const int64_t until = l[b - 1];
    if (until == packed_steps) continue;
    blocks.push_back(x.slice(0, packed_steps, until).slice(1, 0, b).flatten(0, 1));
    std::fill(bs + packed_steps, bs + until, b);
    packed_steps = until;
  }
  return {cat(blocks, 0), batch_sizes};
}

std::tuple<Tensor, Tensor> _pad_packed_sequence(const Tensor& data, const Tensor& batch_sizes,
                                                bool batch_first, const Scalar& padding_value,
                                                int64_t total_length) {
  const char* op = "pad_packed_sequence";
  TG_CHECK(data.defined() && data.dim() >= 1, op, ": data must have at least 1 dimension, got ",
           data.defined() ? data.sizes() : IntArrayRef());
  const std::vector<int64_t> bs = detail::checked_batch_sizes(op, batch_sizes, data.size(0));
  const int64_t steps = int64_t(bs.size()), max_batch = bs[0];
  TG_CHECK(total_length <= 0 || total_length >= steps, op,
           ": expected total_length to be at least the length of the longest sequence in input, "
           "but got total_length=",
           total_length, " and max sequence length being ", steps);
  const IntArrayRef trailing = data.sizes().slice(1);
  const TensorOptions options = data.options();

  // Each run of steps with the same batch size b is a block data[rows] = [run, b, *], widened to
  // the full batch with padding; then the blocks, and any steps past the longest sequence, are
  // joined in time.
  std::vector<Tensor> blocks;
  int64_t row = 0;
  for (int64_t t = 0; t < steps;) {
    const int64_t b = bs[size_t(t)];
    int64_t run = 1;
    while (t + run < steps && bs[size_t(t + run)] == b) ++run;
    Tensor block = data.narrow(0, row, run * b).reshape(with_leading({run, b}, trailing));
    if (b < max_batch)
      block = cat(
          {block, tg::full(with_leading({run, max_batch - b}, trailing), padding_value, options)},
          1);
    blocks.push_back(block);
    row += run * b;
    t += run;
  }
  if (total_length > steps)
    blocks.push_back(tg::full(with_leading({total_length - steps, max_batch}, trailing),
                              padding_value, options));
  Tensor padded = cat(blocks, 0);

  // Sequence i runs for as many steps as have more than i rows.
  Tensor lengths = tg::empty({max_batch}, TensorOptions().dtype(kLong));
  int64_t* len = lengths.data_ptr<int64_t>();
  int64_t t = steps;
  for (int64_t i = 0; i < max_batch; ++i) {
    while (t > 0 && bs[size_t(t - 1)] <= i) --t;
    len[i] = t;
  }
  return {batch_first ? padded.transpose(0, 1) : padded, lengths};
}

Tensor pad_sequence(TensorList sequences, bool batch_first, double padding_value) {
  const char* op = "pad_sequence";
  TG_CHECK(!sequences.empty(), op, ": received an empty list of sequences");
  for (size_t i = 0; i < sequences.size(); ++i)
    TG_CHECK(sequences[i].defined() && sequences[i].dim() >= 1, op, ": sequences[", i,
             "] must have at least 1 dimension [len, *], got ",
             sequences[i].defined() ? str(sequences[i].sizes()) : std::string("undefined"));
  const Tensor& first = sequences[0];
  const IntArrayRef trailing = first.sizes().slice(1);
  int64_t max_len = 0;
  for (const Tensor& s : sequences) max_len = std::max(max_len, s.size(0));

  std::vector<Tensor> padded;
  for (size_t i = 0; i < sequences.size(); ++i) {
    const int64_t len = sequences[i].size(0);
    const std::vector<int64_t> target = with_leading({len}, trailing);
    // LibTorch copies each sequence into its place, so its sizes need only broadcast there.
    TG_CHECK(is_expandable_to(sequences[i].sizes(), target), op, ": sequences[", i, "] of sizes ",
             sequences[i].sizes(), " does not fit the place ", IntArrayRef(target),
             " given by the trailing sizes ", trailing, " of sequences[0]");
    Tensor s = sequences[i].to(first.scalar_type()).expand(target);
    if (len < max_len)
      s = cat(
          {s, tg::full(with_leading({max_len - len}, trailing), padding_value, first.options())},
          0);
    padded.push_back(s);
  }
  return stack(padded, batch_first ? 0 : 1);
}

} // namespace tg
