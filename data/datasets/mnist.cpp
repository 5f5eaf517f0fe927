#include "data/datasets/mnist.h"

#include <filesystem>

#include "autograd/ops/functions.h"
#include "data/idx.h"

namespace tg::data::datasets {
namespace {

std::string find_file(const std::string& root, const std::string& name) {
  namespace fs = std::filesystem;
  for (const std::string& candidate : {name, name + ".gz"}) {
    fs::path p = fs::path(root) / candidate;
    if (fs::exists(p)) return p.string();
  }
  throw Error(str("MNIST: missing file ", (fs::path(root) / name).string(),
                  " (or .gz); run scripts/fetch-data to fetch MNIST and Fashion-MNIST into data/"));
}

} // namespace

MNIST::MNIST(const std::string& root, Mode mode) : is_train_(mode == Mode::kTrain) {
  const std::string prefix = is_train_ ? "train" : "t10k";
  const std::string image_path = find_file(root, prefix + "-images-idx3-ubyte");
  const std::string label_path = find_file(root, prefix + "-labels-idx1-ubyte");
  Tensor images = read_idx(image_path);
  Tensor labels = read_idx(label_path);
  TG_CHECK(images.dim() == 3, "MNIST: ", image_path, " holds shape ", images.sizes(),
           ", expected [N, rows, cols]");
  TG_CHECK(labels.dim() == 1, "MNIST: ", label_path, " holds shape ", labels.sizes(),
           ", expected [N]");
  TG_CHECK(images.size(0) == labels.size(0), "MNIST: ", image_path, " has ", images.size(0),
           " images but ", label_path, " has ", labels.size(0), " labels");
  TG_CHECK(labels.numel() == 0 || labels.max().item<int64_t>() <= 9, "MNIST: ", label_path,
           " holds a label above 9");
  images_ = images.to(kFloat).div_(255.0).unsqueeze(1).contiguous();
  targets_ = labels.to(kLong);
}

Example<> MNIST::get(size_t index) {
  TG_CHECK(index < size_t(images_.size(0)), "MNIST::get: index ", index, " out of range for ",
           images_.size(0), " examples");
  return {images_[int64_t(index)], targets_[int64_t(index)]};
}

std::optional<size_t> MNIST::size() const { return size_t(images_.size(0)); }

} // namespace tg::data::datasets
