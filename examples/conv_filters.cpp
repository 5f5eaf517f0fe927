// conv_filters: what the first layer of a CNN learns, as the seeds show it. SimpleConvNet's first
// layer has 30 filters of 5x5 weights; each slides over the image and answers "how much does this
// patch look like me?". Before training the weights are random noise (drawn with std 0.01 as in
// the seeds, so whatever is learnt dominates the picture afterwards); after training they have
// become regular patterns: strokes and edges at different angles, light-dark boundaries, blobs,
// the building blocks the later layers combine into digits.
// The program draws the 30 filters as a 6 x 5 grid of enlarged tiles (each tile scaled to its own
// minimum, black, and maximum, white) before and after training, as PGM images (any image viewer
// opens them) and, with gnuplot, side by side in one PNG. It prints how far the filters moved and
// one number for "pattern rather than noise": the correlation between horizontally or vertically
// neighbouring weights, near 0 for noise and clearly positive for smooth strokes.
// Training is short to stay under a minute: one epoch of Adam (lr 0.001, batch 100) over the first
// 20,000 MNIST training images (the seeds train 20 epochs on all 60,000).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <fmt/format.h>
#include <fstream>

#include <tapegrad/tapegrad.h>

#include "common/models.h"
#include "common/pgm.h"
#include "common/teaching.h"

using tg::Tensor;
namespace F = tg::nn::functional;

constexpr int64_t kColumns = 6, kZoom = 8, kGap = 4;

/// The filters [count, 1, k, k] as one greyscale image: tiles of k*kZoom pixels in kColumns
/// columns, kGap pixels of mid-grey between them.
Tensor filter_grid(const Tensor& filters) {
  const Tensor w = filters.detach().contiguous();
  const int64_t count = w.size(0), k = w.size(2), tile = k * kZoom;
  const int64_t rows = (count + kColumns - 1) / kColumns;
  Tensor grid = tg::full({rows * (tile + kGap) + kGap, kColumns * (tile + kGap) + kGap}, 0.5);
  float* g = grid.data_ptr<float>();
  const int64_t width = grid.size(1);
  for (int64_t f = 0; f < count; ++f) {
    const float* v = w.data_ptr<float>() + f * k * k;
    // Each tile on its own scale: what matters is the pattern, not how large the weights are.
    const float lo = *std::min_element(v, v + k * k), hi = *std::max_element(v, v + k * k);
    const float scale = hi > lo ? 1 / (hi - lo) : 0;
    const int64_t top = kGap + (f / kColumns) * (tile + kGap);
    const int64_t left = kGap + (f % kColumns) * (tile + kGap);
    for (int64_t y = 0; y < tile; ++y)
      for (int64_t x = 0; x < tile; ++x)
        g[(top + y) * width + left + x] = (v[(y / kZoom) * k + x / kZoom] - lo) * scale;
  }
  return grid;
}

/// The correlation between weights that are neighbours (right or below) within a filter, over
/// all filters: about 0 for independent noise, positive for smooth patterns.
double neighbour_correlation(const Tensor& filters) {
  const Tensor w = filters.detach();
  // Each filter centred on its own mean, so the correlation is about shape, not offset.
  const Tensor c = w - w.mean({1, 2, 3}, true);
  const int64_t k = w.size(3);
  const Tensor a = tg::cat({c.narrow(3, 0, k - 1).flatten(), c.narrow(2, 0, k - 1).flatten()});
  const Tensor b = tg::cat({c.narrow(3, 1, k - 1).flatten(), c.narrow(2, 1, k - 1).flatten()});
  return ((a * b).sum() / (a.pow(2).sum() * b.pow(2).sum()).sqrt()).item<double>();
}

int main(int argc, char** argv) {
  std::string data_dir = "data/mnist", out_dir = "runs";
  int64_t images = 20000;
  uint64_t seed = 1;
  bool quick = false;
  CLI::App app{"SimpleConvNet's 30 first-layer filters before and after training, as images."};
  app.add_option("--data", data_dir, "folder with the MNIST IDX files")->capture_default_str();
  app.add_option("--out", out_dir, "folder for the images")->capture_default_str();
  app.add_option("--images", images, "training images (one epoch)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--seed", seed, "seed for the weights and the shuffling")->capture_default_str();
  app.add_flag("--quick", quick, "1,500 images (for the test suite)");
  CLI11_PARSE(app, argc, argv);
  if (quick) images = 1500;

  auto mnist = examples::load_mnist_or_skip(data_dir, images, 2000);
  const Tensor train_x = mnist.train_x.view({-1, 1, 28, 28});
  const Tensor test_x = mnist.test_x.view({-1, 1, 28, 28});
  tg::manual_seed(seed);
  examples::SimpleConvNet net;
  tg::nn::init::normal_(net->conv->weight, 0, 0.01);
  tg::nn::init::zeros_(net->conv->bias);
  const Tensor before = net->conv->weight.detach().clone();
  fmt::print("conv_filters: SimpleConvNet (30 filters 5x5), one epoch of Adam lr 0.001 batch 100 "
             "on the first {} training images\n",
             train_x.size(0));

  tg::optim::Adam adam(net->parameters(), tg::optim::AdamOptions(0.001));
  const Tensor order = tg::randperm(train_x.size(0));
  for (int64_t k = 0; k < train_x.size(0); k += 100) {
    const Tensor idx = order.narrow(0, k, std::min<int64_t>(100, train_x.size(0) - k));
    Tensor loss = F::cross_entropy(net->forward(train_x.index_select(0, idx)),
                                   mnist.train_y.index_select(0, idx));
    adam.zero_grad();
    loss.backward();
    adam.step();
  }
  const Tensor after = net->conv->weight.detach().clone();
  {
    tg::NoGradGuard no_grad;
    net->eval();
    fmt::print("test accuracy after training (first {} test images): {:.4f}\n", test_x.size(0),
               examples::accuracy_of(net->forward(test_x), mnist.test_y));
  }

  // How far each filter moved, against how large it was.
  const Tensor norm_before = before.flatten(1).norm(2, 1), norm_after = after.flatten(1).norm(2, 1);
  const Tensor moved = (after - before).flatten(1).norm(2, 1) / norm_before;
  fmt::print("filter norms: mean {:.4f} before, {:.4f} after training\n",
             norm_before.mean().item<double>(), norm_after.mean().item<double>());
  fmt::print("filters that moved by more than their initial size: {} of {}\n",
             (moved > 1).sum().item<int64_t>(), moved.size(0));
  fmt::print("neighbour correlation: {:.3f} before, {:.3f} after training\n",
             neighbour_correlation(before), neighbour_correlation(after));

  const std::string before_path = examples::output_path(out_dir, "conv_filters_before.pgm");
  const std::string after_path = examples::output_path(out_dir, "conv_filters_after.pgm");
  const Tensor grid_before = filter_grid(before), grid_after = filter_grid(after);
  examples::write_pgm(before_path, grid_before);
  examples::write_pgm(after_path, grid_after);
  fmt::print("filter grids ({} x {} pixels): {} and {}\n", grid_before.size(1), grid_before.size(0),
             before_path, after_path);

  // For gnuplot: both grids as text matrices, drawn side by side in grey.
  auto write_matrix = [&](const std::string& name, const Tensor& grid) {
    const std::string path = examples::output_path(out_dir, name);
    std::ofstream out(path, std::ios::trunc);
    const float* g = grid.data_ptr<float>();
    for (int64_t y = 0; y < grid.size(0); ++y) {
      for (int64_t x = 0; x < grid.size(1); ++x) out << (x ? " " : "") << g[y * grid.size(1) + x];
      out << "\n";
    }
    return path;
  };
  const std::string m_before = write_matrix("conv_filters_before.txt", grid_before);
  const std::string m_after = write_matrix("conv_filters_after.txt", grid_after);
  examples::gnuplot_png(
      examples::output_path(out_dir, "conv_filters.png"),
      fmt::format("set multiplot layout 1,2 title 'first-layer filters of SimpleConvNet'\n"
                  "set palette grey\nunset colorbox\nunset tics\nunset border\nset yrange [] "
                  "reverse\nset size ratio -1\nset datafile separator whitespace\n"
                  "set title 'before training'\nplot '{}' matrix with image notitle\n"
                  "set title 'after training'\nplot '{}' matrix with image notitle\n"
                  "unset multiplot\n",
                  m_before, m_after),
      1000, 480);
  return 0;
}
