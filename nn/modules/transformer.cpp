#include "nn/modules/transformer.h"

#include <limits>

#include "autograd/ops/functions.h"
#include "nn/init.h"

namespace tg::nn {

TransformerImpl::TransformerImpl(TransformerOptions options_) : options(std::move(options_)) {
  reset();
}

void TransformerImpl::reset() {
  const auto& o = options;
  const LayerNormOptions norm_options = LayerNormOptions({o.d_model()}).eps(o.layer_norm_eps());
  if (o.custom_encoder().is_empty()) {
    auto layer = TransformerEncoderLayerOptions(o.d_model(), o.nhead())
                     .dim_feedforward(o.dim_feedforward())
                     .dropout(o.dropout())
                     .activation(o.activation())
                     .layer_norm_eps(o.layer_norm_eps())
                     .batch_first(o.batch_first())
                     .norm_first(o.norm_first());
    encoder = AnyModule(TransformerEncoder(TransformerEncoderOptions(layer, o.num_encoder_layers())
                                               .norm(AnyModule(LayerNorm(norm_options)))));
  } else {
    encoder = o.custom_encoder().clone();
  }
  if (o.custom_decoder().is_empty()) {
    auto layer = TransformerDecoderLayerOptions(o.d_model(), o.nhead())
                     .dim_feedforward(o.dim_feedforward())
                     .dropout(o.dropout())
                     .activation(o.activation())
                     .layer_norm_eps(o.layer_norm_eps())
                     .batch_first(o.batch_first())
                     .norm_first(o.norm_first());
    decoder = AnyModule(TransformerDecoder(TransformerDecoderOptions(layer, o.num_decoder_layers())
                                               .norm(AnyModule(LayerNorm(norm_options)))));
  } else {
    TG_CHECK(o.custom_decoder().type_info() == typeid(TransformerDecoderImpl),
             "Transformer: custom_decoder must hold a TransformerDecoder (its forward takes the "
             "memory too), got ",
             o.custom_decoder().ptr()->name());
    decoder = o.custom_decoder().clone();
  }
  register_module("encoder", encoder.ptr());
  register_module("decoder", decoder.ptr());
  reset_parameters();
}

void TransformerImpl::reset_parameters() {
  NoGradGuard no_grad;
  for (auto& p : parameters())
    if (p.dim() > 1) init::xavier_uniform_(p);
}

Tensor TransformerImpl::forward(const Tensor& src, const Tensor& tgt, const Tensor& src_mask,
                                const Tensor& tgt_mask, const Tensor& memory_mask,
                                const Tensor& src_key_padding_mask,
                                const Tensor& tgt_key_padding_mask,
                                const Tensor& memory_key_padding_mask) {
  const int64_t batch_dim = options.batch_first() ? 0 : 1;
  TG_CHECK(src.dim() == 3 && tgt.dim() == 3, "Transformer: expected 3-D src and tgt, got src ",
           src.sizes(), " and tgt ", tgt.sizes());
  TG_CHECK(src.size(batch_dim) == tgt.size(batch_dim),
           "Transformer: the batch number of src and tgt must be equal, got src ", src.sizes(),
           " and tgt ", tgt.sizes());
  TG_CHECK(src.size(2) == options.d_model() && tgt.size(2) == options.d_model(),
           "Transformer: the feature number of src and tgt must be equal to d_model (",
           options.d_model(), "), got src ", src.sizes(), " and tgt ", tgt.sizes());
  Tensor memory;
  if (encoder.type_info() == typeid(TransformerEncoderImpl)) {
    memory = encoder.ptr<TransformerEncoderImpl>()->forward(src, src_mask, src_key_padding_mask);
  } else {
    TG_CHECK(!src_mask.defined() && !src_key_padding_mask.defined(),
             "Transformer: a custom_encoder that is no TransformerEncoder takes no masks");
    memory = encoder.forward(src);
  }
  return decoder.ptr<TransformerDecoderImpl>()->forward(
      tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask);
}

Tensor TransformerImpl::generate_square_subsequent_mask(int64_t sz) {
  TG_CHECK(sz >= 0, "generate_square_subsequent_mask: the size must be non-negative, got ", sz);
  return triu(full({sz, sz}, -std::numeric_limits<double>::infinity()), 1);
}

Tensor generate_square_subsequent_mask(int64_t sz) {
  return TransformerImpl::generate_square_subsequent_mask(sz);
}

} // namespace tg::nn
