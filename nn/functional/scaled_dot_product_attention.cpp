// Scaled dot-product attention, softmax(q·kᵀ·scale + mask)·v, as one fused op: the forward keeps a
// logsumexp per query row instead of the [L, S] probabilities (autograd/kernels/attention.h), and
// the backward recomputes them strip by strip. A create_graph backward, and dropout, take the
// composite form written with tensor ops instead, which is differentiable again.
#include "nn/functional/scaled_dot_product_attention.h"

#include <cmath>
#include <limits>

#include "autograd/graph/grad_mode.h"
#include "autograd/kernels/attention.h"
#include "autograd/ops/internal.h"

namespace tg {

using autograd::Node;
using autograd::SavedVariable;
using autograd::variable_list;

namespace {

constexpr const char* kOp = "scaled_dot_product_attention";

/// The leading (batch) dims of `t`: all but the last two.
IntArrayRef batch_dims(const Tensor& t) { return t.sizes().slice(0, size_t(t.dim() - 2)); }

/// The sizes `t` broadcast to: `batch` followed by its own last two dims replaced by (a, b).
DimVector with_last2(IntArrayRef batch, int64_t a, int64_t b) {
  DimVector v;
  for (int64_t d : batch) v.push_back(d);
  v.push_back(a);
  v.push_back(b);
  return v;
}

/// `t` expanded to `batch` + (a, b) and made contiguous: the kernels' [B, ., .] layout (a no-op
/// for a contiguous input that already has those dims).
Tensor flat(const Tensor& t, IntArrayRef batch, int64_t a, int64_t b) {
  return t.expand(with_last2(batch, a, b)).contiguous();
}

/// The scores scale·q·kᵀ + mask with the causal rule, as differentiable tensor ops.
Tensor composite_scores(const Tensor& q, const Tensor& k, const Tensor& mask, bool causal,
                        double scale) {
  Tensor sc = matmul(q, k.transpose(-2, -1)) * scale;
  if (mask.defined()) sc = sc + mask;
  if (causal) {
    Tensor above = ones({q.size(-2), k.size(-2)}, TensorOptions().dtype(kBool)).triu(1);
    sc = sc.masked_fill(above, -std::numeric_limits<double>::infinity());
  }
  return sc;
}

/// A bool mask (true = take part) as the additive mask it means: 0 where true, -inf where false.
Tensor additive_mask(const Tensor& mask, ScalarType dtype) {
  if (!mask.defined() || mask.scalar_type() != kBool) return mask;
  return where(mask, 0.0, -std::numeric_limits<double>::infinity()).to(dtype);
}

void check_inputs(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask,
                  double dropout_p, bool is_causal) {
  TG_CHECK(q.defined() && k.defined() && v.defined(), kOp,
           ": query, key and value must be defined tensors");
  TG_CHECK(q.dim() >= 2 && k.dim() >= 2 && v.dim() >= 2, kOp,
           ": query, key and value must have at least 2 dims ([..., L, E], [..., S, E], "
           "[..., S, Ev]), got query ",
           q.sizes(), ", key ", k.sizes(), ", value ", v.sizes());
  TG_CHECK(isFloatingType(q.scalar_type()) && q.scalar_type() == k.scalar_type() &&
               q.scalar_type() == v.scalar_type(),
           kOp, ": expected query, key and value of one floating dtype, got ", q.scalar_type(),
           ", ", k.scalar_type(), " and ", v.scalar_type());
  TG_CHECK(q.size(-1) == k.size(-1), kOp,
           ": query and key must have the same last dim (E), got "
           "query ",
           q.sizes(), " and key ", k.sizes());
  TG_CHECK(k.size(-2) == v.size(-2), kOp,
           ": key and value must have the same sequence length "
           "(dim -2), got key ",
           k.sizes(), " and value ", v.sizes());
  TG_CHECK(dropout_p >= 0 && dropout_p <= 1, kOp, ": dropout_p must be between 0 and 1, got ",
           dropout_p);
  TG_CHECK(!(is_causal && mask.defined()), kOp,
           ": attn_mask must not be given when is_causal is true (the causal mask replaces it)");
  if (mask.defined())
    TG_CHECK(mask.scalar_type() == kBool || mask.scalar_type() == q.scalar_type(), kOp,
             ": attn_mask must be bool or of query's dtype (", q.scalar_type(), "), got ",
             mask.scalar_type());
}

} // namespace

Tensor scaled_dot_product_attention(const Tensor& query, const Tensor& key, const Tensor& value,
                                    const Tensor& attn_mask, double dropout_p, bool is_causal,
                                    std::optional<double> scale) {
  check_inputs(query, key, value, attn_mask, dropout_p, is_causal);
  const int64_t L = query.size(-2), S = key.size(-2), E = query.size(-1), Ev = value.size(-1);
  const double sc = scale ? *scale : 1.0 / std::sqrt(double(E));
  const DimVector batch = ops::broadcast_shapes(
      ops::broadcast_shapes(batch_dims(query), batch_dims(key), kOp), batch_dims(value), kOp);
  const DimVector score_shape = with_last2(batch, L, S);
  Tensor mask = additive_mask(attn_mask, query.scalar_type());
  if (mask.defined())
    TG_CHECK(mask.dim() <= int64_t(score_shape.size()) &&
                 is_expandable_to(mask.sizes(), score_shape),
             kOp, ": attn_mask of shape ", mask.sizes(),
             " does not broadcast to the attention scores' shape ", IntArrayRef(score_shape));

  if (dropout_p > 0) {
    // Dropout needs the probabilities themselves, so this path is the composite one.
    Tensor p = softmax(composite_scores(query, key, mask, is_causal, sc), -1);
    return matmul(dropout(p, dropout_p, /*train=*/true), value);
  }

  int64_t B = 1;
  for (int64_t d : batch) B *= d;
  const kernels::AttentionShape shape{B, L, S, E, Ev, sc, is_causal};
  Tensor out = ops::empty_tensor(with_last2(batch, L, Ev), query.scalar_type());
  Tensor lse = ops::empty_tensor({B, L}, query.scalar_type());
  Tensor mask_view;
  {
    // Broadcast batch dims are materialised for the kernel without being recorded: the node
    // below is connected to the original inputs.
    NoGradGuard no_grad;
    mask_view = mask.defined() ? mask.expand(score_shape) : Tensor();
    kernels::attention_forward(flat(query, batch, L, E), flat(key, batch, S, E),
                               flat(value, batch, S, Ev), mask_view, shape, out, lse);
  }
  if (!autograd::compute_requires_grad(query, key, value, mask)) return out;
  // With P = softmax(scale·q·kᵀ + mask), out = P·v and D = rowsum(g∘out) (= rowsum(P∘dP)):
  // dv = Pᵀ·g; dP = g·vᵀ; dS = P∘(dP − D); dq = scale·dS·k; dk = scale·dSᵀ·q; dmask = dS
  autograd::record(
      "ScaledDotProductFlashAttentionForCpuBackward0", {query, key, value, mask}, out,
      [q_ = SavedVariable(query, false), k_ = SavedVariable(key, false),
       v_ = SavedVariable(value, false), m_ = SavedVariable(mask, false),
       o_ = SavedVariable(out, true), lse, shape](const Tensor& grad, Node& node) {
        Tensor q = q_.unpack(), k = k_.unpack(), v = v_.unpack(), m = m_.unpack();
        const IntArrayRef batch = batch_dims(grad);
        if (GradMode::is_enabled()) {
          // create_graph: the same formulas in tensor ops on the recomputed P, so the gradient
          // is itself differentiable (in q, k, v, the mask and grad).
          Tensor p = softmax(composite_scores(q, k, m, shape.causal, shape.scale), -1);
          Tensor dp = matmul(grad, v.transpose(-2, -1));
          Tensor ds = p * (dp - (dp * p).sum(-1, true));
          return variable_list{
              node.needs_input_grad(0) ? matmul(ds, k) * shape.scale : Tensor(),
              node.needs_input_grad(1) ? matmul(ds.transpose(-2, -1), q) * shape.scale : Tensor(),
              node.needs_input_grad(2) ? matmul(p.transpose(-2, -1), grad) : Tensor(),
              node.needs_input_grad(3) ? ds : Tensor()};
        }
        Tensor out = o_.unpack(node.shared_from_this());
        Tensor dq = ops::empty_tensor(with_last2(batch, shape.L, shape.E), q.scalar_type());
        Tensor dk = ops::empty_tensor(with_last2(batch, shape.S, shape.E), q.scalar_type());
        Tensor dv = ops::empty_tensor(with_last2(batch, shape.S, shape.Ev), q.scalar_type());
        Tensor dmask = node.needs_input_grad(3)
                           ? ops::empty_tensor(with_last2(batch, shape.L, shape.S), q.scalar_type())
                           : Tensor();
        Tensor mask_view = m.defined() ? m.expand(with_last2(batch, shape.L, shape.S)) : Tensor();
        kernels::attention_backward(flat(q, batch, shape.L, shape.E),
                                    flat(k, batch, shape.S, shape.E),
                                    flat(v, batch, shape.S, shape.Ev), mask_view, out, lse,
                                    grad.contiguous(), shape, dq, dk, dv, dmask);
        return variable_list{node.needs_input_grad(0) ? dq : Tensor(),
                             node.needs_input_grad(1) ? dk : Tensor(),
                             node.needs_input_grad(2) ? dv : Tensor(), dmask};
      });
  return out;
}

} // namespace tg
