#pragma once
// The small networks and the synthetic data set the reliability tests train. Small enough that a
// thousand steps take a second or two, but with every kind of state a real loop has: parameters,
// optimizer state, BatchNorm running statistics (buffers updated in place), dropout masks.
#include <tapegrad/tapegrad.h>

#include <vector>

namespace reliability {

/// in -> hidden -> 10 with ReLU and dropout (20 -> 32 -> 10 unless asked for more).
struct TinyMlpImpl : tg::nn::Module {
  explicit TinyMlpImpl(int64_t in = 20, int64_t hidden = 32)
      : fc1(register_module("fc1", tg::nn::Linear(in, hidden))),
        drop(register_module("drop", tg::nn::Dropout(0.2))),
        fc2(register_module("fc2", tg::nn::Linear(hidden, 10))) {}
  tg::Tensor forward(const tg::Tensor& x) { return fc2(drop(tg::relu(fc1(x)))); }
  tg::nn::Linear fc1;
  tg::nn::Dropout drop;
  tg::nn::Linear fc2;
};
TG_MODULE(TinyMlp);

/// [N, 1, 8, 8] -> conv 4×3×3 -> BatchNorm -> ReLU -> max-pool 2 -> 10.
struct TinyCnnImpl : tg::nn::Module {
  TinyCnnImpl()
      : conv(register_module("conv", tg::nn::Conv2d(tg::nn::Conv2dOptions(1, 4, 3)))),
        bn(register_module("bn", tg::nn::BatchNorm2d(4))),
        fc(register_module("fc", tg::nn::Linear(4 * 3 * 3, 10))) {}
  tg::Tensor forward(const tg::Tensor& x) {
    namespace F = tg::nn::functional;
    tg::Tensor h = F::max_pool2d(tg::relu(bn(conv(x))), F::MaxPool2dFuncOptions(2));
    return fc(h.flatten(1));
  }
  tg::nn::Conv2d conv;
  tg::nn::BatchNorm2d bn;
  tg::nn::Linear fc;
};
TG_MODULE(TinyCnn);

/// `n` examples of shape `example_shape` with labels 0..9, drawn once from the global generator
/// (so the seed decides them). Random access for the DataLoader.
class SyntheticDataset : public tg::data::datasets::Dataset<SyntheticDataset> {
public:
  SyntheticDataset(int64_t n, std::vector<int64_t> example_shape) {
    std::vector<int64_t> shape{n};
    shape.insert(shape.end(), example_shape.begin(), example_shape.end());
    data_ = tg::randn(shape);
    targets_ = tg::randint(0, 10, {n}, tg::kLong);
  }
  tg::data::Example<> get(size_t index) override {
    return {data_[int64_t(index)], targets_[int64_t(index)]};
  }
  std::optional<size_t> size() const override { return size_t(data_.size(0)); }

private:
  tg::Tensor data_, targets_;
};

/// The weights of `model`, copied out as one flat float vector (to compare runs bit for bit).
inline std::vector<float> flat_weights(const tg::nn::Module& model) {
  std::vector<float> out;
  for (const tg::Tensor& p : model.parameters()) {
    tg::Tensor c = p.detach().contiguous();
    const float* d = c.data_ptr<float>();
    out.insert(out.end(), d, d + c.numel());
  }
  for (const tg::Tensor& b : model.buffers()) {
    if (b.scalar_type() != tg::kFloat) continue;
    tg::Tensor c = b.contiguous();
    const float* d = c.data_ptr<float>();
    out.insert(out.end(), d, d + c.numel());
  }
  return out;
}

} // namespace reliability
