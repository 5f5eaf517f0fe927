// LibTorch-style L-BFGS with a closure, as physics-informed and curve-fitting programs use it,
// written for LibTorch 1.13: the #include is its only difference from a program built against
// libtorch. Fits a small network with strong Wolfe line search, then resumes from a checkpoint of
// model and optimizer and checks that the resumed run matches the uninterrupted one. It exits
// non-zero on any mismatch. history_size is 5 because LibTorch 1.13's torch::save(LBFGS) aborts
// ("Cannot access storage of UndefinedTensorImpl") while the history has empty slots; tapegrad
// saves those too.
#include <tapegrad/torch_compat.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

struct Net : torch::nn::Module {
  Net() {
    fc1 = register_module("fc1", torch::nn::Linear(1, 16));
    fc2 = register_module("fc2", torch::nn::Linear(16, 1));
  }
  torch::Tensor forward(torch::Tensor x) { return fc2->forward(torch::tanh(fc1->forward(x))); }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};

int main() {
  torch::manual_seed(0);
  auto x = torch::linspace(-1, 1, 64).unsqueeze(1);
  auto y = torch::sin(3 * x);
  auto net = std::make_shared<Net>();
  const auto options = torch::optim::LBFGSOptions(1).history_size(5).line_search_fn("strong_wolfe");
  torch::optim::LBFGS optimizer(net->parameters(), options);
  auto closure = [&]() -> torch::Tensor {
    optimizer.zero_grad();
    auto loss = torch::mse_loss(net->forward(x), y);
    loss.backward();
    return loss;
  };
  const double first = optimizer.step(closure).item<double>();
  for (int i = 0; i < 4; ++i) optimizer.step(closure);
  const std::string dir = std::filesystem::temp_directory_path().string();
  const std::string model_path = dir + "/tg_compat_lbfgs_model.pt",
                    optim_path = dir + "/tg_compat_lbfgs_optim.pt";
  torch::save(net, model_path);
  torch::save(optimizer, optim_path);
  for (int i = 0; i < 3; ++i) optimizer.step(closure);
  const double straight = torch::mse_loss(net->forward(x), y).item<double>();

  auto net2 = std::make_shared<Net>();
  torch::load(net2, model_path);
  // The same options: LibTorch 1.13 aborts (vector index out of range) on the first step after
  // loading into an L-BFGS built with another history_size; tapegrad takes the saved options.
  torch::optim::LBFGS optimizer2(net2->parameters(), options);
  torch::load(optimizer2, optim_path);
  auto closure2 = [&]() -> torch::Tensor {
    optimizer2.zero_grad();
    auto loss = torch::mse_loss(net2->forward(x), y);
    loss.backward();
    return loss;
  };
  for (int i = 0; i < 3; ++i) optimizer2.step(closure2);
  const double resumed = torch::mse_loss(net2->forward(x), y).item<double>();
  std::filesystem::remove(model_path);
  std::filesystem::remove(optim_path);

  std::printf("loss %.6g -> %.6g (resumed from a checkpoint: %.6g)\n", first, straight, resumed);
  if (!(straight < 0.01 * first)) {
    std::printf("FAIL: L-BFGS did not fit the curve\n");
    return 1;
  }
  if (std::abs(resumed - straight) > 1e-6 * std::max(1e-12, straight) + 1e-12) {
    std::printf("FAIL: the resumed run differs from the uninterrupted one\n");
    return 1;
  }
  return 0;
}
