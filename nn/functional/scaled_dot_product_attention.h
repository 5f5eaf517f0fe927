#pragma once
// Scaled dot-product attention: tg::scaled_dot_product_attention (ATen level, as
// torch::scaled_dot_product_attention) and F::scaled_dot_product_attention (PyTorch 2.x's
// torch.nn.functional form; LibTorch 1.13 has neither, only a private math version). Fused: the
// loops are autograd/kernels/attention.h.
#include <optional>

#include "autograd/tensor/tensor.h"

namespace tg {

/// softmax(query·keyᵀ·scale + attn_mask)·value over the last two dims: query [..., L, E], key
/// [..., S, E], value [..., S, Ev] -> [..., L, Ev], leading dims broadcast. `attn_mask` is bool
/// (true = the key takes part) or of query's dtype (added to the scores), broadcastable to
/// [..., L, S]; is_causal masks key j for query i when j > i (no attn_mask then). `scale` defaults
/// to 1/sqrt(E). dropout_p > 0 drops probabilities (always: the functional form has no training
/// flag). A row with every key masked gives NaN, as softmax does (PyTorch 2.0-2.4, LibTorch 1.13's
/// at::_scaled_dot_product_attention). The backward recomputes the probabilities from a saved
/// logsumexp per row; a create_graph backward uses the composite formula, so second derivatives
/// are exact. Throws tg::Error naming the op and the shapes for mismatched inputs or masks.
Tensor scaled_dot_product_attention(const Tensor& query, const Tensor& key, const Tensor& value,
                                    const Tensor& attn_mask = {}, double dropout_p = 0.0,
                                    bool is_causal = false,
                                    std::optional<double> scale = std::nullopt);

} // namespace tg

namespace tg::nn::functional {

/// tg::scaled_dot_product_attention under torch.nn.functional's name.
inline Tensor scaled_dot_product_attention(const Tensor& query, const Tensor& key,
                                           const Tensor& value, const Tensor& attn_mask = {},
                                           double dropout_p = 0.0, bool is_causal = false,
                                           std::optional<double> scale = std::nullopt) {
  return tg::scaled_dot_product_attention(query, key, value, attn_mask, dropout_p, is_causal,
                                          scale);
}

} // namespace tg::nn::functional
