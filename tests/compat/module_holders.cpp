// A LibTorch-style model built from module holders, written for LibTorch 1.13: the #include is its
// only difference from a program built against libtorch. It exits non-zero on any mismatch.
#include <tapegrad/torch_compat.h>

#include <iostream>
#include <memory>
#include <sstream>
#include <string>

namespace F = torch::nn::functional;

struct BlockImpl : torch::nn::Module {
  BlockImpl(int64_t in, int64_t out)
      : conv(register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false)))),
        norm(register_module("norm", torch::nn::BatchNorm2d(out))) {}
  torch::Tensor forward(torch::Tensor x) {
    return F::leaky_relu(norm(conv(x)), F::LeakyReLUFuncOptions().negative_slope(0.2));
  }
  int64_t channels() const { return conv->options.out_channels(); }
  torch::nn::Conv2d conv;
  torch::nn::BatchNorm2d norm;
};
TORCH_MODULE(Block);

struct ClassifierImpl : torch::nn::Module {
  explicit ClassifierImpl(int64_t classes) {
    block = register_module("block", Block(1, 4));
    head = register_module("head", torch::nn::Linear(4 * 4 * 4, classes));
    up = register_module("up", torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(4, 1, 4).stride(2).padding(1)));
  }
  torch::Tensor forward(torch::Tensor x) {
    x = block(x);
    auto image = torch::tanh(up(x));  // [N, 1, 8, 8]
    x = torch::max_pool2d(x, 1).view({x.size(0), -1});
    return torch::log_softmax(head(x), /*dim=*/1) + 0 * image.sum();
  }
  Block block{nullptr};
  torch::nn::Linear head{nullptr};
  torch::nn::ConvTranspose2d up{nullptr};
};
TORCH_MODULE(Classifier);

int64_t count_parameters(const torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters()) n += p.numel();
  return n;
}
std::string describe(const std::shared_ptr<torch::nn::Module>& module) {
  std::ostringstream out;
  out << *module;
  return out.str();
}

int main() {
  torch::manual_seed(3);
  Classifier model(5);
  Block unused{nullptr};
  TORCH_CHECK(!unused, "an empty holder is false");
  TORCH_CHECK(model->block->channels() == 4, "-> reaches the user's own methods");

  torch::Device device(torch::kCPU);
  model->to(device);
  model->to(torch::kCPU);

  std::ostringstream printed;
  printed << model;
  std::cout << printed.str() << std::endl;
  TORCH_CHECK(printed.str().find("::nn::Conv2d(1, 4, kernel_size=[3, 3], stride=[1, 1], padding=[1, 1], bias=false)") != std::string::npos,
              "printed tree: ", printed.str());
  TORCH_CHECK(describe(model.ptr()) == printed.str(), "printing through shared_ptr<Module>");

  int64_t named = 0;
  for (const auto& pair : model->named_parameters()) {
    std::cout << pair.key() << ": " << pair.value().sizes() << std::endl;
    ++named;
  }
  TORCH_CHECK(named == 7, "named_parameters: ", named);
  TORCH_CHECK(count_parameters(*model) == 36 + 8 + 64 * 5 + 5 + 64 + 1, "parameter count ",
              count_parameters(*model));

  auto x = torch::randn({2, 1, 4, 4}, torch::TensorOptions().dtype(torch::kFloat32).device(device));
  auto targets = torch::tensor({1, 3}, torch::kLong);
  model->train();
  auto loss = F::nll_loss(model->forward(x), targets);
  loss.backward();
  TORCH_CHECK(model->head->weight.grad().defined(), "gradients reach the head");
  model->eval();
  torch::NoGradGuard no_grad;
  auto out = model(x);
  TORCH_CHECK(out.sizes() == torch::IntArrayRef({2, 5}), "output ", out.sizes());
  std::cout << "loss " << loss.item<float>() << "\nmodule holders: ok" << std::endl;
}
