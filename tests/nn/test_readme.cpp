// The README's model and training loop, compiled and run: the loss on a fixed batch must fall.
#include <boost/test/unit_test.hpp>

#include <cstdio>

#include <tapegrad/tapegrad.h>

namespace {
namespace F = tg::nn::functional;

struct NetImpl : tg::nn::Module {
  NetImpl()
      : conv(register_module("conv", tg::nn::Conv2d(tg::nn::Conv2dOptions(1, 30, 5)))),
        fc1(register_module("fc1", tg::nn::Linear(30 * 12 * 12, 100))),
        fc2(register_module("fc2", tg::nn::Linear(100, 10))) {}
  tg::Tensor forward(tg::Tensor x) {
    x = F::max_pool2d(tg::relu(conv(x)), F::MaxPool2dFuncOptions(2));
    return fc2(tg::relu(fc1(x.flatten(1))));
  }
  tg::nn::Conv2d conv;
  tg::nn::Linear fc1, fc2;
};
TG_MODULE(Net);
} // namespace

BOOST_AUTO_TEST_CASE(readme_model_trains_and_saves) {
  tg::manual_seed(0);
  Net net;
  tg::optim::Adam optimizer(net->parameters(), tg::optim::AdamOptions(1e-3));
  auto images = tg::randn({16, 1, 28, 28});
  auto labels = tg::randint(0, 10, {16});
  double first = 0, last = 0;
  for (int step = 0; step < 20; ++step) {
    optimizer.zero_grad();
    auto loss = F::cross_entropy(net(images), labels);
    loss.backward();
    optimizer.step();
    (step == 0 ? first : last) = loss.item<double>();
  }
  BOOST_TEST(last < first * 0.5); // memorising 16 images is easy
  std::string path = "/tmp/tapegrad_readme_net.tgckpt";
  tg::save(net, path);
  Net other;
  tg::load(other, path);
  BOOST_TEST(tg::equal(other->fc2->weight, net->fc2->weight));
  std::remove(path.c_str());
  // "Weights from and to Python": the same net as torch.save's format and as safetensors.
  for (const std::string name :
       {"/tmp/tapegrad_readme_net.pt", "/tmp/tapegrad_readme_net.safetensors"}) {
    tg::save(net, name);
    Net again;
    tg::load(again, name);
    BOOST_TEST(tg::equal(again->conv->weight, net->conv->weight));
    std::remove(name.c_str());
  }
}
