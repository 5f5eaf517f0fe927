#pragma once
// TransformerEncoderLayer and TransformerDecoderLayer (torch/nn/modules/transformerlayer.h):
// self-attention (and, in the decoder, attention over the encoder's memory) and a feed-forward
// block, each with a residual sum and a LayerNorm. Post-norm as LibTorch 1.13; norm_first gives
// Python's pre-norm. Submodule names are LibTorch's, so state dicts load.
#include "nn/modules/attention.h"
#include "nn/modules/dropout.h"
#include "nn/modules/linear.h"
#include "nn/modules/normalization.h"
#include "nn/options/transformerlayer.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// self_attn, linear1, dropout, linear2, norm1, norm2, dropout1, dropout2.
class TransformerEncoderLayerImpl : public Cloneable<TransformerEncoderLayerImpl> {
public:
  /// Same as TransformerEncoderLayerImpl(TransformerEncoderLayerOptions(d_model, nhead)).
  TransformerEncoderLayerImpl(int64_t d_model, int64_t nhead)
      : TransformerEncoderLayerImpl(TransformerEncoderLayerOptions(d_model, nhead)) {}
  /// Throws tg::Error on sizes MultiheadAttention or Linear refuse (d_model not divisible by
  /// nhead, dim_feedforward < 0, dropout outside [0, 1]).
  explicit TransformerEncoderLayerImpl(const TransformerEncoderLayerOptions& options_);

  /// src [S, N, d_model] ([N, S, d_model] with batch_first) -> the same shape. src_mask [S, S]
  /// or [N·nhead, S, S] and src_key_padding_mask [N, S] as MultiheadAttention's attn_mask and
  /// key_padding_mask.
  Tensor forward(const Tensor& src, const Tensor& src_mask = {},
                 const Tensor& src_key_padding_mask = {});

  void reset() override;
  /// Re-initialises every submodule as its constructor does.
  void reset_parameters();

  /// The options the layer was built with.
  TransformerEncoderLayerOptions options;
  MultiheadAttention self_attn = nullptr; ///< Self-attention.
  Linear linear1 = nullptr;               ///< d_model -> dim_feedforward.
  Dropout dropout = nullptr;              ///< After the activation.
  Linear linear2 = nullptr;               ///< dim_feedforward -> d_model.
  LayerNorm norm1 = nullptr;              ///< Around the attention block.
  LayerNorm norm2 = nullptr;              ///< Around the feed-forward block.
  Dropout dropout1 = nullptr;             ///< On the attention block's output.
  Dropout dropout2 = nullptr;             ///< On the feed-forward block's output.
};
/// The holder of TransformerEncoderLayerImpl (TORCH_MODULE(TransformerEncoderLayer)).
TG_MODULE(TransformerEncoderLayer);

/// self_attn, multihead_attn, linear1, dropout, linear2, norm1..3, dropout1..3.
class TransformerDecoderLayerImpl : public Cloneable<TransformerDecoderLayerImpl> {
public:
  /// Same as TransformerDecoderLayerImpl(TransformerDecoderLayerOptions(d_model, nhead)).
  TransformerDecoderLayerImpl(int64_t d_model, int64_t nhead)
      : TransformerDecoderLayerImpl(TransformerDecoderLayerOptions(d_model, nhead)) {}
  /// Throws tg::Error on sizes MultiheadAttention or Linear refuse.
  explicit TransformerDecoderLayerImpl(const TransformerDecoderLayerOptions& options_);

  void reset() override;
  /// Re-initialises every submodule as its constructor does.
  void reset_parameters();

  /// tgt [T, N, d_model], memory [S, N, d_model] ([N, ., .] with batch_first) -> shaped as tgt.
  /// tgt_mask [T, T], memory_mask [T, S], tgt_key_padding_mask [N, T], memory_key_padding_mask
  /// [N, S], as MultiheadAttention's masks.
  Tensor forward(Tensor tgt, const Tensor& memory, const Tensor& tgt_mask = {},
                 const Tensor& memory_mask = {}, const Tensor& tgt_key_padding_mask = {},
                 const Tensor& memory_key_padding_mask = {});

  /// The options the layer was built with.
  TransformerDecoderLayerOptions options;
  MultiheadAttention self_attn{nullptr};      ///< Self-attention over the target.
  Dropout dropout1{nullptr};                  ///< On the self-attention block's output.
  LayerNorm norm1{nullptr};                   ///< Around the self-attention block.
  MultiheadAttention multihead_attn{nullptr}; ///< Attention over the memory.
  Dropout dropout2{nullptr};                  ///< On the memory attention block's output.
  LayerNorm norm2{nullptr};                   ///< Around the memory attention block.
  Linear linear1{nullptr};                    ///< d_model -> dim_feedforward.
  Dropout dropout{nullptr};                   ///< After the activation.
  Linear linear2{nullptr};                    ///< dim_feedforward -> d_model.
  Dropout dropout3{nullptr};                  ///< On the feed-forward block's output.
  LayerNorm norm3{nullptr};                   ///< Around the feed-forward block.

protected:
  /// The feed-forward activation chosen in the options.
  Tensor activation(const Tensor& input);
};
/// The holder of TransformerDecoderLayerImpl (TORCH_MODULE(TransformerDecoderLayer)).
TG_MODULE(TransformerDecoderLayer);

} // namespace tg::nn
