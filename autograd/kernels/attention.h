#pragma once
// The fused scaled-dot-product attention loops behind tg::scaled_dot_product_attention. Batch and
// head dims are flattened into B; per batch entry b the forward takes a block of query rows at a
// time, forms its scores against every key (a [rows, S] strip, never the whole [L, S] matrix of
// every b at once), and keeps only each row's logsumexp. The backward recomputes the
// probabilities of each strip from that logsumexp. Nothing is recorded: ops/attention.cpp does.
#include <cstdint>

#include "autograd/tensor/tensor.h"

namespace tg::kernels {

/// What both loops need besides the tensors: sizes, the scale and the masks.
struct AttentionShape {
  int64_t B;           ///< Batch entries (all leading dims of the broadcast result, flattened).
  int64_t L;           ///< Query rows.
  int64_t S;           ///< Keys.
  int64_t E;           ///< Features of a query and a key.
  int64_t Ev;          ///< Features of a value.
  double scale;        ///< Multiplies q·k (1/sqrt(E) unless the caller chose another).
  bool causal = false; ///< Key j is masked for query i when j > i (top-left aligned).
};

/// out[b] = softmax(scale·q[b]·k[b]ᵀ + mask[b]) · v[b] and lse[b, i] = the logsumexp of score row
/// i, for contiguous q [B, L, E], k [B, S, E], v [B, S, Ev], out [B, L, Ev], lse [B, L] of one
/// floating dtype. `mask` is undefined or an additive mask of that dtype whose last two dims are
/// [L, S] and whose leading dims are the broadcast batch dims (any strides: an expanded view).
/// A row whose scores are all -inf gives NaN, as softmax does.
void attention_forward(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                       const AttentionShape& s, const Tensor& out, const Tensor& lse);

/// The gradients of attention_forward from dout [B, L, Ev] (contiguous): with P recomputed from
/// lse, dv = Pᵀ·dout, dP = dout·vᵀ, dS = P∘(dP − rowsum(dout∘out)), dq = scale·dS·k,
/// dk = scale·dSᵀ·q. dq, dk, dv are contiguous and fully written; `dmask`, when defined, is a
/// contiguous [B, L, S] that receives dS (the additive mask's gradient).
void attention_backward(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                        const Tensor& out, const Tensor& lse, const Tensor& dout,
                        const AttentionShape& s, const Tensor& dq, const Tensor& dk,
                        const Tensor& dv, const Tensor& dmask);

} // namespace tg::kernels
