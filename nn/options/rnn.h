#pragma once
// Options of RNN, LSTM, GRU and their cells (torch/nn/options/rnn.h).
#include <cstdint>
#include <variant>

#include "tapegrad/arg.h"
#include "nn/enum.h"

namespace tg::nn {

namespace detail {
/// What the three recurrent layers share; RNNImplBase keeps its options in this form, the mode
/// saying which recurrence (and, for RNN, which nonlinearity) to run.
struct RNNOptionsBase {
  /// kLSTM, kGRU, kRNN_TANH or kRNN_RELU.
  using rnn_options_base_mode_t =
      std::variant<enumtype::kLSTM, enumtype::kGRU, enumtype::kRNN_TANH, enumtype::kRNN_RELU>;
  /// The recurrence and the two sizes; the rest are copied from the public options.
  RNNOptionsBase(rnn_options_base_mode_t mode, int64_t input_size, int64_t hidden_size)
      : mode_(mode), input_size_(input_size), hidden_size_(hidden_size) {}
  /// Which recurrence to run.
  TG_ARG(rnn_options_base_mode_t, mode);
  /// As RNNOptions::input_size.
  TG_ARG(int64_t, input_size);
  /// As RNNOptions::hidden_size.
  TG_ARG(int64_t, hidden_size);
  /// As RNNOptions::num_layers.
  TG_ARG(int64_t, num_layers) = 1;
  /// As RNNOptions::bias.
  TG_ARG(bool, bias) = true;
  /// As RNNOptions::batch_first.
  TG_ARG(bool, batch_first) = false;
  /// As RNNOptions::dropout.
  TG_ARG(double, dropout) = 0.0;
  /// As RNNOptions::bidirectional.
  TG_ARG(bool, bidirectional) = false;
  /// LSTM only: 0, or the size h is projected down to (0 < proj_size < hidden_size).
  TG_ARG(int64_t, proj_size) = 0;
};
} // namespace detail

/// RNNOptions(input_size, hidden_size).num_layers(2).nonlinearity(tg::kReLU): h' = tanh or relu of
/// (W_ih x + b_ih + W_hh h + b_hh).
struct RNNOptions {
  /// kTanh or kReLU.
  using nonlinearity_t = std::variant<enumtype::kTanh, enumtype::kReLU>;
  /// The two required sizes; the others keep LibTorch's defaults.
  RNNOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  /// The number of features of each step's input.
  TG_ARG(int64_t, input_size);
  /// The number of features of the hidden state.
  TG_ARG(int64_t, hidden_size);
  /// Stacked layers: layer k > 0 reads layer k-1's output sequence.
  TG_ARG(int64_t, num_layers) = 1;
  /// The nonlinearity of the recurrence, kTanh (default) or kReLU.
  TG_ARG(nonlinearity_t, nonlinearity) = tg::kTanh;
  /// Whether the layers learn b_ih and b_hh.
  TG_ARG(bool, bias) = true;
  /// Input and output are [batch, seq, feature] instead of [seq, batch, feature] (the hidden
  /// state keeps [layers * directions, batch, hidden]).
  TG_ARG(bool, batch_first) = false;
  /// Dropout on the outputs of every layer but the last, while training; in [0, 1], else
  /// tg::Error (default 0; nonzero with one layer warns, as in LibTorch).
  TG_ARG(double, dropout) = 0.0;
  /// A second set of layers reads the sequence backwards; outputs are concatenated.
  TG_ARG(bool, bidirectional) = false;
};

/// LSTMOptions(input_size, hidden_size).num_layers(2).proj_size(2)
struct LSTMOptions {
  /// The two required sizes; the others keep LibTorch's defaults.
  LSTMOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  /// The number of features of each step's input (required).
  TG_ARG(int64_t, input_size);
  /// The number of features of the hidden state (required).
  TG_ARG(int64_t, hidden_size);
  /// Stacked layers: layer k > 0 reads layer k-1's output sequence (default 1).
  TG_ARG(int64_t, num_layers) = 1;
  /// Whether the layers learn b_ih and b_hh (default true).
  TG_ARG(bool, bias) = true;
  /// Input and output are [batch, seq, feature] instead of [seq, batch, feature] (default false).
  TG_ARG(bool, batch_first) = false;
  /// Dropout on the outputs of every layer but the last, while training (default 0).
  TG_ARG(double, dropout) = 0.0;
  /// A second set of layers reads the sequence backwards; outputs are concatenated (default
  /// false).
  TG_ARG(bool, bidirectional) = false;
  /// 0 (none), or the size of a learned projection h = W_hr (o * tanh(c)); then h and the outputs
  /// have proj_size features while c keeps hidden_size.
  TG_ARG(int64_t, proj_size) = 0;
};

/// GRUOptions(input_size, hidden_size).num_layers(2).bidirectional(true)
struct GRUOptions {
  /// The two required sizes; the others keep LibTorch's defaults.
  GRUOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  /// The number of features of each step's input (required).
  TG_ARG(int64_t, input_size);
  /// The number of features of the hidden state (required).
  TG_ARG(int64_t, hidden_size);
  /// Stacked layers: layer k > 0 reads layer k-1's output sequence (default 1).
  TG_ARG(int64_t, num_layers) = 1;
  /// Whether the layers learn b_ih and b_hh (default true).
  TG_ARG(bool, bias) = true;
  /// Input and output are [batch, seq, feature] instead of [seq, batch, feature] (default false).
  TG_ARG(bool, batch_first) = false;
  /// Dropout on the outputs of every layer but the last, while training (default 0).
  TG_ARG(double, dropout) = 0.0;
  /// A second set of layers reads the sequence backwards; outputs are concatenated (default
  /// false).
  TG_ARG(bool, bidirectional) = false;
};

namespace detail {
/// What the three cells share: num_chunks is the number of gates stacked in W_ih and W_hh (1 for
/// RNNCell, 4 for LSTMCell, 3 for GRUCell).
struct RNNCellOptionsBase {
  /// All four fields; the cells fill them from their public options.
  RNNCellOptionsBase(int64_t input_size, int64_t hidden_size, bool bias, int64_t num_chunks)
      : input_size_(input_size), hidden_size_(hidden_size), bias_(bias), num_chunks_(num_chunks) {}
  virtual ~RNNCellOptionsBase() = default;
  /// The number of features of the input.
  TG_ARG(int64_t, input_size);
  /// The number of features of the hidden state.
  TG_ARG(int64_t, hidden_size);
  /// Whether the cell learns b_ih and b_hh.
  TG_ARG(bool, bias);
  /// Gates stacked in the weights: 1, 4 or 3.
  TG_ARG(int64_t, num_chunks);
};
} // namespace detail

/// RNNCellOptions(input_size, hidden_size).bias(false).nonlinearity(tg::kReLU)
struct RNNCellOptions {
  /// kTanh or kReLU.
  using nonlinearity_t = std::variant<enumtype::kTanh, enumtype::kReLU>;
  /// The two required sizes; bias defaults to true and nonlinearity to kTanh.
  RNNCellOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  /// The number of features of the input [batch, input_size] (required).
  TG_ARG(int64_t, input_size);
  /// The number of features of the hidden state [batch, hidden_size] (required).
  TG_ARG(int64_t, hidden_size);
  /// Whether the cell learns b_ih and b_hh (default true).
  TG_ARG(bool, bias) = true;
  /// The nonlinearity of h' = f(W_ih x + b_ih + W_hh h + b_hh), kTanh (default) or kReLU.
  TG_ARG(nonlinearity_t, nonlinearity) = tg::kTanh;
};

/// LSTMCellOptions(input_size, hidden_size).bias(false)
struct LSTMCellOptions {
  /// The two required sizes; bias defaults to true.
  LSTMCellOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  /// The number of features of the input [batch, input_size] (required).
  TG_ARG(int64_t, input_size);
  /// The number of features of the hidden state [batch, hidden_size] (required).
  TG_ARG(int64_t, hidden_size);
  /// Whether the cell learns b_ih and b_hh (default true).
  TG_ARG(bool, bias) = true;
};

/// GRUCellOptions(input_size, hidden_size).bias(false)
struct GRUCellOptions {
  /// The two required sizes; bias defaults to true.
  GRUCellOptions(int64_t input_size, int64_t hidden_size)
      : input_size_(input_size), hidden_size_(hidden_size) {}
  /// The number of features of the input [batch, input_size] (required).
  TG_ARG(int64_t, input_size);
  /// The number of features of the hidden state [batch, hidden_size] (required).
  TG_ARG(int64_t, hidden_size);
  /// Whether the cell learns b_ih and b_hh (default true).
  TG_ARG(bool, bias) = true;
};

} // namespace tg::nn
