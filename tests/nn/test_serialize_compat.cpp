// LibTorch spelling (issue 22): through torch_compat.h, `torch::load(net, "model.pt")` of a
// state_dict Python saved, which LibTorch itself cannot read, and `torch::pickle_load`.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>

#include <tapegrad/torch_compat.h>

namespace {
struct NetImpl : torch::nn::Module {
  NetImpl()
      : features(register_module(
            "features", torch::nn::Sequential(torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 4, 3)),
                                              torch::nn::BatchNorm2d(4), torch::nn::ReLU(),
                                              torch::nn::MaxPool2d(2)))),
        fc(register_module("fc", torch::nn::Linear(4 * 3 * 3, 5))) {}
  torch::Tensor forward(torch::Tensor x) { return fc(features->forward(x).flatten(1)); }
  torch::nn::Sequential features;
  torch::nn::Linear fc;
};
TORCH_MODULE(Net);
} // namespace

BOOST_AUTO_TEST_CASE(torch_load_of_a_python_state_dict) {
  const std::string dir = std::string(std::getenv("TG_SOURCE_ROOT")) + "/tests/fixtures/pytorch/";
  Net net;
  torch::load(net, dir + "net.pt");
  net->eval();
  const auto io = torch::serialize::load_pytorch(dir + "net_io.pt").toGenericDict();
  torch::NoGradGuard no_grad;
  BOOST_TEST(torch::allclose(net->forward(io.at("input").toTensor()), io.at("output").toTensor(),
                             1e-5, 1e-6));
}
