#pragma once
// F::multi_head_attention_forward (LibTorch 1.13's torch/nn/functional/activation.h).
#include <tuple>

#include "autograd/tensor/tensor.h"
#include "nn/functional/scaled_dot_product_attention.h"
#include "nn/options/attention.h"

namespace tg::nn::functional {

/// Multi-head attention on query [L, N, E], key [S, N, kdim], value [S, N, vdim]: project, split
/// into num_heads heads of E/num_heads features, attend, join, project out. Returns
/// (output [L, N, E], weights [N, L, S] averaged over heads, [N, num_heads, L, S] otherwise, or
/// undefined without need_weights). Bool masks follow PyTorch: true in attn_mask means "may not
/// attend", true in key_padding_mask "ignore this key"; float masks are added to the scores.
/// With need_weights false the heads go through the fused scaled_dot_product_attention.
std::tuple<Tensor, Tensor>
multi_head_attention_forward(const Tensor& query, const Tensor& key, const Tensor& value,
                             const MultiheadAttentionForwardFuncOptions& options);

} // namespace tg::nn::functional
