// Attention and Transformers (issue #21): values and gradients against LibTorch 1.13
// (attention_reference_cases.inc, whose numbers LibTorch wrote into
// tests/fixtures/attention_reference.txt), the fused attention against the composite formula,
// PyTorch's mask meanings, the options' defaults, parameter names and printing as LibTorch's,
// and the errors bad shapes and options raise.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include <tapegrad/tapegrad.h>

#include "libtorch_reference.h"

namespace attention_test {

namespace T = tg;
namespace NN = tg::nn;
namespace FF = tg::nn::functional;
using tg::Tensor;

using tg_test::contains;
using tg_test::error_of;
using tg_test::printed;

#define TG_SDPA(q, k, v, mask, causal) T::scaled_dot_product_attention(q, k, v, mask, 0.0, causal)

/// softmax(q·kᵀ/sqrt(E) + mask)·v in plain tensor ops: what the fused op must agree with.
Tensor composite(const Tensor& q, const Tensor& k, const Tensor& v, const Tensor& mask = {}) {
  Tensor s = T::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(q.size(-1)));
  if (mask.defined()) s = s + mask;
  return T::matmul(T::softmax(s, -1), v);
}

double max_abs_diff(const Tensor& a, const Tensor& b) {
  return (a.to(T::kDouble) - b.to(T::kDouble)).abs().max().item<double>();
}

std::vector<std::string> keys(const NN::Module& m) {
  std::vector<std::string> out;
  for (const auto& item : m.named_parameters()) out.push_back(item.key());
  return out;
}

BOOST_AUTO_TEST_SUITE(nn_attention)

BOOST_AUTO_TEST_CASE(values_and_gradients_match_libtorch) {
  const auto dbl = T::TensorOptions().dtype(T::kDouble);
  tg_test::ReferenceCases cases;
#define TG_REF_CASE(name, ...) cases.emplace_back(#name, [&]() -> Tensor { __VA_ARGS__ });
#include "attention_reference_cases.inc"
#undef TG_REF_CASE
  tg_test::check_against_reference(cases, "attention_reference.txt");
}

// Larger than one strip of query rows (64), in float32: the fused forward and backward against
// the composite formula, whose gradient autograd derives op by op.
BOOST_AUTO_TEST_CASE(fused_matches_composite_across_strips_in_float) {
  T::manual_seed(3);
  Tensor q = T::randn({2, 3, 70, 8}).requires_grad_();
  Tensor k = T::randn({2, 3, 90, 8}).requires_grad_();
  Tensor v = T::randn({2, 3, 90, 5}).requires_grad_();
  Tensor mask = T::randn({70, 90}) * 0.5;
  Tensor w = T::randn({2, 3, 70, 5});
  Tensor fused = T::scaled_dot_product_attention(q, k, v, mask);
  auto g1 = T::autograd::grad({(fused * w).sum()}, {q, k, v});
  Tensor ref = composite(q, k, v, mask);
  auto g2 = T::autograd::grad({(ref * w).sum()}, {q, k, v});
  BOOST_TEST(max_abs_diff(fused, ref) < 1e-5);
  for (size_t i = 0; i < 3; ++i) BOOST_TEST(max_abs_diff(g1[i], g2[i]) < 1e-4);
  BOOST_TEST(fused.grad_fn()->name() == "ScaledDotProductFlashAttentionForCpuBackward0");
}

BOOST_AUTO_TEST_CASE(causal_is_top_left_aligned_and_bool_means_take_part) {
  T::manual_seed(4);
  Tensor q = T::randn({2, 3, 4}, T::kDouble), k = T::randn({2, 5, 4}, T::kDouble);
  Tensor v = T::randn({2, 5, 3}, T::kDouble);
  // is_causal: query i sees keys 0..i, as tril(ones(L, S)) (PyTorch 2.x and LibTorch 1.13).
  Tensor allowed = T::ones({3, 5}, T::TensorOptions().dtype(T::kBool)).tril();
  Tensor additive = T::zeros({3, 5}, T::kDouble).masked_fill(allowed.logical_not(), -INFINITY);
  BOOST_TEST(max_abs_diff(T::scaled_dot_product_attention(q, k, v, {}, 0.0, true),
                          composite(q, k, v, additive)) < 1e-12);
  BOOST_TEST(max_abs_diff(T::scaled_dot_product_attention(q, k, v, allowed),
                          composite(q, k, v, additive)) < 1e-12);
  // scale replaces 1/sqrt(E).
  BOOST_TEST(max_abs_diff(T::scaled_dot_product_attention(q, k, v, {}, 0.0, false, 0.5),
                          T::scaled_dot_product_attention(q * (0.5 * 2.0), k, v)) < 1e-12);
}

BOOST_AUTO_TEST_CASE(dropout_one_drops_everything) {
  Tensor q = T::ones({1, 2, 3}), v = T::ones({1, 2, 3});
  BOOST_TEST(T::scaled_dot_product_attention(q, q, v, {}, 1.0).abs().sum().item<double>() == 0.0);
  BOOST_TEST(FF::scaled_dot_product_attention(q, q, v).sum().item<double>() == 6.0);
}

// need_weights false takes the fused attention; the output is the same.
BOOST_AUTO_TEST_CASE(mha_fused_and_composite_paths_agree) {
  T::manual_seed(5);
  NN::MultiheadAttention m(NN::MultiheadAttentionOptions(8, 4));
  Tensor x = T::randn({5, 3, 8}), mem = T::randn({6, 3, 8});
  Tensor kpm = T::zeros({3, 6}, T::TensorOptions().dtype(T::kBool));
  kpm[1][2] = true;
  Tensor amask = T::randn({5, 6});
  auto [a, wa] = m(x, mem, mem, kpm, true, amask);
  auto [b, wb] = m(x, mem, mem, kpm, false, amask);
  BOOST_TEST(max_abs_diff(a, b) < 1e-5);
  BOOST_TEST(wa.sizes().vec() == std::vector<int64_t>({3, 5, 6}), boost::test_tools::per_element());
  BOOST_TEST(!wb.defined());
  // The weights of a padded key are 0.
  BOOST_TEST(wa[1].select(1, 2).abs().max().item<double>() == 0.0);
}

// PyTorch's meaning: true in attn_mask forbids attending, as an additive -inf does (LibTorch
// 1.13's C++ MultiheadAttention adds a bool mask as 1.0 instead).
BOOST_AUTO_TEST_CASE(mha_bool_masks_mean_masked_out) {
  T::manual_seed(6);
  NN::MultiheadAttention m(NN::MultiheadAttentionOptions(4, 2));
  Tensor x = T::randn({3, 2, 4});
  Tensor banned = T::zeros({3, 3}, T::TensorOptions().dtype(T::kBool));
  banned[0][1] = true;
  Tensor additive = T::zeros({3, 3}).masked_fill(banned, -INFINITY);
  auto [a, wa] = m->forward(x, x, x, {}, true, banned);
  auto [b, wb] = m->forward(x, x, x, {}, true, additive);
  BOOST_TEST(max_abs_diff(a, b) == 0.0);
  BOOST_TEST(wa[0][0][1].item<double>() == 0.0);
  Tensor kpm_bool = T::zeros({2, 3}, T::TensorOptions().dtype(T::kBool));
  kpm_bool[0][2] = true;
  Tensor kpm_float = T::zeros({2, 3}).masked_fill(kpm_bool, -INFINITY);
  BOOST_TEST(max_abs_diff(std::get<0>(m(x, x, x, kpm_bool)), std::get<0>(m(x, x, x, kpm_float))) ==
             0.0);
}

BOOST_AUTO_TEST_CASE(mha_batch_first_is_the_transposed_layout) {
  T::manual_seed(7);
  NN::MultiheadAttention m(NN::MultiheadAttentionOptions(6, 3));
  NN::MultiheadAttention mb(NN::MultiheadAttentionOptions(6, 3).batch_first(true));
  mb->load_state_dict(m->state_dict());
  Tensor x = T::randn({4, 2, 6});
  Tensor a = std::get<0>(m(x, x, x));
  Tensor xb = x.transpose(0, 1).contiguous();
  Tensor b = std::get<0>(mb(xb, xb, xb));
  BOOST_TEST(max_abs_diff(a.transpose(0, 1), b) < 1e-6);
}

BOOST_AUTO_TEST_CASE(parameters_are_named_and_initialised_as_libtorch) {
  // Names and order as LibTorch 1.13 lists them.
  NN::MultiheadAttention m(NN::MultiheadAttentionOptions(4, 2).add_bias_kv(true).kdim(3).vdim(5));
  BOOST_TEST(keys(*m) == std::vector<std::string>({"q_proj_weight", "k_proj_weight",
                                                   "v_proj_weight", "in_proj_bias", "bias_k",
                                                   "bias_v", "out_proj.weight", "out_proj.bias"}),
             boost::test_tools::per_element());
  NN::MultiheadAttention plain(NN::MultiheadAttentionOptions(4, 2).bias(false));
  BOOST_TEST(keys(*plain) == std::vector<std::string>({"in_proj_weight", "out_proj.weight"}),
             boost::test_tools::per_element());
  NN::MultiheadAttention d(8, 2);
  BOOST_TEST(d->in_proj_bias.abs().sum().item<double>() == 0.0);
  BOOST_TEST(d->out_proj->bias.abs().sum().item<double>() == 0.0);
  // xavier_uniform_: bound sqrt(6 / (fan_in + fan_out)) = sqrt(6 / (8 + 24)).
  BOOST_TEST(d->in_proj_weight.abs().max().item<double>() <= std::sqrt(6.0 / 32.0));

  NN::Transformer t(NN::TransformerOptions(4, 2, 1, 1).dim_feedforward(6));
  const std::vector<std::string> expected = {"encoder.layers.0.self_attn.in_proj_weight",
                                             "encoder.layers.0.self_attn.in_proj_bias",
                                             "encoder.layers.0.self_attn.out_proj.weight",
                                             "encoder.layers.0.self_attn.out_proj.bias",
                                             "encoder.layers.0.linear1.weight",
                                             "encoder.layers.0.linear1.bias",
                                             "encoder.layers.0.linear2.weight",
                                             "encoder.layers.0.linear2.bias",
                                             "encoder.layers.0.norm1.weight",
                                             "encoder.layers.0.norm1.bias",
                                             "encoder.layers.0.norm2.weight",
                                             "encoder.layers.0.norm2.bias",
                                             "encoder.norm.weight",
                                             "encoder.norm.bias",
                                             "decoder.layers.0.self_attn.in_proj_weight",
                                             "decoder.layers.0.self_attn.in_proj_bias",
                                             "decoder.layers.0.self_attn.out_proj.weight",
                                             "decoder.layers.0.self_attn.out_proj.bias",
                                             "decoder.layers.0.multihead_attn.in_proj_weight",
                                             "decoder.layers.0.multihead_attn.in_proj_bias",
                                             "decoder.layers.0.multihead_attn.out_proj.weight",
                                             "decoder.layers.0.multihead_attn.out_proj.bias",
                                             "decoder.layers.0.linear1.weight",
                                             "decoder.layers.0.linear1.bias",
                                             "decoder.layers.0.linear2.weight",
                                             "decoder.layers.0.linear2.bias",
                                             "decoder.layers.0.norm1.weight",
                                             "decoder.layers.0.norm1.bias",
                                             "decoder.layers.0.norm2.weight",
                                             "decoder.layers.0.norm2.bias",
                                             "decoder.layers.0.norm3.weight",
                                             "decoder.layers.0.norm3.bias",
                                             "decoder.norm.weight",
                                             "decoder.norm.bias"};
  BOOST_TEST(keys(*t) == expected, boost::test_tools::per_element());
  // The stacked layers are copies, not one layer shared.
  NN::TransformerEncoder e(NN::TransformerEncoderLayer(4, 2), 2);
  BOOST_TEST(e->named_parameters().size() == 24u);
  BOOST_TEST(!e->layers->ptr<NN::TransformerEncoderLayerImpl>(0)->linear1->weight.is_same(
      e->layers->ptr<NN::TransformerEncoderLayerImpl>(1)->linear1->weight));
}

BOOST_AUTO_TEST_CASE(modules_print_as_libtorch) {
  BOOST_TEST(printed(NN::MultiheadAttention(4, 2)) ==
             "tg::nn::MultiheadAttention(\n"
             "  (out_proj): tg::nn::Linear(in_features=4, out_features=4, bias=true)\n)");
  const std::string layer = printed(
      NN::TransformerEncoderLayer(NN::TransformerEncoderLayerOptions(4, 2).dim_feedforward(6)));
  // LibTorch 1.13 prints this one's class name, TransformerEncoderLayerImpl; tapegrad names every
  // module without pretty_print by its holder, as it does for user modules.
  BOOST_TEST(contains(layer, "tg::nn::TransformerEncoderLayer(\n"
                             "  (self_attn): tg::nn::MultiheadAttention(\n"
                             "    (out_proj): tg::nn::Linear(in_features=4, out_features=4, "
                             "bias=true)\n  )\n"
                             "  (linear1): tg::nn::Linear(in_features=4, out_features=6, "
                             "bias=true)\n"
                             "  (dropout): tg::nn::Dropout(p=0.1, inplace=false)\n"));
}

BOOST_AUTO_TEST_CASE(options_have_libtorchs_defaults) {
  NN::MultiheadAttentionOptions m(16, 4);
  BOOST_TEST(m.dropout() == 0.0);
  BOOST_TEST(m.bias());
  BOOST_TEST(!m.add_bias_kv());
  BOOST_TEST(!m.add_zero_attn());
  BOOST_TEST(m.kdim() == 16);
  BOOST_TEST(m.vdim() == 16);
  BOOST_TEST(!m.batch_first());
  NN::TransformerEncoderLayerOptions e(16, 4);
  BOOST_TEST(e.dim_feedforward() == 2048);
  BOOST_TEST(e.dropout() == 0.1);
  BOOST_TEST(std::holds_alternative<tg::enumtype::kReLU>(e.activation()));
  BOOST_TEST(e.layer_norm_eps() == 1e-5);
  BOOST_TEST(!e.norm_first());
  NN::TransformerOptions t;
  BOOST_TEST(t.d_model() == 512);
  BOOST_TEST(t.nhead() == 8);
  BOOST_TEST(t.num_encoder_layers() == 6);
  BOOST_TEST(t.num_decoder_layers() == 6);
  BOOST_TEST(t.custom_encoder().is_empty());
  Tensor mask = NN::generate_square_subsequent_mask(3);
  BOOST_TEST(mask.scalar_type() == T::kFloat);
  BOOST_TEST(mask[0][1].item<double>() == -std::numeric_limits<double>::infinity());
  BOOST_TEST(mask[1][0].item<double>() == 0.0);
  BOOST_TEST(mask[1][1].item<double>() == 0.0);
}

// Pre-norm (Python's norm_first) is x + block(norm(x)) for each block; with dropout 0 and the
// same weights it differs from post-norm, and a model with it trains (its gradient flows).
BOOST_AUTO_TEST_CASE(norm_first_layers_run_forward_and_backward) {
  T::manual_seed(8);
  NN::TransformerEncoderLayer post(
      NN::TransformerEncoderLayerOptions(4, 2).dim_feedforward(6).dropout(0.0));
  NN::TransformerEncoderLayer pre(
      NN::TransformerEncoderLayerOptions(4, 2).dim_feedforward(6).dropout(0.0).norm_first(true));
  pre->load_state_dict(post->state_dict());
  Tensor x = T::randn({3, 2, 4}).requires_grad_();
  Tensor a = post(x), b = pre(x);
  BOOST_TEST(max_abs_diff(a, b) > 1e-3);
  b.sum().backward();
  BOOST_TEST(x.grad().defined());
  // With the attention and feed-forward outputs zeroed, pre-norm is the identity, post-norm is
  // two LayerNorms of x.
  {
    T::NoGradGuard g;
    pre->self_attn->out_proj->weight.zero_();
    pre->linear2->weight.zero_();
    pre->linear2->bias.zero_();
  }
  BOOST_TEST(max_abs_diff(pre(x), x) < 1e-6);
}

BOOST_AUTO_TEST_CASE(bad_inputs_are_errors_naming_the_op) {
  const Tensor q = T::zeros({2, 3, 4}), k = T::zeros({2, 5, 4}), v = T::zeros({2, 5, 6});
  std::string e = error_of([&] { T::scaled_dot_product_attention(q, T::zeros({2, 5, 3}), v); });
  BOOST_TEST(
      contains(e, "scaled_dot_product_attention: query and key must have the same last dim"));
  BOOST_TEST(contains(e, "[2, 5, 3]"));
  e = error_of([&] { T::scaled_dot_product_attention(q, k, T::zeros({2, 4, 6})); });
  BOOST_TEST(contains(e, "key and value must have the same sequence length"));
  e = error_of([&] { T::scaled_dot_product_attention(q, k, v, T::zeros({3, 4})); });
  BOOST_TEST(contains(e, "attn_mask of shape [3, 4] does not broadcast"));
  BOOST_TEST(contains(e, "[2, 3, 5]"));
  e = error_of([&] { T::scaled_dot_product_attention(q, k, v, T::zeros({3, 5}), 0.0, true); });
  BOOST_TEST(contains(e, "attn_mask must not be given when is_causal"));
  e = error_of([&] { T::scaled_dot_product_attention(q, k, v, {}, 1.5); });
  BOOST_TEST(contains(e, "dropout_p must be between 0 and 1, got 1.5"));
  e = error_of([&] { T::scaled_dot_product_attention(q, k.to(T::kDouble), v); });
  BOOST_TEST(contains(e, "one floating dtype"));
  e = error_of([&] { T::scaled_dot_product_attention(T::zeros({4}), k, v); });
  BOOST_TEST(contains(e, "at least 2 dims"));
  e = error_of([&] { T::scaled_dot_product_attention(q, k, v, T::zeros({3, 5}, T::kLong)); });
  BOOST_TEST(contains(e, "attn_mask must be bool or of query's dtype"));

  e = error_of([&] { NN::MultiheadAttention(5, 2); });
  BOOST_TEST(contains(e, "MultiheadAttention: embed_dim must be divisible by num_heads, got "
                         "embed_dim 5 and num_heads 2"));
  e = error_of([&] { NN::MultiheadAttention(NN::MultiheadAttentionOptions(4, 2).dropout(2)); });
  BOOST_TEST(contains(e, "dropout must be between 0 and 1, got 2"));
  NN::MultiheadAttention m(4, 2);
  const Tensor x = T::zeros({3, 2, 4});
  e = error_of([&] { m(x, x, x, T::zeros({2, 4}, T::TensorOptions().dtype(T::kBool))); });
  BOOST_TEST(contains(e, "multi_head_attention_forward: key_padding_mask must be [N, S] = [2, 3], "
                         "got [2, 4]"));
  e = error_of([&] { m->forward(x, x, x, {}, true, T::zeros({3, 4})); });
  BOOST_TEST(contains(e, "attn_mask must be [L, S] = [3, 3] or [N*num_heads, L, S] = [4, 3, 3], "
                         "got [3, 4]"));
  e = error_of([&] { m(T::zeros({3, 2, 5}), x, x); });
  BOOST_TEST(contains(e, "was expecting embedding dimension of 4, but got 5"));
  e = error_of([&] { m(x, T::zeros({3, 1, 4}), T::zeros({3, 1, 4})); });
  BOOST_TEST(contains(e, "key and value must be [S, N, *] with the query's batch size N = 2"));
  e = error_of([&] { m(T::zeros({3, 4}), x, x); });
  BOOST_TEST(contains(e, "expected 3-D query [L, N, E]"));

  e = error_of([&] { NN::TransformerEncoderLayer(5, 2); });
  BOOST_TEST(contains(e, "embed_dim must be divisible by num_heads"));
  NN::Transformer t(NN::TransformerOptions(4, 2, 1, 1).dim_feedforward(6));
  e = error_of([&] { t(T::zeros({3, 2, 4}), T::zeros({3, 3, 4})); });
  BOOST_TEST(contains(e, "Transformer: the batch number of src and tgt must be equal"));
  e = error_of([&] { t(T::zeros({3, 2, 4}), T::zeros({3, 2, 5})); });
  BOOST_TEST(contains(e, "must be equal to d_model (4)"));
  e = error_of([&] { NN::generate_square_subsequent_mask(-1); });
  BOOST_TEST(contains(e, "generate_square_subsequent_mask: the size must be non-negative, got -1"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace attention_test
