// mnist_seed_torch: the third experiment of seed 004 ("torch示例"), the seed's PyTorch MNIST
// program, here in LibTorch's C++ spelling. It includes <tapegrad/torch_compat.h>, so every name
// below is the one a LibTorch 1.13 program uses (torch::nn::Linear, torch::optim::SGD,
// torch::data::make_data_loader, ...) and the file would build against LibTorch by changing only
// the include line and the helpers of examples/common.
//
// 784 -> 128 -> 10 with a ReLU between, CrossEntropyLoss, SGD with lr 0.01 and momentum 0.9,
// batches of 32 images (the seed's batch_size = 32), 5 epochs; after each epoch it prints the
// mean training loss and the test accuracy, as the seed's
//   print(f'Epoch {epoch+1}/{epochs}, Loss: {running_loss/len(train_loader):.4f}, Accuracy: ...')
// The seed's comments (translated) stay where the seed puts them.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <tapegrad/torch_compat.h> // in LibTorch: #include <torch/torch.h>

#include "common/teaching.h"

// The seed's NeuralNetwork(nn.Module). Its forward is the standard name for the forward pass;
// every operation in it is recorded, which is what loss.backward() later walks back through.
struct NeuralNetworkImpl : torch::nn::Module {
  NeuralNetworkImpl(int64_t input_size, int64_t hidden_size, int64_t output_size)
      : input_size(input_size),
        layer1(register_module("layer1", torch::nn::Linear(input_size, hidden_size))),
        relu(register_module("relu", torch::nn::ReLU())),
        layer2(register_module("layer2", torch::nn::Linear(hidden_size, output_size))) {}

  torch::Tensor forward(torch::Tensor x) {
    x = x.reshape({-1, input_size}); // flatten the image
    x = layer1(x);                   // linear layer 1
    x = relu(x);                     // the ReLU activation
    x = layer2(x);                   // linear layer 2
    return x;
  }

  int64_t input_size;
  torch::nn::Linear layer1;
  torch::nn::ReLU relu;
  torch::nn::Linear layer2;
};
TORCH_MODULE(NeuralNetwork);

int main(int argc, char** argv) {
  std::string data_dir = "data/mnist";
  int epochs = 5;
  int64_t batch_size = 32, train_images = 0;
  uint64_t seed = 1;
  bool quick = false;
  CLI::App app{"Seed 004's PyTorch MNIST program in LibTorch spelling: 784 -> 128 -> 10 ReLU, "
               "CrossEntropyLoss, SGD lr 0.01 momentum 0.9, accuracy per epoch."};
  app.add_option("--data", data_dir, "folder with the MNIST IDX files")->capture_default_str();
  app.add_option("--epochs", epochs, "passes over the training images")->capture_default_str();
  app.add_option("--batch-size", batch_size, "images per step (the seed's batch_size = 32)")
      ->capture_default_str();
  app.add_option("--train-images", train_images, "use only the first N training images (0: all)")
      ->capture_default_str();
  app.add_option("--seed", seed, "torch::manual_seed")->capture_default_str();
  app.add_flag("--quick", quick, "one epoch on 6,000 training images (for the test suite)");
  CLI11_PARSE(app, argc, argv);
  if (quick) {
    epochs = 1;
    train_images = 6000;
  }
  examples::require_mnist_or_skip(data_dir);
  torch::manual_seed(seed);

  try {
    namespace data = torch::data;
    // transforms.Normalize((0.1307,), (0.3081,)): 0.1307 and 0.3081 are the mean and standard
    // deviation of MNIST's pixels (after ToTensor has scaled them from 0..255 to 0..1), so the
    // normalised inputs have mean 0 and standard deviation 1.
    auto normalize = data::transforms::Normalize<>(0.1307, 0.3081);
    data::datasets::MNIST train_mnist(data_dir, data::datasets::MNIST::Mode::kTrain);
    std::vector<size_t> first(train_images > 0 ? size_t(train_images) : *train_mnist.size());
    std::iota(first.begin(), first.end(), size_t(0));
    auto train_dataset = data::datasets::Subset<data::datasets::MNIST>(train_mnist, first)
                             .map(normalize)
                             .map(data::transforms::Stack<>());
    auto test_dataset = data::datasets::MNIST(data_dir, data::datasets::MNIST::Mode::kTest)
                            .map(normalize)
                            .map(data::transforms::Stack<>());
    const size_t train_size = *train_dataset.size(), test_size = *test_dataset.size();
    // The data loaders. batch_size: how many images one step sees; a larger batch trains faster
    // per image but needs more memory. The training loader shuffles (RandomSampler, the default,
    // is the seed's shuffle=True); the test loader keeps the order (shuffle=False).
    auto train_loader = data::make_data_loader(std::move(train_dataset), size_t(batch_size));
    auto test_loader = data::make_data_loader<data::samplers::SequentialSampler>(
        std::move(test_dataset), size_t(batch_size));
    const size_t batches = (train_size + size_t(batch_size) - 1) / size_t(batch_size);

    // Input layer 28*28 = 784; hidden layer 128 (often a power of two); output layer 10, one per
    // digit.
    const int64_t input_size = 28 * 28, hidden_size = 128, output_size = 10;
    NeuralNetwork model(input_size, hidden_size, output_size);

    // Key point 1, the loss: cross-entropy, for classification (loss = -sum(y_true *
    // log(y_pred)), with y_pred the softmax of the outputs, which CrossEntropyLoss computes
    // itself). Mean squared error would be the choice for regression.
    torch::nn::CrossEntropyLoss criterion;
    // Key point 2, the optimizer: SGD with learning rate 0.01 (the step size) and momentum 0.9
    // (the velocity v = momentum * v + grad accelerates along directions that keep their sign).
    torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
    fmt::print("mnist_seed_torch: {} training and {} test images from {}, 784 -> 128 -> 10 ReLU, "
               "CrossEntropyLoss, SGD lr 0.01 momentum 0.9, batch {}, {} epochs\n",
               train_size, test_size, data_dir, batch_size, epochs);

    double accuracy = 0;
    for (int epoch = 0; epoch < epochs; ++epoch) {
      double running_loss = 0.0;
      model->train(); // training mode (this network has no dropout or batch norm: no effect)
      for (auto& batch : *train_loader) {
        auto outputs = model(batch.data);             // forward pass
        auto loss = criterion(outputs, batch.target); // the loss
        optimizer.zero_grad(); // clear the gradients: otherwise backward() adds to the old ones
        // Backward: autograd recorded every operation of the forward pass (each result points to
        // the node that made it, its grad_fn); backward() walks that record from the loss to
        // every parameter that took part, without being told which model they belong to.
        loss.backward();
        optimizer.step(); // weight = weight - lr * (the momentum-smoothed) grad
        running_loss += loss.item<double>();
      }

      // After each epoch, the accuracy on the test set, without recording a graph
      // (torch.no_grad()).
      int64_t correct = 0, total = 0;
      {
        torch::NoGradGuard no_grad;
        model->eval();
        for (auto& batch : *test_loader) {
          auto outputs = model(batch.data);
          // torch::max(outputs, 1) returns two tensors: the largest value of each row along
          // dim 1 (the classes) and its index. The index is the predicted digit; the value (the
          // largest logit) is not needed, hence std::ignore where the seed writes `_`. Unlike
          // torch::maximum(a, b), which compares two tensors element by element and returns
          // one tensor, torch::max(t, dim) reduces along a dimension and returns (values,
          // indices).
          torch::Tensor predicted;
          std::tie(std::ignore, predicted) = torch::max(outputs, 1);
          // labels.size(0): the images in this batch (the last batch may be smaller).
          total += batch.target.size(0);
          // (predicted == labels) is a tensor of booleans; sum() counts the trues and item()
          // turns the one-element result into a number.
          correct += (predicted == batch.target).sum().item<int64_t>();
        }
      }
      accuracy = double(correct) / double(total);
      fmt::print("Epoch {}/{}, Loss: {:.4f}, Accuracy: {:.4f}\n", epoch + 1, epochs,
                 running_loss / double(batches), accuracy);
    }
    // The seed's last line (测试集准确率, test-set accuracy).
    fmt::print("test accuracy: {:.4f}\n", accuracy);
  } catch (const torch::Error& e) {
    fmt::print(stderr, "mnist_seed_torch: {}\n", e.what());
    return 1;
  }
}
