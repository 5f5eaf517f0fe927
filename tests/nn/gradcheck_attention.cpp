// Gradient-check cases for tg::scaled_dot_product_attention: the fused backward (first order) and
// the composite one a create_graph backward takes (second order), with bool and float masks,
// causal masking, broadcast batch dims and a custom scale; then MultiheadAttention (both paths)
// and a TransformerEncoderLayer with their weights checked too. Shapes are small (batch 2, heads
// 2, L 3, S 4, E 5) so every Jacobian is checked in full.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;

/// A [3, 4] bool mask (true = take part) with some keys masked, never a whole row.
Tensor partial_mask() {
  return tensor({1., 0., 1., 1., 0., 1., 1., 0., 1., 1., 0., 0.}).view({3, 4}) > 0.5;
}

TG_GRADCHECK_CASE(
    {.name = "scaled_dot_product_attention [2,2,3,5] x [2,2,4,5] x [2,2,4,3]",
     .inputs =
         [] {
           return variable_list{input({2, 2, 3, 5}), input({2, 2, 4, 5}), input({2, 2, 4, 3})};
         },
     .fn = [](V x) { return variable_list{scaled_dot_product_attention(x[0], x[1], x[2])}; },
     .second_order = true});
TG_GRADCHECK_CASE(
    {.name = "scaled_dot_product_attention with a bool [3,4] mask",
     .inputs =
         [] {
           return variable_list{input({2, 2, 3, 5}), input({2, 2, 4, 5}), input({2, 2, 4, 3})};
         },
     .fn =
         [](V x) {
           return variable_list{scaled_dot_product_attention(x[0], x[1], x[2], partial_mask())};
         },
     .second_order = true});
TG_GRADCHECK_CASE(
    {.name = "scaled_dot_product_attention with a float [2,1,3,4] mask checked too",
     .inputs =
         [] {
           return variable_list{input({2, 2, 3, 5}), input({2, 2, 4, 5}), input({2, 2, 4, 3}),
                                input({2, 1, 3, 4})};
         },
     .fn = [](V x) { return variable_list{scaled_dot_product_attention(x[0], x[1], x[2], x[3])}; },
     .second_order = true});
TG_GRADCHECK_CASE(
    {.name = "scaled_dot_product_attention is_causal, L 3, S 4",
     .inputs =
         [] {
           return variable_list{input({2, 2, 3, 5}), input({2, 2, 4, 5}), input({2, 2, 4, 3})};
         },
     .fn =
         [](V x) {
           return variable_list{scaled_dot_product_attention(x[0], x[1], x[2], {}, 0.0, true)};
         },
     .second_order = true});
TG_GRADCHECK_CASE(
    {.name = "scaled_dot_product_attention key and value broadcast over heads, "
             "scale 0.7",
     .inputs =
         [] {
           return variable_list{input({2, 2, 3, 5}), input({2, 1, 4, 5}), input({4, 3})};
         },
     .fn =
         [](V x) {
           return variable_list{
               scaled_dot_product_attention(x[0], x[1], x[2], {}, 0.0, false, 0.7)};
         },
     .second_order = true});
TG_GRADCHECK_CASE({.name = "scaled_dot_product_attention on a transposed (non-contiguous) query",
                   .inputs =
                       [] {
                         return variable_list{input({3, 2, 5}), input({2, 4, 5}), input({2, 4, 3})};
                       },
                   .fn =
                       [](V x) {
                         return variable_list{
                             scaled_dot_product_attention(x[0].transpose(0, 1), x[1], x[2])};
                       }});

// ---- modules ----
TG_GRADCHECK_CASE({.name = "nn::MultiheadAttention cross-attention, fused and with weights",
                   .inputs =
                       [] {
                         return variable_list{input({3, 2, 4}), input({4, 2, 4}), input({12, 4}),
                                              input({4, 4}), input({12})};
                       },
                   .fn =
                       [](V x) {
                         nn::MultiheadAttention m(4, 2);
                         m->to(kDouble);
                         m->in_proj_weight = x[2];
                         m->out_proj->weight = x[3];
                         m->in_proj_bias = x[4];
                         Tensor kpm = tensor({0., 0., 1., 0., 0., 0., 0., 0.}).view({2, 4}) > 0.5;
                         auto [fused, none] = m->forward(x[0], x[1], x[1], kpm, false);
                         auto [out, weights] = m->forward(x[0], x[1], x[1], kpm, true);
                         return variable_list{fused, out, weights};
                       }});
TG_GRADCHECK_CASE(
    {.name = "nn::TransformerEncoderLayer (gelu) with a causal mask, weights checked",
     .inputs =
         [] {
           return variable_list{input({3, 2, 4}), input({6, 4}), input({12, 4})};
         },
     .fn =
         [](V x) {
           // The weights not checked are drawn again on every call: from one seed.
           manual_seed(11);
           nn::TransformerEncoderLayer layer(
               nn::TransformerEncoderLayerOptions(4, 2).dim_feedforward(6).dropout(0.0).activation(
                   kGELU));
           layer->to(kDouble);
           layer->linear1->weight = x[1];
           layer->self_attn->in_proj_weight = x[2];
           return variable_list{layer(x[0], nn::generate_square_subsequent_mask(3).to(kDouble))};
         }});

} // namespace
} // namespace tg::testing
