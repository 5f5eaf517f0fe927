#pragma once
// Helpers the teaching examples share: where their pictures go, running gnuplot and Graphviz's
// `dot` when they are installed, and MNIST as plain tensors (the seeds' load_mnist) with the
// test-suite convention of exit status 77 ("skipped") when the data has not been fetched.
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>

#include <tapegrad/tapegrad.h>

namespace examples {

/// Whether `program` is on the PATH.
inline bool have_program(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

/// `dir`/`file`, creating `dir` first.
inline std::string output_path(const std::string& dir, const std::string& file) {
  if (!dir.empty()) std::filesystem::create_directories(dir);
  return (std::filesystem::path(dir) / file).string();
}

/// Runs a gnuplot script that draws `png`; the script is written beside the picture (so a reader
/// can change and rerun it) and the PNG terminal is chosen as mnist_mlp's plot does. Prints what
/// was drawn, or how to get the picture when gnuplot is missing. Returns whether a PNG was drawn.
inline bool gnuplot_png(const std::string& png, const std::string& body, int width = 900,
                        int height = 560) {
  const std::string script = std::filesystem::path(png).replace_extension(".gp").string();
  {
    std::ofstream gp(script, std::ios::trunc);
    gp << fmt::format("if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {{ set terminal pngcairo "
                      "size {0},{1} }} else {{ set terminal png size {0},{1} }}\n",
                      width, height)
       << "set output '" << png << "'\nset datafile separator ','\n"
       << body;
  }
  if (!have_program("gnuplot")) {
    fmt::print("picture: install gnuplot (apt-get install gnuplot-nox) and run gnuplot {} to "
               "draw {}\n",
               script, png);
    return false;
  }
  const bool ok = std::system(("gnuplot '" + script + "' 2>/dev/null").c_str()) == 0;
  if (ok) fmt::print("picture: {}\n", png);
  return ok;
}

/// Writes `dot_text` to `dot_path` and renders it to SVG beside it when Graphviz is installed.
/// Returns the SVG's path, or "" when it was not drawn.
inline std::string write_dot(const std::string& dot_path, const std::string& dot_text) {
  std::ofstream(dot_path, std::ios::trunc) << dot_text;
  fmt::print("graph: {}\n", dot_path);
  const std::string svg = std::filesystem::path(dot_path).replace_extension(".svg").string();
  if (!have_program("dot")) {
    fmt::print("picture: install graphviz (apt-get install graphviz) and run dot -Tsvg {} -o {}\n",
               dot_path, svg);
    return "";
  }
  if (std::system(("dot -Tsvg '" + dot_path + "' -o '" + svg + "'").c_str()) != 0) return "";
  fmt::print("picture: {}\n", svg);
  return svg;
}

/// Writes the page that steps through backward from `output` (tg::autograd::to_html) when
/// Graphviz is installed, or says how to get it. Call it before backward(): it replays the
/// engine on the graph without changing any gradient. Returns whether the page was written.
inline bool write_backward_page(const std::string& html_path, const tg::Tensor& output,
                                const tg::autograd::DotOptions& options) {
  if (!have_program("dot")) {
    fmt::print("page: install graphviz (apt-get install graphviz) for {}, the page that steps "
               "through backward\n",
               html_path);
    return false;
  }
  tg::autograd::to_html(output, html_path, options);
  fmt::print("page: {} (open it in a browser; the arrow keys step through backward)\n", html_path);
  return true;
}

/// MNIST as the seeds' load_mnist(normalize=True, flatten=True) returns it: images float
/// [N, 784] in [0, 1], labels int64 [N].
struct MnistTensors {
  tg::Tensor train_x, train_y, test_x, test_y;
};

/// Without MNIST in `dir`, says how to fetch it and exits with 77, which meson's test harness
/// reports as a skipped test rather than a failure.
inline void require_mnist_or_skip(const std::string& dir) {
  if (!std::filesystem::exists(dir + "/train-images-idx3-ubyte") &&
      !std::filesystem::exists(dir + "/train-images-idx3-ubyte.gz")) {
    fmt::print("SKIP: no MNIST in {}; scripts/fetch-data mnist fetches it\n", dir);
    std::exit(77);
  }
}

/// Loads `dir`, keeping the first `train_n` training and `test_n` test images (0: all), or skips
/// as require_mnist_or_skip does.
inline MnistTensors load_mnist_or_skip(const std::string& dir, int64_t train_n = 0,
                                       int64_t test_n = 0) {
  require_mnist_or_skip(dir);
  using tg::data::datasets::MNIST;
  MNIST train(dir, MNIST::Mode::kTrain), test(dir, MNIST::Mode::kTest);
  auto take = [](const tg::Tensor& t, int64_t n) {
    return n > 0 && n < t.size(0) ? t.narrow(0, 0, n) : t;
  };
  return {take(train.images(), train_n).flatten(1).contiguous(), take(train.targets(), train_n),
          take(test.images(), test_n).flatten(1).contiguous(), take(test.targets(), test_n)};
}

/// The fraction of rows of `logits` whose largest entry is at `labels`.
inline double accuracy_of(const tg::Tensor& logits, const tg::Tensor& labels) {
  return logits.argmax(1).eq(labels).to(tg::kDouble).mean().item<double>();
}

} // namespace examples
