// char_gpt: the character-level GPT of examples/char_gpt (4 pre-norm blocks, 4 heads, width 128,
// context 64, tied head), AdamW with weight decay 0.1 and gradient clipping to 1, batch 32,
// 60 steps on the Brown corpus (scripts/fetch-data brown). Attention is written out as LibTorch
// 1.13 programs must (it has no fused scaled_dot_product_attention): scores, a causal
// masked_fill, softmax, and the product with the values. Metric: characters per second.
#include <fstream>
#include <iterator>
#include <set>

#include "common.h"

namespace {

constexpr int64_t kBlock = 64, kEmbd = 128, kHeads = 4, kLayers = 4, kBatch = 32;

struct AttentionImpl : torch::nn::Module {
  AttentionImpl()
      : c_attn(register_module("c_attn", torch::nn::Linear(kEmbd, 3 * kEmbd))),
        c_proj(register_module("c_proj", torch::nn::Linear(kEmbd, kEmbd))) {
    causal = register_buffer("causal", torch::ones({kBlock, kBlock}).triu(1).to(torch::kBool));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    const int64_t B = x.size(0), T = x.size(1), C = x.size(2);
    auto qkv = c_attn(x).split(C, 2);
    auto heads = [&](const torch::Tensor& t) {
      return t.view({B, T, kHeads, C / kHeads}).transpose(1, 2);
    };
    auto q = heads(qkv[0]), k = heads(qkv[1]), v = heads(qkv[2]);
    auto scores = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(C / kHeads));
    scores = scores.masked_fill(causal.slice(0, 0, T).slice(1, 0, T), -INFINITY);
    auto y = torch::matmul(torch::softmax(scores, -1), v);
    return c_proj(y.transpose(1, 2).contiguous().view({B, T, C}));
  }
  torch::nn::Linear c_attn, c_proj;
  torch::Tensor causal;
};
TORCH_MODULE(Attention);

struct BlockImpl : torch::nn::Module {
  BlockImpl()
      : ln_1(register_module("ln_1", torch::nn::LayerNorm(std::vector<int64_t>{kEmbd}))),
        attn(register_module("attn", Attention())),
        ln_2(register_module("ln_2", torch::nn::LayerNorm(std::vector<int64_t>{kEmbd}))),
        fc(register_module("fc", torch::nn::Linear(kEmbd, 4 * kEmbd))),
        proj(register_module("proj", torch::nn::Linear(4 * kEmbd, kEmbd))) {}
  torch::Tensor forward(torch::Tensor x) {
    x = x + attn(ln_1(x));
    return x + proj(torch::gelu(fc(ln_2(x))));
  }
  torch::nn::LayerNorm ln_1;
  Attention attn;
  torch::nn::LayerNorm ln_2;
  torch::nn::Linear fc, proj;
};
TORCH_MODULE(Block);

struct GPTImpl : torch::nn::Module {
  explicit GPTImpl(int64_t vocab)
      : wte(register_module("wte", torch::nn::Embedding(vocab, kEmbd))),
        wpe(register_module("wpe", torch::nn::Embedding(kBlock, kEmbd))),
        blocks(register_module("blocks", torch::nn::ModuleList())),
        ln_f(register_module("ln_f", torch::nn::LayerNorm(std::vector<int64_t>{kEmbd}))) {
    for (int64_t i = 0; i < kLayers; ++i) blocks->push_back(Block());
  }
  torch::Tensor forward(const torch::Tensor& idx) {
    auto x = wte(idx) + wpe(torch::arange(idx.size(1), torch::kLong));
    for (const auto& block : *blocks) x = block->as<BlockImpl>()->forward(x);
    return torch::nn::functional::linear(ln_f(x), wte->weight);
  }
  torch::nn::Embedding wte, wpe;
  torch::nn::ModuleList blocks;
  torch::nn::LayerNorm ln_f;
};
TORCH_MODULE(GPT);

} // namespace

int main(int argc, char** argv) {
  bench::parse_args(argc, argv);
  torch::set_num_threads(bench::threads());
  torch::manual_seed(0);
  const char* path = std::getenv("BENCH_TEXT");
  std::ifstream in(path ? path : "data/brown/brown.txt", std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "char_gpt: no corpus (run scripts/fetch-data brown)\n");
    return 1;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::set<char> alphabet(text.begin(), text.end());
  std::string chars(alphabet.begin(), alphabet.end());
  std::vector<int64_t> ids;
  ids.reserve(text.size());
  for (char c : text) ids.push_back(int64_t(chars.find(c)));
  auto data = torch::tensor(ids, torch::kLong);

  GPT model(int64_t(chars.size()));
  torch::optim::AdamW optimizer(model->parameters(),
                                torch::optim::AdamWOptions(1e-3).weight_decay(0.1));
  const int64_t steps = bench::max_batches() > 0 ? bench::max_batches() : bench::quick() ? 3 : 60;
  // The batches are drawn before the clock starts, so only training is timed.
  std::vector<torch::Tensor> windows;
  for (int64_t s = 0; s < steps; ++s) {
    auto starts = torch::randint(0, data.size(0) - kBlock - 1, {kBatch}, torch::kLong);
    auto offsets = starts.unsqueeze(1) + torch::arange(kBlock + 1, torch::kLong).unsqueeze(0);
    windows.push_back(data.index_select(0, offsets.flatten()).view({kBatch, kBlock + 1}));
  }
  double loss_value = 0;
  const double start = bench::now_seconds();
  for (const auto& w : windows) {
    auto x = w.narrow(1, 0, kBlock), y = w.narrow(1, 1, kBlock);
    auto loss = torch::nn::functional::cross_entropy(model(x).flatten(0, 1), y.flatten());
    optimizer.zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(model->parameters(), 1.0);
    optimizer.step();
    loss_value = loss.item<double>();
  }
  const double seconds = bench::now_seconds() - start;
  char buf[256];
  std::snprintf(buf, sizeof buf, "seconds=%.4f chars_per_s=%.0f loss=%.4f", seconds,
                double(steps * kBatch * kBlock) / seconds, loss_value);
  bench::report("char_gpt", buf);
}
