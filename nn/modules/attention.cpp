#include "nn/modules/attention.h"

#include <ostream>

#include "autograd/ops/functions.h"
#include "nn/functional/attention.h"
#include "nn/init.h"

namespace tg::nn {

MultiheadAttentionImpl::MultiheadAttentionImpl(const MultiheadAttentionOptions& options_)
    : options(options_) {
  reset();
}

void MultiheadAttentionImpl::reset() {
  const int64_t E = options.embed_dim(), H = options.num_heads();
  TG_CHECK(E > 0 && H > 0,
           "MultiheadAttention: embed_dim and num_heads must be positive, got "
           "embed_dim ",
           E, " and num_heads ", H);
  TG_CHECK(E % H == 0,
           "MultiheadAttention: embed_dim must be divisible by num_heads, got "
           "embed_dim ",
           E, " and num_heads ", H);
  TG_CHECK(options.kdim() > 0 && options.vdim() > 0,
           "MultiheadAttention: kdim and vdim must be "
           "positive, got ",
           options.kdim(), " and ", options.vdim());
  TG_CHECK(options.dropout() >= 0 && options.dropout() <= 1,
           "MultiheadAttention: dropout must "
           "be between 0 and 1, got ",
           options.dropout());
  head_dim = E / H;
  _qkv_same_embed_dim = options.kdim() == E && options.vdim() == E;
  // Registered in LibTorch's order, the unused ones as undefined, so that named_parameters()
  // and state_dict() list what LibTorch lists.
  if (!_qkv_same_embed_dim) {
    q_proj_weight = register_parameter("q_proj_weight", tg::empty({E, E}));
    k_proj_weight = register_parameter("k_proj_weight", tg::empty({E, options.kdim()}));
    v_proj_weight = register_parameter("v_proj_weight", tg::empty({E, options.vdim()}));
    in_proj_weight = register_parameter("in_proj_weight", Tensor(), /*requires_grad=*/false);
  } else {
    in_proj_weight = register_parameter("in_proj_weight", tg::empty({3 * E, E}));
    q_proj_weight = register_parameter("q_proj_weight", Tensor(), false);
    k_proj_weight = register_parameter("k_proj_weight", Tensor(), false);
    v_proj_weight = register_parameter("v_proj_weight", Tensor(), false);
  }
  in_proj_bias = options.bias() ? register_parameter("in_proj_bias", tg::empty({3 * E}))
                                : register_parameter("in_proj_bias", Tensor(), false);
  out_proj = register_module("out_proj", Linear(LinearOptions(E, E).bias(options.bias())));
  if (options.add_bias_kv()) {
    bias_k = register_parameter("bias_k", tg::empty({1, 1, E}));
    bias_v = register_parameter("bias_v", tg::empty({1, 1, E}));
  } else {
    bias_k = Tensor();
    bias_v = Tensor();
  }
  _reset_parameters();
}

void MultiheadAttentionImpl::_reset_parameters() {
  NoGradGuard no_grad;
  if (_qkv_same_embed_dim) {
    init::xavier_uniform_(in_proj_weight);
  } else {
    init::xavier_uniform_(q_proj_weight);
    init::xavier_uniform_(k_proj_weight);
    init::xavier_uniform_(v_proj_weight);
  }
  // out_proj's weight keeps Linear's own initialisation, as in LibTorch.
  if (in_proj_bias.defined()) {
    init::constant_(in_proj_bias, 0.);
    init::constant_(out_proj->bias, 0.);
  }
  if (bias_k.defined()) init::xavier_normal_(bias_k);
  if (bias_v.defined()) init::xavier_normal_(bias_v);
}

void MultiheadAttentionImpl::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::MultiheadAttention";
}

std::tuple<Tensor, Tensor>
MultiheadAttentionImpl::forward(const Tensor& query, const Tensor& key, const Tensor& value,
                                const Tensor& key_padding_mask, bool need_weights,
                                const Tensor& attn_mask, bool average_attn_weights) {
  // batch_first: the functional form works in [L, N, E]; transposed views cost no copy here.
  auto seq_first = [&](const Tensor& t) { return options.batch_first() ? t.transpose(0, 1) : t; };
  const bool self_attention = query.is_same(key) && key.is_same(value);
  Tensor q = seq_first(query);
  Tensor k = self_attention ? q : seq_first(key);
  Tensor v = self_attention ? q : seq_first(value);
  auto fo =
      functional::MultiheadAttentionForwardFuncOptions(
          options.embed_dim(), options.num_heads(), in_proj_weight, in_proj_bias, bias_k, bias_v,
          options.add_zero_attn(), options.dropout(), out_proj->weight, out_proj->bias)
          .training(is_training())
          .key_padding_mask(key_padding_mask)
          .need_weights(need_weights)
          .attn_mask(attn_mask)
          .average_attn_weights(average_attn_weights);
  if (!_qkv_same_embed_dim)
    fo.use_separate_proj_weight(true)
        .q_proj_weight(q_proj_weight)
        .k_proj_weight(k_proj_weight)
        .v_proj_weight(v_proj_weight);
  auto [out, weights] = functional::multi_head_attention_forward(q, k, v, fo);
  return {options.batch_first() ? out.transpose(0, 1) : out, weights};
}

} // namespace tg::nn
