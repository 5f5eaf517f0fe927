// tg::nn: the module tree (names, traversal, modes, printing, holders, clone), each layer's forward
// against values worked out by hand, BatchNorm's running statistics, Dropout, every loss and its
// reductions, the initialisers, and a tiny MLP that must learn XOR.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <sstream>
#include <string>

#include <tapegrad/tapegrad.h>

namespace nn_test {

namespace nn = tg::nn;
namespace F = tg::nn::functional;
using tg::Tensor;

bool close(const Tensor& a, const Tensor& b, double tol = 1e-5) {
  return a.sizes().equals(b.sizes()) && tg::allclose(a.to(tg::kDouble), b.to(tg::kDouble), tol, tol);
}
double item(const Tensor& t) { return t.item<double>(); }
template <typename M> std::string printed(const M& module) {
  std::ostringstream os;
  os << module;
  return os.str();
}

struct Net : nn::Cloneable<Net> {
  Net() { reset(); }
  void reset() override {
    features = register_module(
        "features", nn::Sequential(nn::Conv2d(1, 4, 3), nn::ReLU(), nn::MaxPool2d(2)));
    fc = register_module("fc", nn::Linear(36, 10));
  }
  Tensor forward(const Tensor& x) { return fc(features->forward(x).flatten(1)); }
  nn::Sequential features{nullptr};
  nn::Linear fc{nullptr};
};

BOOST_AUTO_TEST_SUITE(nn_module)

BOOST_AUTO_TEST_CASE(named_parameters_use_dotted_names) {
  auto net = std::make_shared<Net>();
  std::vector<std::string> expected{"features.0.weight", "features.0.bias", "fc.weight", "fc.bias"};
  BOOST_TEST(net->named_parameters().keys() == expected, boost::test_tools::per_element());
  BOOST_TEST(net->parameters().size() == 4u);
  BOOST_TEST(net->parameters(/*recurse=*/false).size() == 0u);
  int64_t count = 0;
  for (const auto& p : net->parameters()) count += p.numel();
  BOOST_TEST(count == 4 * 9 + 4 + 36 * 10 + 10);
  BOOST_TEST(net->named_parameters()["fc.weight"].sizes() == tg::IntArrayRef({10, 36}));
  for (const auto& p : net->parameters()) BOOST_TEST(p.requires_grad());
}

BOOST_AUTO_TEST_CASE(children_and_modules) {
  auto net = std::make_shared<Net>();
  BOOST_TEST(net->children().size() == 2u);
  BOOST_TEST(net->modules().size() == 6u); // net, features, conv, relu, pool, fc
  BOOST_TEST(net->modules(/*include_self=*/false).size() == 5u);
  std::vector<std::string> names{"", "features", "features.0", "features.1", "features.2", "fc"};
  BOOST_TEST(net->named_modules().keys() == names, boost::test_tools::per_element());
  BOOST_TEST(net->named_children().keys() == std::vector<std::string>({"features", "fc"}),
             boost::test_tools::per_element());
  BOOST_TEST(net->features->size() == 3u);
  BOOST_TEST(net->features[1]->name() == "tg::nn::ReLU");
  BOOST_TEST(net->features->ptr<nn::Conv2dImpl>(0)->options.out_channels() == 4);
  BOOST_CHECK_THROW(net->features->ptr<nn::LinearImpl>(0), tg::Error);
  BOOST_CHECK_THROW(net->features->ptr(3), tg::Error);
  BOOST_TEST(net->fc->as<nn::Linear>() != nullptr);
  BOOST_TEST(net->as<nn::Linear>() == nullptr);
}

BOOST_AUTO_TEST_CASE(train_and_eval_reach_every_submodule) {
  auto net = std::make_shared<Net>();
  for (const auto& m : net->modules()) BOOST_TEST(m->is_training());
  net->eval();
  for (const auto& m : net->modules()) BOOST_TEST(!m->is_training());
  net->train();
  for (const auto& m : net->modules()) BOOST_TEST(m->is_training());
}

BOOST_AUTO_TEST_CASE(zero_grad_zeroes_or_resets) {
  auto net = std::make_shared<Net>();
  net->forward(tg::randn({2, 1, 8, 8})).sum().backward();
  for (const auto& p : net->parameters()) BOOST_REQUIRE(p.grad().defined());
  net->zero_grad();
  for (const auto& p : net->parameters()) {
    BOOST_REQUIRE(p.grad().defined());
    BOOST_TEST(item(p.grad().abs().sum()) == 0.0);
  }
  net->forward(tg::randn({2, 1, 8, 8})).sum().backward();
  net->zero_grad(/*set_to_none=*/true);
  for (const auto& p : net->parameters()) BOOST_TEST(!p.grad().defined());
}

BOOST_AUTO_TEST_CASE(prints_the_module_tree) {
  auto net = std::make_shared<Net>();
  BOOST_TEST(printed(*net) ==
             "nn_test::Net(\n"
             "  (features): tg::nn::Sequential(\n"
             "    (0): tg::nn::Conv2d(1, 4, kernel_size=[3, 3], stride=[1, 1])\n"
             "    (1): tg::nn::ReLU()\n"
             "    (2): tg::nn::MaxPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0], "
             "dilation=[1, 1], ceil_mode=false)\n"
             "  )\n"
             "  (fc): tg::nn::Linear(in_features=36, out_features=10, bias=true)\n"
             ")");
  nn::Sequential named({{"fc", nn::Linear(2, 3)}, {"act", nn::Functional(tg::relu)}});
  BOOST_TEST(printed(named) == "tg::nn::Sequential(\n"
                               "  (fc): tg::nn::Linear(in_features=2, out_features=3, bias=true)\n"
                               "  (act): tg::nn::Functional()\n"
                               ")");
}

BOOST_AUTO_TEST_CASE(each_module_prints_as_libtorch) {
  BOOST_TEST(printed(nn::Linear(nn::LinearOptions(3, 4).bias(false))) ==
             "tg::nn::Linear(in_features=3, out_features=4, bias=false)");
  BOOST_TEST(printed(nn::Conv2d(nn::Conv2dOptions(3, 8, {3, 2}).stride(2).padding(1).bias(false)
                                    .dilation(2))) ==
             "tg::nn::Conv2d(3, 8, kernel_size=[3, 2], stride=[2, 2], padding=[1, 1], "
             "dilation=[2, 2], bias=false)");
  BOOST_TEST(printed(nn::Conv2d(nn::Conv2dOptions(3, 8, 3).padding(tg::kSame).groups(1))) ==
             "tg::nn::Conv2d(3, 8, kernel_size=[3, 3], stride=[1, 1], padding='same')");
  BOOST_TEST(printed(nn::MaxPool2d(nn::MaxPool2dOptions({3, 2}).stride(1).padding(1).ceil_mode(true))) ==
             "tg::nn::MaxPool2d(kernel_size=[3, 2], stride=[1, 1], padding=[1, 1], "
             "dilation=[1, 1], ceil_mode=true)");
  BOOST_TEST(printed(nn::AvgPool2d(nn::AvgPool2dOptions(3).stride(2).padding(1))) ==
             "tg::nn::AvgPool2d(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1])");
  BOOST_TEST(printed(nn::ReLU()) == "tg::nn::ReLU()");
  BOOST_TEST(printed(nn::ReLU(true)) == "tg::nn::ReLU(inplace=true)");
  BOOST_TEST(printed(nn::Sigmoid()) == "tg::nn::Sigmoid()");
  BOOST_TEST(printed(nn::Tanh()) == "tg::nn::Tanh()");
  BOOST_TEST(printed(nn::Softmax(1)) == "tg::nn::Softmax(dim=1)");
  BOOST_TEST(printed(nn::LogSoftmax(-1)) == "tg::nn::LogSoftmax(dim=-1)");
  BOOST_TEST(printed(nn::Flatten()) == "tg::nn::Flatten(start_dim=1, end_dim=-1)");
  BOOST_TEST(printed(nn::Dropout()) == "tg::nn::Dropout(p=0.5, inplace=false)");
  BOOST_TEST(printed(nn::Dropout(nn::DropoutOptions(0.25).inplace(true))) ==
             "tg::nn::Dropout(p=0.25, inplace=true)");
  BOOST_TEST(printed(nn::BatchNorm1d(4)) ==
             "tg::nn::BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)");
  BOOST_TEST(printed(nn::BatchNorm2d(nn::BatchNormOptions(3).momentum(std::nullopt).affine(false))) ==
             "tg::nn::BatchNorm2d(3, eps=1e-05, momentum=None, affine=false, "
             "track_running_stats=true)");
  BOOST_TEST(printed(nn::MSELoss()) == "tg::nn::MSELoss()");
  BOOST_TEST(printed(nn::CrossEntropyLoss()) == "tg::nn::CrossEntropyLoss()");
  BOOST_TEST(printed(nn::NLLLoss()) == "tg::nn::NLLLoss()");
  BOOST_TEST(printed(nn::BCELoss()) == "tg::nn::BCELoss()");
  BOOST_TEST(printed(nn::BCEWithLogitsLoss()) == "tg::nn::BCEWithLogitsLoss()");
  BOOST_TEST(printed(nn::Functional(tg::relu)) == "tg::nn::Functional()");
}

BOOST_AUTO_TEST_CASE(empty_holder_throws_a_clear_error) {
  nn::Linear fc{nullptr};
  BOOST_TEST(fc.is_empty());
  BOOST_TEST(!fc);
  try {
    fc(tg::ones({2, 3}));
    BOOST_FAIL("expected tg::Error");
  } catch (const tg::Error& e) {
    BOOST_TEST(std::string(e.what()).find("empty ModuleHolder") != std::string::npos);
  }
  BOOST_CHECK_THROW(fc->weight, tg::Error);
  fc = nn::Linear(3, 2);
  BOOST_TEST(!fc.is_empty());
  BOOST_TEST(fc(tg::ones({2, 3})).sizes() == tg::IntArrayRef({2, 2}));
}

BOOST_AUTO_TEST_CASE(clone_is_a_deep_copy) {
  nn::Linear fc(3, 2);
  auto copy = std::dynamic_pointer_cast<nn::LinearImpl>(fc->clone());
  BOOST_REQUIRE(copy);
  BOOST_TEST(tg::equal(copy->weight, fc->weight));
  BOOST_TEST(tg::equal(copy->bias, fc->bias));
  BOOST_TEST(!copy->weight.is_same(fc->weight));
  BOOST_TEST(copy->named_parameters()["weight"].is_same(copy->weight));
  {
    tg::NoGradGuard g;
    copy->weight.add_(1);
  }
  BOOST_TEST(!tg::equal(copy->weight, fc->weight));

  auto net = std::make_shared<Net>();
  auto net2 = std::dynamic_pointer_cast<Net>(net->clone());
  BOOST_REQUIRE(net2);
  auto p1 = net->named_parameters(), p2 = net2->named_parameters();
  BOOST_TEST(p1.keys() == p2.keys(), boost::test_tools::per_element());
  for (const auto& p : p1) {
    BOOST_TEST(tg::equal(p.value(), p2[p.key()]));
    BOOST_TEST(!p.value().is_same(p2[p.key()]));
  }
  Tensor x = tg::randn({2, 1, 8, 8});
  BOOST_TEST(close(net->forward(x), net2->forward(x)));

  nn::Sequential seq(nn::Linear(2, 3), nn::ReLU(), nn::Linear(3, 1));
  auto seq2 = std::dynamic_pointer_cast<nn::SequentialImpl>(seq->clone());
  BOOST_REQUIRE(seq2);
  BOOST_TEST(seq2->size() == 3u);
  BOOST_TEST(seq2->named_parameters().keys() == seq->named_parameters().keys(),
             boost::test_tools::per_element());
  BOOST_TEST(!seq2->ptr<nn::LinearImpl>(0)->weight.is_same(seq->ptr<nn::LinearImpl>(0)->weight));
  Tensor y = tg::randn({4, 2});
  BOOST_TEST(close(seq2->forward(y), seq->forward(y)));

  nn::BatchNorm1d bn(2);
  bn(tg::randn({5, 2}) * 3 + 1);
  auto bn2 = std::dynamic_pointer_cast<nn::BatchNorm1dImpl>(bn->clone());
  BOOST_TEST(tg::equal(bn2->running_mean, bn->running_mean));
  BOOST_TEST(!bn2->running_mean.is_same(bn->running_mean));
  BOOST_TEST(bn2->num_batches_tracked.item<int64_t>() == 1);
}

BOOST_AUTO_TEST_CASE(sequential_push_back_and_functional) {
  nn::Sequential seq;
  BOOST_TEST(seq->is_empty());
  BOOST_CHECK_THROW(seq->forward(tg::ones({1})), tg::Error);
  seq->push_back(nn::Linear(2, 2));
  seq->push_back(nn::Functional(tg::relu));
  seq->push_back("scale", nn::Functional([](Tensor x) { return x * 2; }));
  seq->push_back(nn::Functional(tg::log_softmax, 1, tg::nullopt));
  BOOST_TEST(seq->size() == 4u);
  BOOST_TEST(seq->named_children().keys() == std::vector<std::string>({"0", "1", "scale", "3"}),
             boost::test_tools::per_element());
  auto& lin = seq->at<nn::LinearImpl>(0);
  {
    tg::NoGradGuard g;
    lin.weight.copy_(tg::tensor({{1.0f, 0.0f}, {0.0f, -1.0f}}));
    lin.bias.zero_();
  }
  Tensor out = seq->forward(tg::tensor({{1.0f, 2.0f}}));
  // relu([1, -2]) = [1, 0]; x2 = [2, 0]; log_softmax = [2, 0] - log(e² + 1)
  const double lse = std::log(std::exp(2.0) + 1.0);
  BOOST_TEST(close(out, tg::tensor({{2.0 - lse, -lse}})));
  BOOST_TEST(close(seq(tg::tensor({{1.0f, 2.0f}})), out));
}

BOOST_AUTO_TEST_CASE(module_to_double_converts_parameters_in_place) {
  nn::Linear fc(3, 2);
  Tensor w = fc->weight;
  fc->to(tg::kDouble);
  BOOST_TEST(fc->weight.scalar_type() == tg::kDouble);
  BOOST_TEST(w.scalar_type() == tg::kDouble); // the same tensor, converted
  BOOST_TEST(fc(tg::ones({1, 3}, tg::kDouble)).scalar_type() == tg::kDouble);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_layers)

BOOST_AUTO_TEST_CASE(linear_forward_by_hand) {
  nn::Linear fc(3, 2);
  {
    tg::NoGradGuard g;
    fc->weight.copy_(tg::tensor({{1.0f, 2.0f, 3.0f}, {-1.0f, 0.5f, 0.0f}}));
    fc->bias.copy_(tg::tensor({0.5f, -1.0f}));
  }
  // [1, 1, 2]·W^T + b = [1 + 2 + 6 + 0.5, -1 + 0.5 + 0 - 1]
  BOOST_TEST(close(fc(tg::tensor({{1.0f, 1.0f, 2.0f}})), tg::tensor({{9.5f, -1.5f}})));
  nn::Linear nb(nn::LinearOptions(3, 2).bias(false));
  BOOST_TEST(!nb->bias.defined());
  BOOST_TEST(nb->parameters().size() == 1u);
}

BOOST_AUTO_TEST_CASE(conv2d_forward_by_hand) {
  nn::Conv2d conv(nn::Conv2dOptions(1, 1, 2).bias(true));
  {
    tg::NoGradGuard g;
    conv->weight.copy_(tg::tensor({1.0f, 0.0f, 0.0f, -1.0f}).view({1, 1, 2, 2}));
    conv->bias.fill_(0.5);
  }
  Tensor x = tg::arange(9, tg::kFloat).view({1, 1, 3, 3});
  // each output: x[i][j] - x[i+1][j+1] + 0.5 = -4 + 0.5
  BOOST_TEST(close(conv(x), tg::full({1, 1, 2, 2}, -3.5)));
  nn::Conv2d padded(nn::Conv2dOptions(1, 1, 3).padding(1).stride(2).bias(false));
  {
    tg::NoGradGuard g;
    padded->weight.fill_(1);
  }
  // sums of the 3x3 windows (zero padded) centred at (0,0), (0,2), (2,0), (2,2)
  BOOST_TEST(close(padded(x), tg::tensor({8.0f, 12.0f, 20.0f, 24.0f}).view({1, 1, 2, 2})));
  nn::Conv2d same(nn::Conv2dOptions(1, 1, {2, 2}).padding(tg::kSame).bias(false));
  BOOST_TEST(same(x).sizes() == tg::IntArrayRef({1, 1, 3, 3}));
  BOOST_CHECK_THROW(nn::Conv2d(nn::Conv2dOptions(3, 4, 3).groups(2)), tg::Error);
}

BOOST_AUTO_TEST_CASE(pooling_by_hand) {
  Tensor x = tg::arange(16, tg::kFloat).view({1, 1, 4, 4});
  BOOST_TEST(close(nn::MaxPool2d(2)(x), tg::tensor({5.0f, 7.0f, 13.0f, 15.0f}).view({1, 1, 2, 2})));
  BOOST_TEST(close(nn::AvgPool2d(2)(x), tg::tensor({2.5f, 4.5f, 10.5f, 12.5f}).view({1, 1, 2, 2})));
  BOOST_TEST(close(F::max_pool2d(x, F::MaxPool2dFuncOptions(3).stride(1)),
                   tg::tensor({10.0f, 11.0f, 14.0f, 15.0f}).view({1, 1, 2, 2})));
  BOOST_TEST(close(nn::AdaptiveAvgPool2d(1)(x), tg::full({1, 1, 1, 1}, 7.5)));
}

BOOST_AUTO_TEST_CASE(activations_by_hand) {
  Tensor x = tg::tensor({{-1.0f, 0.0f, 2.0f}});
  BOOST_TEST(close(nn::ReLU()(x), tg::tensor({{0.0f, 0.0f, 2.0f}})));
  BOOST_TEST(close(nn::Sigmoid()(x), tg::tensor({{1 / (1 + std::exp(1.0f)), 0.5f,
                                                  1 / (1 + std::exp(-2.0f))}})));
  BOOST_TEST(close(nn::Tanh()(x), tg::tensor({{std::tanh(-1.0f), 0.0f, std::tanh(2.0f)}})));
  const float s = std::exp(-1.0f) + 1 + std::exp(2.0f);
  BOOST_TEST(close(nn::Softmax(1)(x), tg::tensor({{std::exp(-1.0f) / s, 1 / s, std::exp(2.0f) / s}})));
  BOOST_TEST(close(nn::LogSoftmax(-1)(x), tg::tensor({{-1 - std::log(s), -std::log(s),
                                                       2 - std::log(s)}})));
  BOOST_TEST(close(F::softmax(x, F::SoftmaxFuncOptions(1).dtype(tg::kDouble)),
                   nn::Softmax(1)(x).to(tg::kDouble)));
  BOOST_TEST(close(nn::LeakyReLU()(x), tg::tensor({{-0.01f, 0.0f, 2.0f}})));
  BOOST_TEST(nn::Flatten()(tg::ones({2, 3, 4})).sizes() == tg::IntArrayRef({2, 12}));
  BOOST_TEST(nn::Flatten(nn::FlattenOptions().start_dim(0).end_dim(1))(tg::ones({2, 3, 4})).sizes() ==
             tg::IntArrayRef({6, 4}));
  Tensor y = x.clone();
  nn::ReLU(true)(y);
  BOOST_TEST(close(y, tg::tensor({{0.0f, 0.0f, 2.0f}}))); // in place
  BOOST_TEST(close(F::relu(x), nn::ReLU()(x)));
}

BOOST_AUTO_TEST_CASE(dropout_train_and_eval) {
  tg::manual_seed(1);
  nn::Dropout drop(0.25);
  Tensor x = tg::ones({100, 100});
  Tensor y = drop(x);
  // every element is 0 or 1 / (1 - p)
  Tensor kept = y.ne(0);
  BOOST_TEST(close(y.masked_select(kept), tg::full({int64_t(item(kept.sum()))}, 1 / 0.75).to(tg::kFloat)));
  const double zero_fraction = 1.0 - item(kept.to(tg::kDouble).mean());
  BOOST_TEST(zero_fraction > 0.22);
  BOOST_TEST(zero_fraction < 0.28);
  drop->eval();
  BOOST_TEST(tg::equal(drop(x), x));
  BOOST_TEST(tg::equal(F::dropout(x, F::DropoutFuncOptions().p(0.5).training(false)), x));
  BOOST_TEST(tg::equal(nn::Dropout(0.0)(x), x));
  BOOST_TEST(item(nn::Dropout(1.0)(x).abs().sum()) == 0.0);
  BOOST_CHECK_THROW(nn::Dropout(1.5), tg::Error);
}

BOOST_AUTO_TEST_CASE(batchnorm_running_stats_by_hand) {
  nn::BatchNorm1d bn(2);
  BOOST_TEST(tg::equal(bn->weight, tg::ones({2})));
  BOOST_TEST(tg::equal(bn->bias, tg::zeros({2})));
  BOOST_TEST(bn->named_buffers().keys() ==
                 std::vector<std::string>({"running_mean", "running_var", "num_batches_tracked"}),
             boost::test_tools::per_element());
  BOOST_TEST(bn->num_batches_tracked.scalar_type() == tg::kLong);
  // channel 0: {1, 3, 5}, channel 1: {2, 2, 8}
  Tensor a = tg::tensor({{1.0f, 2.0f}, {3.0f, 2.0f}, {5.0f, 8.0f}});
  // channel 0: {0, 4, -1}, channel 1: {1, 1, 1}
  Tensor b = tg::tensor({{0.0f, 1.0f}, {4.0f, 1.0f}, {-1.0f, 1.0f}});
  Tensor out = bn(a);
  // batch means [3, 4], biased vars [8/3, 8], unbiased vars [4, 12]
  Tensor expect = tg::tensor({{-2 / std::sqrt(8 / 3.0f + 1e-5f), -2 / std::sqrt(8.0f + 1e-5f)},
                              {0.0f, -2 / std::sqrt(8.0f + 1e-5f)},
                              {2 / std::sqrt(8 / 3.0f + 1e-5f), 4 / std::sqrt(8.0f + 1e-5f)}});
  BOOST_TEST(close(out, expect, 1e-4));
  BOOST_TEST(close(bn->running_mean, tg::tensor({0.3f, 0.4f})));
  BOOST_TEST(close(bn->running_var, tg::tensor({0.9f + 0.4f, 0.9f + 1.2f})));
  bn(b);
  // means [1, 1], unbiased vars [7, 0]
  BOOST_TEST(close(bn->running_mean, tg::tensor({0.9f * 0.3f + 0.1f, 0.9f * 0.4f + 0.1f})));
  BOOST_TEST(close(bn->running_var, tg::tensor({0.9f * 1.3f + 0.7f, 0.9f * 2.1f})));
  BOOST_TEST(bn->num_batches_tracked.item<int64_t>() == 2);

  bn->eval();
  Tensor rm = bn->running_mean.clone(), rv = bn->running_var.clone();
  Tensor e = bn(a);
  BOOST_TEST(close(e, (a - rm) / (rv + 1e-5).sqrt(), 1e-5));
  BOOST_TEST(tg::equal(bn->running_mean, rm)); // eval leaves the statistics alone
  BOOST_TEST(bn->num_batches_tracked.item<int64_t>() == 2);

  // momentum = None: a cumulative average
  nn::BatchNorm1d cum(nn::BatchNormOptions(2).momentum(std::nullopt));
  cum(a);
  cum(b);
  BOOST_TEST(close(cum->running_mean, tg::tensor({2.0f, 2.5f})));
  BOOST_TEST(close(cum->running_var, tg::tensor({5.5f, 6.0f})));

  // no running statistics: batch statistics in eval too
  nn::BatchNorm1d nostats(nn::BatchNormOptions(2).track_running_stats(false));
  BOOST_TEST(nostats->buffers().empty());
  nostats->eval();
  BOOST_TEST(close(nostats(a), expect, 1e-4));
}

BOOST_AUTO_TEST_CASE(batchnorm2d_normalises_each_channel) {
  tg::manual_seed(3);
  nn::BatchNorm2d bn(3);
  Tensor x = tg::randn({4, 3, 5, 5}) * 2 + 3;
  Tensor y = bn(x);
  BOOST_TEST(close(y.mean({0, 2, 3}), tg::zeros({3}), 1e-4));
  BOOST_TEST(close(y.var({0, 2, 3}, /*unbiased=*/false), tg::ones({3}), 1e-3));
  BOOST_CHECK_THROW(bn(tg::ones({2, 3, 4})), tg::Error);
  BOOST_CHECK_THROW(nn::BatchNorm1d(3)(tg::ones({2, 3, 4, 4})), tg::Error);
  BOOST_CHECK_THROW(nn::BatchNorm1d(3)(tg::ones({1, 3})), tg::Error); // one value per channel
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_losses)

BOOST_AUTO_TEST_CASE(mse_and_l1_reductions) {
  Tensor x = tg::tensor({1.0f, 2.0f, 3.0f}), t = tg::tensor({0.0f, 2.0f, 5.0f});
  BOOST_TEST(item(F::mse_loss(x, t)) == 5.0 / 3, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(item(F::mse_loss(x, t, tg::kSum)) == 5.0, boost::test_tools::tolerance(1e-6));
  BOOST_TEST(close(F::mse_loss(x, t, F::MSELossFuncOptions().reduction(tg::kNone)),
                   tg::tensor({1.0f, 0.0f, 4.0f})));
  BOOST_TEST(item(nn::MSELoss(nn::MSELossOptions().reduction(tg::kSum))(x, t)) == 5.0,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(item(nn::L1Loss()(x, t)) == 1.0, boost::test_tools::tolerance(1e-6));
  BOOST_CHECK_THROW(F::mse_loss(tg::ones({3}), tg::ones({2})), tg::Error);
}

BOOST_AUTO_TEST_CASE(cross_entropy_against_hand_and_libtorch_values) {
  Tensor x = tg::tensor({{1.0f, 2.0f, 0.5f}, {0.1f, -1.0f, 3.0f}});
  Tensor t = tg::tensor({int64_t(2), int64_t(0)});
  // loss_i = logsumexp(x_i) - x_i[t_i]
  const double l0 = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(0.5)) - 0.5;
  const double l1 = std::log(std::exp(0.1) + std::exp(-1.0) + std::exp(3.0)) - 0.1;
  BOOST_TEST(item(F::cross_entropy(x, t)) == (l0 + l1) / 2, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(item(F::cross_entropy(x, t)) == 2.46757, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(item(nn::CrossEntropyLoss(nn::CrossEntropyLossOptions().reduction(tg::kSum))(x, t)) ==
                 l0 + l1, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(close(F::cross_entropy(x, t, F::CrossEntropyFuncOptions().reduction(tg::kNone)),
                   tg::tensor({float(l0), float(l1)})));
  // label smoothing and weights with an ignored target (values from LibTorch 1.13)
  BOOST_TEST(item(F::cross_entropy(x, t, F::CrossEntropyFuncOptions().label_smoothing(0.2))) ==
                 2.34091, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(item(F::cross_entropy(x, tg::tensor({int64_t(2), int64_t(-100)}),
                                   F::CrossEntropyFuncOptions().label_smoothing(0.2).weight(
                                       tg::tensor({1.0f, 2.0f, 3.0f})))) == 1.75563,
             boost::test_tools::tolerance(1e-5));
  // equals nll_loss(log_softmax)
  BOOST_TEST(close(F::cross_entropy(x, t), F::nll_loss(x.log_softmax(1), t)));
  // probability targets: one-hot gives the index result
  BOOST_TEST(close(F::cross_entropy(x, tg::one_hot(t, 3).to(tg::kFloat)), F::cross_entropy(x, t)));
  // huge logits stay finite (fused log-softmax)
  Tensor big = tg::tensor({{1000.0f, 0.0f}, {0.0f, -1000.0f}});
  BOOST_TEST(item(F::cross_entropy(big, tg::tensor({int64_t(0), int64_t(0)}))) == 0.0,
             boost::test_tools::tolerance(1e-6));
  BOOST_CHECK_THROW(F::cross_entropy(x, tg::tensor({int64_t(1), int64_t(0), int64_t(1)})),
                    tg::Error);
  BOOST_CHECK_THROW(F::cross_entropy(x, tg::tensor({int64_t(3), int64_t(0)})), tg::Error);
}

BOOST_AUTO_TEST_CASE(nll_loss_weights_ignore_and_reductions) {
  Tensor lp = tg::tensor({{-1.0f, -2.0f, -3.0f}, {-0.5f, -1.5f, -2.5f}, {-0.1f, -0.2f, -0.3f}});
  Tensor t = tg::tensor({int64_t(2), int64_t(0), int64_t(1)});
  Tensor w = tg::tensor({1.0f, 2.0f, 3.0f});
  auto opt = F::NLLLossFuncOptions().weight(w);
  // weighted losses 3·3 = 9, 1·0.5 = 0.5, 2·0.2 = 0.4; mean divides by 3 + 1 + 2
  BOOST_TEST(close(F::nll_loss(lp, t, opt.reduction(tg::kNone)), tg::tensor({9.0f, 0.5f, 0.4f})));
  BOOST_TEST(item(F::nll_loss(lp, t, F::NLLLossFuncOptions().weight(w).reduction(tg::kSum))) == 9.9,
             boost::test_tools::tolerance(1e-5));
  BOOST_TEST(item(F::nll_loss(lp, t, F::NLLLossFuncOptions().weight(w))) == 9.9 / 6,
             boost::test_tools::tolerance(1e-5));
  BOOST_TEST(item(nn::NLLLoss(nn::NLLLossOptions().ignore_index(2))(lp, t)) == (0.5 + 0.2) / 2,
             boost::test_tools::tolerance(1e-5));
  // gradient: -w[t] / Σw at the target entries
  Tensor x = lp.clone().requires_grad_();
  F::nll_loss(x, t, F::NLLLossFuncOptions().weight(w)).backward();
  Tensor g = tg::zeros({3, 3});
  g[0][2] = -3.0 / 6;
  g[1][0] = -1.0 / 6;
  g[2][1] = -2.0 / 6;
  BOOST_TEST(close(x.grad(), g));
  BOOST_TEST(x.grad_fn() == nullptr);
  BOOST_TEST(F::nll_loss(x, t).grad_fn()->name() == "NllLossBackward0");
  BOOST_CHECK_THROW(F::nll_loss(lp, tg::tensor({int64_t(3), int64_t(0), int64_t(0)})), tg::Error);
  BOOST_CHECK_THROW(F::nll_loss(lp, t.to(tg::kInt)), tg::Error);
  BOOST_CHECK_THROW(F::nll_loss(lp, t, F::NLLLossFuncOptions().weight(tg::ones({2}))), tg::Error);
}

BOOST_AUTO_TEST_CASE(binary_cross_entropy_clamps_like_pytorch) {
  Tensor p = tg::tensor({0.0f, 0.3f, 1.0f}).requires_grad_();
  Tensor t = tg::tensor({1.0f, 0.0f, 1.0f});
  Tensor l = F::binary_cross_entropy(p, t);
  // -log(0) clamps to 100; -log(0.7); 0
  BOOST_TEST(item(l) == (100 - std::log(0.7)) / 3, boost::test_tools::tolerance(1e-5));
  l.backward();
  BOOST_TEST(item(p.grad()[0]) == -3.3333e11, boost::test_tools::tolerance(1e-3));
  BOOST_TEST(item(p.grad()[1]) == 0.47619, boost::test_tools::tolerance(1e-4));
  BOOST_TEST(item(p.grad()[2]) == 0.0);
  BOOST_TEST(l.grad_fn()->name() != "");
  Tensor q = tg::tensor({0.2f, 0.9f});
  Tensor y = tg::tensor({0.0f, 1.0f});
  Tensor w = tg::tensor({2.0f, 0.5f});
  BOOST_TEST(close(nn::BCELoss(nn::BCELossOptions().weight(w).reduction(tg::kNone))(q, y),
                   tg::tensor({float(-2 * std::log(0.8)), float(-0.5 * std::log(0.9))})));
  BOOST_TEST(item(F::binary_cross_entropy(q, y, F::BinaryCrossEntropyFuncOptions().reduction(
                                                    tg::kSum))) == -std::log(0.8) - std::log(0.9),
             boost::test_tools::tolerance(1e-5));
  BOOST_CHECK_THROW(F::binary_cross_entropy(tg::tensor({1.5f}), tg::tensor({1.0f})), tg::Error);
  BOOST_CHECK_THROW(F::binary_cross_entropy(tg::ones({2}) / 2, tg::ones({1})), tg::Error);
}

BOOST_AUTO_TEST_CASE(binary_cross_entropy_with_logits_is_stable) {
  Tensor z = tg::tensor({0.0f, -2.0f, 30.0f}).requires_grad_();
  Tensor t = tg::tensor({1.0f, 0.0f, 0.5f});
  auto opt = F::BinaryCrossEntropyWithLogitsFuncOptions().pos_weight(tg::tensor({2.0f}));
  Tensor l = F::binary_cross_entropy_with_logits(z, t, opt);
  BOOST_TEST(item(l) == 5.50441, boost::test_tools::tolerance(1e-5)); // LibTorch 1.13
  l.backward();
  BOOST_TEST(close(z.grad(), tg::tensor({-1.0f / 3, 0.0397f, 0.1667f}), 1e-4));
  BOOST_TEST(l.grad_fn() != nullptr);
  // equals binary_cross_entropy(sigmoid(x)) where that is finite
  Tensor x = tg::tensor({-3.0f, -0.5f, 0.7f, 2.0f});
  Tensor y = tg::tensor({0.0f, 1.0f, 0.3f, 1.0f});
  BOOST_TEST(close(nn::BCEWithLogitsLoss()(x, y), F::binary_cross_entropy(x.sigmoid(), y)));
  // no overflow for huge logits
  Tensor huge = tg::tensor({1000.0f, -1000.0f});
  BOOST_TEST(close(F::binary_cross_entropy_with_logits(huge, tg::tensor({1.0f, 0.0f}),
                                                       F::BinaryCrossEntropyWithLogitsFuncOptions()
                                                           .reduction(tg::kNone)),
                   tg::zeros({2})));
  BOOST_CHECK_THROW(F::binary_cross_entropy_with_logits(x, tg::ones({3})), tg::Error);
}

BOOST_AUTO_TEST_CASE(aten_level_losses_as_libtorch_programs_call_them) {
  Tensor x = tg::tensor({{1.0f, 2.0f, 0.5f}, {0.1f, -1.0f, 3.0f}});
  Tensor t = tg::tensor({int64_t(2), int64_t(0)});
  BOOST_TEST(close(tg::nll_loss(x.log_softmax(1), t), F::cross_entropy(x, t)));
  BOOST_TEST(close(tg::nll_loss(x, t, {}, tg::Reduction::Sum), F::nll_loss(x, t, F::NLLLossFuncOptions().reduction(tg::kSum))));
  BOOST_TEST(close(tg::cross_entropy_loss(x, t, {}, tg::Reduction::None),
                   F::cross_entropy(x, t, F::CrossEntropyFuncOptions().reduction(tg::kNone))));
  BOOST_TEST(close(tg::mse_loss(x, x * 2), F::mse_loss(x, x * 2)));
  BOOST_TEST(close(tg::l1_loss(x, x * 2, tg::Reduction::Sum), x.abs().sum()));
  Tensor p = tg::tensor({0.2f, 0.9f}), y = tg::tensor({0.0f, 1.0f});
  BOOST_TEST(close(tg::binary_cross_entropy(p, y), F::binary_cross_entropy(p, y)));
  BOOST_TEST(close(tg::binary_cross_entropy_with_logits(p, y), nn::BCEWithLogitsLoss()(p, y)));
  BOOST_CHECK_THROW(tg::mse_loss(x, x, 7), tg::Error);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_init)

BOOST_AUTO_TEST_CASE(default_initialisation_ranges) {
  tg::manual_seed(0);
  nn::Linear fc(784, 10);
  const double bound = 1 / std::sqrt(784.0);
  BOOST_TEST(item(fc->weight.abs().max()) <= bound);
  BOOST_TEST(item(fc->weight.abs().max()) > 0.9 * bound); // spread over the whole range
  BOOST_TEST(item(fc->bias.abs().max()) <= bound);
  nn::Conv2d conv(3, 8, 5);
  BOOST_TEST(item(conv->weight.abs().max()) <= 1 / std::sqrt(75.0));
  BOOST_TEST(item(conv->bias.abs().max()) <= 1 / std::sqrt(75.0));
  BOOST_TEST(conv->weight.sizes() == tg::IntArrayRef({8, 3, 5, 5}));
  BOOST_TEST(fc->weight.scalar_type() == tg::kFloat);
}

BOOST_AUTO_TEST_CASE(initialisers) {
  tg::manual_seed(0);
  namespace init = tg::nn::init;
  auto [fan_in, fan_out] = init::_calculate_fan_in_and_fan_out(tg::ones({8, 3, 5, 5}));
  BOOST_TEST(fan_in == 75);
  BOOST_TEST(fan_out == 200);
  BOOST_CHECK_THROW(init::_calculate_fan_in_and_fan_out(tg::ones({3})), tg::Error);
  BOOST_TEST(init::calculate_gain(tg::kReLU) == std::sqrt(2.0), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(init::calculate_gain(tg::kTanh) == 5.0 / 3, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(init::calculate_gain(tg::kLeakyReLU) == 1.41414, boost::test_tools::tolerance(1e-5));
  BOOST_TEST(init::calculate_gain(tg::kSigmoid) == 1.0);

  Tensor w = tg::empty({400, 500}).requires_grad_();
  init::kaiming_normal_(w, 0, tg::kFanIn, tg::kReLU); // He: std = sqrt(2 / 500)
  BOOST_TEST(item(w.std()) == std::sqrt(2.0 / 500), boost::test_tools::tolerance(0.03));
  BOOST_TEST(w.requires_grad());
  BOOST_TEST(w.grad_fn() == nullptr);
  init::kaiming_normal_(w, 0, tg::kFanOut, tg::kLinear); // std = 1 / sqrt(400)
  BOOST_TEST(item(w.std()) == 1 / std::sqrt(400.0), boost::test_tools::tolerance(0.03));
  init::xavier_uniform_(w);
  const double a = std::sqrt(6.0 / 900);
  BOOST_TEST(item(w.abs().max()) <= a);
  BOOST_TEST(item(w.abs().max()) > 0.99 * a);
  init::xavier_normal_(w, 2.0);
  BOOST_TEST(item(w.std()) == 2 * std::sqrt(2.0 / 900), boost::test_tools::tolerance(0.03));
  init::kaiming_uniform_(w, 0, tg::kFanIn, tg::kReLU);
  BOOST_TEST(item(w.abs().max()) <= std::sqrt(6.0 / 500));
  init::normal_(w, 1.0, 0.5);
  BOOST_TEST(item(w.mean()) == 1.0, boost::test_tools::tolerance(0.01));
  init::uniform_(w, -2, -1);
  BOOST_TEST(item(w.max()) <= -1.0);
  BOOST_TEST(item(w.min()) >= -2.0);
  init::constant_(w, 0.25);
  BOOST_TEST(item(w.mean()) == 0.25);
  init::zeros_(w);
  BOOST_TEST(item(w.abs().sum()) == 0.0);
  init::ones_(w);
  BOOST_TEST(item(w.sum()) == 200000.0);
  Tensor m = tg::empty({2, 3});
  init::eye_(m);
  BOOST_TEST(tg::equal(m, tg::eye(2, 3)));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_training)

// A 2-8-1 MLP learns XOR with plain SGD written out here (no optimizer).
BOOST_AUTO_TEST_CASE(mlp_learns_xor_with_sgd) {
  tg::manual_seed(0);
  nn::Sequential net(nn::Linear(2, 8), nn::Tanh(), nn::Linear(8, 1));
  Tensor x = tg::tensor({{0.0f, 0.0f}, {0.0f, 1.0f}, {1.0f, 0.0f}, {1.0f, 1.0f}});
  Tensor y = tg::tensor({{0.0f}, {1.0f}, {1.0f}, {0.0f}});
  nn::BCEWithLogitsLoss criterion;
  const double lr = 0.5;
  double loss = 0;
  for (int step = 0; step < 2000; ++step) {
    net->zero_grad();
    Tensor l = criterion(net(x), y);
    l.backward();
    loss = item(l);
    tg::NoGradGuard no_grad;
    for (auto& p : net->parameters()) p.sub_(p.grad() * lr);
  }
  BOOST_TEST(loss < 0.05);
  Tensor predicted = net(x).sigmoid().gt(0.5).to(tg::kFloat);
  BOOST_TEST(tg::equal(predicted, y));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace nn_test
