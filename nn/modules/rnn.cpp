#include "nn/modules/rnn.h"

#include <cmath>
#include <ostream>

#include "autograd/ops/functions.h"
#include "nn/functional/rnn.h"
#include "nn/init.h"

namespace tg::nn {

namespace detail {

namespace {
/// The gates stacked in each weight's rows: i, f, g, o for LSTM; r, z, n for GRU; one for RNN.
int64_t gate_count(const RNNOptionsBase::rnn_options_base_mode_t& mode) {
  if (std::holds_alternative<enumtype::kLSTM>(mode)) return 4;
  if (std::holds_alternative<enumtype::kGRU>(mode)) return 3;
  return 1;
}

/// The size of h: proj_size when an LSTM projects, hidden_size otherwise.
int64_t real_hidden_size(const RNNOptionsBase& options) {
  return options.proj_size() > 0 ? options.proj_size() : options.hidden_size();
}

Tensor zeros_like_input(IntArrayRef sizes, const Tensor& input) {
  return tg::zeros(sizes, TensorOptions().dtype(input.scalar_type()));
}
} // namespace

template <typename Derived>
RNNImplBase<Derived>::RNNImplBase(const RNNOptionsBase& options_) : options_base(options_) {
  reset();
}

template <typename Derived> const char* RNNImplBase<Derived>::mode_name() const {
  if (std::holds_alternative<enumtype::kLSTM>(options_base.mode())) return "LSTM";
  if (std::holds_alternative<enumtype::kGRU>(options_base.mode())) return "GRU";
  return "RNN";
}

template <typename Derived> void RNNImplBase<Derived>::reset() {
  const RNNOptionsBase& o = options_base;
  const char* name = mode_name();
  TG_CHECK(o.input_size() >= 0 && o.hidden_size() > 0, name,
           ": input_size must be non-negative and hidden_size positive, got ", o.input_size(),
           " and ", o.hidden_size());
  TG_CHECK(o.num_layers() >= 1, name, ": num_layers must be at least 1, got ", o.num_layers());
  TG_CHECK(o.dropout() >= 0 && o.dropout() <= 1, name,
           ": dropout should be a number in range "
           "[0, 1] representing the probability of an element being zeroed, got ",
           o.dropout());
  if (o.dropout() > 0 && o.num_layers() == 1)
    tg::detail::warn(str("dropout option adds dropout after all but last recurrent layer, so "
                         "non-zero dropout expects num_layers greater than 1, but got dropout=",
                         o.dropout(), " and num_layers=", o.num_layers()));
  TG_CHECK(o.proj_size() >= 0 && o.proj_size() < o.hidden_size(), name,
           ": proj_size has to be a "
           "positive integer, smaller than hidden_size or zero to disable projections, got ",
           o.proj_size(), " for hidden_size ", o.hidden_size());
  TG_CHECK(o.proj_size() == 0 || std::holds_alternative<enumtype::kLSTM>(o.mode()), name,
           ": proj_size is only supported for LSTM, not RNN or GRU");

  const int64_t gate_size = gate_count(o.mode()) * o.hidden_size();
  const int64_t directions = o.bidirectional() ? 2 : 1;
  const int64_t h_size = real_hidden_size(o);
  flat_weights_names_.clear();
  all_weights_.clear();
  flat_weights_.clear();
  for (int64_t layer = 0; layer < o.num_layers(); ++layer) {
    for (int64_t dir = 0; dir < directions; ++dir) {
      const int64_t layer_input = layer == 0 ? o.input_size() : h_size * directions;
      const std::string suffix = std::to_string(layer) + (dir == 1 ? "_reverse" : "");
      std::vector<std::pair<std::string, std::vector<int64_t>>> shapes{
          {"weight_ih_l" + suffix, {gate_size, layer_input}},
          {"weight_hh_l" + suffix, {gate_size, h_size}}};
      if (o.bias()) {
        shapes.push_back({"bias_ih_l" + suffix, {gate_size}});
        shapes.push_back({"bias_hh_l" + suffix, {gate_size}});
      }
      if (o.proj_size() > 0)
        shapes.push_back({"weight_hr_l" + suffix, {o.proj_size(), o.hidden_size()}});
      std::vector<std::string> names;
      for (auto& [param_name, sizes] : shapes) {
        // a copy of the handle: register_parameter's reference dies when the dict grows
        flat_weights_.push_back(this->register_parameter(param_name, tg::empty(sizes)));
        flat_weights_names_.push_back(param_name);
        names.push_back(param_name);
      }
      all_weights_.push_back(std::move(names));
    }
  }
  reset_parameters();
}

template <typename Derived> void RNNImplBase<Derived>::reset_parameters() {
  // hidden_size, not proj_size, even for the projection: PyTorch's choice
  const double stdv = 1.0 / std::sqrt(double(options_base.hidden_size()));
  for (Tensor& w : flat_weights_) init::uniform_(w, -stdv, stdv);
}

template <typename Derived> void RNNImplBase<Derived>::pretty_print(std::ostream& stream) const {
  const RNNOptionsBase& o = options_base;
  stream << std::boolalpha << "tg::nn::" << mode_name() << "(input_size=" << o.input_size()
         << ", hidden_size=" << o.hidden_size() << ", num_layers=" << o.num_layers()
         << ", bias=" << o.bias() << ", batch_first=" << o.batch_first()
         << ", dropout=" << o.dropout() << ", bidirectional=" << o.bidirectional();
  if (o.proj_size() > 0) stream << ", proj_size=" << o.proj_size();
  stream << ")";
}

template <typename Derived> std::vector<Tensor> RNNImplBase<Derived>::all_weights() const {
  return flat_weights_;
}

template <typename Derived> void RNNImplBase<Derived>::check_input(const Tensor& input) const {
  const char* name = mode_name();
  TG_CHECK(input.defined(), name, ": input is undefined");
  TG_CHECK(input.dim() == 3, name, ": input must have 3 dimensions ",
           options_base.batch_first() ? "[batch, seq_len, " : "[seq_len, batch, ",
           options_base.input_size(), "], got ", input.sizes(),
           " (LibTorch 1.13 takes no unbatched input either)");
  TG_CHECK(input.size(-1) == options_base.input_size(), name,
           ": input.size(-1) must be equal to input_size. Expected ", options_base.input_size(),
           ", got ", input.size(-1), " (input ", input.sizes(), ")");
}

template <typename Derived>
std::tuple<int64_t, int64_t, int64_t>
RNNImplBase<Derived>::get_expected_hidden_size(const Tensor& input) const {
  const int64_t mini_batch = options_base.batch_first() ? input.size(0) : input.size(1);
  const int64_t directions = options_base.bidirectional() ? 2 : 1;
  return {options_base.num_layers() * directions, mini_batch, real_hidden_size(options_base)};
}

template <typename Derived>
void RNNImplBase<Derived>::check_hidden_size(const Tensor& hx,
                                             std::tuple<int64_t, int64_t, int64_t> expected,
                                             const std::string& label) const {
  const int64_t e[] = {std::get<0>(expected), std::get<1>(expected), std::get<2>(expected)};
  TG_CHECK(hx.defined(), mode_name(), ": ", label, " is undefined");
  TG_CHECK(hx.sizes().equals(IntArrayRef(e, 3)), mode_name(), ": expected ", label, " size ",
           IntArrayRef(e, 3), ", got ", hx.sizes());
}

template <typename Derived>
Tensor RNNImplBase<Derived>::initial_hidden(const Tensor& input, Tensor hx) const {
  const auto expected = get_expected_hidden_size(input);
  if (!hx.defined())
    return detail::zeros_like_input(
        {std::get<0>(expected), std::get<1>(expected), std::get<2>(expected)}, input);
  check_hidden_size(hx, expected, "hidden");
  return hx;
}

template <typename Derived>
void RNNImplBase<Derived>::check_packed_input(const utils::rnn::PackedSequence& packed) const {
  const Tensor& data = packed.data();
  const char* name = mode_name();
  TG_CHECK(data.defined(), name, ": the packed input's data is undefined");
  TG_CHECK(data.dim() == 2, name, ": packed input must have 2 dimensions [total steps, ",
           options_base.input_size(), "], got ", data.sizes());
  TG_CHECK(data.size(-1) == options_base.input_size(), name,
           ": input.size(-1) must be equal to input_size. Expected ", options_base.input_size(),
           ", got ", data.size(-1), " (packed data ", data.sizes(), ")");
  const Tensor& batch_sizes = packed.batch_sizes();
  TG_CHECK(batch_sizes.defined() && batch_sizes.dim() == 1 && batch_sizes.numel() > 0 &&
               batch_sizes.scalar_type() == kLong,
           name, ": the packed input's batch_sizes must be a non-empty 1-D int64 tensor");
}

template <typename Derived>
std::tuple<int64_t, int64_t, int64_t> RNNImplBase<Derived>::get_expected_packed_hidden_size(
    const utils::rnn::PackedSequence& packed) const {
  const int64_t directions = options_base.bidirectional() ? 2 : 1;
  return {options_base.num_layers() * directions, packed.batch_sizes()[0].template item<int64_t>(),
          real_hidden_size(options_base)};
}

template <typename Derived>
Tensor RNNImplBase<Derived>::permute_hidden(const Tensor& hx, const Tensor& permutation) {
  if (!permutation.defined() || !hx.defined()) return hx;
  return hx.index_select(1, permutation);
}

template class RNNImplBase<RNNImpl>;
template class RNNImplBase<LSTMImpl>;
template class RNNImplBase<GRUImpl>;

} // namespace detail

// ---- RNN, LSTM, GRU ----

RNNImpl::RNNImpl(const RNNOptions& options_)
    : detail::RNNImplBase<RNNImpl>(
          detail::RNNOptionsBase(
              std::holds_alternative<enumtype::kTanh>(options_.nonlinearity())
                  ? detail::RNNOptionsBase::rnn_options_base_mode_t(tg::kRNN_TANH)
                  : detail::RNNOptionsBase::rnn_options_base_mode_t(tg::kRNN_RELU),
              options_.input_size(), options_.hidden_size())
              .num_layers(options_.num_layers())
              .bias(options_.bias())
              .batch_first(options_.batch_first())
              .dropout(options_.dropout())
              .bidirectional(options_.bidirectional())),
      options(options_) {}

std::tuple<Tensor, Tensor> RNNImpl::forward(const Tensor& input, Tensor hx) {
  check_input(input);
  hx = initial_hidden(input, std::move(hx));
  const auto& o = options_base;
  if (std::holds_alternative<enumtype::kRNN_TANH>(o.mode()))
    return tg::rnn_tanh(input, hx, flat_weights_, o.bias(), o.num_layers(), o.dropout(),
                        is_training(), o.bidirectional(), o.batch_first());
  return tg::rnn_relu(input, hx, flat_weights_, o.bias(), o.num_layers(), o.dropout(),
                      is_training(), o.bidirectional(), o.batch_first());
}

std::tuple<utils::rnn::PackedSequence, Tensor>
RNNImpl::forward_with_packed_input(const utils::rnn::PackedSequence& packed_input, Tensor hx) {
  check_packed_input(packed_input);
  const auto expected = get_expected_packed_hidden_size(packed_input);
  if (hx.defined()) {
    hx = permute_hidden(hx, packed_input.sorted_indices());
    check_hidden_size(hx, expected, "hidden");
  } else {
    hx = detail::zeros_like_input(
        {std::get<0>(expected), std::get<1>(expected), std::get<2>(expected)}, packed_input.data());
  }
  const auto& o = options_base;
  auto [output, h_n] =
      std::holds_alternative<enumtype::kRNN_TANH>(o.mode())
          ? tg::rnn_tanh(packed_input.data(), packed_input.batch_sizes(), hx, flat_weights_,
                         o.bias(), o.num_layers(), o.dropout(), is_training(), o.bidirectional())
          : tg::rnn_relu(packed_input.data(), packed_input.batch_sizes(), hx, flat_weights_,
                         o.bias(), o.num_layers(), o.dropout(), is_training(), o.bidirectional());
  return {utils::rnn::PackedSequence(output, packed_input.batch_sizes(),
                                     packed_input.sorted_indices(),
                                     packed_input.unsorted_indices()),
          permute_hidden(h_n, packed_input.unsorted_indices())};
}

LSTMImpl::LSTMImpl(const LSTMOptions& options_)
    : detail::RNNImplBase<LSTMImpl>(
          detail::RNNOptionsBase(tg::kLSTM, options_.input_size(), options_.hidden_size())
              .num_layers(options_.num_layers())
              .bias(options_.bias())
              .batch_first(options_.batch_first())
              .dropout(options_.dropout())
              .bidirectional(options_.bidirectional())
              .proj_size(options_.proj_size())),
      options(options_) {}

std::tuple<Tensor, std::tuple<Tensor, Tensor>>
LSTMImpl::forward(const Tensor& input, tg::optional<std::tuple<Tensor, Tensor>> hx_opt) {
  check_input(input);
  const auto expected_h = get_expected_hidden_size(input);
  // c keeps hidden_size features even when h is projected down to proj_size
  const auto expected_c =
      std::make_tuple(std::get<0>(expected_h), std::get<1>(expected_h), options_base.hidden_size());
  Tensor h, c;
  if (hx_opt) {
    std::tie(h, c) = *hx_opt;
    check_hidden_size(h, expected_h, "hidden[0]");
    check_hidden_size(c, expected_c, "hidden[1]");
  } else {
    h = detail::zeros_like_input(
        {std::get<0>(expected_h), std::get<1>(expected_h), std::get<2>(expected_h)}, input);
    c = detail::zeros_like_input(
        {std::get<0>(expected_c), std::get<1>(expected_c), std::get<2>(expected_c)}, input);
  }
  const auto& o = options_base;
  auto [output, h_n, c_n] =
      tg::lstm(input, {h, c}, flat_weights_, o.bias(), o.num_layers(), o.dropout(), is_training(),
               o.bidirectional(), o.batch_first());
  return {output, {h_n, c_n}};
}

std::tuple<utils::rnn::PackedSequence, std::tuple<Tensor, Tensor>>
LSTMImpl::forward_with_packed_input(const utils::rnn::PackedSequence& packed_input,
                                    tg::optional<std::tuple<Tensor, Tensor>> hx_opt) {
  check_packed_input(packed_input);
  const auto expected_h = get_expected_packed_hidden_size(packed_input);
  const auto expected_c =
      std::make_tuple(std::get<0>(expected_h), std::get<1>(expected_h), options_base.hidden_size());
  Tensor h, c;
  if (hx_opt) {
    h = permute_hidden(std::get<0>(*hx_opt), packed_input.sorted_indices());
    c = permute_hidden(std::get<1>(*hx_opt), packed_input.sorted_indices());
    check_hidden_size(h, expected_h, "hidden[0]");
    check_hidden_size(c, expected_c, "hidden[1]");
  } else {
    h = detail::zeros_like_input(
        {std::get<0>(expected_h), std::get<1>(expected_h), std::get<2>(expected_h)},
        packed_input.data());
    c = detail::zeros_like_input(
        {std::get<0>(expected_c), std::get<1>(expected_c), std::get<2>(expected_c)},
        packed_input.data());
  }
  const auto& o = options_base;
  auto [output, h_n, c_n] =
      tg::lstm(packed_input.data(), packed_input.batch_sizes(), {h, c}, flat_weights_, o.bias(),
               o.num_layers(), o.dropout(), is_training(), o.bidirectional());
  const Tensor& unsorted = packed_input.unsorted_indices();
  return {utils::rnn::PackedSequence(output, packed_input.batch_sizes(),
                                     packed_input.sorted_indices(), unsorted),
          {permute_hidden(h_n, unsorted), permute_hidden(c_n, unsorted)}};
}

GRUImpl::GRUImpl(const GRUOptions& options_)
    : detail::RNNImplBase<GRUImpl>(
          detail::RNNOptionsBase(tg::kGRU, options_.input_size(), options_.hidden_size())
              .num_layers(options_.num_layers())
              .bias(options_.bias())
              .batch_first(options_.batch_first())
              .dropout(options_.dropout())
              .bidirectional(options_.bidirectional())),
      options(options_) {}

std::tuple<Tensor, Tensor> GRUImpl::forward(const Tensor& input, Tensor hx) {
  check_input(input);
  hx = initial_hidden(input, std::move(hx));
  const auto& o = options_base;
  return tg::gru(input, hx, flat_weights_, o.bias(), o.num_layers(), o.dropout(), is_training(),
                 o.bidirectional(), o.batch_first());
}

std::tuple<utils::rnn::PackedSequence, Tensor>
GRUImpl::forward_with_packed_input(const utils::rnn::PackedSequence& packed_input, Tensor hx) {
  check_packed_input(packed_input);
  const auto expected = get_expected_packed_hidden_size(packed_input);
  if (hx.defined()) {
    hx = permute_hidden(hx, packed_input.sorted_indices());
    check_hidden_size(hx, expected, "hidden");
  } else {
    hx = detail::zeros_like_input(
        {std::get<0>(expected), std::get<1>(expected), std::get<2>(expected)}, packed_input.data());
  }
  const auto& o = options_base;
  auto [output, h_n] =
      tg::gru(packed_input.data(), packed_input.batch_sizes(), hx, flat_weights_, o.bias(),
              o.num_layers(), o.dropout(), is_training(), o.bidirectional());
  return {utils::rnn::PackedSequence(output, packed_input.batch_sizes(),
                                     packed_input.sorted_indices(),
                                     packed_input.unsorted_indices()),
          permute_hidden(h_n, packed_input.unsorted_indices())};
}

// ---- the cells ----

namespace detail {

template <typename Derived>
RNNCellImplBase<Derived>::RNNCellImplBase(const RNNCellOptionsBase& options_)
    : options_base(options_) {
  reset();
}

template <typename Derived> const char* RNNCellImplBase<Derived>::cell_name() const {
  switch (options_base.num_chunks()) {
  case 4:
    return "LSTMCell";
  case 3:
    return "GRUCell";
  default:
    return "RNNCell";
  }
}

template <typename Derived> void RNNCellImplBase<Derived>::reset() {
  const RNNCellOptionsBase& o = options_base;
  TG_CHECK(o.input_size() >= 0 && o.hidden_size() > 0, cell_name(),
           ": input_size must be non-negative and hidden_size positive, got ", o.input_size(),
           " and ", o.hidden_size());
  const int64_t gate_size = o.num_chunks() * o.hidden_size();
  weight_ih = this->register_parameter("weight_ih", tg::empty({gate_size, o.input_size()}));
  weight_hh = this->register_parameter("weight_hh", tg::empty({gate_size, o.hidden_size()}));
  if (o.bias()) {
    bias_ih = this->register_parameter("bias_ih", tg::empty({gate_size}));
    bias_hh = this->register_parameter("bias_hh", tg::empty({gate_size}));
  } else {
    // registered undefined, so named_parameters() skips them, as LibTorch does
    bias_ih = this->register_parameter("bias_ih", Tensor(), /*requires_grad=*/false);
    bias_hh = this->register_parameter("bias_hh", Tensor(), /*requires_grad=*/false);
  }
  reset_parameters();
}

template <typename Derived> void RNNCellImplBase<Derived>::reset_parameters() {
  const double stdv = 1.0 / std::sqrt(double(options_base.hidden_size()));
  for (Tensor* w : {&weight_ih, &weight_hh, &bias_ih, &bias_hh})
    if (w->defined()) init::uniform_(*w, -stdv, stdv);
}

template <typename Derived>
void RNNCellImplBase<Derived>::pretty_print(std::ostream& stream) const {
  stream << "tg::nn::" << cell_name() << "(" << options_base.input_size() << ", "
         << options_base.hidden_size();
  if (!options_base.bias()) stream << ", bias=false";
  const std::string nonlinearity = get_nonlinearity_str();
  if (!nonlinearity.empty() && nonlinearity != "kTanh") stream << ", nonlinearity=" << nonlinearity;
  stream << ")";
}

template <typename Derived>
void RNNCellImplBase<Derived>::check_forward_input(const Tensor& input) const {
  TG_CHECK(input.defined(), cell_name(), ": input is undefined");
  TG_CHECK(input.dim() == 2, cell_name(), ": input must have 2 dimensions [batch, ",
           options_base.input_size(), "], got ", input.sizes(),
           " (LibTorch 1.13 takes no unbatched input either)");
  TG_CHECK(input.size(1) == options_base.input_size(), cell_name(),
           ": input has inconsistent input_size: got ", input.size(1), " expected ",
           options_base.input_size(), " (input ", input.sizes(), ")");
}

template <typename Derived>
void RNNCellImplBase<Derived>::check_forward_hidden(const Tensor& input, const Tensor& hx,
                                                    const std::string& hidden_label) const {
  TG_CHECK(hx.defined(), cell_name(), ": ", hidden_label, " is undefined");
  TG_CHECK(hx.dim() == 2, cell_name(), ": ", hidden_label, " must have 2 dimensions [batch, ",
           options_base.hidden_size(), "], got ", hx.sizes());
  TG_CHECK(input.size(0) == hx.size(0), cell_name(), ": input batch size ", input.size(0),
           " doesn't match ", hidden_label, " batch size ", hx.size(0), " (input ", input.sizes(),
           ", ", hidden_label, " ", hx.sizes(), ")");
  TG_CHECK(hx.size(1) == options_base.hidden_size(), cell_name(), ": ", hidden_label,
           " has inconsistent hidden_size: got ", hx.size(1), ", expected ",
           options_base.hidden_size(), " (", hidden_label, " ", hx.sizes(), ")");
}

template <typename Derived> std::string RNNCellImplBase<Derived>::get_nonlinearity_str() const {
  return "";
}

template class RNNCellImplBase<RNNCellImpl>;
template class RNNCellImplBase<LSTMCellImpl>;
template class RNNCellImplBase<GRUCellImpl>;

} // namespace detail

RNNCellImpl::RNNCellImpl(const RNNCellOptions& options_)
    : detail::RNNCellImplBase<RNNCellImpl>(detail::RNNCellOptionsBase(
          options_.input_size(), options_.hidden_size(), options_.bias(), /*num_chunks=*/1)),
      options(options_) {}

std::string RNNCellImpl::get_nonlinearity_str() const {
  return enumtype::get_enum_name(options.nonlinearity());
}

Tensor RNNCellImpl::forward(const Tensor& input, Tensor hx) {
  check_forward_input(input);
  if (!hx.defined()) hx = detail::zeros_like_input({input.size(0), options.hidden_size()}, input);
  check_forward_hidden(input, hx, "hidden");
  if (std::holds_alternative<enumtype::kTanh>(options.nonlinearity()))
    return tg::rnn_tanh_cell(input, hx, weight_ih, weight_hh, bias_ih, bias_hh);
  return tg::rnn_relu_cell(input, hx, weight_ih, weight_hh, bias_ih, bias_hh);
}

LSTMCellImpl::LSTMCellImpl(const LSTMCellOptions& options_)
    : detail::RNNCellImplBase<LSTMCellImpl>(detail::RNNCellOptionsBase(
          options_.input_size(), options_.hidden_size(), options_.bias(), /*num_chunks=*/4)),
      options(options_) {}

std::tuple<Tensor, Tensor> LSTMCellImpl::forward(const Tensor& input,
                                                 tg::optional<std::tuple<Tensor, Tensor>> hx_opt) {
  check_forward_input(input);
  Tensor h, c;
  if (hx_opt) {
    std::tie(h, c) = *hx_opt;
  } else {
    h = detail::zeros_like_input({input.size(0), options.hidden_size()}, input);
    c = h.clone();
  }
  check_forward_hidden(input, h, "hidden[0]");
  check_forward_hidden(input, c, "hidden[1]");
  return tg::lstm_cell(input, {h, c}, weight_ih, weight_hh, bias_ih, bias_hh);
}

GRUCellImpl::GRUCellImpl(const GRUCellOptions& options_)
    : detail::RNNCellImplBase<GRUCellImpl>(detail::RNNCellOptionsBase(
          options_.input_size(), options_.hidden_size(), options_.bias(), /*num_chunks=*/3)),
      options(options_) {}

Tensor GRUCellImpl::forward(const Tensor& input, Tensor hx) {
  check_forward_input(input);
  if (!hx.defined()) hx = detail::zeros_like_input({input.size(0), options.hidden_size()}, input);
  check_forward_hidden(input, hx, "hidden");
  return tg::gru_cell(input, hx, weight_ih, weight_hh, bias_ih, bias_hh);
}

} // namespace tg::nn
