// from_pytorch: runs in C++ the MLP that PyTorch trained in Python. train_mlp.py (next to this
// file) trains the seeds' two-layer network for one epoch and saves its state_dict with
// torch.save; this program rebuilds the same architecture with tg::nn (examples::Mlp: fc1, fc2),
// loads the weights and prints the test accuracy, which is the one Python printed.
//
//   /usr/bin/python3 examples/from_pytorch/train_mlp.py --epochs 1
//   build/examples/from_pytorch --model runs/mlp_from_python.pt
//
// The reverse direction needs no extra code: `mnist_mlp --save runs/mlp.pt` writes torch.save's
// format because of the name, and `train_mlp.py --evaluate runs/mlp.pt` reads it in Python.
#include <fmt/format.h>

#include <tapegrad/tapegrad.h>

#include "common/mnist_data.h"
#include "common/models.h"
#include "common/options.h"

int main(int argc, char** argv) {
  std::string model_path = "runs/mlp_from_python.pt", dataset = "mnist", data_dir;
  CLI::App app{"Loads an MLP that PyTorch trained (train_mlp.py) and prints its test accuracy."};
  app.add_option("--model", model_path, "torch.save state_dict, safetensors or tapegrad file")
      ->capture_default_str();
  app.add_option("--dataset", dataset, "mnist or fashion")
      ->check(CLI::IsMember({"mnist", "fashion"}))
      ->capture_default_str();
  app.add_option("--data", data_dir, "IDX files (default data/<dataset>)");
  CLI11_PARSE(app, argc, argv);
  if (data_dir.empty()) data_dir = "data/" + dataset;

  try {
    // The hidden width is read from the file: fc1.weight is [hidden, 784].
    const auto state = tg::serialize::read_state_dict(model_path);
    const tg::Tensor* fc1 = state.find("fc1.weight");
    TG_CHECK(fc1 != nullptr && fc1->dim() == 2, "from_pytorch: ", model_path,
             " has no fc1.weight matrix: not the MLP of train_mlp.py");
    examples::Mlp model(fc1->size(0));
    model->load_state_dict(state); // strict: every name and shape must match
    fmt::print("from_pytorch: loaded {} ({} tensors), MLP 784 -> {} -> 10\n", model_path,
               state.size(), fc1->size(0));

    const auto stats = examples::pixel_stats(dataset);
    auto test_set = tg::data::datasets::MNIST(data_dir, tg::data::datasets::MNIST::Mode::kTest)
                        .map(tg::data::transforms::Normalize<>(stats.mean, stats.stddev))
                        .map(tg::data::transforms::Stack<>());
    fmt::print("test accuracy: {:.4f}\n", examples::accuracy(model, test_set));
  } catch (const tg::Error& e) {
    fmt::print(stderr, "from_pytorch: {}\n", e.what());
    return 1;
  }
}
