#pragma once
// Recurrent layers RNN, LSTM and GRU, and their single-step cells RNNCell, LSTMCell, GRUCell:
//   LSTM lstm(LSTMOptions(/*input_size=*/8, /*hidden_size=*/32).num_layers(2).batch_first(true));
//   auto [output, state] = lstm(x);               // x [batch, seq, 8] -> output [batch, seq, 32]
//   auto [h_n, c_n] = state;                      // each [2, batch, 32]
//
// As in LibTorch 1.13's C++ API (unlike Python's), the layers take only batched 3-D input and
// the cells only 2-D [batch, input_size] input; anything else throws tg::Error. Every parameter
// starts as U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)). flatten_parameters() does nothing: it
// serves cuDNN. Sequences of different lengths go through forward_with_packed_input with a
// PackedSequence (nn/utils/rnn.h), which runs each sequence for exactly its own steps.
#include <string>
#include <tuple>
#include <vector>

#include "nn/options/rnn.h"
#include "nn/pimpl.h"
#include "nn/utils/rnn.h"

namespace tg::nn {

namespace detail {

/// Parameters and checks shared by RNN, LSTM and GRU. For layer k and each direction ("" and
/// "_reverse") it registers weight_ih_l{k}, weight_hh_l{k}, then bias_ih_l{k}, bias_hh_l{k} when
/// options.bias(), then weight_hr_l{k} for an LSTM with proj_size: LibTorch's names and order.
template <typename Derived> class RNNImplBase : public Cloneable<Derived> {
public:
  /// Validates the options and registers the parameters (calls reset()).
  explicit RNNImplBase(const RNNOptionsBase& options_);

  /// Checks the options and (re)registers every layer's parameters, then initialises them.
  /// Throws tg::Error if hidden_size <= 0, input_size < 0, num_layers < 1, dropout is outside
  /// [0, 1], or proj_size is negative, not below hidden_size, or set for an RNN or GRU.
  /// Warns if dropout > 0 with a single layer (dropout only acts between layers).
  void reset() override;
  /// Re-draws every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).
  void reset_parameters();
  /// "tg::nn::LSTM(input_size=4, hidden_size=3, num_layers=2, bias=true, batch_first=false,
  /// dropout=0, bidirectional=false)", ", proj_size=2" appended when set
  void pretty_print(std::ostream& stream) const override;
  /// Kept for LibTorch programs; the weights are never copied into one cuDNN buffer here.
  void flatten_parameters() {}
  /// Every weight and bias, in the order they are registered.
  std::vector<Tensor> all_weights() const;

  /// The options shared by the three layers (mode, sizes, layers, ...), as the layer built them.
  RNNOptionsBase options_base;

protected:
  /// "LSTM", for printing and messages.
  const char* mode_name() const;
  /// Throws tg::Error unless `input` is a defined 3-D tensor whose last dim is input_size.
  void check_input(const Tensor& input) const;
  /// [num_layers * directions, batch, hidden size (proj_size for an LSTM with projections)]
  std::tuple<int64_t, int64_t, int64_t> get_expected_hidden_size(const Tensor& input) const;
  /// Throws tg::Error, naming `label` ("hx", "cx"), unless `hx` is defined and of size
  /// `expected`.
  void check_hidden_size(const Tensor& hx, std::tuple<int64_t, int64_t, int64_t> expected,
                         const std::string& label) const;
  /// `hx` after checking its size, or zeros of the expected size when it is undefined (RNN, GRU).
  Tensor initial_hidden(const Tensor& input, Tensor hx) const;
  /// Throws tg::Error unless `packed` holds defined 2-D data [total, input_size].
  void check_packed_input(const utils::rnn::PackedSequence& packed) const;
  /// [num_layers * directions, batch_sizes[0], hidden size]: the hidden state of a packed input.
  std::tuple<int64_t, int64_t, int64_t>
  get_expected_packed_hidden_size(const utils::rnn::PackedSequence& packed) const;
  /// hx with its batch dim (1) reordered by `permutation` (undefined: hx as is), which is how a
  /// packed input's sorted order is applied to the states given and undone on the states returned.
  static Tensor permute_hidden(const Tensor& hx, const Tensor& permutation);

  /// The names of all parameters, in registration order.
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
  /// One unidirectional layer with bias and tanh; same as RNNImpl(RNNOptions(input_size,
  /// hidden_size)).
  RNNImpl(int64_t input_size, int64_t hidden_size) : RNNImpl(RNNOptions(input_size, hidden_size)) {}
  /// A layer as described by the options (layers, bias, batch_first, ...). Throws tg::Error
  /// on invalid options (see reset()).
  explicit RNNImpl(const RNNOptions& options_);

  /// input [seq, batch, input_size] ([batch, seq, ...] with batch_first), hx [num_layers *
  /// directions, batch, hidden_size] (zeros when undefined) -> (output [seq, batch, directions *
  /// hidden_size], h_n shaped as hx).
  std::tuple<Tensor, Tensor> forward(const Tensor& input, Tensor hx = {});
  /// A packed batch (pack_padded_sequence, pack_sequence) -> (output packed the same way, h_n
  /// [num_layers * directions, batch, hidden_size]) with each sequence run for its own length;
  /// hx and h_n are in the original batch order. batch_first does not apply.
  std::tuple<utils::rnn::PackedSequence, Tensor>
  forward_with_packed_input(const utils::rnn::PackedSequence& packed_input, Tensor hx = {});

  /// The options the module was built with.
  RNNOptions options;
};
/// The holder of RNNImpl (TORCH_MODULE(RNN)); copies share one module.
TG_MODULE(RNN);

/// LSTM, gates i, f, g, o stacked in that order in the weights' rows.
class LSTMImpl : public detail::RNNImplBase<LSTMImpl> {
public:
  /// One unidirectional layer with bias; same as LSTMImpl(LSTMOptions(input_size,
  /// hidden_size)).
  LSTMImpl(int64_t input_size, int64_t hidden_size)
      : LSTMImpl(LSTMOptions(input_size, hidden_size)) {}
  /// A layer as described by the options (layers, bias, batch_first, ...). Throws tg::Error
  /// on invalid options (see reset()).
  explicit LSTMImpl(const LSTMOptions& options_);

  /// (output, (h_n, c_n)); hx_opt = (h_0, c_0), zeros when absent. h has proj_size features
  /// when proj_size > 0, c always hidden_size.
  std::tuple<Tensor, std::tuple<Tensor, Tensor>>
  forward(const Tensor& input, tg::optional<std::tuple<Tensor, Tensor>> hx_opt = {});
  /// As RNN's forward_with_packed_input: (packed output, (h_n, c_n)), in the original batch order.
  std::tuple<utils::rnn::PackedSequence, std::tuple<Tensor, Tensor>>
  forward_with_packed_input(const utils::rnn::PackedSequence& packed_input,
                            tg::optional<std::tuple<Tensor, Tensor>> hx_opt = {});

  /// The options the module was built with.
  LSTMOptions options;
};
/// The holder of LSTMImpl (TORCH_MODULE(LSTM)); copies share one module.
TG_MODULE(LSTM);

/// GRU, gates r, z, n stacked in that order; n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).
class GRUImpl : public detail::RNNImplBase<GRUImpl> {
public:
  /// One unidirectional layer with bias; same as GRUImpl(GRUOptions(input_size,
  /// hidden_size)).
  GRUImpl(int64_t input_size, int64_t hidden_size) : GRUImpl(GRUOptions(input_size, hidden_size)) {}
  /// A layer as described by the options (layers, bias, batch_first, ...). Throws tg::Error
  /// on invalid options (see reset()).
  explicit GRUImpl(const GRUOptions& options_);

  /// As RNN's forward.
  std::tuple<Tensor, Tensor> forward(const Tensor& input, Tensor hx = {});
  /// As RNN's forward_with_packed_input.
  std::tuple<utils::rnn::PackedSequence, Tensor>
  forward_with_packed_input(const utils::rnn::PackedSequence& packed_input, Tensor hx = {});

  /// The options the module was built with.
  GRUOptions options;
};
/// The holder of GRUImpl (TORCH_MODULE(GRU)); copies share one module.
TG_MODULE(GRU);

namespace detail {

/// weight_ih [num_chunks * hidden, input], weight_hh [num_chunks * hidden, hidden], bias_ih and
/// bias_hh [num_chunks * hidden] (undefined without bias).
template <typename Derived> class RNNCellImplBase : public Cloneable<Derived> {
public:
  /// Validates the options and registers the parameters (calls reset()).
  explicit RNNCellImplBase(const RNNCellOptionsBase& options_);

  /// (Re)registers weight_ih, weight_hh and the biases (registered undefined without bias), then
  /// initialises them. Throws tg::Error if hidden_size <= 0 or input_size < 0.
  void reset() override;
  /// Re-draws every weight and bias from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)).
  void reset_parameters();
  /// "tg::nn::RNNCell(4, 3, bias=false, nonlinearity=kReLU)": non-default settings only
  void pretty_print(std::ostream& stream) const override;

  /// The options shared by the three cells (sizes, bias, number of gate chunks).
  RNNCellOptionsBase options_base;
  /// Input-to-hidden weight, [num_chunks * hidden_size, input_size].
  Tensor weight_ih;
  /// Hidden-to-hidden weight, [num_chunks * hidden_size, hidden_size].
  Tensor weight_hh;
  /// Input-to-hidden bias, [num_chunks * hidden_size]; undefined without bias.
  Tensor bias_ih;
  /// Hidden-to-hidden bias, [num_chunks * hidden_size]; undefined without bias.
  Tensor bias_hh;

protected:
  /// Throws tg::Error unless `input` is a defined 2-D [batch, input_size] tensor.
  void check_forward_input(const Tensor& input) const;
  /// Throws tg::Error, naming `hidden_label`, unless `hx` is a defined [batch, hidden_size]
  /// tensor with the same batch size as `input`.
  void check_forward_hidden(const Tensor& input, const Tensor& hx,
                            const std::string& hidden_label) const;
  /// RNNCell's nonlinearity ("kTanh" or "kReLU"); "" for LSTMCell and GRUCell.
  virtual std::string get_nonlinearity_str() const;
  /// "LSTMCell" (told apart by num_chunks), for printing and messages.
  const char* cell_name() const;
};

} // namespace detail

/// One step of an Elman RNN: [batch, input_size] -> [batch, hidden_size].
class RNNCellImpl : public detail::RNNCellImplBase<RNNCellImpl> {
public:
  /// A cell with bias and tanh; same as RNNCellImpl(RNNCellOptions(input_size, hidden_size)).
  RNNCellImpl(int64_t input_size, int64_t hidden_size)
      : RNNCellImpl(RNNCellOptions(input_size, hidden_size)) {}
  /// A cell as described by the options (sizes, bias). Throws tg::Error on invalid options
  /// (see reset()).
  explicit RNNCellImpl(const RNNCellOptions& options_);

  /// hx [batch, hidden_size], zeros when undefined.
  Tensor forward(const Tensor& input, Tensor hx = {});

  /// The options the module was built with.
  RNNCellOptions options;

protected:
  /// "kTanh" or "kReLU", this cell's nonlinearity, for pretty_print (which omits the kTanh
  /// default).
  std::string get_nonlinearity_str() const override;
};
/// The holder of RNNCellImpl (TORCH_MODULE(RNNCell)); copies share one module.
TG_MODULE(RNNCell);

/// One LSTM step: returns (h', c').
class LSTMCellImpl : public detail::RNNCellImplBase<LSTMCellImpl> {
public:
  /// A cell with bias; same as LSTMCellImpl(LSTMCellOptions(input_size, hidden_size)).
  LSTMCellImpl(int64_t input_size, int64_t hidden_size)
      : LSTMCellImpl(LSTMCellOptions(input_size, hidden_size)) {}
  /// A cell as described by the options (sizes, bias). Throws tg::Error on invalid options
  /// (see reset()).
  explicit LSTMCellImpl(const LSTMCellOptions& options_);

  /// hx_opt = (h, c), each [batch, hidden_size], zeros when absent.
  std::tuple<Tensor, Tensor> forward(const Tensor& input,
                                     tg::optional<std::tuple<Tensor, Tensor>> hx_opt = {});

  /// The options the module was built with.
  LSTMCellOptions options;
};
/// The holder of LSTMCellImpl (TORCH_MODULE(LSTMCell)); copies share one module.
TG_MODULE(LSTMCell);

/// One GRU step.
class GRUCellImpl : public detail::RNNCellImplBase<GRUCellImpl> {
public:
  /// A cell with bias; same as GRUCellImpl(GRUCellOptions(input_size, hidden_size)).
  GRUCellImpl(int64_t input_size, int64_t hidden_size)
      : GRUCellImpl(GRUCellOptions(input_size, hidden_size)) {}
  /// A cell as described by the options (sizes, bias). Throws tg::Error on invalid options
  /// (see reset()).
  explicit GRUCellImpl(const GRUCellOptions& options_);

  /// hx [batch, hidden_size], zeros when undefined.
  Tensor forward(const Tensor& input, Tensor hx = {});

  /// The options the module was built with.
  GRUCellOptions options;
};
/// The holder of GRUCellImpl (TORCH_MODULE(GRUCell)); copies share one module.
TG_MODULE(GRUCell);

} // namespace tg::nn
