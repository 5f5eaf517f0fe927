#pragma once
// Loading MNIST or Fashion-MNIST for the examples, measuring a model's accuracy on a data set, and
// the facts about a trained model that its checkpoint carries (data set, class names,
// normalisation) so that mnist_predict needs no flags to match them.
#include <fmt/format.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.h>

namespace examples {

/// The mean and standard deviation of the training images' pixels, for Normalize.
struct PixelStats {
  double mean, stddev;
};
inline PixelStats pixel_stats(const std::string& dataset) {
  return dataset == "fashion" ? PixelStats{0.2860, 0.3530} : PixelStats{0.1307, 0.3081};
}

/// The names of the ten classes, in label order.
inline std::vector<std::string> class_names(const std::string& dataset) {
  if (dataset == "fashion")
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
}

/// What a trained model's checkpoint says about it (see model_metadata()).
struct ModelInfo {
  std::string dataset;              ///< "mnist" or "fashion"; empty when the file does not say
  std::vector<std::string> classes; ///< the output classes' names, in label order
  PixelStats stats{};               ///< the normalisation its input had in training
};

/// The checkpoint metadata a training example saves with its model: the data set, the class
/// names (one per line) and the Normalize mean and standard deviation.
inline tg::serialize::Metadata model_metadata(const std::string& program,
                                              const std::string& dataset) {
  std::string classes;
  for (const auto& name : class_names(dataset)) classes += (classes.empty() ? "" : "\n") + name;
  const PixelStats stats = pixel_stats(dataset);
  return {{"program", program},
          {"dataset", dataset},
          {"classes", classes},
          {"normalize.mean", fmt::format("{}", stats.mean)},
          {"normalize.std", fmt::format("{}", stats.stddev)}};
}

/// Reads back model_metadata(); `source` names the file in errors. A checkpoint saved before
/// models carried metadata has none: then the data set is empty and the rest is `fallback`'s.
inline ModelInfo model_info(const tg::serialize::Metadata& metadata, const std::string& source,
                            const std::string& fallback) {
  auto number = [&](const char* key, double otherwise) {
    auto it = metadata.find(key);
    if (it == metadata.end()) return otherwise;
    char* end = nullptr;
    const double v = std::strtod(it->second.c_str(), &end);
    TG_CHECK(!it->second.empty() && *end == '\0' && v == v, source, ": metadata ", key, " = '",
             it->second, "' is not a number");
    return v;
  };
  ModelInfo info;
  auto dataset = metadata.find("dataset");
  if (dataset != metadata.end()) info.dataset = dataset->second;
  const std::string known = info.dataset.empty() ? fallback : info.dataset;
  info.classes = class_names(known);
  if (auto it = metadata.find("classes"); it != metadata.end()) {
    info.classes.clear();
    size_t begin = 0;
    for (;;) {
      const size_t end = it->second.find('\n', begin);
      info.classes.push_back(it->second.substr(begin, end - begin));
      if (end == std::string::npos) break;
      begin = end + 1;
    }
    TG_CHECK(info.classes.size() == 10, source, ": metadata lists ", info.classes.size(),
             " class names; the models have 10 outputs");
  }
  const PixelStats defaults = pixel_stats(known);
  info.stats = {number("normalize.mean", defaults.mean), number("normalize.std", defaults.stddev)};
  TG_CHECK(info.stats.stddev > 0, source, ": metadata normalize.std must be positive, not ",
           info.stats.stddev);
  return info;
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
