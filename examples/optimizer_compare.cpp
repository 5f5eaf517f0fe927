// optimizer_compare: the seeds' comparison of update rules. First on f(x, y) = x²/20 + y², a bowl
// forty times steeper along y than along x, starting from (-7, 2): plain SGD zigzags across the
// steep direction, Momentum overshoots and swings back, AdaGrad and RMSprop scale each coordinate
// by its own gradient history, Adam combines both ideas. The 30-step trajectories are written as a
// CSV and drawn in one PNG. Then (not with --quick) the same optimizers train a 5-layer network on
// a slice of MNIST and their loss curves are drawn in one plot.
#include <CLI/CLI.hpp>
#include <cmath>
#include <fmt/format.h>
#include <fstream>
#include <functional>
#include <memory>

#include <tapegrad/tapegrad.h>

#include "common/teaching.h"

using tg::Tensor;
namespace F = tg::nn::functional;
using MakeOptimizer = std::function<std::unique_ptr<tg::optim::Optimizer>(std::vector<Tensor>)>;

struct Rule {
  std::string name;
  MakeOptimizer make;
};

// Learning rates of the seeds' book for the bowl (RMSprop, which it leaves out there, gets the
// same rate as Adam); tg's Momentum is SGD with momentum 0.9.
std::vector<Rule> bowl_rules() {
  using namespace tg::optim;
  return {
      {"SGD", [](auto p) { return std::make_unique<SGD>(p, SGDOptions(0.95)); }},
      {"Momentum", [](auto p) { return std::make_unique<SGD>(p, SGDOptions(0.1).momentum(0.9)); }},
      {"AdaGrad", [](auto p) { return std::make_unique<Adagrad>(p, AdagradOptions(1.5)); }},
      {"RMSprop", [](auto p) { return std::make_unique<RMSprop>(p, RMSpropOptions(0.3)); }},
      {"Adam", [](auto p) { return std::make_unique<Adam>(p, AdamOptions(0.3)); }},
  };
}

std::vector<Rule> mnist_rules() {
  using namespace tg::optim;
  return {
      {"SGD", [](auto p) { return std::make_unique<SGD>(p, SGDOptions(0.01)); }},
      {"Momentum", [](auto p) { return std::make_unique<SGD>(p, SGDOptions(0.01).momentum(0.9)); }},
      {"AdaGrad", [](auto p) { return std::make_unique<Adagrad>(p, AdagradOptions(0.01)); }},
      {"RMSprop", [](auto p) { return std::make_unique<RMSprop>(p, RMSpropOptions(0.001)); }},
      {"Adam", [](auto p) { return std::make_unique<Adam>(p, AdamOptions(0.001)); }},
  };
}

void bowl(const std::string& out_dir, int steps) {
  fmt::print("== f(x, y) = x^2/20 + y^2 from (-7, 2), {} steps (the minimum is (0, 0)) ==\n",
             steps);
  const auto rules = bowl_rules();
  std::vector<std::vector<std::pair<double, double>>> paths;
  for (const auto& rule : rules) {
    Tensor x = tg::tensor({-7.0}, tg::dtype(tg::kDouble)).requires_grad_();
    Tensor y = tg::tensor({2.0}, tg::dtype(tg::kDouble)).requires_grad_();
    auto optimizer = rule.make({x, y});
    std::vector<std::pair<double, double>> path{{-7, 2}};
    for (int s = 0; s < steps; ++s) {
      optimizer->zero_grad();
      (x.pow(2) / 20 + y.pow(2)).sum().backward();
      optimizer->step();
      path.emplace_back(x.item<double>(), y.item<double>());
    }
    const auto [fx, fy] = path.back();
    fmt::print("{:>8}: ends at ({:8.4f}, {:8.4f}), f = {:.5f}\n", rule.name, fx, fy,
               fx * fx / 20 + fy * fy);
    paths.push_back(std::move(path));
  }
  const std::string csv_path = examples::output_path(out_dir, "optimizer_compare_bowl.csv");
  std::ofstream csv(csv_path, std::ios::trunc);
  csv << "step";
  for (const auto& rule : rules) csv << "," << rule.name << "_x," << rule.name << "_y";
  csv << "\n";
  for (size_t s = 0; s < paths[0].size(); ++s) {
    csv << s;
    for (const auto& path : paths)
      csv << fmt::format(",{:.6f},{:.6f}", path[s].first, path[s].second);
    csv << "\n";
  }
  csv.close();
  fmt::print("trajectories: {}\n", csv_path);
  // One panel per optimizer: level sets of f (ellipses x = sqrt(20c) cos u, y = sqrt(c) sin u)
  // under the path.
  std::string body = "set multiplot layout 2,3 title 'f(x,y) = x^2/20 + y^2 from (-7, 2)'\n"
                     "set parametric\nset trange [0:2*pi]\nset xrange [-10:10]\nset yrange [-5:5]\n"
                     "unset key\nset samples 200\n";
  for (size_t i = 0; i < rules.size(); ++i)
    body += fmt::format("set title '{0}'\nplot for [c in '0.05 0.2 0.5 1 2 3 5'] "
                        "sqrt(20*c)*cos(t), sqrt(c)*sin(t) lc rgb '#cccccc', '{1}' skip 1 using "
                        "{2}:{3} with linespoints pt 7 ps 0.5 lc rgb '#d62728'\n",
                        rules[i].name, csv_path, 2 * i + 2, 2 * i + 3);
  body += "unset multiplot\n";
  examples::gnuplot_png(examples::output_path(out_dir, "optimizer_compare_bowl.png"), body, 1200,
                        700);
}

void on_mnist(const std::string& out_dir, const std::string& data_dir, int64_t images,
              int iterations) {
  fmt::print("\n== the same optimizers on MNIST: 784 -> 100 x 4 -> 10 (ReLU, He init), batch 128, "
             "{} iterations on the first {} training images ==\n",
             iterations, images);
  auto mnist = examples::load_mnist_or_skip(data_dir, images, 1);
  const auto rules = mnist_rules();
  std::vector<std::vector<double>> losses;
  for (const auto& rule : rules) {
    tg::manual_seed(1); // the same initial weights and batches for every optimizer
    tg::nn::Sequential net;
    int64_t in = 784;
    for (int layer = 0; layer < 4; ++layer) {
      tg::nn::Linear fc(in, 100);
      tg::nn::init::kaiming_normal_(fc->weight, 0, tg::kFanIn, tg::kReLU);
      tg::nn::init::zeros_(fc->bias);
      net->push_back(fc);
      net->push_back(tg::nn::ReLU());
      in = 100;
    }
    net->push_back(tg::nn::Linear(100, 10));
    auto optimizer = rule.make(net->parameters());
    std::vector<double> curve;
    for (int it = 0; it < iterations; ++it) {
      const Tensor idx = tg::randint(0, images, {128});
      optimizer->zero_grad();
      Tensor loss = F::cross_entropy(net->forward(mnist.train_x.index_select(0, idx)),
                                     mnist.train_y.index_select(0, idx));
      loss.backward();
      optimizer->step();
      curve.push_back(loss.item<double>());
    }
    double last = 0;
    for (int k = 0; k < 20; ++k) last += curve[curve.size() - 1 - size_t(k)] / 20;
    fmt::print("{:>8}: mean loss of the last 20 iterations {:.4f}\n", rule.name, last);
    losses.push_back(std::move(curve));
  }
  const std::string csv_path = examples::output_path(out_dir, "optimizer_compare_mnist.csv");
  std::ofstream csv(csv_path, std::ios::trunc);
  csv << "iteration";
  for (const auto& rule : rules) csv << "," << rule.name;
  csv << "\n";
  for (int it = 0; it < iterations; ++it) {
    csv << it;
    for (const auto& curve : losses) csv << fmt::format(",{:.5f}", curve[size_t(it)]);
    csv << "\n";
  }
  csv.close();
  fmt::print("loss curves: {}\n", csv_path);
  examples::gnuplot_png(
      examples::output_path(out_dir, "optimizer_compare_mnist.png"),
      fmt::format("set title 'training loss on MNIST'\nset xlabel 'iteration'\nset ylabel 'loss'\n"
                  "set grid\nset yrange [0:2.5]\nset key autotitle columnhead\n"
                  "plot for [c=2:6] '{}' using 1:c smooth bezier with lines lw 2\n",
                  csv_path));
}

int main(int argc, char** argv) {
  std::string out_dir = "runs", data_dir = "data/mnist";
  int steps = 30, iterations = 500;
  int64_t images = 10000;
  bool quick = false;
  CLI::App app{"SGD, Momentum, AdaGrad, RMSprop and Adam on x^2/20 + y^2 and on MNIST."};
  app.add_option("--out", out_dir, "folder for the CSVs and pictures")->capture_default_str();
  app.add_option("--data", data_dir, "folder with the MNIST IDX files")->capture_default_str();
  app.add_option("--steps", steps, "steps on the bowl")->capture_default_str();
  app.add_option("--iterations", iterations, "MNIST iterations per optimizer")
      ->capture_default_str();
  app.add_option("--images", images, "MNIST training images used")->capture_default_str();
  app.add_flag("--quick", quick, "only the bowl (for the test suite)");
  CLI11_PARSE(app, argc, argv);

  bowl(out_dir, steps);
  if (quick) {
    fmt::print("--quick: MNIST comparison skipped\n");
    return 0;
  }
  on_mnist(out_dir, data_dir, images, iterations);
  return 0;
}
