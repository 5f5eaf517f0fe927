#pragma once
// TransformerEncoder and TransformerDecoder (torch/nn/modules/transformercoder.h): num_layers
// clones of one layer in a ModuleList named "layers", then an optional "norm".
#include "nn/modules/container/any.h"
#include "nn/modules/container/modulelist.h"
#include "nn/modules/transformerlayer.h"
#include "nn/options/transformercoder.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// layers.0 .. layers.{num_layers-1} (deep copies of the options' layer), norm when given.
class TransformerEncoderImpl : public Cloneable<TransformerEncoderImpl> {
public:
  /// Same as TransformerEncoderImpl(TransformerEncoderOptions(encoder_layer, num_layers)).
  TransformerEncoderImpl(TransformerEncoderLayer encoder_layer, int64_t num_layers)
      : TransformerEncoderImpl(TransformerEncoderOptions(std::move(encoder_layer), num_layers)) {}
  /// Throws tg::Error if the layer is empty or num_layers is negative.
  explicit TransformerEncoderImpl(TransformerEncoderOptions options_);

  /// src through every layer with the same masks, then the norm: shaped as src.
  Tensor forward(const Tensor& src, const Tensor& src_mask = {},
                 const Tensor& src_key_padding_mask = {});
  void reset() override;
  /// Re-initialises every layer and the norm.
  void reset_parameters();

  /// The options the encoder was built with.
  TransformerEncoderOptions options;
  /// The stacked layers.
  ModuleList layers = nullptr;
  /// The final norm (empty when none was given).
  AnyModule norm;
};
/// The holder of TransformerEncoderImpl (TORCH_MODULE(TransformerEncoder)).
TG_MODULE(TransformerEncoder);

/// layers.0 .. layers.{num_layers-1}, norm when given.
class TransformerDecoderImpl : public Cloneable<TransformerDecoderImpl> {
public:
  /// Same as TransformerDecoderImpl(TransformerDecoderOptions(decoder_layer, num_layers)).
  TransformerDecoderImpl(TransformerDecoderLayer decoder_layer, int64_t num_layers)
      : TransformerDecoderImpl(TransformerDecoderOptions(std::move(decoder_layer), num_layers)) {}
  /// Throws tg::Error if the layer is empty or num_layers is negative.
  explicit TransformerDecoderImpl(TransformerDecoderOptions options_);

  void reset() override;
  /// Re-initialises every layer and the norm.
  void reset_parameters();
  /// tgt through every layer (each attending to `memory`) with the same masks, then the norm.
  Tensor forward(const Tensor& tgt, const Tensor& memory, const Tensor& tgt_mask = {},
                 const Tensor& memory_mask = {}, const Tensor& tgt_key_padding_mask = {},
                 const Tensor& memory_key_padding_mask = {});

  /// The options the decoder was built with.
  TransformerDecoderOptions options;
  /// The stacked layers.
  ModuleList layers{nullptr};
  /// The final norm (empty when none was given).
  AnyModule norm;
};
/// The holder of TransformerDecoderImpl (TORCH_MODULE(TransformerDecoder)).
TG_MODULE(TransformerDecoder);

} // namespace tg::nn
