// Tutorial part 4: an MLP on MNIST. One epoch on the first 10,000 training images; exits with 77
// (skipped) when data/mnist has not been fetched (scripts/fetch-data mnist).
#include <filesystem>
#include <iostream>

#include <tapegrad/tapegrad.h>

// >>> model
struct MlpImpl : tg::nn::Module {
  MlpImpl()
      : fc1(register_module("fc1", tg::nn::Linear(784, 100))),
        fc2(register_module("fc2", tg::nn::Linear(100, 10))) {}
  tg::Tensor forward(tg::Tensor x) { return fc2(tg::relu(fc1(x.flatten(1)))); }
  tg::nn::Linear fc1, fc2;
};
TG_MODULE(Mlp); // Mlp is a shared handle to an MlpImpl, as TORCH_MODULE makes it
// <<<

int main(int argc, char** argv) {
  const std::string root = argc > 1 ? argv[1] : "data/mnist";
  if (!std::filesystem::exists(root + "/train-images-idx3-ubyte")) return 77;
  // >>> train
  using namespace tg::data;
  auto train = datasets::MNIST(root, datasets::MNIST::Mode::kTrain);
  auto subset = datasets::Subset(train, [] {
    std::vector<size_t> first(10000);
    for (size_t i = 0; i < first.size(); ++i) first[i] = i;
    return first;
  }());
  auto loader = make_data_loader(subset.map(transforms::Stack<>()), DataLoaderOptions(64));

  tg::manual_seed(1);
  Mlp model;
  tg::optim::SGD optimizer(model->parameters(), tg::optim::SGDOptions(0.1).momentum(0.9));
  for (auto& batch : *loader) {
    optimizer.zero_grad();
    auto loss = tg::nn::functional::cross_entropy(model(batch.data), batch.target);
    loss.backward();
    optimizer.step();
  }

  tg::NoGradGuard no_grad; // evaluation: no tape
  model->eval();
  auto test = datasets::MNIST(root, datasets::MNIST::Mode::kTest);
  auto predicted = model(test.images()).argmax(1);
  double accuracy = predicted.eq(test.targets()).to(tg::kDouble).mean().item<double>();
  std::cout << "test accuracy " << accuracy << "\n"; // about 0.93
  // <<<
  TG_CHECK(accuracy > 0.85, "accuracy ", accuracy);
  return 0;
}
