#pragma once
// MultiheadAttention, as LibTorch 1.13's torch::nn::MultiheadAttention:
//   MultiheadAttention mha(MultiheadAttentionOptions(/*embed_dim=*/16, /*num_heads=*/4));
//   auto [out, weights] = mha(x, x, x);   // x [L, N, 16] -> out [L, N, 16], weights [N, L, L]
// plus Python's batch_first option. With need_weights false the heads take the fused
// scaled_dot_product_attention.
#include <tuple>

#include "nn/modules/linear.h"
#include "nn/options/attention.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Parameters (LibTorch's names, so state dicts load): in_proj_weight [3E, E] (or q_proj_weight,
/// k_proj_weight, v_proj_weight when kdim or vdim differ from E), in_proj_bias [3E], the
/// out_proj Linear, bias_k and bias_v [1, 1, E] with add_bias_kv. Initialised as LibTorch:
/// xavier_uniform_ projections, zero biases, xavier_normal_ bias_k and bias_v.
class MultiheadAttentionImpl : public Cloneable<MultiheadAttentionImpl> {
public:
  /// Same as MultiheadAttentionImpl(MultiheadAttentionOptions(embed_dim, num_heads)).
  MultiheadAttentionImpl(int64_t embed_dim, int64_t num_heads)
      : MultiheadAttentionImpl(MultiheadAttentionOptions(embed_dim, num_heads)) {}
  /// Throws tg::Error unless embed_dim > 0 is divisible by num_heads > 0 and dropout is in [0, 1].
  explicit MultiheadAttentionImpl(const MultiheadAttentionOptions& options_);

  /// query [L, N, E], key [S, N, kdim], value [S, N, vdim] ([N, ., .] with batch_first) ->
  /// (output shaped as query, weights [N, L, S] averaged over heads, [N, num_heads, L, S] without
  /// average_attn_weights, undefined without need_weights). key_padding_mask [N, S]: bool true
  /// ignores that key, float is added; attn_mask [L, S] or [N·num_heads, L, S]: bool true forbids
  /// attending, float is added.
  std::tuple<Tensor, Tensor> forward(const Tensor& query, const Tensor& key, const Tensor& value,
                                     const Tensor& key_padding_mask = {}, bool need_weights = true,
                                     const Tensor& attn_mask = {},
                                     bool average_attn_weights = true);

  void reset() override;
  /// Re-initialises the parameters as the constructor does.
  void _reset_parameters();
  /// "tg::nn::MultiheadAttention(embed_dim=16, num_heads=4)" plus what differs from the defaults
  void pretty_print(std::ostream& stream) const override;

  /// The options the module was built with.
  MultiheadAttentionOptions options;
  /// Whether kdim and vdim equal embed_dim (one stacked in_proj_weight).
  bool _qkv_same_embed_dim = true;
  /// [3E, E] when _qkv_same_embed_dim, else undefined.
  Tensor in_proj_weight;
  /// [3E], undefined without bias.
  Tensor in_proj_bias;
  /// [1, 1, E] with add_bias_kv, else undefined.
  Tensor bias_k;
  /// [1, 1, E] with add_bias_kv, else undefined.
  Tensor bias_v;
  /// The output projection E -> E (LibTorch 1.13 uses a plain Linear).
  Linear out_proj = nullptr;
  /// [E, E] when !_qkv_same_embed_dim, else undefined.
  Tensor q_proj_weight;
  /// [E, kdim] when !_qkv_same_embed_dim, else undefined.
  Tensor k_proj_weight;
  /// [E, vdim] when !_qkv_same_embed_dim, else undefined.
  Tensor v_proj_weight;
  /// embed_dim / num_heads.
  int64_t head_dim = 0;
};
/// The holder of MultiheadAttentionImpl (TORCH_MODULE(MultiheadAttention)).
TG_MODULE(MultiheadAttention);

} // namespace tg::nn
