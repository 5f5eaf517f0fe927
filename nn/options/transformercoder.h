#pragma once
// Options of TransformerEncoder and TransformerDecoder (torch/nn/options/transformercoder.h): the
// layer to clone num_layers times and an optional final norm.
#include <cstdint>

#include "nn/modules/container/any.h"
#include "nn/modules/transformerlayer.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// TransformerEncoderOptions(layer, 6).norm(AnyModule(LayerNorm(LayerNormOptions({512}))))
struct TransformerEncoderOptions {
  /// Clones of `encoder_layer` (its parameters copied, not shared).
  TransformerEncoderOptions(TransformerEncoderLayer encoder_layer, int64_t num_layers)
      : encoder_layer_(std::move(encoder_layer)), num_layers_(num_layers) {}
  /// A layer built from `encoder_layer_options`, cloned num_layers times.
  TransformerEncoderOptions(const TransformerEncoderLayerOptions& encoder_layer_options,
                            int64_t num_layers)
      : encoder_layer_(encoder_layer_options), num_layers_(num_layers) {}
  /// The layer every stacked layer is a clone of.
  TG_ARG(TransformerEncoderLayer, encoder_layer) = nullptr;
  /// How many layers are stacked.
  TG_ARG(int64_t, num_layers);
  /// Applied to the last layer's output when not empty (default empty).
  TG_ARG(AnyModule, norm);
};

/// TransformerDecoderOptions(layer, 6).norm(AnyModule(LayerNorm(LayerNormOptions({512}))))
struct TransformerDecoderOptions {
  /// Clones of `decoder_layer`.
  TransformerDecoderOptions(TransformerDecoderLayer decoder_layer, int64_t num_layers)
      : decoder_layer_(std::move(decoder_layer)), num_layers_(num_layers) {}
  /// A layer built from `decoder_layer_options`, cloned num_layers times.
  TransformerDecoderOptions(const TransformerDecoderLayerOptions& decoder_layer_options,
                            int64_t num_layers)
      : decoder_layer_(decoder_layer_options), num_layers_(num_layers) {}
  /// The layer every stacked layer is a clone of.
  TG_ARG(TransformerDecoderLayer, decoder_layer) = nullptr;
  /// How many layers are stacked.
  TG_ARG(int64_t, num_layers);
  /// Applied to the last layer's output when not empty (default empty).
  TG_ARG(AnyModule, norm);
};

} // namespace tg::nn
