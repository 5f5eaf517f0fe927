#pragma once
// The 8x8 handwritten digits of the UCI repository as scikit-learn ships them
// (sklearn/datasets/data/digits.csv.gz, what sklearn.datasets.load_digits() reads): 1,797 images of
// 8x8 pixels with values 0..16 (counts of ink in 4x4 blocks of the original 32x32 bitmaps), each
// followed by its label. scripts/fetch-data digits takes the file out of Debian's python3-sklearn.
#include <string>

#include "data/datasets/base.h"

namespace tg::data::datasets {

/// scikit-learn's digits data set (there is no LibTorch counterpart; it follows MNIST's shape
/// conventions). Loads the whole file at construction; copies share the tensors.
class Digits : public Dataset<Digits> {
public:
  /// Reads `root`/digits.csv.gz (or an uncompressed `root`/digits.csv). Every line must hold 64
  /// integer pixel values 0..16 and a label 0..9, comma-separated; tg::Error names the file, the
  /// line and the offending field, and says that scripts/fetch-data digits fetches the file.
  explicit Digits(const std::string& root);

  /// Image `index` ([1, 8, 8] float, values 0..16 as in the file) and its label (0-dim int64).
  Example<> get(size_t index) override;
  /// The number of images (1,797 for the real file).
  std::optional<size_t> size() const override;
  /// All images, float [N, 8, 8] with values 0..16 (load_digits().images).
  const Tensor& images() const { return images_; }
  /// All labels, int64 [N] (load_digits().target).
  const Tensor& targets() const { return targets_; }

private:
  Tensor images_, targets_;
};

} // namespace tg::data::datasets
