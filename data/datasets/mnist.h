#pragma once
// MNIST (and Fashion-MNIST, which has the same files) as torch::data::datasets::MNIST: images are
// float [N, 1, 28, 28] scaled to [0, 1], targets are int64 [N]. The files may be raw or gzipped.
#include <string>

#include "data/datasets/base.h"

namespace tg::data::datasets {

/// The MNIST digits (torch::data::datasets::MNIST); loads the whole split into memory at
/// construction. Copies share the image and target tensors.
class MNIST : public Dataset<MNIST> {
public:
  /// Which split to read: the 60,000 training or the 10,000 test images.
  enum class Mode { kTrain, kTest };

  /// Reads `root`/train-images-idx3-ubyte (or .gz) and friends; tg::Error names a missing or
  /// corrupt file and says that scripts/fetch-data fetches them.
  explicit MNIST(const std::string& root, Mode mode = Mode::kTrain);

  /// Image `index` ([1, 28, 28] float) and its label (0-dim int64); tg::Error if out of range.
  Example<> get(size_t index) override;
  /// The number of images in the split.
  std::optional<size_t> size() const override;
  /// Whether this is the training split.
  bool is_train() const noexcept { return is_train_; }
  /// All images, float [N, 1, 28, 28] in [0, 1].
  const Tensor& images() const { return images_; }
  /// All labels, int64 [N].
  const Tensor& targets() const { return targets_; }

private:
  Tensor images_, targets_;
  bool is_train_;
};

/// Fashion-MNIST reads the same file names from its own folder.
using FashionMNIST = MNIST;

} // namespace tg::data::datasets
