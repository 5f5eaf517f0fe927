#pragma once
// Training progress: on a terminal, one bar redrawn in place (epoch, batch, running loss,
// images per second, time left); otherwise, such as in a log file or a pipe, nothing until the
// epoch's summary line, so logs stay one line per epoch.
#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <string>
#include <unistd.h>

namespace examples {

class ProgressBar {
public:
  ProgressBar(int epoch, int epochs, size_t batches)
      : epoch_(epoch), epochs_(epochs), batches_(batches), interactive_(isatty(fileno(stdout))),
        start_(Clock::now()), last_draw_(start_) {}

  /// Records one finished batch of `images` with mean loss `loss`.
  void step(size_t images, double loss) {
    ++done_;
    images_ += images;
    loss_sum_ += loss * double(images);
    auto now = Clock::now();
    if (interactive_ && (now - last_draw_ > std::chrono::milliseconds(100) || done_ == batches_)) {
      last_draw_ = now;
      draw(now);
    }
  }
  double mean_loss() const { return images_ ? loss_sum_ / double(images_) : 0.0; }
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  /// Clears the bar so the summary line that follows starts on a clean line.
  void finish() {
    if (interactive_) fmt::print("\r\033[K");
    std::fflush(stdout);
  }

private:
  using Clock = std::chrono::steady_clock;
  void draw(Clock::time_point now) {
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? double(images_) / elapsed : 0.0;
    const double left = done_ ? elapsed * double(batches_ - done_) / double(done_) : 0.0;
    constexpr size_t width = 24;
    const size_t filled = batches_ ? width * done_ / batches_ : width;
    fmt::print("\repoch {}/{} [{}{}] {}/{} loss {:.4f} {:.0f} img/s ETA {:.0f}s\033[K", epoch_,
               epochs_, std::string(filled, '#'), std::string(width - filled, '.'), done_, batches_,
               mean_loss(), rate, left);
    std::fflush(stdout);
  }

  int epoch_, epochs_;
  size_t batches_, done_ = 0, images_ = 0;
  double loss_sum_ = 0;
  bool interactive_;
  Clock::time_point start_, last_draw_;
};

} // namespace examples
