// Tutorial part 7: a LibTorch program compiled unchanged through torch_compat.h.
// >>> port
#include <iostream>
#include <tapegrad/torch_compat.h> // was: #include <torch/torch.h>

struct NetImpl : torch::nn::Module {
  NetImpl() : fc(register_module("fc", torch::nn::Linear(4, 2))) {}
  torch::Tensor forward(torch::Tensor x) { return torch::log_softmax(fc(x), /*dim=*/1); }
  torch::nn::Linear fc;
};
TORCH_MODULE(Net);

int main() {
  torch::manual_seed(0);
  Net net;
  torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(1e-2));
  auto x = torch::randn({8, 4});
  auto target = torch::randint(0, 2, {8});
  for (int step = 0; step < 50; ++step) {
    optimizer.zero_grad();
    auto loss = torch::nll_loss(net->forward(x), target);
    loss.backward();
    optimizer.step();
  }
  std::cout << net->forward(x).argmax(1).eq(target).sum().item<int64_t>() << " / 8\n";
  TORCH_CHECK(net->fc->weight.grad().defined(), "gradients were computed");
}
// <<<
