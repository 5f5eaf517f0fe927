#include "nn/modules/embedding.h"

#include <ostream>

#include "autograd/ops/functions.h"
#include "nn/functional/embedding.h"
#include "nn/init.h"

namespace tg::nn {

EmbeddingImpl::EmbeddingImpl(EmbeddingOptions options_) : options(std::move(options_)) { reset(); }

void EmbeddingImpl::reset() {
  const int64_t num = options.num_embeddings(), dim = options.embedding_dim();
  TG_CHECK(num >= 0 && dim >= 0, "Embedding: num_embeddings and embedding_dim must be "
           "non-negative, got ", num, " and ", dim);
  if (options.padding_idx()) {
    const int64_t p = *options.padding_idx();
    TG_CHECK(p < num && p >= -num, "Embedding: padding_idx must be within num_embeddings (got "
             "padding_idx=", p, " for num_embeddings=", num, ")");
    // stored non-negative, as LibTorch does (and prints)
    if (p < 0) options.padding_idx(num + p);
  }
  if (!options._weight().defined()) {
    weight = register_parameter("weight", tg::empty({num, dim}));
    reset_parameters();
  } else {
    const int64_t expected[] = {num, dim};
    TG_CHECK(options._weight().sizes().equals(IntArrayRef(expected, 2)), "Embedding: shape of "
             "_weight ", options._weight().sizes(), " does not match num_embeddings and "
             "embedding_dim [", num, ", ", dim, "]");
    weight = register_parameter("weight", options._weight());
    // Used once: a clone (which copies the options and calls reset()) must get its own weight,
    // not alias this one.
    options._weight(Tensor());
  }
}

void EmbeddingImpl::reset_parameters() {
  init::normal_(weight);
  if (options.padding_idx()) {
    NoGradGuard no_grad;
    weight.select(0, *options.padding_idx()).fill_(0);
  }
}

void EmbeddingImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << "tg::nn::Embedding(num_embeddings=" << options.num_embeddings()
         << ", embedding_dim=" << options.embedding_dim();
  if (options.padding_idx()) stream << ", padding_idx=" << *options.padding_idx();
  if (options.max_norm()) stream << ", max_norm=" << *options.max_norm();
  if (options.norm_type() != 2) stream << ", norm_type=" << options.norm_type();
  if (options.scale_grad_by_freq()) stream << ", scale_grad_by_freq=true";
  if (options.sparse()) stream << ", sparse=true";
  stream << ")";
}

Tensor EmbeddingImpl::forward(const Tensor& indices) {
  return functional::embedding(indices, weight,
                               functional::EmbeddingFuncOptions()
                                   .padding_idx(options.padding_idx())
                                   .max_norm(options.max_norm())
                                   .norm_type(options.norm_type())
                                   .scale_grad_by_freq(options.scale_grad_by_freq())
                                   .sparse(options.sparse()));
}

Embedding Embedding::from_pretrained(const Tensor& embeddings,
                                     const EmbeddingFromPretrainedOptions& options) {
  TG_CHECK(embeddings.defined() && embeddings.dim() == 2, "Embedding::from_pretrained: the "
           "embeddings are expected to be 2-dimensional [num_embeddings, embedding_dim], got ",
           embeddings.defined() ? embeddings.sizes() : IntArrayRef());
  Embedding embedding(EmbeddingOptions(embeddings.size(0), embeddings.size(1))
                          ._weight(embeddings)
                          .padding_idx(options.padding_idx())
                          .max_norm(options.max_norm())
                          .norm_type(options.norm_type())
                          .scale_grad_by_freq(options.scale_grad_by_freq())
                          .sparse(options.sparse()));
  embedding->weight.set_requires_grad(!options.freeze());
  return embedding;
}

} // namespace tg::nn
