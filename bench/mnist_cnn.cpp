// mnist_cnn: LibTorch's examples/mnist-style network without dropout (conv 1->32 3x3, ReLU,
// conv 32->64 3x3, ReLU, max-pool 2, Linear 9216->128, ReLU, Linear 10), Adam lr 1e-3, batch 64.
#include "common.h"

struct NetImpl : torch::nn::Module {
  NetImpl()
      : conv1(register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 32, 3)))),
        conv2(register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(32, 64, 3)))),
        fc1(register_module("fc1", torch::nn::Linear(9216, 128))),
        fc2(register_module("fc2", torch::nn::Linear(128, 10))) {}
  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(conv1(x));
    x = torch::max_pool2d(torch::relu(conv2(x)), 2);
    return fc2(torch::relu(fc1(x.flatten(1))));
  }
  torch::nn::Conv2d conv1, conv2;
  torch::nn::Linear fc1, fc2;
};
TORCH_MODULE(Net);

int main(int argc, char** argv) {
  bench::parse_args(argc, argv);
  torch::set_num_threads(bench::threads());
  torch::manual_seed(0);
  auto train = bench::load_mnist(true), test = bench::load_mnist(false);
  Net model;
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  auto [seconds, loss] = bench::train_epoch(model, optimizer, train, 64);
  char buf[256];
  std::snprintf(buf, sizeof buf, "seconds=%.4f loss=%.4f accuracy=%.4f", seconds, loss,
                bench::test_accuracy(model, test));
  bench::report("mnist_cnn", buf);
}
