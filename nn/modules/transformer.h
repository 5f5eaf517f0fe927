#pragma once
// Transformer (torch/nn/modules/transformer.h): a TransformerEncoder and a TransformerDecoder,
// each ending in a LayerNorm, every weight matrix drawn with xavier_uniform_ as LibTorch does.
//   Transformer model(TransformerOptions(/*d_model=*/64, /*nhead=*/4, 2, 2));
//   auto mask = Transformer::Impl::generate_square_subsequent_mask(tgt.size(0));
//   auto out = model(src, tgt, {}, mask);     // src [S, N, 64], tgt [T, N, 64] -> [T, N, 64]
#include "nn/modules/container/any.h"
#include "nn/modules/transformercoder.h"
#include "nn/options/transformer.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// encoder (AnyModule holding a TransformerEncoder, or the custom_encoder) and decoder.
class TransformerImpl : public Cloneable<TransformerImpl> {
public:
  /// Throws tg::Error on sizes the layers refuse, or a custom_decoder that is no
  /// TransformerDecoder.
  explicit TransformerImpl(TransformerOptions options_);

  /// src [S, N, E] and tgt [T, N, E] ([N, ., E] with batch_first) -> [T, N, E]. Masks as
  /// TransformerEncoder's (src_*) and TransformerDecoder's (tgt_*, memory_*).
  Tensor forward(const Tensor& src, const Tensor& tgt, const Tensor& src_mask = {},
                 const Tensor& tgt_mask = {}, const Tensor& memory_mask = {},
                 const Tensor& src_key_padding_mask = {}, const Tensor& tgt_key_padding_mask = {},
                 const Tensor& memory_key_padding_mask = {});
  void reset() override;
  /// xavier_uniform_ on every parameter with more than one dim.
  void reset_parameters();
  /// [sz, sz] float: 0 on and below the diagonal, -inf above it (position i attends to j <= i).
  static Tensor generate_square_subsequent_mask(int64_t sz);

  /// The options the model was built with.
  TransformerOptions options;
  /// The encoder.
  AnyModule encoder;
  /// The decoder (a TransformerDecoder).
  AnyModule decoder;
};
/// The holder of TransformerImpl (TORCH_MODULE(Transformer)).
TG_MODULE(Transformer);

/// TransformerImpl::generate_square_subsequent_mask(sz), as a free function.
Tensor generate_square_subsequent_mask(int64_t sz);

} // namespace tg::nn
