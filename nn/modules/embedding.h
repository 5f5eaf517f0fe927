#pragma once
// Embedding: a lookup table of num_embeddings vectors of embedding_dim, indexed by int64 tensors.
//   Embedding emb(EmbeddingOptions(10000, 64).padding_idx(0));
//   auto vectors = emb(token_ids);   // [N, L] -> [N, L, 64]
//   auto frozen = Embedding::from_pretrained(glove_weights);
#include "nn/options/embedding.h"
#include "nn/pimpl.h"

namespace tg::nn {

/// Weight [num_embeddings, embedding_dim] drawn from N(0, 1), the padding_idx row zeroed, as
/// LibTorch does.
class EmbeddingImpl : public Cloneable<EmbeddingImpl> {
public:
  /// A table of `num_embeddings` vectors of size `embedding_dim`, without padding_idx.
  EmbeddingImpl(int64_t num_embeddings, int64_t embedding_dim)
      : EmbeddingImpl(EmbeddingOptions(num_embeddings, embedding_dim)) {}
  /// A table as described by the options. Uses options._weight() as the weight when given.
  /// Throws tg::Error on negative sizes, a padding_idx outside [-num, num), or a _weight of the
  /// wrong shape; a negative padding_idx is stored as num + padding_idx.
  explicit EmbeddingImpl(EmbeddingOptions options_);

  void reset() override;
  /// Re-draws the weight from N(0, 1) and zeroes the padding_idx row.
  void reset_parameters();
  /// "tg::nn::Embedding(num_embeddings=10, embedding_dim=3)", non-default settings appended
  void pretty_print(std::ostream& stream) const override;
  /// int64 indices of any shape -> [*indices.shape, embedding_dim]
  Tensor forward(const Tensor& indices);

  /// The options the module was built with.
  EmbeddingOptions options;
  /// The table, [num_embeddings, embedding_dim].
  Tensor weight;
};

/// The holder of EmbeddingImpl, with LibTorch's from_pretrained.
class Embedding : public ModuleHolder<EmbeddingImpl> {
public:
  using ModuleHolder<EmbeddingImpl>::ModuleHolder;
  using ModuleHolder<EmbeddingImpl>::get;

  /// An Embedding whose weight is `embeddings` itself (shared, not copied), [rows, dim]; frozen
  /// (requires_grad false) unless options.freeze(false).
  static Embedding from_pretrained(const Tensor& embeddings,
                                   const EmbeddingFromPretrainedOptions& options = {});
};

} // namespace tg::nn
