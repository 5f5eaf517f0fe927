#pragma once
// Options of Embedding (torch/nn/options/embedding.h).
#include <cstdint>
#include <optional>

#include "autograd/tensor/tensor.h"
#include "tapegrad/arg.h"

namespace tg::nn {

/// EmbeddingOptions(num_embeddings, embedding_dim).padding_idx(0).max_norm(1.0)
struct EmbeddingOptions {
  /// The two required sizes; the others keep LibTorch's defaults.
  EmbeddingOptions(int64_t num_embeddings, int64_t embedding_dim)
      : num_embeddings_(num_embeddings), embedding_dim_(embedding_dim) {}
  /// The number of rows, i.e. the size of the vocabulary; indices must be below it (required).
  TG_ARG(int64_t, num_embeddings);
  /// The length of each embedding vector (required).
  TG_ARG(int64_t, embedding_dim);
  /// This row is initialised to zeros and gets no gradient: a fixed "pad" vector. Negative values
  /// count from the end (-1 is the last row).
  TG_ARG(std::optional<int64_t>, padding_idx) = std::nullopt;
  /// Rows looked up with a norm above this are rescaled in place to this norm.
  TG_ARG(std::optional<double>, max_norm) = std::nullopt;
  /// The p of the p-norm for max_norm.
  TG_ARG(double, norm_type) = 2.;
  /// Divide each row's gradient by how often the row occurs in the mini-batch.
  TG_ARG(bool, scale_grad_by_freq) = false;
  /// Accepted for spelling; the gradient is always dense.
  TG_ARG(bool, sparse) = false;
  /// A weight to use instead of a freshly initialised one (shape [num_embeddings, embedding_dim]).
  TG_ARG(Tensor, _weight) = Tensor();
};

/// Embedding::from_pretrained(weights, EmbeddingFromPretrainedOptions().freeze(false))
struct EmbeddingFromPretrainedOptions {
  /// The weight does not train (requires_grad = false).
  TG_ARG(bool, freeze) = true;
  /// This row gets no gradient; unlike EmbeddingOptions, the given weights are kept (not zeroed).
  TG_ARG(std::optional<int64_t>, padding_idx) = std::nullopt;
  /// Rows looked up with a norm above this are rescaled in place to this norm (default none).
  TG_ARG(std::optional<double>, max_norm) = std::nullopt;
  /// The p of the p-norm for max_norm (default 2).
  TG_ARG(double, norm_type) = 2.;
  /// Divide each row's gradient by how often the row occurs in the mini-batch (default false).
  TG_ARG(bool, scale_grad_by_freq) = false;
  /// Accepted for spelling; the gradient is always dense.
  TG_ARG(bool, sparse) = false;
};

namespace functional {
/// F::embedding(indices, weight, EmbeddingFuncOptions().padding_idx(0))
struct EmbeddingFuncOptions {
  /// This row of the weight gets no gradient; negative values count from the end, out of range
  /// throws tg::Error (default none).
  TG_ARG(std::optional<int64_t>, padding_idx) = std::nullopt;
  /// Rows looked up with a norm above this are rescaled in place, in the weight, to this norm
  /// (default none).
  TG_ARG(std::optional<double>, max_norm) = std::nullopt;
  /// The p of the p-norm for max_norm (default 2).
  TG_ARG(double, norm_type) = 2.;
  /// Divide each row's gradient by how often the row occurs in the mini-batch (default false).
  TG_ARG(bool, scale_grad_by_freq) = false;
  /// Accepted for spelling; the gradient is always dense.
  TG_ARG(bool, sparse) = false;
};
} // namespace functional

} // namespace tg::nn
