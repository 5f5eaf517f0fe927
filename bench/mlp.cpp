// mlp: 784 -> 128 (ReLU) -> 10, cross-entropy, SGD lr 0.1 momentum 0.9, batch 64, one epoch.
#include "common.h"

struct MlpImpl : torch::nn::Module {
  MlpImpl()
      : fc1(register_module("fc1", torch::nn::Linear(784, 128))),
        fc2(register_module("fc2", torch::nn::Linear(128, 10))) {}
  torch::Tensor forward(torch::Tensor x) { return fc2(torch::relu(fc1(x.flatten(1)))); }
  torch::nn::Linear fc1, fc2;
};
TORCH_MODULE(Mlp);

int main(int argc, char** argv) {
  bench::parse_args(argc, argv);
  torch::set_num_threads(bench::threads());
  torch::manual_seed(0);
  auto train = bench::load_mnist(true), test = bench::load_mnist(false);
  Mlp model;
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9));
  auto [seconds, loss] = bench::train_epoch(model, optimizer, train, 64);
  char buf[256];
  std::snprintf(buf, sizeof buf, "seconds=%.4f loss=%.4f accuracy=%.4f", seconds, loss,
                bench::test_accuracy(model, test));
  bench::report("mlp", buf);
}
