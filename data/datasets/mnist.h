#pragma once
// MNIST (and Fashion-MNIST, which has the same files) as torch::data::datasets::MNIST: images are
// float [N, 1, 28, 28] scaled to [0, 1], targets are int64 [N]. The files may be raw or gzipped.
#include <string>

#include "data/datasets/base.h"

namespace tg::data::datasets {

class MNIST : public Dataset<MNIST> {
public:
  enum class Mode { kTrain, kTest };

  /// Reads `root`/train-images-idx3-ubyte (or .gz) and friends; tg::Error names a missing or
  /// corrupt file and says that scripts/fetch-data fetches them.
  explicit MNIST(const std::string& root, Mode mode = Mode::kTrain);

  Example<> get(size_t index) override;
  std::optional<size_t> size() const override;
  bool is_train() const noexcept { return is_train_; }
  const Tensor& images() const { return images_; }
  const Tensor& targets() const { return targets_; }

private:
  Tensor images_, targets_;
  bool is_train_;
};

/// Fashion-MNIST reads the same file names from its own folder.
using FashionMNIST = MNIST;

} // namespace tg::data::datasets
