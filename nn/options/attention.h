#pragma once
// Options of multi-head attention (LibTorch 1.13 keeps them in torch/nn/options/activation.h):
// MultiheadAttentionOptions for the module, MultiheadAttentionForwardFuncOptions for
// F::multi_head_attention_forward.
#include <cstdint>

#include "autograd/tensor/tensor.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// MultiheadAttentionOptions(embed_dim, num_heads).dropout(0.1).kdim(16).vdim(16)
struct MultiheadAttentionOptions {
  /// kdim and vdim default to embed_dim, as in LibTorch.
  MultiheadAttentionOptions(int64_t embed_dim, int64_t num_heads)
      : embed_dim_(embed_dim), num_heads_(num_heads), kdim_(embed_dim), vdim_(embed_dim) {}
  /// Total dimension of the model (the query's features); split evenly across the heads.
  TG_ARG(int64_t, embed_dim);
  /// Parallel attention heads; embed_dim must be divisible by it.
  TG_ARG(int64_t, num_heads);
  /// Dropout probability on the attention weights, in training (default 0).
  TG_ARG(double, dropout) = 0.0;
  /// Whether the input and output projections have biases (default true).
  TG_ARG(bool, bias) = true;
  /// Learn one extra key and value (bias_k, bias_v) appended to every sequence (default false).
  TG_ARG(bool, add_bias_kv) = false;
  /// Append a key and a value of zeros to every sequence (default false).
  TG_ARG(bool, add_zero_attn) = false;
  /// Features of the key (default embed_dim); another value gives separate q/k/v weights.
  TG_ARG(int64_t, kdim);
  /// Features of the value (default embed_dim).
  TG_ARG(int64_t, vdim);
  /// An addition from Python: inputs and outputs are [N, L, E] instead of [L, N, E]
  /// (default false, LibTorch 1.13's only layout).
  TG_ARG(bool, batch_first) = false;
};

namespace functional {

/// The arguments of F::multi_head_attention_forward, in LibTorch 1.13's order: the ten required
/// ones in the constructor, the rest as chained setters.
struct MultiheadAttentionForwardFuncOptions {
  /// The ten arguments without a default, in LibTorch's order.
  MultiheadAttentionForwardFuncOptions(int64_t embed_dim_to_check, int64_t num_heads,
                                       Tensor in_proj_weight, Tensor in_proj_bias, Tensor bias_k,
                                       Tensor bias_v, bool add_zero_attn, double dropout_p,
                                       Tensor out_proj_weight, Tensor out_proj_bias)
      : embed_dim_to_check_(embed_dim_to_check), num_heads_(num_heads),
        in_proj_weight_(std::move(in_proj_weight)), in_proj_bias_(std::move(in_proj_bias)),
        bias_k_(std::move(bias_k)), bias_v_(std::move(bias_v)), add_zero_attn_(add_zero_attn),
        dropout_p_(dropout_p), out_proj_weight_(std::move(out_proj_weight)),
        out_proj_bias_(std::move(out_proj_bias)) {}
  /// The query's feature count must equal this.
  TG_ARG(int64_t, embed_dim_to_check);
  /// Parallel attention heads.
  TG_ARG(int64_t, num_heads);
  /// [3·E, E]: the q, k and v projections stacked (unused with use_separate_proj_weight).
  TG_ARG(Tensor, in_proj_weight);
  /// [3·E] or undefined.
  TG_ARG(Tensor, in_proj_bias);
  /// [1, 1, E] key appended to every sequence, or undefined.
  TG_ARG(Tensor, bias_k);
  /// [1, 1, E] value appended to every sequence, or undefined.
  TG_ARG(Tensor, bias_v);
  /// Append a zero key and value after the projections.
  TG_ARG(bool, add_zero_attn);
  /// Dropout probability on the attention weights (applied only when training).
  TG_ARG(double, dropout_p);
  /// [E, E] output projection.
  TG_ARG(Tensor, out_proj_weight);
  /// [E] or undefined.
  TG_ARG(Tensor, out_proj_bias);
  /// Whether dropout is applied (default true, as in LibTorch).
  TG_ARG(bool, training) = true;
  /// Keys to leave out per sample, [N, S]: bool (true ignores the key) or float (added).
  TG_ARG(Tensor, key_padding_mask) = {};
  /// Return the attention weights too; false takes the fused attention and returns undefined.
  TG_ARG(bool, need_weights) = true;
  /// [L, S] or [N·num_heads, L, S]: bool (true = not allowed to attend) or float (added).
  TG_ARG(Tensor, attn_mask) = {};
  /// Project with q_proj_weight, k_proj_weight, v_proj_weight instead of in_proj_weight.
  TG_ARG(bool, use_separate_proj_weight) = false;
  /// [E, E].
  TG_ARG(Tensor, q_proj_weight) = {};
  /// [E, kdim].
  TG_ARG(Tensor, k_proj_weight) = {};
  /// [E, vdim].
  TG_ARG(Tensor, v_proj_weight) = {};
  /// [N·num_heads, S, E/num_heads]: keys used as they are, instead of projecting `key`.
  TG_ARG(Tensor, static_k) = {};
  /// [N·num_heads, S, E/num_heads]: values used as they are.
  TG_ARG(Tensor, static_v) = {};
  /// Average the returned weights over the heads ([N, L, S]) or not ([N, num_heads, L, S]).
  TG_ARG(bool, average_attn_weights) = true;
};

} // namespace functional

} // namespace tg::nn
