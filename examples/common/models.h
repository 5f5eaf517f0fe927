#pragma once
// The two networks of the seed documents, as nn modules: the two-layer MLP and SimpleConvNet.
// mnist_predict rebuilds either from a saved file, so they live here, shared.
#include <tapegrad/tapegrad.h>

namespace examples {

/// 784 -> hidden -> 10 with ReLU: the seeds' TwoLayerNet. Returns logits; softmax is in the loss.
struct MlpImpl : tg::nn::Module {
  explicit MlpImpl(int64_t hidden = 256)
      : fc1(register_module("fc1", tg::nn::Linear(28 * 28, hidden))),
        fc2(register_module("fc2", tg::nn::Linear(hidden, 10))) {}
  tg::Tensor forward(tg::Tensor x) {
    x = tg::relu(fc1(x.flatten(1)));
    return fc2(x);
  }
  tg::nn::Linear fc1, fc2;
};
TG_MODULE(Mlp);

/// conv 30 filters 5x5 -> ReLU -> max-pool 2x2 -> 100 -> ReLU -> 10: the seeds' SimpleConvNet.
struct SimpleConvNetImpl : tg::nn::Module {
  SimpleConvNetImpl()
      : conv(register_module("conv", tg::nn::Conv2d(tg::nn::Conv2dOptions(1, 30, 5)))),
        fc1(register_module("fc1", tg::nn::Linear(30 * 12 * 12, 100))),
        fc2(register_module("fc2", tg::nn::Linear(100, 10))) {}
  tg::Tensor forward(tg::Tensor x) {
    namespace F = tg::nn::functional;
    x = F::max_pool2d(tg::relu(conv(x)), F::MaxPool2dFuncOptions(2)); // [N, 30, 12, 12]
    x = tg::relu(fc1(x.flatten(1)));
    return fc2(x);
  }
  tg::nn::Conv2d conv;
  tg::nn::Linear fc1, fc2;
};
TG_MODULE(SimpleConvNet);

} // namespace examples
