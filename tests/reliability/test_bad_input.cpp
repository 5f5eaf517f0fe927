// Bad input, everywhere: a table of calls into the public API with wrong shapes, wrong dtypes,
// empty tensors, zero-size batches, negative or zero sizes, out-of-range dims and indices,
// non-finite values where they matter and missing or unreadable files. Every one must throw
// tg::Error (not crash, not another exception type) with a message naming the op, and leave every
// object it was given exactly as it was (compared bit for bit with a copy taken before).
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>

#include "tests/reliability/models.h"

using namespace tg;
namespace F = tg::nn::functional;

namespace {

/// The objects the calls are given. Fresh for every case.
struct World {
  World() {
    manual_seed(1);
    a = randn({3, 4});
    b = randn({5, 6});
    img = randn({2, 3, 8, 8});
    batch3 = randn({4, 3});
    labels = tensor({0, 1, 2, 1}, kLong);
    leaf = randn({4}).requires_grad_();
    ints = tensor({1, 2, 3}, kLong);
    bytes = zeros({2, 2}, kByte);
    empty_t = empty({0});
    empty_batch = empty({0, 3});
    fc = nn::Linear(4, 2);
    conv = nn::Conv2d(nn::Conv2dOptions(3, 4, 3));
    bn = nn::BatchNorm2d(3);
    emb = nn::Embedding(10, 4);
    lstm = nn::LSTM(nn::LSTMOptions(3, 5));
    sgd = std::make_unique<optim::SGD>(fc->parameters(), optim::SGDOptions(0.1).momentum(0.9));
    // Give the optimizer some state, so that a failed load has something to wreck.
    fc->forward(a).sum().backward();
    sgd->step();
  }
  Tensor a, b, img, batch3, labels, leaf, ints, bytes, empty_t, empty_batch;
  nn::Linear fc{nullptr};
  nn::Conv2d conv{nullptr};
  nn::BatchNorm2d bn{nullptr};
  nn::Embedding emb{nullptr};
  nn::LSTM lstm{nullptr};
  std::unique_ptr<optim::SGD> sgd;

  /// Every tensor a call could touch: the loose ones, the modules' parameters, buffers and
  /// gradients, the optimizer's state and learning rate.
  std::vector<Tensor> everything() const {
    std::vector<Tensor> out{a,    b,     img,     batch3,      labels,     leaf,
                            ints, bytes, empty_t, empty_batch, leaf.grad()};
    for (const nn::Module* m :
         {static_cast<const nn::Module*>(fc.get()), static_cast<const nn::Module*>(conv.get()),
          static_cast<const nn::Module*>(bn.get()), static_cast<const nn::Module*>(emb.get()),
          static_cast<const nn::Module*>(lstm.get())}) {
      for (const Tensor& p : m->parameters()) {
        out.push_back(p);
        out.push_back(p.grad());
      }
      for (const Tensor& buf : m->buffers()) out.push_back(buf);
    }
    optim::SGDOptions& options = static_cast<optim::SGDOptions&>(sgd->param_groups()[0].options());
    out.push_back(tensor({options.lr(), options.momentum()}, kDouble));
    for (const Tensor& p : sgd->parameters()) {
      auto it = sgd->state().find(optim::Optimizer::state_key(p));
      if (it == sgd->state().end()) continue;
      out.push_back(static_cast<optim::SGDParamState&>(*it->second).momentum_buffer());
    }
    return out;
  }
};

/// A deep copy of what everything() sees: shapes, dtypes, bytes.
struct Snapshot {
  explicit Snapshot(const World& w) {
    for (const Tensor& t : w.everything()) copies.push_back(t.defined() ? t.detach().clone() : t);
  }
  /// "" when `w` still matches, else which object changed.
  std::string differences(const World& w) const {
    std::vector<Tensor> now = w.everything();
    if (now.size() != copies.size()) return "the number of objects changed";
    for (size_t i = 0; i < now.size(); ++i) {
      const Tensor &x = now[i], &y = copies[i];
      if (x.defined() != y.defined()) return str("object ", i, " changed definedness");
      if (!x.defined()) continue;
      if (!x.sizes().equals(y.sizes()) || x.scalar_type() != y.scalar_type())
        return str("object ", i, " changed shape or dtype: ", x.sizes(), " vs ", y.sizes());
      Tensor c = x.detach().contiguous();
      if (c.nbytes() > 0 && std::memcmp(c.data_ptr(), y.data_ptr(), c.nbytes()) != 0)
        return str("object ", i, " ", x.sizes(), " changed value");
    }
    return "";
  }
  std::vector<Tensor> copies;
};

struct Case {
  const char* what; // the case, for the report
  const char* op;   // the message must name this
  std::function<void(World&)> call;
};

std::string temp_dir() {
  static const std::string dir = [] {
    auto d =
        std::filesystem::temp_directory_path() / ("tg_bad_input_" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d.string();
  }();
  return dir;
}
std::string write_file(const std::string& name, const std::string& bytes) {
  std::string path = temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// clang-format off
const std::vector<Case> kCases = {
  // ---- shapes: linear algebra ----
  {"matmul [3,4]x[5,6]", "matmul", [](World& w) { matmul(w.a, w.b); }},
  {"mm of a 4-D tensor", "mm", [](World& w) { mm(w.img, w.a); }},
  {"mm inner sizes differ", "mm", [](World& w) { mm(w.a, w.a); }},
  {"bmm of 2-D tensors", "bmm", [](World& w) { bmm(w.a, w.a); }},
  {"matmul of a 0-dim tensor", "matmul", [](World& w) { matmul(tensor(1.0f), w.a); }},
  {"linear in_features differ", "linear", [](World& w) { F::linear(w.b, w.fc->weight); }},
  {"Linear module, wrong input width", "linear", [](World& w) { w.fc->forward(w.b); }},
  {"linear bias of the wrong size", "linear", [](World& w) { F::linear(w.a, w.fc->weight, zeros({3})); }},
  // ---- shapes: elementwise and joining ----
  {"add, shapes not broadcastable", "add", [](World& w) { add(w.a, w.b); }},
  {"mul, shapes not broadcastable", "mul", [](World& w) { w.a * w.b; }},
  {"add_ in place, result would need a bigger self", "add_", [](World& w) { zeros({4}).add_(w.a); }},
  {"cat, sizes differ off the cat dim", "cat", [](World& w) { cat({w.a, w.b}); }},
  {"cat of nothing", "cat", [](World&) { cat(std::vector<Tensor>{}); }},
  {"cat, dim out of range", "cat", [](World& w) { cat({w.a, w.a}, 5); }},
  {"cat, mixed ranks", "cat", [](World& w) { cat({w.a, w.img}); }},
  {"stack, shapes differ", "stack", [](World& w) { stack({w.a, w.b}); }},
  {"stack of nothing", "stack", [](World&) { stack(std::vector<Tensor>{}); }},
  {"where, shapes not broadcastable", "where", [](World& w) { where(w.a > 0, w.a, w.b); }},
  // ---- shapes: views ----
  {"view, wrong element count", "view", [](World& w) { w.a.view({5, 5}); }},
  {"view, two -1", "view", [](World& w) { w.a.view({-1, -1}); }},
  {"view, negative size", "view", [](World& w) { w.a.view({-3, -4}); }},
  {"view of a transposed tensor", "view", [](World& w) { w.a.t().view({12}); }},
  {"reshape, wrong element count", "reshape", [](World& w) { w.a.reshape({7}); }},
  {"reshape, -1 that cannot divide", "reshape", [](World& w) { w.a.reshape({5, -1}); }},
  {"expand to a smaller size", "expand", [](World& w) { w.a.expand({3, 2}); }},
  {"expand to fewer dims", "expand", [](World& w) { w.a.expand({4}); }},
  {"permute, wrong number of dims", "permute", [](World& w) { w.a.permute({0}); }},
  {"permute, repeated dim", "permute", [](World& w) { w.a.permute({0, 0}); }},
  {"flatten, start after end", "flatten", [](World& w) { w.img.flatten(3, 1); }},
  {"chunk into 0", "chunk", [](World& w) { w.a.chunk(0); }},
  {"narrow past the end", "narrow", [](World& w) { w.a.narrow(1, 2, 5); }},
  // ---- dims and indices out of range ----
  {"transpose, dim out of range", "transpose", [](World& w) { w.a.transpose(0, 2); }},
  {"squeeze, dim out of range", "squeeze", [](World& w) { w.a.squeeze(2); }},
  {"unsqueeze, dim out of range", "unsqueeze", [](World& w) { w.a.unsqueeze(4); }},
  {"sum, dim out of range", "sum", [](World& w) { w.a.sum(2); }},
  {"mean, dim out of range", "mean", [](World& w) { w.a.mean(-3); }},
  {"softmax, dim out of range", "softmax", [](World& w) { softmax(w.a, 2); }},
  {"log_softmax, dim out of range", "log_softmax", [](World& w) { log_softmax(w.a, -3); }},
  {"argmax, dim out of range", "argmax", [](World& w) { w.a.argmax(2); }},
  {"max, dim out of range", "max", [](World& w) { w.a.max(2); }},
  {"select, index out of range", "select", [](World& w) { w.a.select(0, 3); }},
  {"select, negative index out of range", "select", [](World& w) { w.a.select(1, -5); }},
  {"index_select, index out of range", "index_select", [](World& w) { w.a.index_select(0, tensor({0, 3}, kLong)); }},
  {"index_select, float index", "index_select", [](World& w) { w.a.index_select(0, tensor({0.0f})); }},
  {"gather, index out of range", "gather", [](World& w) { w.a.gather(1, tensor({{4}, {0}, {0}}, kLong)); }},
  {"gather, float index", "gather", [](World& w) { w.a.gather(1, zeros({3, 1})); }},
  {"indexing with a tensor, out of range", "index", [](World& w) { w.a.index({tensor({7}, kLong)}); }},
  {"embedding, index out of range", "embedding", [](World& w) { w.emb->forward(tensor({3, 10}, kLong)); }},
  {"embedding, negative index", "embedding", [](World& w) { w.emb->forward(tensor({-1}, kLong)); }},
  {"embedding, float indices", "embedding", [](World& w) { w.emb->forward(tensor({1.0f})); }},
  {"one_hot, class out of range", "one_hot", [](World& w) { one_hot(w.labels, 2); }},
  // ---- dtypes ----
  {"mean of an integer tensor", "mean", [](World& w) { w.ints.mean(); }},
  {"matmul, float and double", "matmul", [](World& w) { matmul(w.a, w.a.t().to(kDouble)); }},
  {"masked_fill, float mask", "masked_fill", [](World& w) { w.a.masked_fill(w.a, 0.0); }},
  {"item as the wrong type", "data_ptr", [](World& w) { w.a.data_ptr<double>(); }},
  {"conv2d of a byte image", "conv2d", [](World& w) { F::conv2d(zeros({1, 3, 8, 8}, kByte), w.conv->weight); }},
  {"cross_entropy, float class targets", "cross_entropy", [](World& w) { F::cross_entropy(w.batch3, zeros({4})); }},
  // ---- empty tensors, zero-size batches ----
  {"max of an empty tensor", "max", [](World& w) { w.empty_t.max(); }},
  {"argmax of an empty tensor", "argmax", [](World& w) { w.empty_t.argmax(); }},
  {"item of an empty tensor", "item", [](World& w) { w.empty_t.item<float>(); }},
  {"item of a 12-element tensor", "item", [](World& w) { w.a.item<float>(); }},
  {"max over an empty dim", "max", [](World& w) { w.empty_batch.max(0); }},
  {"backward of a non-scalar without a gradient", "backward", [](World& w) { (w.leaf * 2).backward(); }},
  {"max_pool2d of an image smaller than the kernel", "max_pool2d", [](World& w) { F::max_pool2d(w.img, F::MaxPool2dFuncOptions(9)); }},
  // ---- conv2d and pooling shapes ----
  {"Conv2d, negative padding", "Conv2d", [](World&) { nn::Conv2d(nn::Conv2dOptions(3, 4, 3).padding(-1)); }},
  {"Conv2d, dilation 0", "Conv2d", [](World&) { nn::Conv2d(nn::Conv2dOptions(3, 4, 3).dilation(0)); }},
  {"Conv2d, groups not dividing in_channels", "Conv2d", [](World&) { nn::Conv2d(nn::Conv2dOptions(3, 4, 3).groups(2)); }},
  {"conv2d of a 2-D input", "conv2d", [](World& w) { F::conv2d(w.a, w.conv->weight); }},
  {"conv2d, channels differ", "conv2d", [](World& w) { F::conv2d(randn({2, 2, 8, 8}), w.conv->weight); }},
  {"conv2d, kernel larger than the image", "conv2d", [](World& w) { F::conv2d(randn({1, 3, 2, 2}), w.conv->weight); }},
  {"conv2d, stride 0", "conv2d", [](World& w) { F::conv2d(w.img, w.conv->weight, F::Conv2dFuncOptions().stride(0)); }},
  {"conv2d, negative padding", "conv2d", [](World& w) { F::conv2d(w.img, w.conv->weight, F::Conv2dFuncOptions().padding(-1)); }},
  {"conv2d, groups not dividing the channels", "conv2d", [](World& w) { F::conv2d(w.img, w.conv->weight, F::Conv2dFuncOptions().groups(2)); }},
  {"Conv2d module, 5-D input", "conv2d", [](World& w) { w.conv->forward(randn({1, 1, 3, 8, 8})); }},
  {"max_pool2d of a 2-D input", "max_pool2d", [](World& w) { F::max_pool2d(w.a, F::MaxPool2dFuncOptions(2)); }},
  {"max_pool2d, kernel 0", "max_pool2d", [](World& w) { F::max_pool2d(w.img, F::MaxPool2dFuncOptions(0)); }},
  {"avg_pool2d, stride 0", "avg_pool2d", [](World& w) { F::avg_pool2d(w.img, F::AvgPool2dFuncOptions(2).stride(0)); }},
  // ---- 1-D and 3-D convolutions and pools, fold/unfold ----
  {"Conv1d, groups not dividing out_channels", "Conv1d", [](World&) { nn::Conv1d(nn::Conv1dOptions(4, 3, 3).groups(2)); }},
  {"Conv3d, kernel 0", "Conv3d", [](World&) { nn::Conv3d(nn::Conv3dOptions(3, 4, {1, 0, 1})); }},
  {"conv1d of a 4-D input", "conv1d", [](World& w) { F::conv1d(w.img, randn({4, 3, 3})); }},
  {"conv3d of a 4-D input with 4 channels", "conv3d", [](World& w) { F::conv3d(w.img, randn({4, 3, 3, 3, 3})); }},
  {"conv3d, kernel larger than the padded input", "conv3d", [](World&) { F::conv3d(randn({1, 3, 2, 8, 8}), randn({4, 3, 3, 3, 3})); }},
  {"conv_transpose1d, stride 0", "conv_transpose1d", [](World&) { F::conv_transpose1d(randn({1, 3, 5}), randn({3, 2, 3}), F::ConvTranspose1dFuncOptions().stride(0)); }},
  {"max_pool3d of a 3-D input", "max_pool3d", [](World& w) { F::max_pool3d(w.batch3.view({1, 4, 3}), F::MaxPool3dFuncOptions(2)); }},
  {"max_pool1d, padding above half the kernel", "max_pool1d", [](World&) { F::max_pool1d(randn({1, 3, 8}), F::MaxPool1dFuncOptions(2).padding(2)); }},
  {"avg_pool3d, divisor_override 0", "avg_pool3d", [](World&) { F::avg_pool3d(randn({1, 1, 4, 4, 4}), F::AvgPool3dFuncOptions(2).divisor_override(0)); }},
  {"adaptive_max_pool2d of a 2-D input", "adaptive_max_pool2d", [](World& w) { F::adaptive_max_pool2d(w.a, F::AdaptiveMaxPool2dFuncOptions(2)); }},
  {"adaptive_avg_pool3d, negative output size", "adaptive_avg_pool3d", [](World&) { F::adaptive_avg_pool3d(randn({1, 2, 3, 4, 5}), F::AdaptiveAvgPool3dFuncOptions({1, -1, 1})); }},
  {"fold, columns not matching the blocks", "col2im", [](World&) { F::fold(randn({1, 12, 15}), F::FoldFuncOptions({5, 5}, 2)); }},
  {"unfold, kernel larger than the image", "im2col", [](World& w) { F::unfold(w.img, F::UnfoldFuncOptions(9)); }},
  {"BatchNorm2d, channels differ", "BatchNorm2d", [](World& w) { w.bn->forward(randn({2, 5, 4, 4})); }},
  {"BatchNorm2d of a 2-D input", "BatchNorm2d", [](World& w) { w.bn->forward(w.a); }},
  {"LSTM, wrong input width", "LSTM", [](World& w) { w.lstm->forward(randn({2, 1, 4})); }},
  {"LSTM, 4-D input", "LSTM", [](World& w) { w.lstm->forward(randn({2, 1, 3, 1})); }},
  // ---- losses ----
  {"cross_entropy, batch sizes differ", "cross_entropy", [](World& w) { F::cross_entropy(w.batch3, tensor({0, 1}, kLong)); }},
  {"cross_entropy, class index out of range", "cross_entropy", [](World& w) { F::cross_entropy(w.batch3, tensor({0, 1, 3, 0}, kLong)); }},
  {"cross_entropy, negative class index", "cross_entropy", [](World& w) { F::cross_entropy(w.batch3, tensor({0, -2, 1, 0}, kLong)); }},
  {"cross_entropy of a 1-D input with 2-D target", "cross_entropy", [](World& w) { F::cross_entropy(w.ints.to(kFloat), w.labels.view({2, 2})); }},
  {"nll_loss, class index out of range", "nll_loss", [](World& w) { F::nll_loss(w.batch3, tensor({0, 1, 9, 0}, kLong)); }},
  {"mse_loss, shapes not broadcastable", "mse_loss", [](World& w) { F::mse_loss(w.a, w.b); }},
  {"binary_cross_entropy, shapes differ", "binary_cross_entropy", [](World& w) { F::binary_cross_entropy(sigmoid(w.a), zeros({4, 3})); }},
  // ---- factories and sizes ----
  {"zeros, negative size", "zeros", [](World&) { zeros({2, -1}); }},
  {"randn, negative size", "randn", [](World&) { randn({-5}); }},
  {"arange, step 0", "arange", [](World&) { arange(Scalar(0), Scalar(10), Scalar(0)); }},
  {"arange, step of the wrong sign", "arange", [](World&) { arange(Scalar(0), Scalar(10), Scalar(-1)); }},
  {"full, negative size", "full", [](World&) { full({-2}, 1.0); }},
  {"ones, negative size", "ones", [](World&) { ones({3, -3}); }},
  {"zeros, element count overflows", "zeros", [](World&) { zeros({int64_t(1) << 40, int64_t(1) << 40}); }},
  {"empty, byte count overflows", "empty", [](World&) { empty({int64_t(1) << 62}); }},
  {"empty of zero elements whose strides overflow", "empty", [](World&) { empty({0, int64_t(1) << 62, int64_t(1) << 62}); }},
  {"empty, more memory than the machine has", "allocate", [](World&) { empty({int64_t(1) << 58}, kByte); }},
  {"randint, low >= high", "randint", [](World&) { randint(5, 5, {3}); }},
  {"randperm, negative n", "randperm", [](World&) { randperm(-1); }},
  {"eye, negative size", "eye", [](World&) { eye(-2); }},
  {"set_num_threads(0)", "set_num_threads", [](World&) { set_num_threads(0); }},
  // ---- module options ----
  {"Linear, negative in_features", "Linear", [](World&) { nn::Linear(-1, 3); }},
  {"Conv2d, zero in_channels", "Conv2d", [](World&) { nn::Conv2d(nn::Conv2dOptions(0, 4, 3)); }},
  {"Conv2d, kernel 0", "Conv2d", [](World&) { nn::Conv2d(nn::Conv2dOptions(3, 4, 0)); }},
  {"Conv2d, stride 0", "Conv2d", [](World&) { nn::Conv2d(nn::Conv2dOptions(3, 4, 3).stride(0)); }},
  {"BatchNorm2d, zero features", "BatchNorm2d", [](World&) { nn::BatchNorm2d(0); }},
  {"Dropout, p = 1.5", "Dropout", [](World&) { nn::Dropout(1.5); }},
  {"Dropout, p = NaN", "Dropout", [](World&) { (void)nn::Dropout(kNaN); }},
  {"dropout, p = -0.1", "dropout", [](World& w) { F::dropout(w.a, F::DropoutFuncOptions().p(-0.1)); }},
  {"Embedding, negative size", "Embedding", [](World&) { nn::Embedding(-1, 4); }},
  {"MaxPool2d, kernel 0 (checked at the first forward)", "max_pool2d", [](World& w) { nn::MaxPool2d(nn::MaxPool2dOptions(0))->forward(w.img); }},
  {"LSTM, zero hidden size", "LSTM", [](World&) { nn::LSTM(nn::LSTMOptions(3, 0)); }},
  {"empty module holder", "Linear", [](World&) { nn::Linear empty{nullptr}; (void)empty.ptr(); }},
  // ---- optimizers ----
  {"SGD, NaN learning rate", "SGD", [](World& w) { optim::SGD(w.fc->parameters(), optim::SGDOptions(kNaN)); }},
  {"SGD, NaN learning rate set on a group after construction", "SGD", [](World& w) {
     optim::OptimizerOptions& options = w.sgd->param_groups()[0].options();
     struct Restore { // the table checks that nothing changed, the learning rate included
       optim::OptimizerOptions& options;
       double lr;
       ~Restore() { options.set_lr(lr); }
     } restore{options, options.get_lr()};
     options.set_lr(kNaN);
     w.sgd->step();
   }},
  {"SGD, negative learning rate", "SGD", [](World& w) { optim::SGD(w.fc->parameters(), optim::SGDOptions(-0.1)); }},
  {"Adam, NaN learning rate", "Adam", [](World& w) { optim::Adam(w.fc->parameters(), optim::AdamOptions(kNaN)); }},
  {"Adam, beta1 = 1", "Adam", [](World& w) { optim::Adam(w.fc->parameters(), optim::AdamOptions(0.1).betas({1.0, 0.999})); }},
  {"AdamW, infinite eps", "AdamW", [](World& w) { optim::AdamW(w.fc->parameters(), optim::AdamWOptions(0.1).eps(-1)); }},
  {"SGD over a non-leaf", "Optimizer", [](World& w) { optim::SGD({w.leaf * 2}, optim::SGDOptions(0.1)); }},
  {"StepLR, step_size 0", "StepLR", [](World& w) { optim::StepLR(*w.sgd, 0); }},
  // ---- autograd ----
  {"backward of a tensor without grad", "backward", [](World& w) { w.a.sum().backward(); }},
  {"backward, gradient of the wrong shape", "backward", [](World& w) { (w.leaf * 2).backward(ones({3})); }},
  {"in-place op on a leaf that requires grad", "in-place", [](World& w) { w.leaf.add_(1); }},
  {"log of a negative number under anomaly detection", "LogBackward0", [](World&) {
     autograd::DetectAnomalyGuard guard;
     tensor({-1.0}).requires_grad_().log();
   }},
  // ---- files ----
  {"tg::load of a missing file", "tg::load", [](World& w) { load(w.fc, temp_dir() + "/missing.tgc"); }},
  {"tg::load of a directory", "tg::load", [](World& w) { load(w.fc, temp_dir()); }},
  {"tg::load of an empty file", "tg::load", [](World& w) { load(w.fc, write_file("empty.tgc", "")); }},
  {"tg::load of a text file", "tg::load", [](World& w) { load(w.fc, write_file("text.tgc", "hello, this is not a checkpoint\n")); }},
  {"tg::load of a truncated checkpoint", "tg::load", [](World& w) {
     const std::string path = temp_dir() + "/whole.tgc";
     save(w.fc, path);
     std::ifstream in(path, std::ios::binary);
     std::string bytes((std::istreambuf_iterator<char>(in)), {});
     load(w.fc, write_file("cut.tgc", bytes.substr(0, bytes.size() - 7)));
   }},
  {"tg::load of another module's checkpoint", "tg::load", [](World& w) {
     const std::string path = temp_dir() + "/other.tgc";
     save(nn::Linear(4, 3), path);
     load(w.fc, path);
   }},
  {"tg::load of a module checkpoint into an optimizer", "tg::load", [](World& w) {
     const std::string path = temp_dir() + "/module.tgc";
     save(w.fc, path);
     load(*w.sgd, path);
   }},
  {"tg::load of a tensor checkpoint into a tensor list", "tg::load", [](World& w) {
     const std::string path = temp_dir() + "/tensor.tgc";
     save(w.a, path);
     std::vector<Tensor> list;
     load(list, path);
   }},
  {"tg::save into a missing directory", "tg::save", [](World& w) { save(w.fc, temp_dir() + "/no/such/dir/x.tgc"); }},
  {"read_idx of a missing file", "read_idx", [](World&) { data::read_idx(temp_dir() + "/missing-idx"); }},
  {"read_idx of a directory", "read_idx", [](World&) { data::read_idx(temp_dir()); }},
  {"read_idx of a truncated file", "read_idx", [](World&) { data::read_idx(write_file("short.idx", std::string("\0\0\x08\x01\0\0\0\x09" "abc", 11))); }},
  {"read_idx, wrong element type", "read_idx", [](World&) { data::read_idx(write_file("float.idx", std::string("\0\0\x0d\x01\0\0\0\x01" "abcd", 12))); }},
  {"MNIST of a missing directory", "MNIST", [](World&) { data::datasets::MNIST(temp_dir() + "/no-mnist"); }},
  {"DataLoader, batch size 0", "DataLoader", [](World& w) {
     data::make_data_loader(reliability::SyntheticDataset(4, {2}), data::DataLoaderOptions(0));
     (void)w;
   }},
};
// clang-format on

} // namespace

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(every_case_throws_a_clear_tg_error_and_changes_nothing) {
  int passed = 0;
  for (const Case& c : kCases) {
    World world;
    const Snapshot before(world);
    std::string outcome;
    try {
      c.call(world);
      outcome = "no error";
    } catch (const Error& e) {
      const std::string msg = e.what();
      if (msg.find(c.op) == std::string::npos)
        outcome = "message does not name '" + std::string(c.op) + "': " + msg;
    } catch (const std::exception& e) {
      outcome = std::string("a non-tg::Error exception: ") + e.what();
    }
    if (outcome.empty())
      outcome = before.differences(world);
    else if (std::string diff = before.differences(world); !diff.empty())
      outcome += "; and " + diff;
    BOOST_CHECK_MESSAGE(outcome.empty(), c.what << ": " << outcome);
    if (outcome.empty()) ++passed;
  }
  BOOST_TEST_MESSAGE(passed << " of " << kCases.size()
                            << " bad-input cases give a clear tg::Error");
  BOOST_CHECK_GE(kCases.size(), size_t(60));
  std::filesystem::remove_all(temp_dir());
}

BOOST_AUTO_TEST_SUITE_END()
