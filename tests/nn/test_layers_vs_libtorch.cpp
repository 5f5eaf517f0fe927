// The layers against LibTorch 1.13 (ConvTranspose2d, ELU/GELU/SiLU/Mish/Softplus/Hardtanh,
// Dropout2d, Embedding, LayerNorm, Identity, SmoothL1/Huber/KLDiv/MarginRanking losses): values
// and gradients (reference_cases.inc, whose numbers LibTorch wrote into
// tests/fixtures/nn_reference.txt), printing as LibTorch prints, default initialisation, and the
// errors bad input must raise. The container APIs are in test_containers.cpp.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/tapegrad.h>

#include "libtorch_reference.h"

namespace nn_layers_test {

namespace T = tg;
namespace NN = tg::nn;
namespace FF = tg::nn::functional;
using tg::Tensor;

using tg_test::contains;
using tg_test::error_of;
using tg_test::item;
using tg_test::printed;

BOOST_AUTO_TEST_SUITE(nn_layers_vs_libtorch)

BOOST_AUTO_TEST_CASE(values_and_gradients_match_libtorch) {
  const auto dbl = T::TensorOptions().dtype(T::kDouble);
  tg_test::ReferenceCases cases;
#define TG_REF_CASE(name, ...) cases.emplace_back(#name, [&]() -> Tensor { __VA_ARGS__ });
#include "reference_cases.inc"
#undef TG_REF_CASE
  tg_test::check_against_reference(cases, "nn_reference.txt");
}

// The defining property: a transposed convolution is conv2d's gradient with respect to its input.
BOOST_AUTO_TEST_CASE(conv_transpose2d_is_the_input_gradient_of_conv2d) {
  tg::manual_seed(0);
  struct Geometry {
    std::vector<int64_t> stride, padding, dilation;
    int64_t groups;
  };
  for (const Geometry& g :
       {Geometry{{1, 1}, {0, 0}, {1, 1}, 1}, Geometry{{2, 2}, {1, 1}, {1, 1}, 1},
        Geometry{{2, 1}, {0, 2}, {1, 2}, 2}, Geometry{{3, 2}, {1, 0}, {2, 1}, 1}}) {
    Tensor x = tg::randn({2, 4, 9, 8}, T::kDouble).requires_grad_();
    Tensor w = tg::randn({6, 4 / g.groups, 3, 2}, T::kDouble);
    Tensor y = tg::conv2d(x, w, {}, g.stride, g.padding, g.dilation, g.groups);
    Tensor upstream = tg::randn(y.sizes(), T::kDouble);
    Tensor gx = tg::autograd::grad({y}, {x}, {upstream})[0];
    // conv2d's floor drops input rows no window reaches; output_padding restores them
    std::vector<int64_t> out_pad(2);
    for (size_t d = 0; d < 2; ++d) {
      const int64_t k = g.dilation[d] * (w.size(2 + int64_t(d)) - 1) + 1;
      out_pad[d] = (x.size(2 + int64_t(d)) + 2 * g.padding[d] - k) % g.stride[d];
    }
    Tensor t =
        tg::conv_transpose2d(upstream, w, {}, g.stride, g.padding, out_pad, g.groups, g.dilation);
    BOOST_TEST(t.sizes() == x.sizes());
    BOOST_TEST(tg::allclose(t, gx, 1e-10, 1e-10));
  }
}

BOOST_AUTO_TEST_CASE(modules_print_as_libtorch) {
  BOOST_TEST(printed(NN::ELU()) == "tg::nn::ELU(alpha=1)");
  BOOST_TEST(printed(NN::ELU(NN::ELUOptions().alpha(0.5).inplace(true))) ==
             "tg::nn::ELU(alpha=0.5, inplace=true)");
  BOOST_TEST(printed(NN::GELU()) == "tg::nn::GELU()");
  BOOST_TEST(printed(NN::GELU(NN::GELUOptions().approximate("tanh"))) == "tg::nn::GELU()");
  BOOST_TEST(printed(NN::SiLU()) == "tg::nn::SiLU()");
  BOOST_TEST(printed(NN::Mish()) == "tg::nn::Mish()");
  BOOST_TEST(printed(NN::Softplus()) == "tg::nn::Softplus(beta=1, threshold=20)");
  BOOST_TEST(printed(NN::Softplus(NN::SoftplusOptions().beta(2).threshold(10))) ==
             "tg::nn::Softplus(beta=2, threshold=10)");
  BOOST_TEST(printed(NN::Hardtanh()) == "tg::nn::Hardtanh(min_val=-1, max_val=1)");
  BOOST_TEST(printed(NN::Hardtanh(NN::HardtanhOptions().min_val(-2).max_val(3.5).inplace(true))) ==
             "tg::nn::Hardtanh(min_val=-2, max_val=3.5, inplace=true)");
  BOOST_TEST(printed(NN::LeakyReLU()) == "tg::nn::LeakyReLU(negative_slope=0.01)");
  BOOST_TEST(printed(NN::ConvTranspose2d(3, 8, 3)) ==
             "tg::nn::ConvTranspose2d(3, 8, kernel_size=[3, 3], stride=[1, 1])");
  BOOST_TEST(printed(NN::ConvTranspose2d(NN::ConvTranspose2dOptions(4, 8, {3, 2})
                                             .stride(2)
                                             .padding(1)
                                             .output_padding(1)
                                             .groups(2)
                                             .bias(false)
                                             .dilation(2))) ==
             "tg::nn::ConvTranspose2d(4, 8, kernel_size=[3, 2], stride=[2, 2], padding=[1, 1], "
             "dilation=[2, 2], output_padding=[1, 1], groups=2, bias=false)");
  BOOST_TEST(printed(NN::ConvTranspose2d(
                 NN::ConvTranspose2dOptions(4, 8, 3).output_padding({1, 0}).stride(2))) ==
             "tg::nn::ConvTranspose2d(4, 8, kernel_size=[3, 3], stride=[2, 2], "
             "output_padding=[1, 0])");
  BOOST_TEST(printed(NN::Dropout2d()) == "tg::nn::Dropout2d(p=0.5, inplace=false)");
  BOOST_TEST(printed(NN::Dropout2d(NN::Dropout2dOptions(0.2).inplace(true))) ==
             "tg::nn::Dropout2d(p=0.2, inplace=true)");
  BOOST_TEST(printed(NN::Embedding(10, 3)) ==
             "tg::nn::Embedding(num_embeddings=10, embedding_dim=3)");
  BOOST_TEST(printed(NN::Embedding(NN::EmbeddingOptions(10, 3).padding_idx(0))) ==
             "tg::nn::Embedding(num_embeddings=10, embedding_dim=3, padding_idx=0)");
  BOOST_TEST(printed(NN::Embedding(NN::EmbeddingOptions(10, 3)
                                       .padding_idx(-1)
                                       .max_norm(2.0)
                                       .norm_type(1.0)
                                       .scale_grad_by_freq(true)
                                       .sparse(true))) ==
             "tg::nn::Embedding(num_embeddings=10, embedding_dim=3, padding_idx=9, max_norm=2, "
             "norm_type=1, scale_grad_by_freq=true, sparse=true)");
  BOOST_TEST(printed(NN::LayerNorm(NN::LayerNormOptions({4}))) ==
             "tg::nn::LayerNorm([4], eps=1e-05, elementwise_affine=true)");
  BOOST_TEST(printed(NN::LayerNorm(NN::LayerNormOptions({2, 3}).eps(1e-3).elementwise_affine(
                 false))) == "tg::nn::LayerNorm([2, 3], eps=0.001, elementwise_affine=false)");
  BOOST_TEST(printed(NN::Identity()) == "tg::nn::Identity()");
  NN::ModuleList list{NN::Linear(2, 3), NN::ReLU()};
  list->push_back(NN::Identity());
  BOOST_TEST(printed(list) == "tg::nn::ModuleList(\n"
                              "  (0): tg::nn::Linear(in_features=2, out_features=3, bias=true)\n"
                              "  (1): tg::nn::ReLU()\n"
                              "  (2): tg::nn::Identity()\n"
                              ")");
  BOOST_TEST(printed(NN::ModuleList()) == "tg::nn::ModuleList");
  tg::OrderedDict<std::string, std::shared_ptr<NN::Module>> od;
  od.insert("fc", NN::Linear(2, 3).ptr());
  od.insert("act", NN::ELU().ptr());
  BOOST_TEST(printed(NN::ModuleDict(od)) ==
             "tg::nn::ModuleDict(\n"
             "  (fc): tg::nn::Linear(in_features=2, out_features=3, bias=true)\n"
             "  (act): tg::nn::ELU(alpha=1)\n"
             ")");
  BOOST_TEST(printed(NN::SmoothL1Loss()) == "tg::nn::SmoothL1Loss");
  BOOST_TEST(printed(NN::SmoothL1Loss(NN::SmoothL1LossOptions().reduction(tg::kSum).beta(0.5))) ==
             "tg::nn::SmoothL1Loss");
  BOOST_TEST(printed(NN::HuberLoss(NN::HuberLossOptions().delta(0.5))) == "tg::nn::HuberLoss");
  BOOST_TEST(printed(NN::KLDivLoss(NN::KLDivLossOptions(tg::kBatchMean).log_target(true))) ==
             "tg::nn::KLDivLoss()");
  BOOST_TEST(printed(NN::MarginRankingLoss(NN::MarginRankingLossOptions().margin(0.3))) ==
             "tg::nn::MarginRankingLoss()");
  NN::Sequential seq(NN::ConvTranspose2d(2, 3, 2), NN::GELU());
  BOOST_TEST(printed(seq) ==
             "tg::nn::Sequential(\n"
             "  (0): tg::nn::ConvTranspose2d(2, 3, kernel_size=[2, 2], stride=[1, 1])\n"
             "  (1): tg::nn::GELU()\n"
             ")");
}

BOOST_AUTO_TEST_CASE(default_initialisation_as_libtorch) {
  tg::manual_seed(0);
  // ConvTranspose2d: weight [in, out / groups, k, k], bound 1/sqrt(out / groups · k · k)
  NN::ConvTranspose2d ct(3, 8, 3);
  BOOST_TEST(ct->weight.sizes() == T::IntArrayRef({3, 8, 3, 3}));
  const double bound = 1 / std::sqrt(72.0);
  BOOST_TEST(item(ct->weight.abs().max()) <= bound);
  BOOST_TEST(item(ct->weight.abs().max()) > 0.9 * bound);
  BOOST_TEST(item(ct->bias.abs().max()) <= bound);
  BOOST_TEST(ct->named_parameters().keys() == std::vector<std::string>({"weight", "bias"}),
             boost::test_tools::per_element());
  NN::ConvTranspose2d grouped(NN::ConvTranspose2dOptions(4, 6, 3).groups(2).bias(false));
  BOOST_TEST(grouped->weight.sizes() == T::IntArrayRef({4, 3, 3, 3}));
  BOOST_TEST(item(grouped->weight.abs().max()) <= 1 / std::sqrt(27.0));
  BOOST_TEST(grouped->parameters().size() == 1u);
  // Embedding: N(0, 1), the padding row zeroed, trainable
  NN::Embedding emb(NN::EmbeddingOptions(1000, 16).padding_idx(3));
  BOOST_TEST(item(emb->weight.mean()) == 0.0, boost::test_tools::tolerance(0.05));
  BOOST_TEST(item(emb->weight.std()) == 1.0, boost::test_tools::tolerance(0.05));
  BOOST_TEST(item(emb->weight[3].abs().sum()) == 0.0);
  BOOST_TEST(emb->weight.requires_grad());
  BOOST_TEST(*NN::Embedding(NN::EmbeddingOptions(10, 2).padding_idx(-2))->options.padding_idx() ==
             8);
  // LayerNorm: ones and zeros of normalized_shape; none without elementwise_affine
  NN::LayerNorm ln(NN::LayerNormOptions({2, 3}));
  BOOST_TEST(ln->weight.sizes() == T::IntArrayRef({2, 3}));
  BOOST_TEST(item(ln->weight.sum()) == 6.0);
  BOOST_TEST(item(ln->bias.abs().sum()) == 0.0);
  BOOST_TEST(ln->named_parameters().keys() == std::vector<std::string>({"weight", "bias"}),
             boost::test_tools::per_element());
  NN::LayerNorm plain(NN::LayerNormOptions({2, 3}).elementwise_affine(false));
  BOOST_TEST(plain->parameters().empty());
  BOOST_TEST(!plain->weight.defined());
  // reductions default to the mean
  BOOST_TEST(std::holds_alternative<tg::enumtype::kMean>(NN::SmoothL1LossOptions().reduction()));
  BOOST_TEST(NN::SmoothL1LossOptions().beta() == 1.0);
  BOOST_TEST(NN::HuberLossOptions().delta() == 1.0);
  BOOST_TEST(std::holds_alternative<tg::enumtype::kMean>(NN::KLDivLossOptions().reduction()));
  BOOST_TEST(!NN::KLDivLossOptions().log_target());
  BOOST_TEST(NN::MarginRankingLossOptions().margin() == 0.0);
  BOOST_TEST(NN::ELUOptions().alpha() == 1.0);
  BOOST_TEST(NN::GELUOptions().approximate() == "none");
  BOOST_TEST(NN::SoftplusOptions().threshold() == 20.0);
  BOOST_TEST(NN::LeakyReLUOptions().negative_slope() == 0.01);
}

BOOST_AUTO_TEST_CASE(embedding_from_pretrained_shares_and_freezes) {
  Tensor table = tg::arange(6.0).view({3, 2});
  NN::Embedding frozen = NN::Embedding::from_pretrained(table);
  BOOST_TEST(printed(frozen) == "tg::nn::Embedding(num_embeddings=3, embedding_dim=2)");
  BOOST_TEST(!frozen->weight.requires_grad());
  BOOST_TEST(tg::equal(frozen(tg::tensor({int64_t(2), int64_t(0)})),
                       tg::tensor({{4.0f, 5.0f}, {0.0f, 1.0f}})));
  NN::Embedding trained = NN::Embedding::from_pretrained(
      table, NN::EmbeddingFromPretrainedOptions().freeze(false).padding_idx(1));
  BOOST_TEST(trained->weight.requires_grad());
  BOOST_TEST(printed(trained) ==
             "tg::nn::Embedding(num_embeddings=3, embedding_dim=2, padding_idx=1)");
  // the pretrained rows are kept, including the padding row (only fresh weights zero it)
  BOOST_TEST(tg::equal(trained->weight.detach(), table));
  // a clone gets its own weight
  auto copy = std::dynamic_pointer_cast<NN::EmbeddingImpl>(trained->clone());
  {
    tg::NoGradGuard no_grad;
    copy->weight.fill_(7);
  }
  BOOST_TEST(item(trained->weight.sum()) == 15.0);
}

BOOST_AUTO_TEST_CASE(dropout2d_zeroes_whole_channels) {
  tg::manual_seed(0);
  NN::Dropout2d drop(0.5);
  Tensor x = tg::ones({16, 32, 5, 5});
  Tensor y = drop(x);
  // every (n, c) map is all zeros or all 2 = 1 / (1 - p)
  Tensor per_map_max = std::get<0>(y.flatten(2).max(2)),
         per_map_min = std::get<0>(y.flatten(2).min(2));
  BOOST_TEST(tg::equal(per_map_max, per_map_min));
  BOOST_TEST(item(((per_map_max == 0) | (per_map_max == 2)).all().to(T::kLong)) == 1);
  const double kept = item((per_map_max == 2).to(T::kDouble).mean());
  BOOST_TEST(kept == 0.5, boost::test_tools::tolerance(0.15));
  BOOST_TEST(item(y.mean()) == 1.0, boost::test_tools::tolerance(0.15));
  drop->eval();
  BOOST_TEST(tg::equal(drop(x), x));
  // unbatched [C, H, W]: one mask value per channel
  drop->train();
  Tensor u = FF::dropout2d(tg::ones({8, 3, 3}), FF::Dropout2dFuncOptions().p(0.5));
  BOOST_TEST(u.sizes() == T::IntArrayRef({8, 3, 3}));
  BOOST_TEST(tg::equal(std::get<0>(u.flatten(1).max(1)), std::get<0>(u.flatten(1).min(1))));
  // the gradient is the same mask
  Tensor leaf = tg::ones({2, 6, 2, 2}).requires_grad_();
  Tensor out = FF::dropout2d(leaf, FF::Dropout2dFuncOptions().p(0.5));
  out.sum().backward();
  BOOST_TEST(tg::equal(leaf.grad(), out.detach()));
  // in place on a tensor that needs no grad
  Tensor z = tg::ones({2, 6, 2, 2});
  FF::dropout2d(z, FF::Dropout2dFuncOptions().p(1.0).inplace(true));
  BOOST_TEST(item(z.abs().sum()) == 0.0);
  BOOST_CHECK_THROW(NN::Dropout2d(1.5), tg::Error);
}

BOOST_AUTO_TEST_CASE(inplace_activations_overwrite_and_backpropagate) {
  Tensor leaf = tg::linspace(-2, 2, 9, T::kDouble).requires_grad_();
  Tensor x = leaf * 1.0;
  Tensor y = FF::elu(x, FF::ELUFuncOptions().inplace(true));
  BOOST_TEST(tg::allclose(x, tg::elu(leaf.detach())));
  y.sum().backward();
  Tensor expected = tg::where(leaf.detach() > 0, 1.0, leaf.detach().exp());
  BOOST_TEST(tg::allclose(leaf.grad(), expected));
  Tensor h = tg::linspace(-2, 2, 9, T::kDouble);
  NN::Hardtanh(NN::HardtanhOptions().inplace(true))(h);
  BOOST_TEST(item(h.max()) == 1.0);
  Tensor l = tg::linspace(-2, 2, 5);
  FF::leaky_relu(l, FF::LeakyReLUFuncOptions().negative_slope(0.5).inplace(true));
  BOOST_TEST(tg::equal(l, tg::tensor({-1.0f, -0.5f, 0.0f, 1.0f, 2.0f})));
  // a leaf that requires grad refuses, as in LibTorch
  BOOST_CHECK_THROW(FF::elu(leaf, FF::ELUFuncOptions().inplace(true)), tg::Error);
}

BOOST_AUTO_TEST_CASE(aten_level_reduction_forms) {
  Tensor x = tg::tensor({{1.0f, 2.0f, 0.5f}, {0.1f, -1.0f, 3.0f}});
  Tensor t = tg::tensor({int64_t(2), int64_t(0)});
  BOOST_TEST(item(tg::nll_loss(x, t, {}, tg::Reduction::Sum)) == -0.6,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(item(tg::mse_loss(x, x * 2, tg::Reduction::Sum)) == item(x.square().sum()));
  BOOST_TEST(tg::smooth_l1_loss(x, x * 2, tg::Reduction::None).sizes() == x.sizes());
  BOOST_TEST(item(tg::huber_loss(x, x, tg::Reduction::Sum, 0.5)) == 0.0);
  BOOST_TEST(tg::Reduction::Mean != tg::Reduction::Sum);
  BOOST_CHECK_THROW(tg::smooth_l1_loss(x, x, 9), tg::Error);
  // F::smooth_l1_loss's fourth argument overrides options.beta()
  Tensor a = tg::zeros({2}), b = tg::tensor({0.3f, 2.0f});
  BOOST_TEST(item(FF::smooth_l1_loss(a, b, FF::SmoothL1LossFuncOptions(tg::kSum).beta(0.5))) ==
                 0.09 + 1.75,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(item(FF::smooth_l1_loss(a, b, FF::SmoothL1LossFuncOptions(tg::kSum).beta(0.5), 1.0)) ==
                 0.045 + 1.5,
             boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(bad_input_throws_naming_the_op_and_values) {
  const Tensor x4 = tg::ones({1, 3, 4, 4}), w = tg::ones({3, 2, 3, 3});
  std::string e = error_of([&] { tg::conv_transpose2d(tg::ones({1, 5, 4, 4}), w); });
  BOOST_TEST(contains(e, "conv_transpose2d"));
  BOOST_TEST(contains(e, "[1, 5, 4, 4]"));
  e = error_of([&] { tg::conv_transpose2d(x4, w, {}, 1, 0, 1); });
  BOOST_TEST(contains(e, "output padding must be smaller than either stride or dilation"));
  e = error_of([&] { tg::conv_transpose2d(x4, tg::ones({3, 2, 3})); });
  BOOST_TEST(contains(e, "4-D weight"));
  e = error_of([&] { tg::conv_transpose2d(x4, w, tg::ones({3})); });
  BOOST_TEST(contains(e, "bias"));
  e = error_of([&] { tg::conv_transpose2d(tg::ones({1, 3, 1, 1}), w, {}, 1, 2); });
  BOOST_TEST(contains(e, "too small"));
  e = error_of([&] { tg::conv_transpose2d(x4, w, {}, -1); });
  BOOST_TEST(contains(e, "stride"));
  BOOST_CHECK_THROW(NN::ConvTranspose2d(NN::ConvTranspose2dOptions(3, 4, 3).groups(2)), tg::Error);
  BOOST_CHECK_THROW(NN::ConvTranspose2d(-1, 4, 3), tg::Error);
  NN::ConvTranspose2d ct(NN::ConvTranspose2dOptions(3, 2, 3).stride(2));
  e = error_of([&] { ct->forward(x4, std::vector<int64_t>{20, 9}); });
  BOOST_TEST(contains(e, "requested an output size of [20, 9]"));

  NN::Embedding emb(5, 2);
  e = error_of([&] { emb(tg::tensor({int64_t(1), int64_t(5)})); });
  BOOST_TEST(contains(e, "embedding"));
  BOOST_TEST(contains(e, "index 5 is out of range"));
  BOOST_TEST(contains(e, "[5, 2]"));
  e = error_of([&] { emb(tg::tensor({int64_t(-1)})); });
  BOOST_TEST(contains(e, "index -1 is out of range"));
  e = error_of([&] { emb(tg::tensor({1.0f})); });
  BOOST_TEST(contains(e, "Long or Int"));
  BOOST_CHECK_THROW(NN::Embedding(NN::EmbeddingOptions(5, 2).padding_idx(5)), tg::Error);
  BOOST_CHECK_THROW(NN::Embedding(-3, 2), tg::Error);
  BOOST_CHECK_THROW(NN::Embedding::from_pretrained(tg::ones({3})), tg::Error);

  e = error_of([&] { FF::layer_norm(tg::ones({2, 3}), FF::LayerNormFuncOptions({4})); });
  BOOST_TEST(contains(e, "layer_norm"));
  BOOST_TEST(contains(e, "[*, 4]"));
  BOOST_TEST(contains(e, "[2, 3]"));
  e = error_of([&] {
    FF::layer_norm(tg::ones({2, 3}), FF::LayerNormFuncOptions({3}).weight(tg::ones({2})));
  });
  BOOST_TEST(contains(e, "weight"));
  BOOST_CHECK_THROW(NN::LayerNorm(NN::LayerNormOptions({-2})), tg::Error);
  BOOST_CHECK_THROW(NN::LayerNorm(NN::LayerNormOptions(std::vector<int64_t>{})), tg::Error);

  e = error_of([&] { tg::gelu(tg::ones({2}), "fast"); });
  BOOST_TEST(contains(e, "gelu"));
  BOOST_TEST(contains(e, "'fast'"));
  BOOST_CHECK_THROW(NN::GELU(NN::GELUOptions().approximate("erf")), tg::Error);
  e = error_of([&] { tg::elu(tg::ones({2}, T::kLong)); });
  BOOST_TEST(contains(e, "elu"));
  BOOST_TEST(contains(e, "Long"));
  BOOST_CHECK_THROW(NN::Hardtanh(NN::HardtanhOptions().min_val(2).max_val(1)), tg::Error);

  e = error_of([&] { FF::smooth_l1_loss(tg::ones({2}), tg::ones({2}), {}, -1.0); });
  BOOST_TEST(contains(e, "smooth_l1_loss"));
  e = error_of(
      [&] { FF::huber_loss(tg::ones({2}), tg::ones({2}), FF::HuberLossFuncOptions().delta(0)); });
  BOOST_TEST(contains(e, "huber_loss"));
  e = error_of([&] { FF::smooth_l1_loss(tg::ones({2}), tg::ones({3})); });
  BOOST_TEST(contains(e, "smooth_l1_loss"));
  e = error_of([&] { FF::margin_ranking_loss(tg::ones({2}), tg::ones({2}), tg::ones({2, 1})); });
  BOOST_TEST(contains(e, "margin_ranking_loss"));
  BOOST_TEST(contains(e, "[2, 1]"));
  e = error_of([&] { tg::feature_dropout(tg::ones({3}), 0.5, true); });
  BOOST_TEST(contains(e, "feature_dropout"));
}

BOOST_AUTO_TEST_CASE(a_small_autoencoder_trains) {
  // Conv2d down, ConvTranspose2d up, GELU and LayerNorm between: the loss must fall.
  tg::manual_seed(0);
  NN::Sequential net(
      NN::Conv2d(NN::Conv2dOptions(1, 4, 3).stride(2).padding(1)), NN::GELU(),
      NN::ConvTranspose2d(
          NN::ConvTranspose2dOptions(4, 1, 3).stride(2).padding(1).output_padding(1)));
  Tensor x = tg::linspace(-1, 1, 8 * 8).view({1, 1, 8, 8}).repeat({4, 1, 1, 1}).sin();
  NN::SmoothL1Loss criterion;
  double first = 0, last = 0;
  for (int step = 0; step < 200; ++step) {
    net->zero_grad();
    Tensor loss = criterion(net(x), x);
    if (step == 0) first = item(loss);
    last = item(loss);
    loss.backward();
    tg::NoGradGuard no_grad;
    for (auto& p : net->parameters()) p.sub_(p.grad() * 0.5);
  }
  BOOST_TEST(last < 0.2 * first);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace nn_layers_test
