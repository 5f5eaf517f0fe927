#pragma once
// The seeds' MultiLayerNetExtend: a fully connected ReLU network of any depth whose hidden layers
// can carry batch normalisation and dropout, trained by mini-batch SGD on tensors held in memory,
// with weight decay written out as the seeds write it (an L2 penalty added to the loss). The
// regularization, batchnorm and hyperparameter_search examples build their networks from it.
#include <cmath>
#include <cstdint>
#include <vector>

#include <tapegrad/tapegrad.h>

namespace examples {

struct MultiLayerNetOptions {
  std::vector<int64_t> hidden = {100, 100, 100, 100, 100, 100};
  /// The std of the initial weights; 0 means He's sqrt(2 / inputs), the seeds' default for ReLU.
  double weight_init_std = 0;
  /// Normalise each hidden layer's pre-activations over the mini-batch (BatchNorm1d).
  bool batchnorm = false;
  /// Added to the batch variance before its square root (LibTorch's default 1e-5).
  double batchnorm_eps = 1e-5;
  /// The probability with which dropout zeroes a hidden unit while training; 0: no dropout.
  double dropout = 0;
};

/// 784 -> hidden... -> 10: Linear [-> BatchNorm1d] -> ReLU [-> Dropout] per hidden layer, logits
/// out. Biases start at zero, weights from N(0, std^2).
inline tg::nn::Sequential multi_layer_net(const MultiLayerNetOptions& options) {
  tg::nn::Sequential net;
  int64_t in = 28 * 28;
  auto linear = [&](int64_t out) {
    tg::nn::Linear fc(in, out);
    const double std =
        options.weight_init_std > 0 ? options.weight_init_std : std::sqrt(2.0 / double(in));
    tg::nn::init::normal_(fc->weight, 0, std);
    tg::nn::init::zeros_(fc->bias);
    in = out;
    return fc;
  };
  for (int64_t width : options.hidden) {
    net->push_back(linear(width));
    if (options.batchnorm)
      net->push_back(
          tg::nn::BatchNorm1d(tg::nn::BatchNorm1dOptions(width).eps(options.batchnorm_eps)));
    net->push_back(tg::nn::ReLU());
    if (options.dropout > 0) net->push_back(tg::nn::Dropout(options.dropout));
  }
  net->push_back(linear(10));
  return net;
}

/// The seeds' weight decay: 1/2 lambda sum W^2 over the weight matrices. Biases and the
/// batch-norm scales are left alone: they are few and shrinking them does not make the network
/// simpler. Its gradient, lambda W, is what SGDOptions().weight_decay(lambda) adds instead (to
/// every parameter).
inline tg::Tensor l2_penalty(const tg::nn::Sequential& net, double lambda) {
  tg::Tensor sum = tg::zeros({});
  for (const auto& p : net->parameters())
    if (p.dim() == 2) sum = sum + p.pow(2).sum();
  return 0.5 * lambda * sum;
}

/// One pass over (x, y) in shuffled mini-batches of `batch`; the loss is softmax cross-entropy
/// plus the L2 penalty when `lambda` > 0. Returns the mean loss (penalty included).
inline double train_epoch(tg::nn::Sequential& net, tg::optim::Optimizer& optimizer,
                          const tg::Tensor& x, const tg::Tensor& y, int64_t batch,
                          double lambda = 0) {
  net->train();
  const int64_t n = x.size(0);
  const tg::Tensor order = tg::randperm(n);
  double total = 0;
  int64_t steps = 0;
  for (int64_t k = 0; k < n; k += batch) {
    const tg::Tensor idx = order.narrow(0, k, std::min(batch, n - k));
    tg::Tensor loss = tg::nn::functional::cross_entropy(net->forward(x.index_select(0, idx)),
                                                        y.index_select(0, idx));
    if (lambda > 0) loss = loss + l2_penalty(net, lambda);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    total += loss.item<double>();
    ++steps;
  }
  return steps ? total / double(steps) : 0.0;
}

/// The fraction of (x, y) that `net` classifies correctly, in eval mode (dropout off, batch norm
/// with its running statistics) and without recording a graph.
inline double evaluate(tg::nn::Sequential& net, const tg::Tensor& x, const tg::Tensor& y) {
  tg::NoGradGuard no_grad;
  net->eval();
  const double accuracy = net->forward(x).argmax(1).eq(y).to(tg::kDouble).mean().item<double>();
  net->train();
  return accuracy;
}

} // namespace examples
