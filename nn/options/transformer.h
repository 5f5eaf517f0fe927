#pragma once
// Options of Transformer (torch/nn/options/transformer.h), with Python's layer_norm_eps,
// batch_first and norm_first as additions.
#include <cstdint>

#include "nn/modules/container/any.h"
#include "nn/options/transformerlayer.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// TransformerOptions(d_model, nhead, num_encoder_layers, num_decoder_layers).dropout(0.0)
struct TransformerOptions {
  /// LibTorch's defaults: d_model 512, nhead 8, 6 + 6 layers.
  TransformerOptions() = default;
  /// d_model and nhead, the rest as the defaults.
  TransformerOptions(int64_t d_model, int64_t nhead) : d_model_(d_model), nhead_(nhead) {}
  /// d_model, nhead and the layer counts, the rest as the defaults.
  TransformerOptions(int64_t d_model, int64_t nhead, int64_t num_encoder_layers,
                     int64_t num_decoder_layers)
      : d_model_(d_model), nhead_(nhead), num_encoder_layers_(num_encoder_layers),
        num_decoder_layers_(num_decoder_layers) {}
  /// Features of every position (default 512).
  TG_ARG(int64_t, d_model) = 512;
  /// Attention heads (default 8).
  TG_ARG(int64_t, nhead) = 8;
  /// Encoder layers (default 6).
  TG_ARG(int64_t, num_encoder_layers) = 6;
  /// Decoder layers (default 6).
  TG_ARG(int64_t, num_decoder_layers) = 6;
  /// Feed-forward width (default 2048).
  TG_ARG(int64_t, dim_feedforward) = 2048;
  /// Dropout probability (default 0.1).
  TG_ARG(double, dropout) = 0.1;
  /// The feed-forward activation (default kReLU).
  TG_ARG(activation_t, activation) = tg::kReLU;
  /// Used instead of the built encoder when not empty (a TransformerEncoder gets the masks; any
  /// other module only the source).
  TG_ARG(AnyModule, custom_encoder);
  /// Used instead of the built decoder when not empty (a TransformerDecoder gets the memory and
  /// masks; any other module is refused: its forward takes the target only).
  TG_ARG(AnyModule, custom_decoder);
  /// Python addition: the LayerNorms' eps (default 1e-5).
  TG_ARG(double, layer_norm_eps) = 1e-5;
  /// Python addition: [N, S, E] inputs and outputs (default false).
  TG_ARG(bool, batch_first) = false;
  /// Python addition: pre-norm layers (default false).
  TG_ARG(bool, norm_first) = false;
};

} // namespace tg::nn
