#pragma once
// Recurrent layers RNN, LSTM and GRU, and their single-step cells RNNCell, LSTMCell, GRUCell:
//   LSTM lstm(LSTMOptions(/*input_size=*/8, /*hidden_size=*/32).num_layers(2).batch_first(true));
//   auto [output, state] = lstm(x);               // x [batch, seq, 8] -> output [batch, seq, 32]
//   auto [h_n, c_n] = state;                      // each [2, batch, 32]
//
// As in LibTorch 1.13's C++ API (unlike Python's), the layers take only batched 3-D input and
// the cells only 2-D [batch, input_size] input; anything else throws tg::Error. Every parameter
// starts as U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)). There are no packed sequences
// (forward_with_packed_input) and flatten_parameters() does nothing: both serve cuDNN.
#include <string>
#include <tuple>
#include <vector>

#include "nn/options/rnn.h"
#include "nn/pimpl.h"

namespace tg::nn {

namespace detail {

/// Parameters and checks shared by RNN, LSTM and GRU. For layer k and each direction ("" and
/// "_reverse") it registers weight_ih_l{k}, weight_hh_l{k}, then bias_ih_l{k}, bias_hh_l{k} when
/// options.bias(), then weight_hr_l{k} for an LSTM with proj_size: LibTorch's names and order.
template <typename Derived> class RNNImplBase : public Cloneable<Derived> {
public:
  explicit RNNImplBase(const RNNOptionsBase& options_);

  void reset() override;
  void reset_parameters();
  /// "tg::nn::LSTM(input_size=4, hidden_size=3, num_layers=2, bias=true, batch_first=false,
  /// dropout=0, bidirectional=false)", ", proj_size=2" appended when set
  void pretty_print(std::ostream& stream) const override;
  /// Kept for LibTorch programs; the weights are never copied into one cuDNN buffer here.
  void flatten_parameters() {}
  /// Every weight and bias, in the order they are registered.
  std::vector<Tensor> all_weights() const;

  RNNOptionsBase options_base;

protected:
  /// "LSTM", for printing and messages.
  const char* mode_name() const;
  void check_input(const Tensor& input) const;
  /// [num_layers * directions, batch, hidden size (proj_size for an LSTM with projections)]
  std::tuple<int64_t, int64_t, int64_t> get_expected_hidden_size(const Tensor& input) const;
  void check_hidden_size(const Tensor& hx, std::tuple<int64_t, int64_t, int64_t> expected,
                         const std::string& label) const;
  /// `hx` after checking its size, or zeros of the expected size when it is undefined (RNN, GRU).
  Tensor initial_hidden(const Tensor& input, Tensor hx) const;

  std::vector<std::string> flat_weights_names_;
  /// Per layer-direction, the names of its weights.
  std::vector<std::vector<std::string>> all_weights_;
  /// The parameters themselves (shared handles), in flat_weights_names_ order: what forward uses.
  std::vector<Tensor> flat_weights_;
};

} // namespace detail

/// Elman RNN: h_t = tanh (or relu) of (W_ih x_t + b_ih + W_hh h_(t-1) + b_hh).
class RNNImpl : public detail::RNNImplBase<RNNImpl> {
public:
  RNNImpl(int64_t input_size, int64_t hidden_size) : RNNImpl(RNNOptions(input_size, hidden_size)) {}
  explicit RNNImpl(const RNNOptions& options_);

  /// input [seq, batch, input_size] ([batch, seq, ...] with batch_first), hx [num_layers *
  /// directions, batch, hidden_size] (zeros when undefined) -> (output [seq, batch, directions *
  /// hidden_size], h_n shaped as hx).
  std::tuple<Tensor, Tensor> forward(const Tensor& input, Tensor hx = {});

  RNNOptions options;
};
TG_MODULE(RNN);

/// LSTM, gates i, f, g, o stacked in that order in the weights' rows.
class LSTMImpl : public detail::RNNImplBase<LSTMImpl> {
public:
  LSTMImpl(int64_t input_size, int64_t hidden_size)
      : LSTMImpl(LSTMOptions(input_size, hidden_size)) {}
  explicit LSTMImpl(const LSTMOptions& options_);

  /// (output, (h_n, c_n)); hx_opt = (h_0, c_0), zeros when absent. h has proj_size features
  /// when proj_size > 0, c always hidden_size.
  std::tuple<Tensor, std::tuple<Tensor, Tensor>>
  forward(const Tensor& input, tg::optional<std::tuple<Tensor, Tensor>> hx_opt = {});

  LSTMOptions options;
};
TG_MODULE(LSTM);

/// GRU, gates r, z, n stacked in that order; n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).
class GRUImpl : public detail::RNNImplBase<GRUImpl> {
public:
  GRUImpl(int64_t input_size, int64_t hidden_size) : GRUImpl(GRUOptions(input_size, hidden_size)) {}
  explicit GRUImpl(const GRUOptions& options_);

  /// As RNN's forward.
  std::tuple<Tensor, Tensor> forward(const Tensor& input, Tensor hx = {});

  GRUOptions options;
};
TG_MODULE(GRU);

namespace detail {

/// weight_ih [num_chunks * hidden, input], weight_hh [num_chunks * hidden, hidden], bias_ih and
/// bias_hh [num_chunks * hidden] (undefined without bias).
template <typename Derived> class RNNCellImplBase : public Cloneable<Derived> {
public:
  explicit RNNCellImplBase(const RNNCellOptionsBase& options_);

  void reset() override;
  void reset_parameters();
  /// "tg::nn::RNNCell(4, 3, bias=false, nonlinearity=kReLU)": non-default settings only
  void pretty_print(std::ostream& stream) const override;

  RNNCellOptionsBase options_base;
  Tensor weight_ih;
  Tensor weight_hh;
  Tensor bias_ih;
  Tensor bias_hh;

protected:
  void check_forward_input(const Tensor& input) const;
  void check_forward_hidden(const Tensor& input, const Tensor& hx,
                            const std::string& hidden_label) const;
  /// "kReLU" for a ReLU RNNCell, "" for the others.
  virtual std::string get_nonlinearity_str() const;
  /// "LSTMCell" (told apart by num_chunks), for printing and messages.
  const char* cell_name() const;
};

} // namespace detail

/// One step of an Elman RNN: [batch, input_size] -> [batch, hidden_size].
class RNNCellImpl : public detail::RNNCellImplBase<RNNCellImpl> {
public:
  RNNCellImpl(int64_t input_size, int64_t hidden_size)
      : RNNCellImpl(RNNCellOptions(input_size, hidden_size)) {}
  explicit RNNCellImpl(const RNNCellOptions& options_);

  /// hx [batch, hidden_size], zeros when undefined.
  Tensor forward(const Tensor& input, Tensor hx = {});

  RNNCellOptions options;

protected:
  std::string get_nonlinearity_str() const override;
};
TG_MODULE(RNNCell);

/// One LSTM step: returns (h', c').
class LSTMCellImpl : public detail::RNNCellImplBase<LSTMCellImpl> {
public:
  LSTMCellImpl(int64_t input_size, int64_t hidden_size)
      : LSTMCellImpl(LSTMCellOptions(input_size, hidden_size)) {}
  explicit LSTMCellImpl(const LSTMCellOptions& options_);

  /// hx_opt = (h, c), each [batch, hidden_size], zeros when absent.
  std::tuple<Tensor, Tensor> forward(const Tensor& input,
                                     tg::optional<std::tuple<Tensor, Tensor>> hx_opt = {});

  LSTMCellOptions options;
};
TG_MODULE(LSTMCell);

/// One GRU step.
class GRUCellImpl : public detail::RNNCellImplBase<GRUCellImpl> {
public:
  GRUCellImpl(int64_t input_size, int64_t hidden_size)
      : GRUCellImpl(GRUCellOptions(input_size, hidden_size)) {}
  explicit GRUCellImpl(const GRUCellOptions& options_);

  /// hx [batch, hidden_size], zeros when undefined.
  Tensor forward(const Tensor& input, Tensor hx = {});

  GRUCellOptions options;
};
TG_MODULE(GRUCell);

} // namespace tg::nn
