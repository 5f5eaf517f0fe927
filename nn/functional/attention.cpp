// F::multi_head_attention_forward, step by step as LibTorch 1.13 (project, append bias_k/bias_v
// and zero keys, split heads, attend, join, project out), with PyTorch's mask meanings. The heads
// attend through the fused tg::scaled_dot_product_attention unless the caller wants the weights,
// which only the composite softmax(q·kᵀ·scale + mask) materialises.
#include "nn/functional/attention.h"

#include <cmath>
#include <limits>

#include "autograd/ops/functions.h"
#include "nn/functional/linear.h"

namespace tg::nn::functional {

namespace {

constexpr const char* kOp = "multi_head_attention_forward";

/// A mask as the additive mask it means: a bool true becomes -inf (masked), false 0; a float
/// mask is added as it is (cast to the scores' dtype).
Tensor additive(const Tensor& m, ScalarType dtype, const char* which) {
  if (!m.defined()) return m;
  if (m.scalar_type() == kBool)
    return tg::zeros(m.sizes(), TensorOptions().dtype(dtype))
        .masked_fill(m, -std::numeric_limits<double>::infinity());
  TG_CHECK(isFloatingType(m.scalar_type()), kOp, ": only bool and floating ", which,
           " are supported, got ", m.scalar_type());
  return m.to(dtype);
}

/// `m` with a zero column appended to its last dim: the mask of one more key that nothing masks.
Tensor pad_key(const Tensor& m) {
  if (!m.defined()) return m;
  std::vector<int64_t> s = m.sizes().vec();
  s.back() = 1;
  return tg::cat({m, tg::zeros(s, m.options())}, -1);
}

/// `t` [N·H, S, hd] with one key (or value) of zeros appended along dim 1.
Tensor append_zero_key(const Tensor& t) {
  std::vector<int64_t> s = t.sizes().vec();
  s[1] = 1;
  return tg::cat({t, tg::zeros(s, t.options())}, 1);
}

void check_weight(const Tensor& w, int64_t rows, int64_t cols, const char* name) {
  TG_CHECK(w.defined() && w.dim() == 2 && w.size(0) == rows && w.size(1) == cols, kOp, ": ", name,
           " must be of shape [", rows, ", ", cols, "], got ",
           w.defined() ? w.sizes() : IntArrayRef{});
}

} // namespace

std::tuple<Tensor, Tensor>
multi_head_attention_forward(const Tensor& query, const Tensor& key, const Tensor& value,
                             const MultiheadAttentionForwardFuncOptions& o) {
  TG_CHECK(query.defined() && key.defined() && value.defined(), kOp,
           ": query, key and value must be defined");
  TG_CHECK(query.dim() == 3 && key.dim() == 3 && value.dim() == 3, kOp,
           ": expected 3-D query [L, N, E], key [S, N, kdim] and value [S, N, vdim], got query ",
           query.sizes(), ", key ", key.sizes(), ", value ", value.sizes());
  const int64_t L = query.size(0), N = query.size(1), E = query.size(2), H = o.num_heads();
  const int64_t S0 = key.size(0);
  TG_CHECK(E == o.embed_dim_to_check(), kOp, ": was expecting embedding dimension of ",
           o.embed_dim_to_check(), ", but got ", E);
  TG_CHECK(key.size(0) == value.size(0) && key.size(1) == N && value.size(1) == N, kOp,
           ": key and value must be [S, N, *] with the query's batch size N = ", N, ", got key ",
           key.sizes(), " and value ", value.sizes());
  TG_CHECK(H > 0 && E % H == 0, kOp, ": embed_dim must be divisible by num_heads, got embed_dim ",
           E, " and num_heads ", H);
  const int64_t hd = E / H;
  const ScalarType dt = query.scalar_type();

  // Projections: one GEMM for self-attention (query, key and value the same tensor), slices of
  // the stacked in_proj_weight otherwise, or the three separate weights.
  Tensor q, k, v;
  const Tensor& b = o.in_proj_bias();
  auto bias_part = [&](int64_t i) {
    return b.defined() ? b.slice(0, i * E, (i + 1) * E) : Tensor();
  };
  if (!o.use_separate_proj_weight()) {
    check_weight(o.in_proj_weight(), 3 * E, E, "in_proj_weight");
    TG_CHECK(key.size(2) == E && value.size(2) == E, kOp, ": key and value must have embed_dim (",
             E, ") features without use_separate_proj_weight, got key ", key.sizes(), " and value ",
             value.sizes());
    if (query.is_same(key) && key.is_same(value)) {
      auto qkv = functional::linear(query, o.in_proj_weight(), b).chunk(3, -1);
      q = qkv[0], k = qkv[1], v = qkv[2];
    } else {
      q = functional::linear(query, o.in_proj_weight().slice(0, 0, E), bias_part(0));
      k = functional::linear(key, o.in_proj_weight().slice(0, E, 2 * E), bias_part(1));
      v = functional::linear(value, o.in_proj_weight().slice(0, 2 * E, 3 * E), bias_part(2));
    }
  } else {
    check_weight(o.q_proj_weight(), E, E, "q_proj_weight");
    check_weight(o.k_proj_weight(), E, key.size(2), "k_proj_weight");
    check_weight(o.v_proj_weight(), E, value.size(2), "v_proj_weight");
    q = functional::linear(query, o.q_proj_weight(), bias_part(0));
    k = functional::linear(key, o.k_proj_weight(), bias_part(1));
    v = functional::linear(value, o.v_proj_weight(), bias_part(2));
  }

  Tensor attn_mask = additive(o.attn_mask(), dt, "attn_mask");
  Tensor kpm = additive(o.key_padding_mask(), dt, "key_padding_mask");
  if (attn_mask.defined()) {
    TG_CHECK((attn_mask.dim() == 2 && attn_mask.size(0) == L && attn_mask.size(1) == S0) ||
                 (attn_mask.dim() == 3 && attn_mask.size(0) == N * H && attn_mask.size(1) == L &&
                  attn_mask.size(2) == S0),
             kOp, ": attn_mask must be [L, S] = [", L, ", ", S0, "] or [N*num_heads, L, S] = [",
             N * H, ", ", L, ", ", S0, "], got ", attn_mask.sizes());
  }
  if (kpm.defined())
    TG_CHECK(kpm.dim() == 2 && kpm.size(0) == N && kpm.size(1) == S0, kOp,
             ": key_padding_mask must be [N, S] = [", N, ", ", S0, "], got ", kpm.sizes());

  TG_CHECK(o.bias_k().defined() == o.bias_v().defined(), kOp,
           ": bias_k and bias_v must be given together");
  if (o.bias_k().defined()) {
    TG_CHECK(!o.static_k().defined() && !o.static_v().defined(), kOp,
             ": bias cannot be added to static key or value");
    k = tg::cat({k, o.bias_k().repeat({1, N, 1})});
    v = tg::cat({v, o.bias_v().repeat({1, N, 1})});
    attn_mask = pad_key(attn_mask);
    kpm = pad_key(kpm);
  }

  // Heads: [len, N, E] -> [N·H, len, hd], head h of sample n at index n·H + h.
  q = q.contiguous().view({L, N * H, hd}).transpose(0, 1);
  k = k.contiguous().view({-1, N * H, hd}).transpose(0, 1);
  v = v.contiguous().view({-1, N * H, hd}).transpose(0, 1);
  for (const Tensor* st : {&o.static_k(), &o.static_v()})
    if (st->defined())
      TG_CHECK(st->dim() == 3 && st->size(0) == N * H && st->size(2) == hd, kOp,
               ": static_k and static_v must be [N*num_heads, S, head_dim] = [", N * H, ", S, ", hd,
               "], got ", st->sizes());
  if (o.static_k().defined()) k = o.static_k();
  if (o.static_v().defined()) v = o.static_v();
  TG_CHECK(k.size(1) == v.size(1), kOp, ": keys and values differ in number: ", k.sizes(), " and ",
           v.sizes());
  if (o.add_zero_attn()) {
    k = append_zero_key(k);
    v = append_zero_key(v);
    attn_mask = pad_key(attn_mask);
    kpm = pad_key(kpm);
  }
  const int64_t S = k.size(1);
  TG_CHECK((!attn_mask.defined() || attn_mask.size(-1) == S) &&
               (!kpm.defined() || kpm.size(1) == S),
           kOp, ": the masks cover ", kpm.defined() ? kpm.size(1) : attn_mask.size(-1),
           " keys but there are ", S);

  // One additive mask broadcastable to the scores [N, H, L, S].
  Tensor mask =
      attn_mask.defined() && attn_mask.dim() == 3 ? attn_mask.view({N, H, L, S}) : attn_mask;
  if (kpm.defined()) {
    Tensor kp = kpm.view({N, 1, 1, S});
    mask = mask.defined() ? mask + kp : kp;
  }
  const double p = o.training() ? o.dropout_p() : 0.0;

  Tensor heads, weights;
  if (o.need_weights()) {
    // q·kᵀ·scale + mask, softmax, dropout: the weights are materialised to be returned.
    Tensor scores =
        tg::bmm(q * (1.0 / std::sqrt(double(hd))), k.transpose(1, 2)).view({N, H, L, S});
    if (mask.defined()) scores = scores + mask;
    weights = tg::dropout(tg::softmax(scores, -1), p, o.training());
    heads = tg::bmm(weights.view({N * H, L, S}), v);
  } else {
    heads = tg::scaled_dot_product_attention(q.reshape({N, H, L, hd}), k.reshape({N, H, S, hd}),
                                             v.reshape({N, H, S, hd}), mask, p)
                .view({N * H, L, hd});
  }
  Tensor out = functional::linear(heads.transpose(0, 1).contiguous().view({L, N, E}),
                                  o.out_proj_weight(), o.out_proj_bias());
  if (!o.need_weights()) return {out, Tensor()};
  if (o.average_attn_weights()) weights = weights.sum(1) / double(H);
  return {out, weights};
}

} // namespace tg::nn::functional
