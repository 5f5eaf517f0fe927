// A LibTorch-style causal language model on a Transformer encoder, written for LibTorch 1.13: the
// #include is its only difference from a program built against libtorch (it passes there too).
// It checks shapes, the causal mask, parameter names and that one SGD step lowers the loss; it
// exits non-zero (TORCH_CHECK throws) on a mismatch.
#include <tapegrad/torch_compat.h>

namespace F = torch::nn::functional;

struct TinyLMImpl : torch::nn::Module {
  TinyLMImpl(int64_t vocab, int64_t d_model)
      : embed(register_module("embed", torch::nn::Embedding(vocab, d_model))),
        encoder(register_module(
            "encoder",
            torch::nn::TransformerEncoder(torch::nn::TransformerEncoderOptions(
                torch::nn::TransformerEncoderLayerOptions(d_model, 4).dim_feedforward(32).dropout(0.0),
                2)))),
        head(register_module("head", torch::nn::Linear(d_model, vocab))) {}
  // tokens [T, N] -> logits [T, N, vocab]; position t sees tokens 0..t only.
  torch::Tensor forward(const torch::Tensor& tokens) {
    auto mask = torch::nn::TransformerImpl::generate_square_subsequent_mask(tokens.size(0));
    return head(encoder(embed(tokens), mask));
  }
  torch::nn::Embedding embed;
  torch::nn::TransformerEncoder encoder;
  torch::nn::Linear head;
};
TORCH_MODULE(TinyLM);

int main() {
  torch::manual_seed(0);
  auto mask = torch::nn::TransformerImpl::generate_square_subsequent_mask(3);
  TORCH_CHECK(mask.size(0) == 3 && mask.size(1) == 3);
  TORCH_CHECK(std::isinf(mask[0][2].item<float>()) && mask[2][0].item<float>() == 0.0f);

  TinyLM model(11, 16);
  bool found = false;
  for (const auto& p : model->named_parameters())
    found = found || p.key() == "encoder.layers.1.self_attn.in_proj_weight";
  TORCH_CHECK(found, "encoder.layers.1.self_attn.in_proj_weight is missing");

  auto tokens = torch::randint(0, 11, {6, 2}, torch::kLong);
  auto inputs = tokens.slice(0, 0, 5), targets = tokens.slice(0, 1, 6);
  torch::optim::SGD opt(model->parameters(), torch::optim::SGDOptions(0.1));
  auto loss_of = [&] {
    auto logits = model(inputs);
    TORCH_CHECK(logits.sizes() == torch::IntArrayRef({5, 2, 11}), "logits ", logits.sizes());
    return F::cross_entropy(logits.reshape({-1, 11}), targets.reshape({-1}));
  };
  auto before = loss_of();
  opt.zero_grad();
  before.backward();
  opt.step();
  auto after = loss_of();
  TORCH_CHECK(after.item<double>() < before.item<double>(), "loss ", before.item<double>(), " -> ",
              after.item<double>());

  // The attention weights of one layer, averaged over heads: rows sum to 1, nothing above the
  // diagonal.
  torch::nn::MultiheadAttention mha(torch::nn::MultiheadAttentionOptions(16, 4));
  auto x = torch::randn({4, 2, 16});
  auto out = mha->forward(x, x, x, {}, true, torch::nn::TransformerImpl::generate_square_subsequent_mask(4));
  auto weights = std::get<1>(out);
  TORCH_CHECK(weights.sizes() == torch::IntArrayRef({2, 4, 4}));
  TORCH_CHECK((weights.sum(-1) - 1).abs().max().item<double>() < 1e-5);
  TORCH_CHECK(weights.triu(1).abs().max().item<double>() == 0.0);
  std::cout << "transformer_lm: loss " << before.item<double>() << " -> " << after.item<double>()
            << "\n";
}
