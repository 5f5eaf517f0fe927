#include "nn/modules/transformercoder.h"

namespace tg::nn {

namespace {

/// Re-initialises a final norm that is a LayerNorm (the only kind LibTorch resets).
void reset_norm(AnyModule& norm) {
  if (norm.is_empty()) return;
  if (auto ln = std::dynamic_pointer_cast<LayerNormImpl>(norm.ptr())) ln->reset_parameters();
}

} // namespace

TransformerEncoderImpl::TransformerEncoderImpl(TransformerEncoderOptions options_)
    : options(std::move(options_)) {
  reset();
}

void TransformerEncoderImpl::reset() {
  TG_CHECK(!options.encoder_layer().is_empty(), "TransformerEncoder: encoder_layer is empty");
  TG_CHECK(options.num_layers() >= 0, "TransformerEncoder: num_layers must be non-negative, got ",
           options.num_layers());
  layers = register_module("layers", ModuleList());
  for (int64_t i = 0; i < options.num_layers(); ++i)
    layers->push_back(options.encoder_layer()->clone());
  if (!options.norm().is_empty()) {
    norm = options.norm().clone();
    register_module("norm", norm.ptr());
  }
}

void TransformerEncoderImpl::reset_parameters() {
  for (size_t i = 0; i < layers->size(); ++i)
    layers->ptr<TransformerEncoderLayerImpl>(i)->reset_parameters();
  reset_norm(norm);
}

Tensor TransformerEncoderImpl::forward(const Tensor& src, const Tensor& src_mask,
                                       const Tensor& src_key_padding_mask) {
  Tensor x = src;
  for (size_t i = 0; i < layers->size(); ++i)
    x = layers->ptr<TransformerEncoderLayerImpl>(i)->forward(x, src_mask, src_key_padding_mask);
  return norm.is_empty() ? x : norm.forward(x);
}

TransformerDecoderImpl::TransformerDecoderImpl(TransformerDecoderOptions options_)
    : options(std::move(options_)) {
  reset();
}

void TransformerDecoderImpl::reset() {
  TG_CHECK(!options.decoder_layer().is_empty(), "TransformerDecoder: decoder_layer is empty");
  TG_CHECK(options.num_layers() >= 0, "TransformerDecoder: num_layers must be non-negative, got ",
           options.num_layers());
  layers = register_module("layers", ModuleList());
  for (int64_t i = 0; i < options.num_layers(); ++i)
    layers->push_back(options.decoder_layer()->clone());
  if (!options.norm().is_empty()) {
    norm = options.norm().clone();
    register_module("norm", norm.ptr());
  }
}

void TransformerDecoderImpl::reset_parameters() {
  for (size_t i = 0; i < layers->size(); ++i)
    layers->ptr<TransformerDecoderLayerImpl>(i)->reset_parameters();
  reset_norm(norm);
}

Tensor TransformerDecoderImpl::forward(const Tensor& tgt, const Tensor& memory,
                                       const Tensor& tgt_mask, const Tensor& memory_mask,
                                       const Tensor& tgt_key_padding_mask,
                                       const Tensor& memory_key_padding_mask) {
  Tensor x = tgt;
  for (size_t i = 0; i < layers->size(); ++i)
    x = layers->ptr<TransformerDecoderLayerImpl>(i)->forward(
        x, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask);
  return norm.is_empty() ? x : norm.forward(x);
}

} // namespace tg::nn
