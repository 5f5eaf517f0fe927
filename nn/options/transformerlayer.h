#pragma once
// Options of TransformerEncoderLayer and TransformerDecoderLayer (torch/nn/options/
// transformerlayer.h), with Python's layer_norm_eps, batch_first and norm_first as additions.
#include <cstdint>
#include <functional>
#include <variant>

#include "autograd/tensor/tensor.h"
#include "nn/enum.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// The feed-forward block's activation: tg::kReLU, tg::kGELU or any Tensor -> Tensor function.
using activation_t =
    std::variant<enumtype::kReLU, enumtype::kGELU, std::function<Tensor(const Tensor&)>>;

/// TransformerEncoderLayerOptions(d_model, nhead).dim_feedforward(256).activation(tg::kGELU)
struct TransformerEncoderLayerOptions {
  /// Implicit, as in LibTorch.
  TransformerEncoderLayerOptions(int64_t d_model, int64_t nhead) // NOLINT
      : d_model_(d_model), nhead_(nhead) {}
  /// Features of every input and output position.
  TG_ARG(int64_t, d_model);
  /// Attention heads; d_model must be divisible by it.
  TG_ARG(int64_t, nhead);
  /// Width of the feed-forward block's hidden layer (default 2048).
  TG_ARG(int64_t, dim_feedforward) = 2048;
  /// Dropout probability after attention, inside and after the feed-forward block (default 0.1).
  TG_ARG(double, dropout) = 0.1;
  /// The feed-forward block's activation (default kReLU).
  TG_ARG(activation_t, activation) = tg::kReLU;
  /// Python addition: the LayerNorms' eps (default 1e-5).
  TG_ARG(double, layer_norm_eps) = 1e-5;
  /// Python addition: inputs and outputs are [N, S, E] instead of [S, N, E] (default false).
  TG_ARG(bool, batch_first) = false;
  /// Python addition: normalise before attention and feed-forward (pre-norm) instead of after
  /// each residual sum (default false, LibTorch 1.13's post-norm).
  TG_ARG(bool, norm_first) = false;
};

/// TransformerDecoderLayerOptions(d_model, nhead): the same fields for the decoder layer.
struct TransformerDecoderLayerOptions {
  /// d_model and nhead, the rest as the defaults.
  TransformerDecoderLayerOptions(int64_t d_model, int64_t nhead)
      : d_model_(d_model), nhead_(nhead) {}
  /// Features of every input and output position.
  TG_ARG(int64_t, d_model);
  /// Attention heads (self-attention and attention over the memory).
  TG_ARG(int64_t, nhead);
  /// Width of the feed-forward block's hidden layer (default 2048).
  TG_ARG(int64_t, dim_feedforward) = 2048;
  /// Dropout probability (default 0.1).
  TG_ARG(double, dropout) = 0.1;
  /// The feed-forward block's activation (default kReLU).
  TG_ARG(activation_t, activation) = tg::kReLU;
  /// Python addition: the LayerNorms' eps (default 1e-5).
  TG_ARG(double, layer_norm_eps) = 1e-5;
  /// Python addition: [N, T, E] inputs and outputs (default false).
  TG_ARG(bool, batch_first) = false;
  /// Python addition: pre-norm (default false).
  TG_ARG(bool, norm_first) = false;
};

} // namespace tg::nn
