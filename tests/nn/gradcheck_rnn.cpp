// Gradient-check cases for the recurrent layers and cells. They add no backward node of their own
// (the recurrences are built from linear, sigmoid, tanh, chunk, stack, ...), so these cases check
// that backpropagation through time composes correctly, with the weights among the checked
// inputs. Values and gradients against LibTorch are in test_rnn.cpp.
#include "../autograd/gradcheck_registry.h"

namespace tg::testing {
namespace {

using autograd::variable_list;
using V = const variable_list&;

/// An LSTM whose forward uses the given tensors in place of its parameters (flat_weights_ is what
/// forward reads), so a gradient check can perturb them.
struct WeightSwappableLSTM : nn::LSTMImpl {
  using nn::LSTMImpl::LSTMImpl;
  void use_weights(const variable_list& weights) {
    TG_CHECK(weights.size() == flat_weights_.size(), "expected ", flat_weights_.size(), " weights");
    flat_weights_ = weights;
  }
};

/// x[first], x[first + 1], ...: the weights of a layer-direction, in LibTorch's order.
variable_list tail(V x, size_t first) { return variable_list(x.begin() + long(first), x.end()); }

// ---- two time steps, batch 2, input 3, hidden 4: input, initial state and weights checked ----
TG_GRADCHECK_CASE({.name = "lstm 2 steps, input, (h_0, c_0) and weights",
                   .inputs = [] {
                     return variable_list{input({2, 2, 3}), input({1, 2, 4}), input({1, 2, 4}), input({16, 3}),
                                          input({16, 4}),   input({16}),      input({16})};
                   },
                   .fn = [](V x) {
                     auto [out, h, c] = lstm(x[0], {x[1], x[2]}, tail(x, 3), true, 1, 0.0, false, false, false);
                     return variable_list{out, h, c};
                   }});
TG_GRADCHECK_CASE({.name = "gru 2 steps, input, h_0 and weights",
                   .inputs = [] {
                     return variable_list{input({2, 2, 3}), input({1, 2, 4}), input({12, 3}),
                                          input({12, 4}),   input({12}),      input({12})};
                   },
                   .fn = [](V x) {
                     auto [out, h] = gru(x[0], x[1], tail(x, 2), true, 1, 0.0, false, false, false);
                     return variable_list{out, h};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "rnn_tanh 2 steps, input, h_0 and weights",
                   .inputs = [] {
                     return variable_list{input({2, 2, 3}), input({1, 2, 4}), input({4, 3}),
                                          input({4, 4}),    input({4}),       input({4})};
                   },
                   .fn = [](V x) {
                     auto [out, h] =
                         rnn_tanh(x[0], x[1], tail(x, 2), true, 1, 0.0, false, false, false);
                     return variable_list{out, h};
                   },
                   .second_order = true});
// positive inputs and weights keep every pre-activation away from relu's kink at 0
TG_GRADCHECK_CASE({.name = "rnn_relu 2 steps without biases, batch_first",
                   .inputs = [] {
                     return variable_list{input({2, 2, 3}, 0.1, 1.0), input({1, 2, 4}, 0.1, 1.0),
                                          input({4, 3}, 0.1, 1.0), input({4, 4}, 0.1, 1.0)};
                   },
                   .fn = [](V x) {
                     auto [out, h] =
                         rnn_relu(x[0], x[1], tail(x, 2), false, 1, 0.0, false, false, true);
                     return variable_list{out, h};
                   }});
TG_GRADCHECK_CASE({.name = "lstm with projections (proj_size 2), 2 steps",
                   .inputs = [] {
                     return variable_list{input({2, 1, 3}), input({1, 1, 2}), input({1, 1, 4}),
                                          input({16, 3}),   input({16, 2}),   input({2, 4})};
                   },
                   .fn = [](V x) {
                     auto [out, h, c] = lstm(x[0], {x[1], x[2]}, tail(x, 3), false, 1, 0.0, false, false, false);
                     return variable_list{out, h, c};
                   }});

// ---- the module: 2 layers, bidirectional, batch_first; every weight checked ----
TG_GRADCHECK_CASE({.name = "nn::LSTM 2 layers bidirectional batch_first, input and all 16 weights",
                   .inputs = [] {
                     // batch 2, seq 3, input 2, hidden 3; layer 1 reads both directions (6)
                     variable_list x{input({2, 3, 2})};
                     for (int64_t layer = 0; layer < 2; ++layer)
                       for (int dir = 0; dir < 2; ++dir) {
                         x.push_back(input({12, layer == 0 ? 2 : 6}));
                         x.push_back(input({12, 3}));
                         x.push_back(input({12}));
                         x.push_back(input({12}));
                       }
                     return x;
                   },
                   .fn = [](V x) {
                     auto lstm = std::make_shared<WeightSwappableLSTM>(
                         nn::LSTMOptions(2, 3).num_layers(2).bidirectional(true).batch_first(true));
                     lstm->use_weights(tail(x, 1));
                     auto [out, state] = lstm->forward(x[0]);
                     return variable_list{out, std::get<0>(state), std::get<1>(state)};
                   }});

// ---- the cells, weights assigned to their public members ----
TG_GRADCHECK_CASE({.name = "nn::RNNCell tanh and relu",
                   .inputs = [] {
                     return variable_list{input({2, 3}, 0.1, 1.0), input({2, 4}, 0.1, 1.0),
                                          input({4, 3}, 0.1, 1.0), input({4, 4}, 0.1, 1.0),
                                          input({4}, 0.1, 1.0),    input({4}, 0.1, 1.0)};
                   },
                   .fn = [](V x) {
                     nn::RNNCell tanh_cell(3, 4);
                     nn::RNNCell relu_cell(nn::RNNCellOptions(3, 4).nonlinearity(tg::kReLU));
                     for (nn::RNNCell* cell : {&tanh_cell, &relu_cell}) {
                       (*cell)->weight_ih = x[2];
                       (*cell)->weight_hh = x[3];
                       (*cell)->bias_ih = x[4];
                       (*cell)->bias_hh = x[5];
                     }
                     return variable_list{tanh_cell(x[0], x[1]), relu_cell(x[0], x[1])};
                   }});
TG_GRADCHECK_CASE({.name = "nn::LSTMCell, (h, c) given",
                   .inputs = [] {
                     return variable_list{input({2, 3}),  input({2, 4}),  input({2, 4}),
                                          input({16, 3}), input({16, 4}), input({16}),
                                          input({16})};
                   },
                   .fn = [](V x) {
                     nn::LSTMCell cell(3, 4);
                     cell->weight_ih = x[3];
                     cell->weight_hh = x[4];
                     cell->bias_ih = x[5];
                     cell->bias_hh = x[6];
                     auto [h, c] = cell(x[0], std::make_tuple(x[1], x[2]));
                     return variable_list{h, c};
                   }});
TG_GRADCHECK_CASE({.name = "nn::GRUCell, and without biases from a zero state",
                   .inputs = [] {
                     return variable_list{input({2, 3}),  input({2, 4}), input({12, 3}),
                                          input({12, 4}), input({12}),   input({12})};
                   },
                   .fn = [](V x) {
                     nn::GRUCell cell(3, 4);
                     cell->weight_ih = x[2];
                     cell->weight_hh = x[3];
                     cell->bias_ih = x[4];
                     cell->bias_hh = x[5];
                     nn::GRUCell plain(nn::GRUCellOptions(3, 4).bias(false));
                     plain->weight_ih = x[2];
                     plain->weight_hh = x[3];
                     return variable_list{cell(x[0], x[1]), plain(x[0])};
                   },
                   .second_order = true});

// ---- packed sequences: lengths 3, 1, 2 (unsorted), so the batch shrinks twice ----
TG_GRADCHECK_CASE({.name = "pack_padded_sequence then pad_packed_sequence (unsorted, total_length)",
                   .inputs = [] { return variable_list{input({3, 3, 2})}; },
                   .fn = [](V x) {
                     auto p = nn::utils::rnn::pack_padded_sequence(
                         x[0], tg::tensor({3, 1, 2}).to(kLong), false, false);
                     auto padded = nn::utils::rnn::pad_packed_sequence(p, true, 0.5, 4);
                     return variable_list{p.data(), std::get<0>(padded)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "pad_sequence, batch_first, a broadcast trailing size",
                   .inputs = [] { return variable_list{input({2, 3}), input({4, 3}), input({1, 1})}; },
                   .fn = [](V x) {
                     return variable_list{nn::utils::rnn::pad_sequence({x[0], x[1], x[2]}, true, -1.0)};
                   },
                   .second_order = true});
TG_GRADCHECK_CASE({.name = "lstm on a packed batch, bidirectional, input, (h_0, c_0) and weights",
                   .inputs = [] {
                     return variable_list{input({6, 3}),  input({2, 3, 4}), input({2, 3, 4}),
                                          input({16, 3}), input({16, 4}),   input({16}),
                                          input({16}),    input({16, 3}),   input({16, 4}),
                                          input({16}),    input({16})};
                   },
                   .fn = [](V x) {
                     // batch sizes 3, 2, 1: sequences of lengths 3, 2, 1
                     const Tensor batch_sizes = tg::tensor({3, 2, 1}).to(kLong);
                     auto [out, h, c] = lstm(x[0], batch_sizes, {x[1], x[2]}, tail(x, 3), true, 1,
                                             0.0, false, true);
                     return variable_list{out, h, c};
                   }});
TG_GRADCHECK_CASE({.name = "gru on a packed batch, two layers, h_0 and weights",
                   .inputs = [] {
                     return variable_list{input({5, 2}),  input({2, 2, 3}), input({9, 2}),
                                          input({9, 3}),  input({9}),       input({9}),
                                          input({9, 3}),  input({9, 3}),    input({9}),
                                          input({9})};
                   },
                   .fn = [](V x) {
                     const Tensor batch_sizes = tg::tensor({2, 2, 1}).to(kLong);
                     auto [out, h] =
                         gru(x[0], batch_sizes, x[1], tail(x, 2), true, 2, 0.0, false, false);
                     return variable_list{out, h};
                   }});
} // namespace
} // namespace tg::testing
