// mnist_predict: classifies images with a model saved by mnist_mlp or mnist_cnn, printing the
// image as ASCII art beside the predicted class and the softmax probability of every class.
//
//   build/examples/mnist_predict --model runs/mnist_mlp.tgckpt --index 0 --index 7
//   build/examples/mnist_predict --model runs/mnist_cnn.tgckpt --pgm my_digit.pgm --invert
//   build/examples/mnist_predict --model runs/mnist_mlp.tgckpt --txt 00001.txt   (seed 000's
//   format)
//
// The architecture is read off the file: a "conv.weight" entry means SimpleConvNet, otherwise the
// MLP, whose hidden size is the number of rows of "fc1.weight". So are the data set the model was
// trained on, its class names and its input normalisation (the checkpoint's metadata): a model
// trained on Fashion-MNIST answers "Sneaker", and --dataset only picks other test images.
#include <fmt/format.h>

#include <tapegrad/tapegrad.h>

#include "common/digit_txt.h"
#include "common/mnist_data.h"
#include "common/models.h"
#include "common/options.h"
#include "common/pgm.h"

namespace {

/// One of the two example networks, whichever the checkpoint holds.
struct Classifier {
  std::optional<examples::Mlp> mlp;
  std::optional<examples::SimpleConvNet> cnn;
  std::string description;
  tg::serialize::Metadata metadata; ///< what the training program recorded (data set, classes)

  explicit Classifier(const std::string& path) {
    // tapegrad's checkpoint, a torch.save state_dict or safetensors: recognised by content. Only
    // tapegrad's own format carries the training program's metadata.
    const auto state = tg::serialize::read_state_dict(path);
    if (tg::serialize::detect_weights_format(tg::serialize::detail::read_file(path), path) ==
        tg::serialize::WeightsFormat::Tapegrad) {
      tg::serialize::InputArchive archive;
      archive.load_from(path);
      metadata = archive.metadata();
    }
    if (state.contains("conv.weight")) {
      cnn.emplace();
      tg::load(*cnn, path);
      (*cnn)->eval();
      description = "SimpleConvNet";
    } else {
      const tg::Tensor* fc1 = state.find("fc1.weight");
      TG_CHECK(fc1 && fc1->dim() == 2, "mnist_predict: ", path,
               " holds neither mnist_cnn's nor mnist_mlp's model (no conv.weight or fc1.weight)");
      mlp.emplace(fc1->size(0));
      tg::load(*mlp, path);
      (*mlp)->eval();
      description = fmt::format("MLP 784 -> {} -> 10", fc1->size(0));
    }
  }
  /// Class probabilities for `images` [N, 1, 28, 28] (already normalised).
  tg::Tensor probabilities(const tg::Tensor& images) {
    tg::NoGradGuard no_grad;
    tg::Tensor logits = cnn ? (*cnn)(images) : (*mlp)(images);
    return tg::softmax(logits, 1);
  }
};

/// Two characters per pixel keep the digit's proportions in a terminal.
void print_ascii(const tg::Tensor& image) {
  static const char ramp[] = " .:-=+*#%@";
  auto px = image.contiguous();
  const float* p = px.data_ptr<float>();
  for (int64_t r = 0; r < image.size(0); ++r) {
    std::string line;
    for (int64_t c = 0; c < image.size(1); ++c) {
      const float v = std::clamp(p[r * image.size(1) + c], 0.0f, 1.0f);
      line.append(2, ramp[int(v * 9.0f + 0.5f)]);
    }
    fmt::print("  |{}|\n", line);
  }
}

} // namespace

int main(int argc, char** argv) {
  std::string model_path = "runs/mnist_mlp.tgckpt", dataset, data_dir, pgm, txt, write_pgm_path;
  std::vector<int64_t> indices;
  bool invert = false;
  CLI::App app{
      "Classifies MNIST / Fashion-MNIST images with a model saved by mnist_mlp or mnist_cnn."};
  app.add_option("--model", model_path, "the saved model")->capture_default_str();
  app.add_option("--index", indices, "test-set image(s) to classify (default: 0)");
  app.add_option("--pgm", pgm, "classify this 28x28 greyscale PGM image instead");
  app.add_option("--txt", txt,
                 "classify this digit in seed 000's text form (28 lines of 28 tab-separated grey "
                 "values 0..255, then the digit) instead");
  app.add_flag("--invert", invert, "the PGM is dark ink on a light background: invert it first");
  app.add_option("--dataset", dataset,
                 "mnist or fashion: whose test images (default: the data set the model was "
                 "trained on; the class names and normalisation are always the model's)")
      ->check(CLI::IsMember({"mnist", "fashion"}));
  app.add_option("--data", data_dir,
                 "folder with the test-set IDX files (default: data/<dataset>)");
  app.add_option("--write-pgm", write_pgm_path, "also write the (first) classified image as PGM");
  CLI11_PARSE(app, argc, argv);

  try {
    Classifier classifier(model_path);
    // A model saved without metadata (before models carried it) is taken to match --dataset.
    const examples::ModelInfo model =
        examples::model_info(classifier.metadata, model_path, dataset.empty() ? "mnist" : dataset);
    if (dataset.empty()) dataset = model.dataset.empty() ? "mnist" : model.dataset;
    const bool other_images = !model.dataset.empty() && dataset != model.dataset;
    if (other_images)
      fmt::print(stderr,
                 "mnist_predict: warning: the model was trained on {}, but --dataset {} was "
                 "given: it will sort {} images into its own {} classes\n",
                 model.dataset, dataset, dataset, model.dataset);
    if (data_dir.empty()) data_dir = "data/" + dataset;
    const auto& names = model.classes;
    const auto image_names = examples::class_names(dataset); // the test labels' names
    size_t name_width = 1;
    for (const auto& n : names) name_width = std::max(name_width, n.size());

    // The images to classify, [N, 28, 28] in [0, 1], with their true labels where known.
    std::vector<tg::Tensor> images;
    std::vector<std::string> sources;
    std::vector<int64_t> labels;
    if (!pgm.empty()) {
      tg::Tensor image = examples::read_pgm(pgm);
      TG_CHECK(image.size(0) == 28 && image.size(1) == 28, "mnist_predict: ", pgm, " is ",
               image.size(1), "x", image.size(0), " pixels; the models take 28x28 images");
      images.push_back(invert ? 1 - image : image);
      sources.push_back(pgm);
      labels.push_back(-1);
    } else if (!txt.empty()) {
      examples::DigitTxt digit = examples::read_digit_txt(txt);
      images.push_back(invert ? 1 - digit.image : digit.image);
      sources.push_back(txt);
      labels.push_back(digit.label);
    } else {
      if (indices.empty()) indices.push_back(0);
      tg::data::datasets::MNIST test_set(data_dir, tg::data::datasets::MNIST::Mode::kTest);
      for (int64_t i : indices) {
        TG_CHECK(i >= 0 && i < int64_t(test_set.size().value()), "mnist_predict: --index ", i,
                 " is outside the test set (0..", test_set.size().value() - 1, ")");
        auto example = test_set.get(size_t(i));
        images.push_back(example.data.squeeze(0));
        sources.push_back(fmt::format("test image {}", i));
        labels.push_back(example.target.item<int64_t>());
      }
    }
    if (!write_pgm_path.empty()) {
      examples::write_pgm(write_pgm_path, images[0]);
      fmt::print("wrote {}\n", write_pgm_path);
    }

    tg::Tensor batch = (tg::stack(images).unsqueeze(1) - model.stats.mean) / model.stats.stddev;
    tg::Tensor probs = classifier.probabilities(batch);
    fmt::print("model: {} ({}, trained on {})\n", model_path, classifier.description,
               model.dataset.empty() ? "a data set it does not record" : model.dataset);
    for (size_t k = 0; k < images.size(); ++k) {
      tg::Tensor p = probs[int64_t(k)];
      const int64_t predicted = p.argmax().item<int64_t>();
      fmt::print("\n{}:\n", sources[k]);
      print_ascii(images[k]);
      for (int64_t c = 0; c < 10; ++c) {
        const double pc = p[c].item<double>();
        fmt::print("  {:>{}} {:6.2f}% {}\n", names[size_t(c)], name_width, 100 * pc,
                   std::string(size_t(pc * 40 + 0.5), '#'));
      }
      fmt::print("predicted: {}", names[size_t(predicted)]);
      if (labels[k] >= 0 && other_images)
        fmt::print(" (true: {} from {}, not one of the model's {} classes)",
                   image_names[size_t(labels[k])], dataset, model.dataset);
      else if (labels[k] >= 0)
        fmt::print(" (true: {}, {})", names[size_t(labels[k])],
                   predicted == labels[k] ? "correct" : "wrong");
      fmt::print("\n");
    }
  } catch (const tg::Error& e) {
    fmt::print(stderr, "mnist_predict: {}\n", e.what());
    return 1;
  }
}
