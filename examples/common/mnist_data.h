#pragma once
// Loading MNIST or Fashion-MNIST for the examples, and measuring a model's accuracy on a data set.
#include <string>

#include <tapegrad/tapegrad.h>

namespace examples {

/// The mean and standard deviation of the training images' pixels, for Normalize.
struct PixelStats {
  double mean, stddev;
};
inline PixelStats pixel_stats(const std::string& dataset) {
  return dataset == "fashion" ? PixelStats{0.2860, 0.3530} : PixelStats{0.1307, 0.3081};
}

/// The fraction of `dataset`'s images that `model` classifies correctly, in eval mode and without
/// recording a graph. `Model` is a module holder whose forward returns logits.
template <typename Model, typename Dataset>
double accuracy(Model& model, Dataset dataset, int64_t batch_size = 1000) {
  tg::NoGradGuard no_grad;
  const bool was_training = model->is_training();
  model->eval();
  int64_t correct = 0, total = 0;
  auto loader = tg::data::make_data_loader<tg::data::samplers::SequentialSampler>(
      std::move(dataset), tg::data::DataLoaderOptions(size_t(batch_size)).workers(1));
  for (auto& batch : *loader) {
    auto predicted = model->forward(batch.data).argmax(1);
    correct += predicted.eq(batch.target).sum().template item<int64_t>();
    total += batch.target.size(0);
  }
  model->train(was_training);
  return total ? double(correct) / double(total) : 0.0;
}

} // namespace examples
