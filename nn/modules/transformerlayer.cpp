#include "nn/modules/transformerlayer.h"

#include "autograd/ops/functions.h"

namespace tg::nn {

namespace {

/// The activation of the options' variant: relu, exact gelu, or the user's function.
Tensor activate(const activation_t& a, const Tensor& x) {
  if (std::holds_alternative<enumtype::kReLU>(a)) return tg::relu(x);
  if (std::holds_alternative<enumtype::kGELU>(a)) return tg::gelu(x);
  const auto& f = std::get<std::function<Tensor(const Tensor&)>>(a);
  TG_CHECK(static_cast<bool>(f), "Transformer layer: the activation function is empty");
  return f(x);
}

/// The attention options every layer's MultiheadAttention shares.
MultiheadAttentionOptions attention_options(int64_t d_model, int64_t nhead, double dropout,
                                            bool batch_first) {
  return MultiheadAttentionOptions(d_model, nhead).dropout(dropout).batch_first(batch_first);
}

/// The attention output alone: need_weights false takes the fused attention.
Tensor attend(MultiheadAttention& mha, const Tensor& q, const Tensor& kv, const Tensor& mask,
              const Tensor& key_padding_mask) {
  return std::get<0>(mha(q, kv, kv, key_padding_mask, /*need_weights=*/false, mask));
}

} // namespace

TransformerEncoderLayerImpl::TransformerEncoderLayerImpl(
    const TransformerEncoderLayerOptions& options_)
    : options(options_) {
  reset();
}

void TransformerEncoderLayerImpl::reset() {
  const auto& o = options;
  self_attn = register_module(
      "self_attn",
      MultiheadAttention(attention_options(o.d_model(), o.nhead(), o.dropout(), o.batch_first())));
  linear1 = register_module("linear1", Linear(o.d_model(), o.dim_feedforward()));
  dropout = register_module("dropout", Dropout(o.dropout()));
  linear2 = register_module("linear2", Linear(o.dim_feedforward(), o.d_model()));
  norm1 =
      register_module("norm1", LayerNorm(LayerNormOptions({o.d_model()}).eps(o.layer_norm_eps())));
  norm2 =
      register_module("norm2", LayerNorm(LayerNormOptions({o.d_model()}).eps(o.layer_norm_eps())));
  dropout1 = register_module("dropout1", Dropout(o.dropout()));
  dropout2 = register_module("dropout2", Dropout(o.dropout()));
}

void TransformerEncoderLayerImpl::reset_parameters() {
  self_attn->_reset_parameters();
  linear1->reset_parameters();
  linear2->reset_parameters();
  norm1->reset_parameters();
  norm2->reset_parameters();
}

Tensor TransformerEncoderLayerImpl::forward(const Tensor& src, const Tensor& src_mask,
                                            const Tensor& src_key_padding_mask) {
  auto sa_block = [&](const Tensor& x) {
    return dropout1(attend(self_attn, x, x, src_mask, src_key_padding_mask));
  };
  auto ff_block = [&](const Tensor& x) {
    return dropout2(linear2(dropout(activate(options.activation(), linear1(x)))));
  };
  Tensor x = src;
  if (options.norm_first()) {
    x = x + sa_block(norm1(x));
    return x + ff_block(norm2(x));
  }
  x = norm1(x + sa_block(x));
  return norm2(x + ff_block(x));
}

TransformerDecoderLayerImpl::TransformerDecoderLayerImpl(
    const TransformerDecoderLayerOptions& options_)
    : options(options_) {
  reset();
}

void TransformerDecoderLayerImpl::reset() {
  const auto& o = options;
  self_attn = register_module(
      "self_attn",
      MultiheadAttention(attention_options(o.d_model(), o.nhead(), o.dropout(), o.batch_first())));
  multihead_attn = register_module(
      "multihead_attn",
      MultiheadAttention(attention_options(o.d_model(), o.nhead(), o.dropout(), o.batch_first())));
  linear1 = register_module("linear1", Linear(o.d_model(), o.dim_feedforward()));
  dropout = register_module("dropout", Dropout(o.dropout()));
  linear2 = register_module("linear2", Linear(o.dim_feedforward(), o.d_model()));
  norm1 =
      register_module("norm1", LayerNorm(LayerNormOptions({o.d_model()}).eps(o.layer_norm_eps())));
  norm2 =
      register_module("norm2", LayerNorm(LayerNormOptions({o.d_model()}).eps(o.layer_norm_eps())));
  norm3 =
      register_module("norm3", LayerNorm(LayerNormOptions({o.d_model()}).eps(o.layer_norm_eps())));
  dropout1 = register_module("dropout1", Dropout(o.dropout()));
  dropout2 = register_module("dropout2", Dropout(o.dropout()));
  dropout3 = register_module("dropout3", Dropout(o.dropout()));
}

void TransformerDecoderLayerImpl::reset_parameters() {
  self_attn->_reset_parameters();
  multihead_attn->_reset_parameters();
  linear1->reset_parameters();
  linear2->reset_parameters();
  norm1->reset_parameters();
  norm2->reset_parameters();
  norm3->reset_parameters();
}

Tensor TransformerDecoderLayerImpl::activation(const Tensor& input) {
  return activate(options.activation(), input);
}

Tensor TransformerDecoderLayerImpl::forward(Tensor tgt, const Tensor& memory,
                                            const Tensor& tgt_mask, const Tensor& memory_mask,
                                            const Tensor& tgt_key_padding_mask,
                                            const Tensor& memory_key_padding_mask) {
  auto sa_block = [&](const Tensor& x) {
    return dropout1(attend(self_attn, x, x, tgt_mask, tgt_key_padding_mask));
  };
  auto mha_block = [&](const Tensor& x) {
    return dropout2(attend(multihead_attn, x, memory, memory_mask, memory_key_padding_mask));
  };
  auto ff_block = [&](const Tensor& x) {
    return dropout3(linear2(dropout(activation(linear1(x)))));
  };
  if (options.norm_first()) {
    tgt = tgt + sa_block(norm1(tgt));
    tgt = tgt + mha_block(norm2(tgt));
    return tgt + ff_block(norm3(tgt));
  }
  tgt = norm1(tgt + sa_block(tgt));
  tgt = norm2(tgt + mha_block(tgt));
  return norm3(tgt + ff_block(tgt));
}

} // namespace tg::nn
