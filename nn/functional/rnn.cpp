#include "nn/functional/rnn.h"

#include <string>
#include <vector>

namespace tg {

namespace {

enum class Kind { LSTM, GRU, RNN_TANH, RNN_RELU };

const char* op_name(Kind kind) {
  switch (kind) {
  case Kind::LSTM:
    return "lstm";
  case Kind::GRU:
    return "gru";
  case Kind::RNN_TANH:
    return "rnn_tanh";
  case Kind::RNN_RELU:
    return "rnn_relu";
  }
  return "rnn";
}

int64_t gate_count(Kind kind) {
  switch (kind) {
  case Kind::LSTM:
    return 4;
  case Kind::GRU:
    return 3;
  default:
    return 1;
  }
}

/// One layer-direction's weights; biases and w_hr undefined when absent.
struct CellParams {
  Tensor w_ih, w_hh, b_ih, b_hh, w_hr;
};

/// h, and for LSTM c.
struct State {
  Tensor h, c;
};

/// The part of a step that depends on the previous state. `gi` = W_ih x + b_ih is passed in
/// because the layer forms compute it for the whole sequence with one matmul.
State step(Kind kind, const Tensor& gi, const State& s, const CellParams& p) {
  const Tensor gh = linear(s.h, p.w_hh, p.b_hh);
  switch (kind) {
  case Kind::RNN_TANH:
    return {tanh(gi + gh), {}};
  case Kind::RNN_RELU:
    return {relu(gi + gh), {}};
  case Kind::LSTM: {
    const std::vector<Tensor> g = chunk(gi + gh, 4, 1);
    const Tensor c = sigmoid(g[1]) * s.c + sigmoid(g[0]) * tanh(g[2]);
    Tensor h = sigmoid(g[3]) * tanh(c);
    if (p.w_hr.defined()) h = linear(h, p.w_hr);
    return {h, c};
  }
  case Kind::GRU: {
    // r scales only W_hn h + b_hn, not the input's part, so the two halves stay apart here.
    const std::vector<Tensor> i = chunk(gi, 3, 1), h = chunk(gh, 3, 1);
    const Tensor r = sigmoid(i[0] + h[0]);
    const Tensor z = sigmoid(i[1] + h[1]);
    const Tensor n = tanh(i[2] + r * h[2]);
    // (1 - z)·n + z·h, in the form ATen evaluates it
    return {n + z * (s.h - n), {}};
  }
  }
  return {};
}

void check_cell(Kind kind, const Tensor& input, const Tensor& hx, const Tensor& w_ih,
                const Tensor& w_hh, const Tensor& b_ih, const Tensor& b_hh,
                const char* hidden_label) {
  const std::string op = std::string(op_name(kind)) + "_cell";
  TG_CHECK(input.defined() && input.dim() == 2, op, ": expected input of 2 dimensions [batch, ",
           "input_size], got ", input.defined() ? input.sizes() : IntArrayRef());
  TG_CHECK(w_ih.defined() && w_hh.defined() && w_ih.dim() == 2 && w_hh.dim() == 2, op,
           ": w_ih and w_hh must be 2-D [gates * hidden_size, features]");
  const int64_t hidden = w_hh.size(1), gates = gate_count(kind);
  TG_CHECK(input.size(1) == w_ih.size(1), op, ": input has inconsistent input_size: got ",
           input.size(1), " expected ", w_ih.size(1), " (input ", input.sizes(), ", w_ih ",
           w_ih.sizes(), ")");
  TG_CHECK(w_ih.size(0) == gates * hidden && w_hh.size(0) == gates * hidden, op, ": w_ih ",
           w_ih.sizes(), " and w_hh ", w_hh.sizes(), " must have ", gates, " * hidden_size rows");
  for (const Tensor* b : {&b_ih, &b_hh})
    TG_CHECK(!b->defined() || (b->dim() == 1 && b->size(0) == gates * hidden), op, ": bias ",
             b->sizes(), " must be [", gates * hidden, "]");
  TG_CHECK(hx.defined() && hx.dim() == 2, op, ": expected ", hidden_label,
           " of 2 dimensions [batch, hidden_size], got ",
           hx.defined() ? hx.sizes() : IntArrayRef());
  TG_CHECK(input.size(0) == hx.size(0), op, ": input batch size ", input.size(0), " doesn't match ",
           hidden_label, " batch size ", hx.size(0), " (input ", input.sizes(), ", ", hidden_label,
           " ", hx.sizes(), ")");
}

/// The layer forms: every layer-direction runs its cell over the sequence, forward or reversed,
/// and feeds the (concatenated) outputs to the next layer.
std::tuple<Tensor, Tensor, Tensor> run_layers(Kind kind, const Tensor& input, const Tensor& h0,
                                              const Tensor& c0, TensorList params, bool has_biases,
                                              int64_t num_layers, double dropout, bool train,
                                              bool bidirectional, bool batch_first) {
  const char* op = op_name(kind);
  TG_CHECK(input.defined() && input.dim() == 3, op, ": input must have 3 dimensions [",
           batch_first ? "batch, seq_len" : "seq_len, batch", ", input_size], got ",
           input.defined() ? input.sizes() : IntArrayRef());
  TG_CHECK(num_layers >= 1, op, ": num_layers must be at least 1, got ", num_layers);
  TG_CHECK(dropout >= 0 && dropout <= 1, op, ": dropout must be in [0, 1], got ", dropout);
  const int64_t directions = bidirectional ? 2 : 1;
  const Tensor x0 = batch_first ? input.transpose(0, 1) : input;
  const int64_t seq_len = x0.size(0), batch = x0.size(1);
  TG_CHECK(seq_len > 0, op, ": the sequence is empty (input ", input.sizes(), ")");
  TG_CHECK(h0.defined() && h0.dim() == 3 && h0.size(0) == num_layers * directions &&
               h0.size(1) == batch,
           op, ": expected hidden state [", num_layers * directions, ", ", batch,
           ", hidden_size] for input ", input.sizes(), ", got ",
           h0.defined() ? h0.sizes() : IntArrayRef());
  const bool has_proj = c0.defined() && c0.dim() == 3 && c0.size(2) != h0.size(2);
  if (kind == Kind::LSTM) {
    TG_CHECK(c0.defined() && c0.dim() == 3 && c0.size(0) == h0.size(0) && c0.size(1) == batch, op,
             ": expected cell state [", h0.size(0), ", ", batch, ", hidden_size], got ",
             c0.defined() ? c0.sizes() : IntArrayRef());
  }
  const size_t stride = 2 + (has_biases ? 2 : 0) + (has_proj ? 1 : 0);
  TG_CHECK(params.size() == stride * size_t(num_layers * directions), op, ": expected ",
           stride * size_t(num_layers * directions), " weights (", num_layers, " layers, ",
           directions, " directions, ", stride, " each), got ", params.size());

  Tensor x = x0;
  std::vector<Tensor> h_n, c_n;
  for (int64_t layer = 0; layer < num_layers; ++layer) {
    std::vector<Tensor> outputs;
    for (int64_t dir = 0; dir < directions; ++dir) {
      const int64_t index = layer * directions + dir;
      const size_t base = size_t(index) * stride;
      CellParams p{params[base], params[base + 1], {}, {}, {}};
      if (has_biases) {
        p.b_ih = params[base + 2];
        p.b_hh = params[base + 3];
      }
      if (has_proj) p.w_hr = params[base + stride - 1];
      TG_CHECK(p.w_ih.dim() == 2 && p.w_ih.size(1) == x.size(2), op, ": layer ", layer, " expects ",
               p.w_ih.dim() == 2 ? p.w_ih.size(1) : -1, " input features (w_ih ", p.w_ih.sizes(),
               ") but gets ", x.size(2));
      // The input's contribution to every step at once: one [seq * batch, input] matmul instead
      // of seq_len small ones.
      const Tensor gi = linear(x, p.w_ih, p.b_ih);
      State s{h0.select(0, index), kind == Kind::LSTM ? c0.select(0, index) : Tensor()};
      std::vector<Tensor> steps(static_cast<size_t>(seq_len));
      for (int64_t k = 0; k < seq_len; ++k) {
        const int64_t t = dir == 0 ? k : seq_len - 1 - k;
        s = step(kind, gi.select(0, t), s, p);
        steps[size_t(t)] = s.h;
      }
      outputs.push_back(stack(steps, 0));
      h_n.push_back(s.h);
      if (kind == Kind::LSTM) c_n.push_back(s.c);
    }
    x = directions == 2 ? cat(outputs, 2) : outputs[0];
    // Between layers only: the last layer's output is returned undropped, as in PyTorch.
    if (dropout > 0 && train && layer + 1 < num_layers) x = tg::dropout(x, dropout, true);
  }
  return {batch_first ? x.transpose(0, 1) : x, stack(h_n, 0),
          kind == Kind::LSTM ? stack(c_n, 0) : Tensor()};
}

} // namespace

std::tuple<Tensor, Tensor> lstm_cell(const Tensor& input, TensorList hx, const Tensor& w_ih,
                                     const Tensor& w_hh, const Tensor& b_ih, const Tensor& b_hh) {
  TG_CHECK(hx.size() == 2, "lstm_cell: hx must hold two tensors {h, c}, got ", hx.size());
  check_cell(Kind::LSTM, input, hx[0], w_ih, w_hh, b_ih, b_hh, "hidden[0]");
  TG_CHECK(hx[1].defined() && hx[1].dim() == 2 && hx[1].size(0) == input.size(0) &&
               hx[1].size(1) == w_hh.size(0) / 4,
           "lstm_cell: expected hidden[1] [", input.size(0), ", ", w_hh.size(0) / 4, "], got ",
           hx[1].defined() ? hx[1].sizes() : IntArrayRef());
  State s =
      step(Kind::LSTM, linear(input, w_ih, b_ih), {hx[0], hx[1]}, {w_ih, w_hh, b_ih, b_hh, {}});
  return {s.h, s.c};
}

Tensor gru_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                const Tensor& b_ih, const Tensor& b_hh) {
  check_cell(Kind::GRU, input, hx, w_ih, w_hh, b_ih, b_hh, "hidden");
  return step(Kind::GRU, linear(input, w_ih, b_ih), {hx, {}}, {w_ih, w_hh, b_ih, b_hh, {}}).h;
}

Tensor rnn_tanh_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                     const Tensor& b_ih, const Tensor& b_hh) {
  check_cell(Kind::RNN_TANH, input, hx, w_ih, w_hh, b_ih, b_hh, "hidden");
  return step(Kind::RNN_TANH, linear(input, w_ih, b_ih), {hx, {}}, {w_ih, w_hh, b_ih, b_hh, {}}).h;
}

Tensor rnn_relu_cell(const Tensor& input, const Tensor& hx, const Tensor& w_ih, const Tensor& w_hh,
                     const Tensor& b_ih, const Tensor& b_hh) {
  check_cell(Kind::RNN_RELU, input, hx, w_ih, w_hh, b_ih, b_hh, "hidden");
  return step(Kind::RNN_RELU, linear(input, w_ih, b_ih), {hx, {}}, {w_ih, w_hh, b_ih, b_hh, {}}).h;
}

std::tuple<Tensor, Tensor, Tensor> lstm(const Tensor& input, TensorList hx, TensorList params,
                                        bool has_biases, int64_t num_layers, double dropout,
                                        bool train, bool bidirectional, bool batch_first) {
  TG_CHECK(hx.size() == 2, "lstm: hx must hold two tensors {h_0, c_0}, got ", hx.size());
  return run_layers(Kind::LSTM, input, hx[0], hx[1], params, has_biases, num_layers, dropout, train,
                    bidirectional, batch_first);
}

std::tuple<Tensor, Tensor> gru(const Tensor& input, const Tensor& hx, TensorList params,
                               bool has_biases, int64_t num_layers, double dropout, bool train,
                               bool bidirectional, bool batch_first) {
  auto result = run_layers(Kind::GRU, input, hx, {}, params, has_biases, num_layers, dropout, train,
                           bidirectional, batch_first);
  return {std::get<0>(result), std::get<1>(result)};
}

std::tuple<Tensor, Tensor> rnn_tanh(const Tensor& input, const Tensor& hx, TensorList params,
                                    bool has_biases, int64_t num_layers, double dropout, bool train,
                                    bool bidirectional, bool batch_first) {
  auto result = run_layers(Kind::RNN_TANH, input, hx, {}, params, has_biases, num_layers, dropout,
                           train, bidirectional, batch_first);
  return {std::get<0>(result), std::get<1>(result)};
}

std::tuple<Tensor, Tensor> rnn_relu(const Tensor& input, const Tensor& hx, TensorList params,
                                    bool has_biases, int64_t num_layers, double dropout, bool train,
                                    bool bidirectional, bool batch_first) {
  auto result = run_layers(Kind::RNN_RELU, input, hx, {}, params, has_biases, num_layers, dropout,
                           train, bidirectional, batch_first);
  return {std::get<0>(result), std::get<1>(result)};
}

} // namespace tg
