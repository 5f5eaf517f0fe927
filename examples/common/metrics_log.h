#pragma once
// Per-epoch metrics in a CSV file, and a learning-curve PNG drawn from it by gnuplot when gnuplot
// is installed (Debian: gnuplot-nox). Without gnuplot the CSV is still written and the program
// says how to get the picture.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>

#include <tapegrad/tapegrad.h>

namespace examples {

struct EpochMetrics {
  int epoch;
  double train_loss, train_accuracy, test_accuracy, seconds;
};

class MetricsLog {
public:
  /// Starts `csv_path` afresh (creating its folder) with the header line.
  explicit MetricsLog(std::string csv_path) : path_(std::move(csv_path)) {
    auto dir = std::filesystem::path(path_).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir);
    std::ofstream out(path_, std::ios::trunc);
    TG_CHECK(out.good(), "MetricsLog: cannot write ", path_);
    out << "epoch,train_loss,train_accuracy,test_accuracy,seconds\n";
  }

  /// Appends one row and flushes it, so an interrupted run keeps the epochs it finished.
  void append(const EpochMetrics& m) {
    std::ofstream out(path_, std::ios::app);
    TG_CHECK(out.good(), "MetricsLog: cannot append to ", path_);
    out << fmt::format("{},{:.6f},{:.6f},{:.6f},{:.3f}\n", m.epoch, m.train_loss, m.train_accuracy,
                       m.test_accuracy, m.seconds);
  }

  const std::string& path() const noexcept { return path_; }

  /// Prints the epoch's summary line and appends it to the CSV.
  void record(const EpochMetrics& m, int epochs) {
    fmt::print("epoch {}/{}: train loss {:.4f}, train accuracy {:.4f}, test accuracy {:.4f}, "
               "{:.1f} s\n",
               m.epoch, epochs, m.train_loss, m.train_accuracy, m.test_accuracy, m.seconds);
    append(m);
    last_test_accuracy_ = m.test_accuracy;
  }

  /// After training: where the model and metrics went, the learning curve (drawn now), and the
  /// final `test accuracy:` line that scripts read.
  void report_end(const std::string& program, const std::string& model_path,
                  const std::string& dataset) const {
    fmt::print("model saved to {} (classify with: mnist_predict --model {})\n", model_path,
               model_path);
    fmt::print("metrics written to {}\n", path_);
    const std::string png = std::filesystem::path(path_).replace_extension(".png").string();
    if (plot(png, program + " on " + dataset))
      fmt::print("learning curve drawn in {}\n", png);
    else
      fmt::print("learning curve: install gnuplot (apt-get install gnuplot-nox) to draw {}\n", png);
    fmt::print("test accuracy: {:.4f}\n", last_test_accuracy_);
  }

  /// Draws loss and accuracies against the epoch into `png_path`. Returns false (and draws
  /// nothing) when gnuplot is not installed or fails.
  bool plot(const std::string& png_path, const std::string& title) const {
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) return false;
    const std::string script_path = png_path + ".gp";
    {
      std::ofstream gp(script_path, std::ios::trunc);
      // pngcairo draws smoother lines; the plain png terminal is the fallback. noenhanced: every
      // text is printed verbatim (enhanced mode would turn the "_" of "mnist_mlp" into a
      // subscript). The key goes below the plot, where no curve can run under it.
      gp << "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) { "
            "set terminal pngcairo noenhanced size 900,500 } "
            "else { set terminal png noenhanced size 900,500 }\n"
         << "set output '" << png_path << "'\n"
         << "set datafile separator ','\n"
         << "set key outside below center horizontal\n"
         << "set title '" << title << "'\n"
         << "set xlabel 'epoch'\nset ylabel 'loss'\nset y2label 'accuracy'\n"
         << "set ytics nomirror\nset y2tics\nset grid\n"
         << "plot '" << path_ << "' using 1:2 with linespoints axes x1y1 title 'train loss', "
         << "'' using 1:3 with linespoints axes x1y2 title 'train accuracy', "
         << "'' using 1:4 with linespoints axes x1y2 title 'test accuracy'\n";
    }
    const bool ok = std::system(("gnuplot '" + script_path + "' 2>/dev/null").c_str()) == 0;
    std::remove(script_path.c_str());
    return ok;
  }

private:
  std::string path_;
  double last_test_accuracy_ = 0;
};

/// "runs/mnist_mlp.tgckpt" -> "runs/mnist_mlp" + extension.
inline std::string sibling_path(const std::string& path, const std::string& extension) {
  return std::filesystem::path(path).replace_extension(extension).string();
}

} // namespace examples
