// LibTorch-style training with an optimizer held by base reference and a checkpoint round trip,
// written for LibTorch 1.13: the #include is its only difference from a program built against
// libtorch. It exits non-zero on any mismatch.
#include <tapegrad/torch_compat.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <tuple>

torch::nn::Sequential make_model() {
  return torch::nn::Sequential(torch::nn::Linear(2, 8), torch::nn::Tanh(), torch::nn::Linear(8, 1),
                               torch::nn::Sigmoid());
}

// One epoch over a fixed problem; the optimizer is only known through its base class.
float train_epoch(torch::nn::Sequential& model, torch::optim::Optimizer& optimizer, const torch::Tensor& x,
                  const torch::Tensor& y) {
  float last = 0;
  for (int step = 0; step < 20; ++step) {
    optimizer.zero_grad();
    auto loss = torch::binary_cross_entropy(model->forward(x).squeeze(1), y);
    loss.backward();
    optimizer.step();
    last = loss.template item<float>();
  }
  return last;
}

int main() {
  torch::manual_seed(11);
  const std::string dir = (std::filesystem::temp_directory_path() / "tg-compat-optim").string();
  std::filesystem::create_directories(dir);

  auto x = torch::randn({64, 2});
  auto y = (x.select(1, 0) * x.select(1, 1) > 0).to(torch::kFloat);

  auto model = make_model();
  torch::optim::Adam adam(model->parameters(),
                          torch::optim::AdamOptions(1e-2).betas(std::make_tuple(0.5, 0.999)));
  float first = train_epoch(model, adam, x, y);
  float second = train_epoch(model, adam, x, y);
  std::printf("adam: %.4f -> %.4f\n", first, second);
  TORCH_CHECK(second < first, "Adam should lower the loss");

  torch::save(model, dir + "/model.pt");
  torch::save(adam, dir + "/adam.pt");

  // A fresh model and optimizer restored from the checkpoint continue exactly where we stopped.
  auto restored = make_model();
  torch::optim::Adam restored_adam(restored->parameters(), torch::optim::AdamOptions(1e-2).betas(std::make_tuple(0.5, 0.999)));
  torch::load(restored, dir + "/model.pt");
  torch::load(restored_adam, dir + "/adam.pt");
  for (size_t i = 0; i < model->parameters().size(); ++i)
    TORCH_CHECK(torch::equal(model->parameters()[i], restored->parameters()[i]), "parameter ", i);
  float a = train_epoch(model, adam, x, y);
  float b = train_epoch(restored, restored_adam, x, y);
  TORCH_CHECK(a == b, "restored run diverged: ", a, " vs ", b);

  // SGD with a bare learning rate, through the same base reference.
  torch::optim::SGD sgd(model->parameters(), /*lr=*/0.5);
  float c = train_epoch(model, sgd, x, y);
  std::printf("sgd: %.4f\n", c);

  torch::Tensor probabilities = model->forward(x);
  torch::save(probabilities, dir + "/probabilities.pt");
  torch::Tensor reloaded;
  torch::load(reloaded, dir + "/probabilities.pt");
  TORCH_CHECK(torch::allclose(probabilities, reloaded), "tensor round trip");
  std::filesystem::remove_all(dir);
  std::cout << "optimizer and checkpoints: ok" << std::endl;
}
