#pragma once
// The recurrences behind RNN, LSTM, GRU and their cells, as LibTorch's ATen-level free functions
// (torch::lstm, torch::gru_cell, ...). They are written with ordinary differentiable ops
// (linear, sigmoid, tanh, chunk, stack, cat, dropout), so backpropagation through time is the
// tape's ordinary backward: no op of their own, no backward node of their own.
//
// Weights are PyTorch's: W_ih [gates * hidden, input], W_hh [gates * hidden, hidden], gates
// stacked in PyTorch's order (LSTM i, f, g, o; GRU r, z, n). The multi-layer forms take `params`
// flat, layer by layer and forward before reverse direction: w_ih, w_hh, then b_ih, b_hh when
// has_biases, then (LSTM with projections) w_hr.
#include <tuple>

#include "autograd/ops/functions.h"

namespace tg {

// ---- one step: input [batch, input_size], hidden [batch, hidden_size] ----

/// (h', c'): i, f, g, o = W_ih x + b_ih + W_hh h + b_hh; c' = σ(f)·c + σ(i)·tanh(g);
/// h' = σ(o)·tanh(c'). hx = {h, c}.
std::tuple<Tensor, Tensor> lstm_cell(const Tensor& input, TensorList hx, const Tensor& w_ih,
                                     const Tensor& w_hh, const Tensor& b_ih = {},
                                     const Tensor& b_hh = {});
/// h' = (1 - z)·n + z·h with r = σ(W_ir x + b_ir + W_hr h + b_hr), z likewise, and
/// n = tanh(W_in x + b_in + r·(W_hn h + b_hn)).
Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                const Tensor& b_ih = {}, const Tensor& b_hh = {});
/// h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
Tensor rnn_tanh_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                     const Tensor& b_ih = {}, const Tensor& b_hh = {});
/// h' = relu(W_ih x + b_ih + W_hh h + b_hh)
Tensor rnn_relu_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                     const Tensor& b_ih = {}, const Tensor& b_hh = {});

// ---- whole sequences: input [seq, batch, input_size] ([batch, seq, ...] with batch_first),
// hidden states [num_layers * directions, batch, hidden_size] ----

/// (output, h_n, c_n). hx = {h_0, c_0}; with projections h_0 has proj_size features (which is
/// how they are recognised, as in LibTorch) and each layer-direction has a fifth weight w_hr.
std::tuple<Tensor, Tensor, Tensor> lstm(const Tensor& input, TensorList hx, TensorList params,
                                        bool has_biases, int64_t num_layers, double dropout,
                                        bool train, bool bidirectional, bool batch_first);
/// (output, h_n)
std::tuple<Tensor, Tensor> gru(const Tensor& input, const Tensor& hx, TensorList params,
                               bool has_biases, int64_t num_layers, double dropout, bool train,
                               bool bidirectional, bool batch_first);
/// (output, h_n)
std::tuple<Tensor, Tensor> rnn_tanh(const Tensor& input, const Tensor& hx, TensorList params,
                                    bool has_biases, int64_t num_layers, double dropout, bool train,
                                    bool bidirectional, bool batch_first);
/// (output, h_n)
std::tuple<Tensor, Tensor> rnn_relu(const Tensor& input, const Tensor& hx, TensorList params,
                                    bool has_biases, int64_t num_layers, double dropout, bool train,
                                    bool bidirectional, bool batch_first);

// ---- packed sequences (nn/utils/rnn.h): data [total, input_size], step after step, with
// batch_sizes [steps] (int64, non-increasing) rows each; hidden states [num_layers * directions,
// batch_sizes[0], hidden_size]. A sequence that ends leaves the batch, and its state at its last
// step is its h_n (c_n); going backward, a sequence starts from its initial state at its last
// step. The output is packed the same way as data. ----

/// (output, h_n, c_n), as lstm() above on packed data.
std::tuple<Tensor, Tensor, Tensor> lstm(const Tensor& data, const Tensor& batch_sizes,
                                        TensorList hx, TensorList params, bool has_biases,
                                        int64_t num_layers, double dropout, bool train,
                                        bool bidirectional);
/// (output, h_n), as gru() above on packed data.
std::tuple<Tensor, Tensor> gru(const Tensor& data, const Tensor& batch_sizes, const Tensor& hx,
                               TensorList params, bool has_biases, int64_t num_layers,
                               double dropout, bool train, bool bidirectional);
/// (output, h_n), as rnn_tanh() above on packed data.
std::tuple<Tensor, Tensor> rnn_tanh(const Tensor& data, const Tensor& batch_sizes, const Tensor& hx,
                                    TensorList params, bool has_biases, int64_t num_layers,
                                    double dropout, bool train, bool bidirectional);
/// (output, h_n), as rnn_relu() above on packed data.
std::tuple<Tensor, Tensor> rnn_relu(const Tensor& data, const Tensor& batch_sizes, const Tensor& hx,
                                    TensorList params, bool has_biases, int64_t num_layers,
                                    double dropout, bool train, bool bidirectional);

} // namespace tg
