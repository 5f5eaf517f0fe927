// RNN, LSTM, GRU and their cells: values and gradients against LibTorch 1.13
// (rnn_reference_cases.inc, whose numbers LibTorch wrote into tests/fixtures/rnn_reference.txt),
// printing, parameter names and default initialisation as LibTorch has them, the errors bad input
// must raise, how dropout, bidirectional and batch_first behave, and a small LSTM that learns.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include <tapegrad/tapegrad.h>

#include "libtorch_reference.h"

namespace rnn_test {

namespace T = tg;
namespace NN = tg::nn;
using tg::Tensor;

using tg_test::contains;
using tg_test::error_of;
using tg_test::item;
using tg_test::printed;

/// Names of a module's parameters, in order.
std::vector<std::string> parameter_names(const NN::Module& m) {
  return m.named_parameters().keys();
}

BOOST_AUTO_TEST_SUITE(nn_rnn)

BOOST_AUTO_TEST_CASE(values_and_gradients_match_libtorch) {
  const auto dbl = T::TensorOptions().dtype(T::kDouble);
  // One braced list rather than an emplace_back per case: GCC 12 at -O3 mistakes the first
  // emplace_back's reallocation of the empty vector for a write outside a zero-length array.
  const tg_test::ReferenceCases cases = {
#define TG_REF_CASE(name, ...) {#name, [&]() -> Tensor { __VA_ARGS__ }},
#include "rnn_reference_cases.inc"
#undef TG_REF_CASE
  };
  tg_test::check_against_reference(cases, "rnn_reference.txt");
}

BOOST_AUTO_TEST_CASE(modules_print_as_libtorch) {
  BOOST_TEST(printed(NN::LSTM(NN::LSTMOptions(4, 3).num_layers(2))) ==
             "tg::nn::LSTM(input_size=4, hidden_size=3, num_layers=2, bias=true, "
             "batch_first=false, dropout=0, bidirectional=false)");
  BOOST_TEST(printed(NN::LSTM(NN::LSTMOptions(4, 3)
                                  .proj_size(2)
                                  .bias(false)
                                  .batch_first(true)
                                  .dropout(0.5)
                                  .bidirectional(true))) ==
             "tg::nn::LSTM(input_size=4, hidden_size=3, num_layers=1, bias=false, "
             "batch_first=true, dropout=0.5, bidirectional=true, proj_size=2)");
  BOOST_TEST(printed(NN::GRU(4, 3)) == "tg::nn::GRU(input_size=4, hidden_size=3, num_layers=1, "
                                       "bias=true, batch_first=false, dropout=0, "
                                       "bidirectional=false)");
  BOOST_TEST(printed(NN::LSTM(NN::LSTMOptions(4, 3).dropout(0.25).num_layers(3))) ==
             "tg::nn::LSTM(input_size=4, hidden_size=3, num_layers=3, bias=true, "
             "batch_first=false, dropout=0.25, bidirectional=false)");
  // LibTorch prints no nonlinearity for RNN, whichever it is
  const std::string rnn = "tg::nn::RNN(input_size=4, hidden_size=3, num_layers=1, bias=true, "
                          "batch_first=false, dropout=0, bidirectional=false)";
  BOOST_TEST(printed(NN::RNN(NN::RNNOptions(4, 3).nonlinearity(tg::kReLU))) == rnn);
  BOOST_TEST(printed(NN::RNN(4, 3)) == rnn);
  BOOST_TEST(printed(NN::RNNCell(4, 3)) == "tg::nn::RNNCell(4, 3)");
  BOOST_TEST(printed(NN::RNNCell(NN::RNNCellOptions(4, 3).nonlinearity(tg::kReLU).bias(false))) ==
             "tg::nn::RNNCell(4, 3, bias=false, nonlinearity=kReLU)");
  BOOST_TEST(printed(NN::RNNCell(NN::RNNCellOptions(4, 3).bias(false))) ==
             "tg::nn::RNNCell(4, 3, bias=false)");
  BOOST_TEST(printed(NN::LSTMCell(4, 3)) == "tg::nn::LSTMCell(4, 3)");
  BOOST_TEST(printed(NN::GRUCell(NN::GRUCellOptions(4, 3).bias(false))) ==
             "tg::nn::GRUCell(4, 3, bias=false)");
  // inside a model
  struct Model : NN::Module {
    Model() {
      lstm = register_module("lstm", NN::LSTM(2, 3));
      head = register_module("head", NN::Linear(3, 1));
    }
    NN::LSTM lstm{nullptr};
    NN::Linear head{nullptr};
  };
  BOOST_TEST(
      contains(printed(Model()),
               "(\n"
               "  (lstm): tg::nn::LSTM(input_size=2, hidden_size=3, num_layers=1, bias=true, "
               "batch_first=false, dropout=0, bidirectional=false)\n"
               "  (head): tg::nn::Linear(in_features=3, out_features=1, bias=true)\n"
               ")"));
}

BOOST_AUTO_TEST_CASE(options_default_as_libtorch) {
  NN::LSTMOptions lstm(4, 3);
  BOOST_TEST(lstm.num_layers() == 1);
  BOOST_TEST(lstm.bias());
  BOOST_TEST(!lstm.batch_first());
  BOOST_TEST(lstm.dropout() == 0.0);
  BOOST_TEST(!lstm.bidirectional());
  BOOST_TEST(lstm.proj_size() == 0);
  BOOST_TEST(std::holds_alternative<tg::enumtype::kTanh>(NN::RNNOptions(1, 1).nonlinearity()));
  BOOST_TEST(std::holds_alternative<tg::enumtype::kTanh>(NN::RNNCellOptions(1, 1).nonlinearity()));
  BOOST_TEST(NN::GRUCellOptions(1, 1).bias());
  NN::LSTM m(NN::LSTMOptions(4, 3).num_layers(2));
  BOOST_TEST(std::holds_alternative<tg::enumtype::kLSTM>(m->options_base.mode()));
  BOOST_TEST(m->options.num_layers() == 2);
  NN::RNN r(NN::RNNOptions(4, 3).nonlinearity(tg::kReLU));
  BOOST_TEST(std::holds_alternative<tg::enumtype::kRNN_RELU>(r->options_base.mode()));
  BOOST_TEST(NN::LSTMCell(2, 5)->options_base.num_chunks() == 4);
  BOOST_TEST(NN::GRUCell(2, 5)->options_base.num_chunks() == 3);
}

BOOST_AUTO_TEST_CASE(parameters_named_shaped_and_initialised_as_libtorch) {
  tg::manual_seed(0);
  NN::LSTM lstm(NN::LSTMOptions(4, 3).num_layers(2).bidirectional(true));
  const std::vector<std::string> expected{
      "weight_ih_l0",         "weight_hh_l0",         "bias_ih_l0",         "bias_hh_l0",
      "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
      "weight_ih_l1",         "weight_hh_l1",         "bias_ih_l1",         "bias_hh_l1",
      "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"};
  BOOST_TEST(parameter_names(*lstm) == expected, boost::test_tools::per_element());
  auto named = lstm->named_parameters();
  BOOST_TEST(named["weight_ih_l0"].sizes() == T::IntArrayRef({12, 4}));
  BOOST_TEST(named["weight_hh_l0"].sizes() == T::IntArrayRef({12, 3}));
  BOOST_TEST(named["bias_ih_l0"].sizes() == T::IntArrayRef({12}));
  BOOST_TEST(named["weight_ih_l1"].sizes() == T::IntArrayRef({12, 6})); // both directions in
  BOOST_TEST(named["weight_ih_l1_reverse"].sizes() == T::IntArrayRef({12, 6}));
  // all_weights(): the same tensors, in the same order
  const auto all = lstm->all_weights();
  BOOST_REQUIRE(all.size() == 16u);
  for (size_t i = 0; i < all.size(); ++i)
    BOOST_TEST(all[i].data_ptr() == named[expected[i]].data_ptr());

  // U(-1/sqrt(hidden), 1/sqrt(hidden)) for every parameter, the projection included
  NN::LSTM wide(NN::LSTMOptions(8, 25).proj_size(5));
  BOOST_TEST(parameter_names(*wide) ==
                 std::vector<std::string>(
                     {"weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_hr_l0"}),
             boost::test_tools::per_element());
  BOOST_TEST(wide->named_parameters()["weight_hh_l0"].sizes() == T::IntArrayRef({100, 5}));
  BOOST_TEST(wide->named_parameters()["weight_hr_l0"].sizes() == T::IntArrayRef({5, 25}));
  NN::GRU gru(NN::GRUOptions(8, 25).num_layers(2));
  NN::RNN rnn(NN::RNNOptions(8, 25).bidirectional(true));
  NN::LSTMCell lstm_cell(8, 25);
  NN::GRUCell gru_cell(8, 25);
  NN::RNNCell rnn_cell(8, 25);
  const double bound = 1 / std::sqrt(25.0); // 0.2
  for (NN::Module* m : std::vector<NN::Module*>{wide.get(), gru.get(), rnn.get(), lstm_cell.get(),
                                                gru_cell.get(), rnn_cell.get()}) {
    for (const auto& p : m->named_parameters()) {
      BOOST_TEST_CONTEXT(m->name() << "." << p.key()) {
        BOOST_TEST(p.value().requires_grad());
        BOOST_TEST(p.value().scalar_type() == T::kFloat);
        BOOST_TEST(item(p.value().abs().max()) <= bound);
        // a uniform draw of >= 25 values nearly reaches the bound and is centred
        BOOST_TEST(item(p.value().abs().max()) > 0.75 * bound);
        BOOST_TEST(std::abs(item(p.value().mean())) < 0.5 * bound);
      }
    }
  }
  // GRU: 3 gates, RNN: 1; cells name their weights without a layer suffix
  BOOST_TEST(gru->named_parameters()["weight_ih_l1"].sizes() == T::IntArrayRef({75, 25}));
  BOOST_TEST(rnn->named_parameters()["weight_hh_l0_reverse"].sizes() == T::IntArrayRef({25, 25}));
  BOOST_TEST(parameter_names(*lstm_cell) ==
                 std::vector<std::string>({"weight_ih", "weight_hh", "bias_ih", "bias_hh"}),
             boost::test_tools::per_element());
  BOOST_TEST(lstm_cell->weight_ih.sizes() == T::IntArrayRef({100, 8}));
  BOOST_TEST(gru_cell->weight_hh.sizes() == T::IntArrayRef({75, 25}));

  // without bias: only the weights
  NN::GRU plain(NN::GRUOptions(4, 3).bias(false));
  BOOST_TEST(parameter_names(*plain) == std::vector<std::string>({"weight_ih_l0", "weight_hh_l0"}),
             boost::test_tools::per_element());
  NN::RNNCell plain_cell(NN::RNNCellOptions(4, 3).bias(false));
  BOOST_TEST(plain_cell->parameters().size() == 2u);
  BOOST_TEST(!plain_cell->bias_ih.defined());
}

BOOST_AUTO_TEST_CASE(shapes_of_outputs_and_states) {
  tg::manual_seed(1);
  NN::LSTM lstm(NN::LSTMOptions(4, 3).num_layers(2).bidirectional(true).batch_first(true));
  auto [out, state] = lstm(tg::randn({5, 7, 4})); // batch 5, seq 7
  BOOST_TEST(out.sizes() == T::IntArrayRef({5, 7, 6}));
  BOOST_TEST(std::get<0>(state).sizes() == T::IntArrayRef({4, 5, 3}));
  BOOST_TEST(std::get<1>(state).sizes() == T::IntArrayRef({4, 5, 3}));
  NN::LSTM proj(NN::LSTMOptions(4, 3).proj_size(2));
  auto [pout, pstate] = proj(tg::randn({7, 5, 4}));
  BOOST_TEST(pout.sizes() == T::IntArrayRef({7, 5, 2}));
  BOOST_TEST(std::get<0>(pstate).sizes() == T::IntArrayRef({1, 5, 2}));
  BOOST_TEST(std::get<1>(pstate).sizes() == T::IntArrayRef({1, 5, 3}));
  NN::GRU gru(NN::GRUOptions(4, 3).num_layers(3));
  auto [gout, gh] = gru(tg::randn({7, 5, 4}));
  BOOST_TEST(gout.sizes() == T::IntArrayRef({7, 5, 3}));
  BOOST_TEST(gh.sizes() == T::IntArrayRef({3, 5, 3}));
  // the last step's output is the top layer's final hidden state
  BOOST_TEST(tg::allclose(gout[6], gh[2]));
  NN::LSTMCell cell(4, 3);
  auto [h, c] = cell(tg::randn({5, 4}));
  BOOST_TEST(h.sizes() == T::IntArrayRef({5, 3}));
  BOOST_TEST(c.sizes() == T::IntArrayRef({5, 3}));
}

BOOST_AUTO_TEST_CASE(layers_agree_with_their_cells_step_by_step) {
  // A one-layer LSTM is its cell applied along the sequence; the reverse direction is the cell
  // applied from the last step back.
  tg::manual_seed(2);
  NN::LSTM lstm(NN::LSTMOptions(3, 4).bidirectional(true));
  NN::LSTMCell fwd(3, 4), bwd(3, 4);
  {
    tg::NoGradGuard no_grad;
    auto p = lstm->named_parameters();
    fwd->weight_ih.copy_(p["weight_ih_l0"]);
    fwd->weight_hh.copy_(p["weight_hh_l0"]);
    fwd->bias_ih.copy_(p["bias_ih_l0"]);
    fwd->bias_hh.copy_(p["bias_hh_l0"]);
    bwd->weight_ih.copy_(p["weight_ih_l0_reverse"]);
    bwd->weight_hh.copy_(p["weight_hh_l0_reverse"]);
    bwd->bias_ih.copy_(p["bias_ih_l0_reverse"]);
    bwd->bias_hh.copy_(p["bias_hh_l0_reverse"]);
  }
  Tensor x = tg::randn({5, 2, 3});
  auto [out, state] = lstm(x);
  tg::optional<std::tuple<Tensor, Tensor>> s;
  for (int64_t t = 0; t < 5; ++t) {
    s = fwd(x[t], s);
    BOOST_TEST(tg::allclose(out[t].narrow(1, 0, 4), std::get<0>(*s), 1e-5, 1e-6));
  }
  BOOST_TEST(tg::allclose(std::get<1>(state)[0], std::get<1>(*s), 1e-5, 1e-6));
  s.reset();
  for (int64_t t = 4; t >= 0; --t) {
    s = bwd(x[t], s);
    BOOST_TEST(tg::allclose(out[t].narrow(1, 4, 4), std::get<0>(*s), 1e-5, 1e-6));
  }
  BOOST_TEST(tg::allclose(std::get<0>(state)[1], std::get<0>(*s), 1e-5, 1e-6));

  // batch_first is only a transpose of input and output
  NN::GRU seq_first(NN::GRUOptions(3, 4).num_layers(2));
  NN::GRU batch_first(NN::GRUOptions(3, 4).num_layers(2).batch_first(true));
  {
    tg::NoGradGuard no_grad;
    auto a = seq_first->all_weights(), b = batch_first->all_weights();
    for (size_t i = 0; i < a.size(); ++i) b[i].copy_(a[i]);
  }
  auto [o1, h1] = seq_first(x);
  auto [o2, h2] = batch_first(x.transpose(0, 1));
  BOOST_TEST(tg::allclose(o1, o2.transpose(0, 1)));
  BOOST_TEST(tg::allclose(h1, h2));
}

BOOST_AUTO_TEST_CASE(dropout_between_layers_only_and_only_in_training) {
  tg::manual_seed(3);
  // dropout 1 zeroes layer 0's output entirely: layer 1 then sees zeros, so the output is layer
  // 1 run on a zero sequence, and not zero itself (no dropout after the last layer)
  NN::LSTM lstm(NN::LSTMOptions(3, 4).num_layers(2).dropout(1.0));
  Tensor x = tg::randn({6, 2, 3});
  auto [out, state] = lstm(x);
  BOOST_TEST(item(out.abs().sum()) > 0);
  NN::LSTM top(NN::LSTMOptions(4, 4));
  {
    tg::NoGradGuard no_grad;
    auto w = lstm->all_weights(), t = top->all_weights();
    for (size_t i = 0; i < 4; ++i) t[i].copy_(w[4 + i]);
  }
  BOOST_TEST(tg::allclose(out, std::get<0>(top(tg::zeros({6, 2, 4})))));
  // in eval mode nothing is dropped: the output depends on the input
  lstm->eval();
  auto [eval_out, eval_state] = lstm(x);
  BOOST_TEST(!tg::allclose(eval_out, out));
  NN::LSTM no_dropout(NN::LSTMOptions(3, 4).num_layers(2));
  {
    tg::NoGradGuard no_grad;
    auto w = lstm->all_weights(), n = no_dropout->all_weights();
    for (size_t i = 0; i < w.size(); ++i) n[i].copy_(w[i]);
  }
  BOOST_TEST(tg::allclose(eval_out, std::get<0>(no_dropout(x))));
  // training with p = 0.5: outputs vary from call to call, and gradients flow
  lstm->train();
  lstm->options_base.dropout(0.5);
  Tensor leaf = x.clone().requires_grad_();
  auto [a, sa] = lstm(leaf);
  auto [b, sb] = lstm(leaf);
  BOOST_TEST(!tg::allclose(a, b));
  (a.sum() + b.sum()).backward();
  BOOST_TEST(leaf.grad().defined());
}

BOOST_AUTO_TEST_CASE(backprop_through_time_reaches_the_first_step) {
  tg::manual_seed(4);
  NN::LSTM lstm(NN::LSTMOptions(2, 3));
  Tensor x = tg::randn({10, 1, 2}).requires_grad_();
  auto [out, state] = lstm(x);
  // only the last step's output is used; the first input still gets a gradient through h and c
  out[9].sum().backward();
  BOOST_TEST(item(x.grad()[0].abs().sum()) > 0);
  for (const auto& p : lstm->parameters()) BOOST_TEST(item(p.grad().abs().sum()) > 0);
  // and the initial state gets one too
  Tensor h0 = tg::zeros({1, 1, 3}).requires_grad_(), c0 = tg::zeros({1, 1, 3}).requires_grad_();
  auto [out2, state2] = lstm(x, std::make_tuple(h0, c0));
  std::get<1>(state2).sum().backward();
  BOOST_TEST(item(h0.grad().abs().sum()) > 0);
  BOOST_TEST(item(c0.grad().abs().sum()) > 0);
}

BOOST_AUTO_TEST_CASE(clone_to_double_and_save_load) {
  tg::manual_seed(5);
  NN::GRU gru(NN::GRUOptions(3, 4).num_layers(2).bidirectional(true));
  auto copy = std::dynamic_pointer_cast<NN::GRUImpl>(gru->clone());
  BOOST_REQUIRE(copy != nullptr);
  Tensor x = tg::randn({4, 2, 3});
  BOOST_TEST(tg::equal(std::get<0>(copy->forward(x)), std::get<0>(gru(x))));
  // the copy's forward uses the copy's own weights
  {
    tg::NoGradGuard no_grad;
    for (auto& p : copy->parameters()) p.zero_();
  }
  BOOST_TEST(item(std::get<0>(copy->forward(x)).abs().sum()) == 0.0);
  BOOST_TEST(item(std::get<0>(gru(x)).abs().sum()) > 0);
  // to(kDouble) converts the weights forward uses
  gru->to(T::kDouble);
  auto [out, h] = gru(x.to(T::kDouble));
  BOOST_TEST(out.scalar_type() == T::kDouble);
  BOOST_TEST(h.scalar_type() == T::kDouble);
  NN::LSTMCell cell(3, 4);
  auto cell_copy = std::dynamic_pointer_cast<NN::LSTMCellImpl>(cell->clone());
  BOOST_TEST(tg::equal(cell_copy->weight_hh, cell->weight_hh));
  BOOST_TEST(cell_copy->weight_hh.data_ptr() != cell->weight_hh.data_ptr());
  // a checkpoint round trip restores what forward uses
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("tg-test-rnn-" + std::to_string(::getpid()) + ".tgckpt"))
                               .string();
  NN::LSTM saved(NN::LSTMOptions(3, 4).num_layers(2)), loaded(NN::LSTMOptions(3, 4).num_layers(2));
  tg::save(saved, path);
  tg::load(loaded, path);
  std::remove(path.c_str());
  BOOST_TEST(tg::equal(std::get<0>(saved(x)), std::get<0>(loaded(x))));
}

BOOST_AUTO_TEST_CASE(bad_input_throws_naming_the_module_and_shapes) {
  NN::LSTM lstm(4, 3);
  std::string e = error_of([&] { lstm(tg::ones({5, 4})); });
  BOOST_TEST(contains(e, "LSTM"));
  BOOST_TEST(contains(e, "3 dimensions"));
  BOOST_TEST(contains(e, "[5, 4]"));
  e = error_of([&] { lstm(tg::ones({5, 2, 7})); });
  BOOST_TEST(contains(e, "LSTM: input.size(-1) must be equal to input_size. Expected 4, got 7"));
  BOOST_TEST(contains(e, "[5, 2, 7]"));
  e = error_of([&] {
    lstm(tg::ones({5, 2, 4}), std::make_tuple(tg::zeros({1, 3, 3}), tg::zeros({1, 2, 3})));
  });
  BOOST_TEST(contains(e, "LSTM: expected hidden[0] size [1, 2, 3], got [1, 3, 3]"));
  e = error_of([&] {
    lstm(tg::ones({5, 2, 4}), std::make_tuple(tg::zeros({1, 2, 3}), tg::zeros({2, 2, 3})));
  });
  BOOST_TEST(contains(e, "LSTM: expected hidden[1] size [1, 2, 3], got [2, 2, 3]"));
  NN::GRU gru(NN::GRUOptions(4, 3).batch_first(true).bidirectional(true));
  e = error_of([&] { gru(tg::ones({2, 5, 4}), tg::zeros({2, 5, 3})); });
  BOOST_TEST(contains(e, "GRU: expected hidden size [2, 2, 3], got [2, 5, 3]"));
  e = error_of([&] { gru(tg::ones({2, 5, 4, 1})); });
  BOOST_TEST(contains(e, "GRU"));
  BOOST_TEST(contains(e, "[batch, seq_len, 4]"));
  NN::RNN rnn(4, 3);
  e = error_of([&] { rnn(tg::ones({5, 2, 4}), tg::zeros({2, 3})); });
  BOOST_TEST(contains(e, "RNN: expected hidden size [1, 2, 3], got [2, 3]"));
  e = error_of([&] { rnn(tg::ones({5, 2, 4}, T::kDouble)); });
  BOOST_TEST(!e.empty()); // float64 input, float32 weights, as LibTorch refuses

  NN::RNNCell cell(4, 3);
  e = error_of([&] { cell(tg::ones({4})); });
  BOOST_TEST(contains(e, "RNNCell: input must have 2 dimensions"));
  BOOST_TEST(contains(e, "[4]"));
  e = error_of([&] { cell(tg::ones({2, 5})); });
  BOOST_TEST(contains(e, "RNNCell: input has inconsistent input_size: got 5 expected 4"));
  e = error_of([&] { cell(tg::ones({2, 4}), tg::zeros({3, 3})); });
  BOOST_TEST(contains(e, "RNNCell: input batch size 2 doesn't match hidden batch size 3"));
  e = error_of([&] { cell(tg::ones({2, 4}), tg::zeros({2, 4})); });
  BOOST_TEST(contains(e, "RNNCell: hidden has inconsistent hidden_size: got 4, expected 3"));
  NN::LSTMCell lstm_cell(4, 3);
  e = error_of([&] {
    lstm_cell(tg::ones({2, 4}), std::make_tuple(tg::zeros({2, 3}), tg::zeros({2, 2})));
  });
  BOOST_TEST(contains(e, "LSTMCell: hidden[1] has inconsistent hidden_size: got 2, expected 3"));
  NN::GRUCell gru_cell(4, 3);
  e = error_of([&] { gru_cell(tg::ones({2, 4}), tg::zeros({1, 3})); });
  BOOST_TEST(contains(e, "GRUCell: input batch size 2 doesn't match hidden batch size 1"));

  // bad options
  e = error_of([&] { NN::LSTM(NN::LSTMOptions(4, 3).dropout(1.5)); });
  BOOST_TEST(contains(e, "LSTM: dropout should be a number in range [0, 1]"));
  e = error_of([&] { NN::LSTM(NN::LSTMOptions(4, 3).proj_size(3)); });
  BOOST_TEST(contains(e, "proj_size has to be a positive integer, smaller than hidden_size"));
  BOOST_CHECK_THROW(NN::LSTM(NN::LSTMOptions(4, 3).proj_size(-1)), tg::Error);
  BOOST_CHECK_THROW(NN::GRU(NN::GRUOptions(4, 3).num_layers(0)), tg::Error);
  BOOST_CHECK_THROW(NN::RNN(4, 0), tg::Error);
  BOOST_CHECK_THROW(NN::GRUCell(4, -1), tg::Error);

  // the ATen-level functions check what they are given
  const Tensor w = tg::ones({12, 3});
  e = error_of([&] {
    tg::gru(tg::ones({2, 1, 3}), tg::zeros({1, 1, 3}), {w, w}, true, 1, 0, false, false, false);
  });
  BOOST_TEST(contains(e, "gru: expected 4 weights"));
  e = error_of([&] {
    tg::gru(tg::ones({0, 1, 3}), tg::zeros({1, 1, 3}), {w, w}, false, 1, 0, false, false, false);
  });
  BOOST_TEST(contains(e, "gru: the sequence is empty"));
  e = error_of([&] { tg::lstm_cell(tg::ones({2, 3}), {tg::zeros({2, 3})}, w, w); });
  BOOST_TEST(contains(e, "lstm_cell"));
}

BOOST_AUTO_TEST_CASE(an_lstm_learns_to_predict_a_sine_wave) {
  // From 16 windows of 24 samples of sin, predict every next sample: the loss must fall 10x.
  tg::manual_seed(0);
  struct Predictor : NN::Module {
    Predictor() {
      lstm = register_module("lstm", NN::LSTM(NN::LSTMOptions(1, 16).batch_first(true)));
      head = register_module("head", NN::Linear(16, 1));
    }
    Tensor forward(const Tensor& x) { return head(std::get<0>(lstm(x))); }
    NN::LSTM lstm{nullptr};
    NN::Linear head{nullptr};
  };
  Predictor model;
  Tensor starts = tg::arange(16).to(T::kFloat).view({16, 1}) * 0.37;
  Tensor steps = tg::arange(25).to(T::kFloat).view({1, 25}) * 0.25;
  Tensor wave = (starts + steps).sin().unsqueeze(2); // [16, 25, 1]
  Tensor inputs = wave.narrow(1, 0, 24), targets = wave.narrow(1, 1, 24);
  tg::optim::Adam optimizer(model.parameters(), tg::optim::AdamOptions(0.01));
  double first = 0, last = 0;
  for (int step = 0; step < 300; ++step) {
    optimizer.zero_grad();
    Tensor loss = NN::functional::mse_loss(model.forward(inputs), targets);
    if (step == 0) first = item(loss);
    last = item(loss);
    loss.backward();
    optimizer.step();
  }
  BOOST_TEST_MESSAGE("sine LSTM: loss " << first << " -> " << last);
  BOOST_TEST(last < 0.1 * first);
}

// ---- packed sequences ----

namespace R = tg::nn::utils::rnn;

/// Sequence b of `padded` [T, batch, *], cut to its first `length` steps, as a batch of one.
Tensor one_sequence(const Tensor& padded, int64_t b, int64_t length) {
  return padded.narrow(0, 0, length).narrow(1, b, 1);
}

BOOST_AUTO_TEST_CASE(a_packed_batch_runs_each_sequence_for_its_own_length) {
  // What packing is for: every sequence of the batch gives what it gives alone, unpadded.
  T::manual_seed(7);
  NN::LSTM lstm(NN::LSTMOptions(3, 4).num_layers(2).bidirectional(true));
  lstm->to(T::kDouble);
  const std::vector<int64_t> lengths{3, 6, 1, 4};
  const Tensor x = T::randn({6, 4, 3}, T::kDouble);
  const Tensor h0 = T::randn({4, 4, 4}, T::kDouble), c0 = T::randn({4, 4, 4}, T::kDouble);
  auto packed = R::pack_padded_sequence(x, T::tensor(lengths).to(T::kLong), false, false);
  auto [out, state] = lstm->forward_with_packed_input(packed, std::make_tuple(h0, c0));
  auto [padded, out_lengths] = R::pad_packed_sequence(out, false, -7.0);
  BOOST_TEST(padded.sizes().vec() == (std::vector<int64_t>{6, 4, 8}));
  for (size_t b = 0; b < lengths.size(); ++b) {
    const int64_t len = lengths[b], i = int64_t(b);
    BOOST_TEST(out_lengths[i].item<int64_t>() == len);
    auto [alone, alone_state] =
        lstm(one_sequence(x, i, len),
             std::make_tuple(h0.narrow(1, i, 1).contiguous(), c0.narrow(1, i, 1).contiguous()));
    BOOST_TEST(T::allclose(one_sequence(padded, i, len), alone, 1e-12, 1e-12));
    BOOST_TEST(
        T::allclose(std::get<0>(state).narrow(1, i, 1), std::get<0>(alone_state), 1e-12, 1e-12));
    BOOST_TEST(
        T::allclose(std::get<1>(state).narrow(1, i, 1), std::get<1>(alone_state), 1e-12, 1e-12));
    if (len < 6) // past its end, only padding
      BOOST_TEST((padded.narrow(0, len, 6 - len).narrow(1, i, 1) == -7.0).all().item<bool>());
  }
}

BOOST_AUTO_TEST_CASE(packing_equal_lengths_changes_nothing) {
  T::manual_seed(3);
  NN::GRU gru(NN::GRUOptions(2, 3).bidirectional(true));
  const Tensor x = T::randn({5, 3, 2});
  auto packed = R::pack_padded_sequence(x, T::tensor({5, 5, 5}).to(T::kLong));
  BOOST_TEST(!packed.sorted_indices().defined());
  auto [out, h] = gru->forward_with_packed_input(packed);
  auto [padded_out, padded_h] = gru(x);
  BOOST_TEST(T::allclose(out.data(), padded_out.reshape({15, 6}), 1e-6, 1e-6));
  BOOST_TEST(T::allclose(h, padded_h, 1e-6, 1e-6));
}

BOOST_AUTO_TEST_CASE(pack_then_pad_gives_back_the_batch_in_its_order) {
  const Tensor x = T::arange(2 * 5 * 3, T::kDouble).reshape({2, 5, 3}); // batch_first
  auto packed = R::pack_padded_sequence(x, T::tensor({2, 5}).to(T::kLong), true, false);
  BOOST_TEST(packed.batch_sizes().sizes().vec() == (std::vector<int64_t>{5}));
  BOOST_TEST(packed.sorted_indices()[0].item<int64_t>() == 1);
  BOOST_TEST((R::invert_permutation(packed.sorted_indices()) == packed.unsorted_indices())
                 .all()
                 .item<bool>());
  auto [padded, lengths] = R::pad_packed_sequence(packed, true, 0.0, 6);
  BOOST_TEST(padded.sizes().vec() == (std::vector<int64_t>{2, 6, 3}));
  BOOST_TEST(lengths[0].item<int64_t>() == 2);
  BOOST_TEST(lengths[1].item<int64_t>() == 5);
  BOOST_TEST(T::equal(padded.narrow(1, 0, 5)[1], x[1]));
  BOOST_TEST(T::equal(padded[0].narrow(0, 0, 2), x[0].narrow(0, 0, 2)));
  BOOST_TEST((padded[0].narrow(0, 2, 4) == 0).all().item<bool>());
}

BOOST_AUTO_TEST_CASE(packed_sequence_conversions) {
  auto packed = R::pack_sequence({T::ones({2, 3}), T::ones({3, 3})}, false);
  auto same = packed.to(T::TensorOptions().dtype(T::kFloat));
  BOOST_TEST(same.data().is_same(packed.data()));
  auto dbl = packed.to(T::TensorOptions().dtype(T::kDouble));
  BOOST_TEST(dbl.data().scalar_type() == T::kDouble);
  BOOST_TEST(dbl.batch_sizes().is_same(packed.batch_sizes()));
  BOOST_TEST(dbl.sorted_indices().scalar_type() == T::kLong);
  BOOST_TEST(packed.cpu().data().is_same(packed.data()));
  BOOST_TEST(!packed.is_cuda());
  BOOST_TEST(!packed.is_pinned());
  BOOST_TEST(contains(error_of([&] { packed.cuda(); }), "CUDA"));
  BOOST_TEST(contains(error_of([&] { packed.pin_memory(); }), "pinned memory needs CUDA"));
}

BOOST_AUTO_TEST_CASE(bad_packed_input_throws_naming_the_function_and_values) {
  const Tensor x = T::ones({4, 3, 2});
  auto e = error_of([&] { R::pack_padded_sequence(x, T::tensor({1, 2, 1}).to(T::kLong)); });
  BOOST_TEST(contains(e, "pack_padded_sequence: lengths must be sorted in decreasing order"));
  BOOST_TEST(contains(e, "enforce_sorted=false"));
  e = error_of([&] { R::pack_padded_sequence(x, T::tensor({3, 2, 0}).to(T::kLong)); });
  BOOST_TEST(contains(e, "greater than 0"));
  e = error_of([&] { R::pack_padded_sequence(x, T::tensor({3, 2}).to(T::kLong)); });
  BOOST_TEST(contains(e, "got 2 (batch_size=3"));
  // LibTorch packs this silently into data that no longer matches batch_sizes
  e = error_of([&] { R::pack_padded_sequence(x, T::tensor({5, 2, 1}).to(T::kLong)); });
  BOOST_TEST(contains(e, "the longest length 5 exceeds the 4 steps of input [4, 3, 2]"));
  e = error_of([&] { R::pack_padded_sequence(T::ones({3}), T::tensor({3}).to(T::kLong)); });
  BOOST_TEST(contains(e, "at least 2 dimensions"));
  e = error_of([&] { R::pack_padded_sequence(T::ones({0, 2, 1}), T::zeros({2}, T::kLong)); });
  BOOST_TEST(contains(e, "cannot pack empty tensors"));
  e = error_of([&] { R::pack_padded_sequence(x, T::ones({1, 3}, T::kLong)); });
  BOOST_TEST(contains(e, "1-D tensor of sequence lengths"));
  auto packed = R::pack_padded_sequence(x, T::tensor({3, 2, 1}).to(T::kLong));
  e = error_of([&] { R::pad_packed_sequence(packed, false, 0.0, 2); });
  BOOST_TEST(contains(e, "total_length=2 and max sequence length being 3"));
  e = error_of([&] {
    R::pad_packed_sequence(R::PackedSequence(T::ones({5, 2}), T::tensor({3, 1}).to(T::kLong)));
  });
  BOOST_TEST(contains(e, "batch_sizes add up to 4 rows but the packed data has 5"));
  e = error_of([&] {
    R::pad_packed_sequence(R::PackedSequence(T::ones({5, 2}), T::tensor({2, 3}).to(T::kLong)));
  });
  BOOST_TEST(contains(e, "non-increasing"));
  e = error_of([&] { R::pad_sequence({}); });
  BOOST_TEST(contains(e, "pad_sequence: received an empty list of sequences"));
  e = error_of([&] { R::pad_sequence({T::ones({2, 3}), T::ones({3, 2})}); });
  BOOST_TEST(contains(e, "sequences[1] of sizes [3, 2] does not fit the place [3, 3]"));
  e = error_of([&] { R::pad_sequence({T::ones({})}); });
  BOOST_TEST(contains(e, "sequences[0] must have at least 1 dimension"));

  NN::LSTM lstm(NN::LSTMOptions(2, 3));
  e = error_of([&] {
    lstm->forward_with_packed_input(
        R::PackedSequence(T::ones({3, 2, 2}), T::tensor({2, 1}).to(T::kLong)));
  });
  BOOST_TEST(contains(e, "LSTM: packed input must have 2 dimensions"));
  e = error_of([&] { lstm->forward_with_packed_input(R::pack_sequence({T::ones({2, 3})})); });
  BOOST_TEST(contains(e, "LSTM: input.size(-1) must be equal to input_size. Expected 2, got 3"));
  e = error_of([&] {
    lstm->forward_with_packed_input(R::pack_sequence({T::ones({2, 2}), T::ones({1, 2})}),
                                    std::make_tuple(T::zeros({1, 3, 3}), T::zeros({1, 3, 3})));
  });
  BOOST_TEST(contains(e, "LSTM: expected hidden[0] size [1, 2, 3], got [1, 3, 3]"));
  NN::GRU gru(2, 3);
  e = error_of([&] {
    gru->forward_with_packed_input(
        R::PackedSequence(T::ones({3, 2}), T::tensor({2, 2}).to(T::kLong)));
  });
  BOOST_TEST(contains(e, "gru: batch_sizes add up to 4 rows but the packed data has 3"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace rnn_test
