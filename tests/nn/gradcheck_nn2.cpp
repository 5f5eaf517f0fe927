// Gradient-check cases for the ops and layers added for issue #11: the activations (with their own
// backward nodes), erf, conv_transpose2d, embedding, feature dropout, layer_norm and the new
// losses. Inputs keep away from kinks: distinct_input(shape, gap) + gap / 2 never hits 0, and the
// other kink points are chosen off the grid. Cases marked true are checked to second order.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

/// float64 values -0.55, -0.45, ..., never 0 or a multiple of 0.1, requiring grad.
Tensor off_grid(IntArrayRef shape) { return distinct_input(shape, 0.1) + 0.05; }

// ---- padding ----
TG_GRADCHECK_CASE({"constant_pad_nd pads and crops",
                   [] {
                     return variable_list{input({2, 3, 4})};
                   },
                   [](V x) {
                     return variable_list{constant_pad_nd(x[0], {1, 2}, 0.5),
                                          constant_pad_nd(x[0], {-1, 2, 1, -1, 1, 0})};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"F::pad reflect, replicate, circular",
                   [] {
                     return variable_list{input({1, 2, 3, 4})};
                   },
                   [](V x) {
                     return variable_list{
                         F::pad(x[0], F::PadFuncOptions({2, 1, 1, 2}).mode(tg::kReflect)),
                         F::pad(x[0].squeeze(0), F::PadFuncOptions({3, 0}).mode(tg::kReplicate)),
                         F::pad(x[0], F::PadFuncOptions({1, 4, 2, 1}).mode(tg::kCircular))};
                   }});

// ---- activations ----
TG_GRADCHECK_CASE({"elu default and alpha/scale/input_scale",
                   [] {
                     return variable_list{off_grid({3, 4})};
                   },
                   [](V x) {
                     return variable_list{elu(x[0]), elu(x[0], 0.5, 2.0, 1.5)};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"gelu none and tanh",
                   [] {
                     return variable_list{input({2, 5}, -3.0, 3.0)};
                   },
                   [](V x) {
                     return variable_list{gelu(x[0]), gelu(x[0], "tanh")};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"erf", [] { return variable_list{input({7}, -2.0, 2.0)}; },
                   [](V x) { return variable_list{erf(x[0])}; }, 1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"silu and mish",
                   [] {
                     return variable_list{input({3, 3}, -4.0, 4.0)};
                   },
                   [](V x) {
                     return variable_list{silu(x[0]), mish(x[0])};
                   },
                   1e-5, 1e-3, 1e-6, true});
// beta·x crosses the threshold 1 at x = 0.5, which the grid avoids
TG_GRADCHECK_CASE({"softplus default and beta 2 threshold 1",
                   [] { return variable_list{off_grid({12}) * 3}; },
                   [](V x) {
                     return variable_list{softplus(x[0]), softplus(x[0], 2, 1)};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE(
    {"hardtanh and leaky_relu off their kinks",
     [] {
       return variable_list{off_grid({4, 3}) * 3};
     },
     [](V x) {
       return variable_list{hardtanh(x[0], -0.5, 0.3), hardtanh(x[0]), leaky_relu(x[0], 0.2)};
     }});
TG_GRADCHECK_CASE({"nn activation modules and F:: forms, inplace on a non-leaf",
                   [] {
                     return variable_list{off_grid({2, 6})};
                   },
                   [](V x) {
                     Tensor y = x[0] * 1.0; // a non-leaf, so in place is allowed
                     F::elu(y, F::ELUFuncOptions().alpha(0.7).inplace(true));
                     return variable_list{
                         y,
                         nn::GELU(nn::GELUOptions().approximate("tanh"))(x[0]),
                         nn::SiLU()(x[0]),
                         nn::Mish()(x[0]),
                         nn::Softplus(nn::SoftplusOptions().beta(0.5))(x[0]),
                         F::hardtanh(x[0] * 1.0,
                                     F::HardtanhFuncOptions().min_val(-0.2).inplace(true)),
                         nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.3))(x[0])};
                   }});

// ---- conv_transpose2d ----
TG_GRADCHECK_CASE({"conv_transpose2d bias stride 2 padding 1 output_padding 1",
                   [] {
                     return variable_list{input({2, 3, 3, 4}), input({3, 2, 3, 2}), input({2})};
                   },
                   [](V x) { return variable_list{conv_transpose2d(x[0], x[1], x[2], 2, 1, 1)}; },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"conv_transpose2d groups 2, dilation 2, output_padding 1 >= stride 1",
                   [] {
                     return variable_list{input({2, 4, 3, 3}), input({4, 3, 2, 2}), input({6})};
                   },
                   [](V x) {
                     return variable_list{conv_transpose2d(x[0], x[1], x[2], 1, {1, 0}, 1, 2, 2)};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE(
    {"conv_transpose2d unbatched, non-square stride/padding/dilation",
     [] {
       return variable_list{input({3, 4, 3}), input({3, 2, 2, 3})};
     },
     [](V x) {
       return variable_list{conv_transpose2d(x[0], x[1], {}, {2, 1}, {0, 1}, {1, 0}, 1, {1, 2})};
     }});
TG_GRADCHECK_CASE({"conv_transpose2d 1x1 kernel with dilation 2 and output_padding 1",
                   [] {
                     return variable_list{input({2, 3, 3, 2}), input({3, 2, 1, 1})};
                   },
                   [](V x) {
                     return variable_list{conv_transpose2d(x[0], x[1], {}, 1, 0, 1, 1, 2)};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"nn::ConvTranspose2d with output_size",
                   [] {
                     return variable_list{input({1, 2, 3, 3}), input({2, 3, 2, 2}), input({3})};
                   },
                   [](V x) {
                     nn::ConvTranspose2d ct(nn::ConvTranspose2dOptions(2, 3, 2).stride(2));
                     ct->weight = x[1];
                     ct->bias = x[2];
                     return variable_list{ct->forward(x[0], std::vector<int64_t>{7, 6})};
                   }});

// ---- embedding, dropout2d, layer_norm ----
// The padding row deliberately gets no gradient (its numeric one is not 0), and scale_grad_by_freq
// deliberately rescales the true gradient, so neither can pass a gradient check: padding_idx names
// a row the indices never use here, and test_modules2 checks both against LibTorch instead.
TG_GRADCHECK_CASE(
    {"embedding with padding_idx, 2-D and 1-D indices",
     [] {
       return variable_list{input({5, 3})};
     },
     [](V x) {
       Tensor idx = tg::tensor(std::vector<int64_t>{0, 2, 4, 2, 1, 0, 2}, kLong).view({7});
       return variable_list{
           embedding(x[0], idx.view({7, 1}), 3).square(), embedding(x[0], idx),
           F::embedding(idx.view({1, 7}), x[0], F::EmbeddingFuncOptions().padding_idx(-2))};
     },
     1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"F::dropout2d with a fixed mask (seeded each call)",
                   [] {
                     return variable_list{input({2, 4, 2, 3}), input({4, 3, 2})};
                   },
                   [](V x) {
                     tg::manual_seed(7);
                     return variable_list{F::dropout2d(x[0], F::Dropout2dFuncOptions().p(0.4)),
                                          nn::Dropout2d(0.3)(x[1]),
                                          feature_dropout(x[0], 0.5, true)};
                   }});
TG_GRADCHECK_CASE({"layer_norm affine over two dims, and without affine",
                   [] {
                     return variable_list{input({2, 3, 4}), input({3, 4}), input({3, 4})};
                   },
                   [](V x) {
                     return variable_list{
                         F::layer_norm(x[0],
                                       F::LayerNormFuncOptions({3, 4}).weight(x[1]).bias(x[2])),
                         layer_norm(x[0], {4}, {}, {}, 1e-3)};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"nn::LayerNorm module",
                   [] {
                     return variable_list{input({3, 5}), input({5}), input({5})};
                   },
                   [](V x) {
                     nn::LayerNorm ln(nn::LayerNormOptions({5}));
                     ln->weight = x[1];
                     ln->bias = x[2];
                     return variable_list{ln(x[0])};
                   }});

// ---- losses ----
// d = input - target on a 0.1 grid offset by 0.05 (via off_grid) never sits on |d| = beta/delta.
TG_GRADCHECK_CASE(
    {"smooth_l1_loss mean/sum/none, beta 1, 0.5, 0 and 2, input and target",
     [] {
       return variable_list{
           off_grid({3, 4}) * 3,
           tg::linspace(-0.3, 0.4, 4, kDouble).expand({3, 4}).contiguous().requires_grad_()};
     },
     [](V x) {
       return variable_list{
           F::smooth_l1_loss(x[0], x[1]),
           F::smooth_l1_loss(x[0], x[1], F::SmoothL1LossFuncOptions(tg::kSum), 0.5),
           F::smooth_l1_loss(x[0], x[1], F::SmoothL1LossFuncOptions(tg::kNone), 0.0),
           nn::SmoothL1Loss(nn::SmoothL1LossOptions().beta(2.0))(x[0], x[1])};
     },
     1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"smooth_l1_loss and huber_loss, target requiring grad, broadcast target",
                   [] {
                     return variable_list{off_grid({3, 4}) * 3, off_grid({4}) * 0.3};
                   },
                   [](V x) {
                     return variable_list{
                         F::huber_loss(x[0], x[1].expand({3, 4})),
                         F::huber_loss(x[0], x[1].expand({3, 4}),
                                       F::HuberLossFuncOptions().delta(0.55).reduction(tg::kNone)),
                         huber_loss(x[0], x[1].expand({3, 4}), Reduction::Sum, 2.0),
                         smooth_l1_loss(x[0], x[1].expand({3, 4}), Reduction::Mean, 0.35)};
                   },
                   1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE(
    {"kl_div all reductions, probabilities and log_target, both sides",
     [] {
       return variable_list{input({3, 4}, -2.0, 0.0), input({3, 4}, 0.1, 1.0)};
     },
     [](V x) {
       return variable_list{
           F::kl_div(x[0], x[1], F::KLDivFuncOptions(tg::kBatchMean)),
           F::kl_div(x[0], x[1], F::KLDivFuncOptions(tg::kSum)),
           F::kl_div(x[0], x[1], F::KLDivFuncOptions(tg::kNone)),
           F::kl_div(x[0], x[1].log(), F::KLDivFuncOptions(tg::kNone).log_target(true)),
           nn::KLDivLoss(nn::KLDivLossOptions(tg::kBatchMean).log_target(true))(x[0], x[1] - 1),
           kl_div(x[0], x[1], Reduction::Mean)};
     },
     1e-5, 1e-3, 1e-6, true});
TG_GRADCHECK_CASE({"margin_ranking_loss off the hinge",
                   [] {
                     return variable_list{off_grid({6}), off_grid({6}) * 0.5};
                   },
                   [](V x) {
                     Tensor y = tg::tensor({1.0, -1.0, 1.0, 1.0, -1.0, -1.0}, kDouble);
                     return variable_list{
                         F::margin_ranking_loss(x[0], x[1], y,
                                                F::MarginRankingLossFuncOptions().margin(0.013)),
                         nn::MarginRankingLoss(nn::MarginRankingLossOptions().reduction(tg::kNone))(
                             x[0], x[1], y),
                         margin_ranking_loss(x[0], x[1], y, 0.5, Reduction::Sum)};
                   }});

} // namespace
} // namespace tg::testing
