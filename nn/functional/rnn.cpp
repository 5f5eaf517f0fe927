#include "nn/functional/rnn.h"

#include "nn/functional/packed_sequence.h"

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

/// h and c narrowed to the batch rows [begin, end) (c undefined for RNN and GRU).
State rows(const State& s, int64_t begin, int64_t end) {
  return {s.h.narrow(0, begin, end - begin),
          s.c.defined() ? s.c.narrow(0, begin, end - begin) : Tensor()};
}

/// One layer-direction's outputs: every step's h, and the final state.
struct DirectionResult {
  Tensor output;
  State last;
};

/// A padded sequence, gi [seq, batch, gates]: every step has the whole batch.
DirectionResult run_padded(Kind kind, const Tensor& gi, State s, const CellParams& p,
                           bool reverse) {
  const int64_t seq_len = gi.size(0);
  std::vector<Tensor> steps(static_cast<size_t>(seq_len));
  for (int64_t k = 0; k < seq_len; ++k) {
    const int64_t t = reverse ? seq_len - 1 - k : k;
    s = step(kind, gi.select(0, t), s, p);
    steps[size_t(t)] = s.h;
  }
  return {stack(steps, 0), s};
}

/// A packed sequence, gi [total, gates]: step t is the next batch_sizes[t] rows, and the batch only
/// shrinks (sequences are sorted longest first). Going forward, a sequence that has ended leaves
/// the batch and its h (and c) is set aside as its final state; going backward, sequences join as
/// their last step comes up, starting from their rows of the initial state.
DirectionResult run_packed(Kind kind, const Tensor& gi, const std::vector<int64_t>& batch_sizes,
                           const State& initial, const CellParams& p, bool reverse) {
  const int64_t num_steps = int64_t(batch_sizes.size());
  std::vector<Tensor> steps(static_cast<size_t>(num_steps));
  if (!reverse) {
    std::vector<State> finished; // the last rows first
    State s = initial;
    int64_t offset = 0, rows_now = batch_sizes[0];
    for (int64_t t = 0; t < num_steps; ++t) {
      const int64_t b = batch_sizes[size_t(t)];
      if (b < rows_now) {
        finished.push_back(rows(s, b, rows_now));
        s = rows(s, 0, b);
      }
      rows_now = b;
      s = step(kind, gi.narrow(0, offset, b), s, p);
      offset += b;
      steps[size_t(t)] = s.h;
    }
    finished.push_back(s);
    std::vector<Tensor> h, c;
    for (auto it = finished.rbegin(); it != finished.rend(); ++it) {
      h.push_back(it->h);
      if (it->c.defined()) c.push_back(it->c);
    }
    return {cat(steps, 0), {cat(h, 0), c.empty() ? Tensor() : cat(c, 0)}};
  }
  int64_t offset = gi.size(0), rows_now = batch_sizes[size_t(num_steps - 1)];
  State s = rows(initial, 0, rows_now);
  for (int64_t t = num_steps - 1; t >= 0; --t) {
    const int64_t b = batch_sizes[size_t(t)];
    if (b > rows_now) {
      const State joining = rows(initial, rows_now, b);
      s = {cat({s.h, joining.h}, 0), s.c.defined() ? cat({s.c, joining.c}, 0) : Tensor()};
    }
    rows_now = b;
    offset -= b;
    s = step(kind, gi.narrow(0, offset, b), s, p);
    steps[size_t(t)] = s.h;
  }
  return {cat(steps, 0), s};
}

/// The layer forms: every layer-direction runs its cell over the sequence, forward or reversed,
/// and feeds the (concatenated) outputs to the next layer. `batch_sizes` is empty for a padded
/// input [seq, batch, features] and holds the steps' batch sizes for a packed input [total,
/// features].
std::tuple<Tensor, Tensor, Tensor> run_layers(Kind kind, const Tensor& x0, int64_t batch,
                                              const std::vector<int64_t>& batch_sizes,
                                              const Tensor& h0, const Tensor& c0, TensorList params,
                                              bool has_biases, int64_t num_layers, double dropout,
                                              bool train, bool bidirectional) {
  const char* op = op_name(kind);
  TG_CHECK(num_layers >= 1, op, ": num_layers must be at least 1, got ", num_layers);
  TG_CHECK(dropout >= 0 && dropout <= 1, op, ": dropout must be in [0, 1], got ", dropout);
  const int64_t directions = bidirectional ? 2 : 1;
  TG_CHECK(h0.defined() && h0.dim() == 3 && h0.size(0) == num_layers * directions &&
               h0.size(1) == batch,
           op, ": expected hidden state [", num_layers * directions, ", ", batch,
           ", hidden_size], got ", h0.defined() ? h0.sizes() : IntArrayRef());
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
      TG_CHECK(p.w_ih.dim() == 2 && p.w_ih.size(1) == x.size(-1), op, ": layer ", layer,
               " expects ", p.w_ih.dim() == 2 ? p.w_ih.size(1) : -1, " input features (w_ih ",
               p.w_ih.sizes(), ") but gets ", x.size(-1));
      // The input's contribution to every step at once: one matmul over all steps instead of
      // one small one per step.
      const Tensor gi = linear(x, p.w_ih, p.b_ih);
      const State s{h0.select(0, index), kind == Kind::LSTM ? c0.select(0, index) : Tensor()};
      const DirectionResult r = batch_sizes.empty()
                                    ? run_padded(kind, gi, s, p, dir == 1)
                                    : run_packed(kind, gi, batch_sizes, s, p, dir == 1);
      outputs.push_back(r.output);
      h_n.push_back(r.last.h);
      if (kind == Kind::LSTM) c_n.push_back(r.last.c);
    }
    x = directions == 2 ? cat(outputs, -1) : outputs[0];
    // Between layers only: the last layer's output is returned undropped, as in PyTorch.
    if (dropout > 0 && train && layer + 1 < num_layers) x = tg::dropout(x, dropout, true);
  }
  return {x, stack(h_n, 0), kind == Kind::LSTM ? stack(c_n, 0) : Tensor()};
}

/// The padded forms: input [seq, batch, features] ([batch, seq, ...] with batch_first).
std::tuple<Tensor, Tensor, Tensor> run_padded_layers(Kind kind, const Tensor& input,
                                                     const Tensor& h0, const Tensor& c0,
                                                     TensorList params, bool has_biases,
                                                     int64_t num_layers, double dropout, bool train,
                                                     bool bidirectional, bool batch_first) {
  const char* op = op_name(kind);
  TG_CHECK(input.defined() && input.dim() == 3, op, ": input must have 3 dimensions [",
           batch_first ? "batch, seq_len" : "seq_len, batch", ", input_size], got ",
           input.defined() ? input.sizes() : IntArrayRef());
  const Tensor x = batch_first ? input.transpose(0, 1) : input;
  TG_CHECK(x.size(0) > 0, op, ": the sequence is empty (input ", input.sizes(), ")");
  auto [output, h_n, c_n] = run_layers(kind, x, x.size(1), {}, h0, c0, params, has_biases,
                                       num_layers, dropout, train, bidirectional);
  return {batch_first ? output.transpose(0, 1) : output, h_n, c_n};
}

/// The packed forms: data [total, features], one row per step of a sequence, step by step.
std::tuple<Tensor, Tensor, Tensor>
run_packed_layers(Kind kind, const Tensor& data, const Tensor& batch_sizes, const Tensor& h0,
                  const Tensor& c0, TensorList params, bool has_biases, int64_t num_layers,
                  double dropout, bool train, bool bidirectional) {
  const char* op = op_name(kind);
  TG_CHECK(data.defined() && data.dim() == 2, op,
           ": packed input data must have 2 dimensions [total steps, input_size], got ",
           data.defined() ? data.sizes() : IntArrayRef());
  const std::vector<int64_t> sizes = detail::checked_batch_sizes(op, batch_sizes, data.size(0));
  return run_layers(kind, data, sizes[0], sizes, h0, c0, params, has_biases, num_layers, dropout,
                    train, bidirectional);
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
  return run_padded_layers(Kind::LSTM, input, hx[0], hx[1], params, has_biases, num_layers, dropout,
                           train, bidirectional, batch_first);
}

std::tuple<Tensor, Tensor> gru(const Tensor& input, const Tensor& hx, TensorList params,
                               bool has_biases, int64_t num_layers, double dropout, bool train,
                               bool bidirectional, bool batch_first) {
  auto result = run_padded_layers(Kind::GRU, input, hx, {}, params, has_biases, num_layers, dropout,
                                  train, bidirectional, batch_first);
  return {std::get<0>(result), std::get<1>(result)};
}

std::tuple<Tensor, Tensor> rnn_tanh(const Tensor& input, const Tensor& hx, TensorList params,
                                    bool has_biases, int64_t num_layers, double dropout, bool train,
                                    bool bidirectional, bool batch_first) {
  auto result = run_padded_layers(Kind::RNN_TANH, input, hx, {}, params, has_biases, num_layers,
                                  dropout, train, bidirectional, batch_first);
  return {std::get<0>(result), std::get<1>(result)};
}

std::tuple<Tensor, Tensor> rnn_relu(const Tensor& input, const Tensor& hx, TensorList params,
                                    bool has_biases, int64_t num_layers, double dropout, bool train,
                                    bool bidirectional, bool batch_first) {
  auto result = run_padded_layers(Kind::RNN_RELU, input, hx, {}, params, has_biases, num_layers,
                                  dropout, train, bidirectional, batch_first);
  return {std::get<0>(result), std::get<1>(result)};
}

std::tuple<Tensor, Tensor, Tensor> lstm(const Tensor& data, const Tensor& batch_sizes,
                                        TensorList hx, TensorList params, bool has_biases,
                                        int64_t num_layers, double dropout, bool train,
                                        bool bidirectional) {
  TG_CHECK(hx.size() == 2, "lstm: hx must hold two tensors {h_0, c_0}, got ", hx.size());
  return run_packed_layers(Kind::LSTM, data, batch_sizes, hx[0], hx[1], params, has_biases,
                           num_layers, dropout, train, bidirectional);
}

std::tuple<Tensor, Tensor> gru(const Tensor& data, const Tensor& batch_sizes, const Tensor& hx,
                               TensorList params, bool has_biases, int64_t num_layers,
                               double dropout, bool train, bool bidirectional) {
  auto result = run_packed_layers(Kind::GRU, data, batch_sizes, hx, {}, params, has_biases,
                                  num_layers, dropout, train, bidirectional);
  return {std::get<0>(result), std::get<1>(result)};
}

std::tuple<Tensor, Tensor> rnn_tanh(const Tensor& data, const Tensor& batch_sizes, const Tensor& hx,
                                    TensorList params, bool has_biases, int64_t num_layers,
                                    double dropout, bool train, bool bidirectional) {
  auto result = run_packed_layers(Kind::RNN_TANH, data, batch_sizes, hx, {}, params, has_biases,
                                  num_layers, dropout, train, bidirectional);
  return {std::get<0>(result), std::get<1>(result)};
}

std::tuple<Tensor, Tensor> rnn_relu(const Tensor& data, const Tensor& batch_sizes, const Tensor& hx,
                                    TensorList params, bool has_biases, int64_t num_layers,
                                    double dropout, bool train, bool bidirectional) {
  auto result = run_packed_layers(Kind::RNN_RELU, data, batch_sizes, hx, {}, params, has_biases,
                                  num_layers, dropout, train, bidirectional);
  return {std::get<0>(result), std::get<1>(result)};
}

} // namespace tg
