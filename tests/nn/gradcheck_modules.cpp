// Gradient-check cases for tg::nn modules, with their parameters as checked inputs (assigned to a
// fresh module each call, so the module's own forward is what is checked): Linear, Conv2d,
// ConvTranspose2d and conv_transpose2d, Sequential, Flatten, embedding and feature dropout.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;
namespace F = tg::nn::functional;

// ---- modules ----
TG_GRADCHECK_CASE({.name = "nn::Linear [4,3] -> [4,5], weight and bias",
                   .inputs = [] { return variable_list{input({4, 3}), input({5, 3}), input({5})}; },
                   .fn = [](V x) {
                     nn::Linear lin(3, 5);
                     lin->weight = x[1];
                     lin->bias = x[2];
                     return variable_list{lin(x[0])};
                   }});
TG_GRADCHECK_CASE({.name = "nn::Linear without bias on a [2,3,4] batch",
                   .inputs = [] { return variable_list{input({2, 3, 4}), input({2, 4})}; },
                   .fn = [](V x) {
                     nn::Linear lin(nn::LinearOptions(4, 2).bias(false));
                     lin->weight = x[1];
                     return variable_list{lin(x[0])};
                   }});
TG_GRADCHECK_CASE({.name = "nn::Conv2d kernel {3,2}, stride {2,1}, padding 1",
                   .inputs = [] {
                     return variable_list{input({2, 2, 5, 4}), input({3, 2, 3, 2}), input({3})};
                   },
                   .fn = [](V x) {
                     nn::Conv2d conv(nn::Conv2dOptions(2, 3, {3, 2}).stride({2, 1}).padding(1));
                     conv->weight = x[1];
                     conv->bias = x[2];
                     return variable_list{conv(x[0])};
                   }});
TG_GRADCHECK_CASE({.name = "nn::Conv2d padding kSame with an even kernel, no bias",
                   .inputs = [] { return variable_list{input({1, 2, 4, 5}), input({2, 2, 2, 3})}; },
                   .fn = [](V x) {
                     nn::Conv2d conv(
                         nn::Conv2dOptions(2, 2, {2, 3}).padding(tg::kSame).bias(false));
                     conv->weight = x[1];
                     return variable_list{conv(x[0])};
                   }});
TG_GRADCHECK_CASE({.name = "nn::Sequential Linear-Tanh-Linear, parameters checked",
                   .inputs = [] {
                     return variable_list{input({5, 3}), input({4, 3}), input({4}), input({2, 4}),
                                          input({2})};
                   },
                   .fn = [](V x) {
                     nn::Sequential seq(nn::Linear(3, 4), nn::Tanh(), nn::Linear(4, 2));
                     seq->at<nn::LinearImpl>(0).weight = x[1];
                     seq->at<nn::LinearImpl>(0).bias = x[2];
                     seq->at<nn::LinearImpl>(2).weight = x[3];
                     seq->at<nn::LinearImpl>(2).bias = x[4];
                     return variable_list{seq->forward(x[0])};
                   }});
TG_GRADCHECK_CASE({.name = "F::leaky_relu away from 0 and nn::Flatten",
                   .inputs = [] { return variable_list{distinct_input({2, 3, 4}, 0.05) + 0.025}; },
                   .fn = [](V x) {
                     nn::Flatten flatten;
                     return variable_list{
                         flatten(F::leaky_relu(x[0], nn::LeakyReLUOptions().negative_slope(0.2)))};
                   }});

// ---- conv_transpose2d ----
TG_GRADCHECK_CASE({.name = "conv_transpose2d bias stride 2 padding 1 output_padding 1",
                   .inputs = [] {
                     return variable_list{input({2, 3, 3, 4}), input({3, 2, 3, 2}), input({2})};
                   },
                   .fn = [](V x) {
                     return variable_list{conv_transpose2d(x[0], x[1], x[2], 2, 1, 1)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "conv_transpose2d groups 2, dilation 2, output_padding 1 >= stride 1",
                   .inputs = [] {
                     return variable_list{input({2, 4, 3, 3}), input({4, 3, 2, 2}), input({6})};
                   },
                   .fn = [](V x) {
                     return variable_list{conv_transpose2d(x[0], x[1], x[2], 1, {1, 0}, 1, 2, 2)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "conv_transpose2d unbatched, non-square stride/padding/dilation",
                   .inputs = [] {
                     return variable_list{input({3, 4, 3}), input({3, 2, 2, 3})};
                   },
                   .fn = [](V x) {
                     return variable_list{conv_transpose2d(x[0], x[1], {}, {2, 1}, {0, 1}, {1, 0}, 1, {1, 2})};
                   }});
TG_GRADCHECK_CASE({.name = "conv_transpose2d 1x1 kernel with dilation 2 and output_padding 1",
                   .inputs = [] {
                     return variable_list{input({2, 3, 3, 2}), input({3, 2, 1, 1})};
                   },
                   .fn = [](V x) {
                     return variable_list{conv_transpose2d(x[0], x[1], {}, 1, 0, 1, 1, 2)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "nn::ConvTranspose2d with output_size",
                   .inputs = [] {
                     return variable_list{input({1, 2, 3, 3}), input({2, 3, 2, 2}), input({3})};
                   },
                   .fn = [](V x) {
                     nn::ConvTranspose2d ct(nn::ConvTranspose2dOptions(2, 3, 2).stride(2));
                     ct->weight = x[1];
                     ct->bias = x[2];
                     return variable_list{ct->forward(x[0], std::vector<int64_t>{7, 6})};
                   }});

// ---- embedding, dropout2d ----
// The padding row deliberately gets no gradient (its numeric one is not 0), and scale_grad_by_freq
// deliberately rescales the true gradient, so neither can pass a gradient check: padding_idx names
// a row the indices never use here, and test_layers_vs_libtorch checks both against LibTorch instead.
TG_GRADCHECK_CASE({.name = "embedding with padding_idx, 2-D and 1-D indices",
                   .inputs = [] {
                     return variable_list{input({5, 3})};
                   },
                   .fn = [](V x) {
                     Tensor idx = tg::tensor(std::vector<int64_t>{0, 2, 4, 2, 1, 0, 2}, kLong).view({7});
       return variable_list{
           embedding(x[0], idx.view({7, 1}), 3).square(), embedding(x[0], idx),
           F::embedding(idx.view({1, 7}), x[0], F::EmbeddingFuncOptions().padding_idx(-2))};
     },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "F::dropout2d with a fixed mask (seeded each call)",
                   .inputs = [] {
                     return variable_list{input({2, 4, 2, 3}), input({4, 3, 2})};
                   },
                   .fn = [](V x) {
                     tg::manual_seed(7);
                     return variable_list{F::dropout2d(x[0], F::Dropout2dFuncOptions().p(0.4)),
                                          nn::Dropout2d(0.3)(x[1]),
                                          feature_dropout(x[0], 0.5, true)};
                   }});

} // namespace
} // namespace tg::testing
