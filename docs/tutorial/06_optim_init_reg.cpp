// Tutorial part 6: optimizers, initialisation and regularisation, on a toy regression.
#include <iostream>
#include <memory>

#include <tapegrad/tapegrad.h>

namespace F = tg::nn::functional;

int main() {
  tg::manual_seed(0);
  auto x = tg::randn({256, 8});
  auto y = tg::matmul(x, tg::randn({8, 1})) + 0.1 * tg::randn({256, 1});

  // >>> optimizers
  // The update rules of the seeds, as LibTorch spells them:
  //   SGD      w -= lr * g
  //   Momentum v = 0.9 v + g;  w -= lr * v
  //   AdaGrad  h += g * g;     w -= lr * g / sqrt(h)
  //   RMSprop  h = 0.99 h + 0.01 g * g; w -= lr * g / sqrt(h)
  //   Adam     momentum and RMSprop together, with bias correction
  auto run = [&](auto make_optimizer) {
    tg::manual_seed(1);
    tg::nn::Linear model(8, 1);
    auto optimizer = make_optimizer(model->parameters());
    for (int step = 0; step < 200; ++step) {
      optimizer->zero_grad();
      auto loss = F::mse_loss(model(x), y);
      loss.backward();
      optimizer->step();
    }
    return F::mse_loss(model(x), y).item<double>();
  };
  using namespace tg::optim;
  std::cout << "SGD      " << run([](auto p) { return std::make_unique<SGD>(p, SGDOptions(0.05)); })
            << "\n";
  std::cout << "Momentum "
            << run([](auto p) { return std::make_unique<SGD>(p, SGDOptions(0.05).momentum(0.9)); })
            << "\n";
  std::cout << "AdaGrad  "
            << run([](auto p) { return std::make_unique<Adagrad>(p, AdagradOptions(0.5)); })
            << "\n";
  std::cout << "RMSprop  "
            << run([](auto p) { return std::make_unique<RMSprop>(p, RMSpropOptions(0.01)); })
            << "\n";
  std::cout << "Adam     "
            << run([](auto p) { return std::make_unique<Adam>(p, AdamOptions(0.05)); }) << "\n";
  // <<<
  TG_CHECK(run([](auto p) { return std::make_unique<Adam>(p, AdamOptions(0.05)); }) < 0.05,
           "Adam converges");

  // >>> init
  tg::nn::Linear layer(100, 100);
  tg::nn::init::xavier_normal_(layer->weight);                            // std sqrt(2/(in+out))
  tg::nn::init::kaiming_normal_(layer->weight, 0, tg::kFanIn, tg::kReLU); // He: std sqrt(2/in)
  tg::nn::init::zeros_(layer->bias);
  std::cout << layer->weight.std().item<float>() << "\n"; // about 0.14
  // <<<
  TG_CHECK(std::abs(layer->weight.std().item<float>() - 0.1414f) < 0.01f, "He std");

  // >>> regularisation
  tg::nn::Sequential net(tg::nn::Linear(8, 64), tg::nn::BatchNorm1d(64), tg::nn::ReLU(),
                         tg::nn::Dropout(0.5), tg::nn::Linear(64, 1));
  // weight_decay adds lambda * w to every gradient: the gradient of lambda/2 * |w|^2.
  SGD optimizer(net->parameters(), SGDOptions(0.01).momentum(0.9).weight_decay(1e-4));
  net->train(); // dropout drops, batch norm uses the batch's statistics
  auto train_out = net->forward(x);
  net->eval(); // dropout passes everything, batch norm uses its running averages
  auto eval_out = net->forward(x);
  // <<<
  TG_CHECK(train_out.sizes() == eval_out.sizes(), "shapes");
  return 0;
}
