// weight_init: the seeds' experiment on initial weights. 1,000 random inputs (standard normal, 100
// features) pass through 5 layers of 100 neurons with no training at all; the histogram of each
// layer's activations shows whether the signal survives:
//   sigmoid, std 1      activations pile up at 0 and 1, where sigmoid's slope vanishes;
//   sigmoid, std 0.01   all near 0.5: every neuron says the same thing;
//   sigmoid, Xavier     std 1/sqrt(n) for n inputs per neuron: spread out in every layer;
//   tanh, Xavier        the same, centred on 0 (tanh is symmetric about the origin);
//   ReLU, std 0.01      the signal shrinks towards 0 layer by layer;
//   ReLU, He            std sqrt(2/n) makes up for ReLU zeroing half its inputs: it stays spread.
// The histograms are drawn as one PNG (a row per setting, a column per layer); the numbers behind
// them go to a CSV.
#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/format.h>
#include <fstream>

#include <tapegrad/tapegrad.h>

#include "common/teaching.h"

using tg::Tensor;

struct Setting {
  std::string name, activation;
  double stddev; // of the weights, for n = 100 inputs per neuron
};

int main(int argc, char** argv) {
  std::string out_dir = "runs";
  int64_t samples = 1000, nodes = 100;
  int layers = 5, bins = 20;
  bool quick = false;
  CLI::App app{"Activation histograms of a 5-layer network under different weight "
               "initialisations (std 1, std 0.01, Xavier, He)."};
  app.add_option("--out", out_dir, "folder for the CSV and picture")->capture_default_str();
  app.add_option("--samples", samples, "random inputs")->capture_default_str();
  app.add_flag("--quick", quick, "accepted for the test suite (this example is always quick)");
  CLI11_PARSE(app, argc, argv);

  const double n = double(nodes);
  const std::vector<Setting> settings{
      {"sigmoid, std 1", "sigmoid", 1.0},
      {"sigmoid, std 0.01", "sigmoid", 0.01},
      {"sigmoid, Xavier", "sigmoid", 1 / std::sqrt(n)},
      {"tanh, Xavier", "tanh", 1 / std::sqrt(n)},
      {"ReLU, std 0.01", "relu", 0.01},
      {"ReLU, He", "relu", std::sqrt(2 / n)},
  };
  tg::manual_seed(1);
  const Tensor input = tg::randn({samples, nodes});
  const std::string csv_path = examples::output_path(out_dir, "weight_init.csv");
  std::ofstream csv(csv_path, std::ios::trunc);
  csv << "setting,layer,bin_low,bin_high,count\n"; // setting: the row of the table above, from 0

  tg::NoGradGuard no_grad;
  for (size_t k = 0; k < settings.size(); ++k) {
    const Setting& s = settings[k];
    fmt::print("{} (weights drawn with std {:.4g}):\n", s.name, s.stddev);
    Tensor a = input;
    // The histogram range the seeds' book uses: the activation's output range, [0, 1] for ReLU.
    const double lo = s.activation == "tanh" ? -1 : 0, hi = 1;
    for (int layer = 1; layer <= layers; ++layer) {
      const Tensor z = tg::matmul(a, tg::randn({nodes, nodes}) * s.stddev);
      a = s.activation == "sigmoid" ? tg::sigmoid(z)
          : s.activation == "tanh"  ? tg::tanh(z)
                                    : tg::relu(z);
      // What the histogram shows, in two numbers: the spread of the activations, and the share
      // stuck where the activation is flat (sigmoid/tanh near their limits, ReLU at exactly 0).
      const Tensor stuck = s.activation == "relu" ? a.eq(0) : (a.abs() > 0.99) | (a < 0.01 + lo);
      fmt::print("  layer {}: mean {:7.4f}  std {:.4f}  at a flat spot {:5.1f}%\n", layer,
                 a.mean().item<double>(), a.std().item<double>(),
                 100 * stuck.to(tg::kDouble).mean().item<double>());
      std::vector<int64_t> counts(size_t(bins), 0);
      const Tensor flat = a.flatten().contiguous();
      const float* v = flat.data_ptr<float>();
      for (int64_t i = 0; i < flat.numel(); ++i) {
        const int b = int((double(v[i]) - lo) / (hi - lo) * bins);
        if (b >= 0 && b <= bins) ++counts[size_t(std::min(b, bins - 1))];
      }
      for (int b = 0; b < bins; ++b)
        csv << fmt::format("{},{},{:.3f},{:.3f},{}\n", k, layer, lo + (hi - lo) * b / bins,
                           lo + (hi - lo) * (b + 1) / bins, counts[size_t(b)]);
    }
  }
  csv.close();
  fmt::print("histograms: {}\n", csv_path);

  // A row of five panels per setting; each panel filters the CSV to its setting and layer.
  std::string body = "set multiplot layout 6,5 title 'activation histograms, layers 1 to 5'\n"
                     "unset key\nset style fill solid 0.8\nset format y ''\nset ytics scale 0\n"
                     "set tics font ',7'\nset title font ',9'\n";
  for (size_t k = 0; k < settings.size(); ++k) {
    const double lo = settings[k].activation == "tanh" ? -1 : 0;
    for (int layer = 1; layer <= layers; ++layer)
      body += fmt::format("set title '{0}, layer {1}'\nset xrange [{2}:1]\nplot '{3}' skip 1 using "
                          "($1 == {4} && $2 == {1} ? ($3 + $4) / 2 : 1/0):5:($4 - $3) "
                          "with boxes lc rgb '#1f77b4'\n",
                          settings[k].name, layer, lo, csv_path, k);
  }
  body += "unset multiplot\n";
  examples::gnuplot_png(examples::output_path(out_dir, "weight_init.png"), body, 1500, 1500);
  return 0;
}
