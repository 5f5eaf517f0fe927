// char_gpt: a small character-level GPT (decoder-only Transformer) trained on the Brown corpus,
// then asked to write.
//
//   scripts/fetch-data brown             # data/brown/brown.txt, 6 MB of plain text
//   build/examples/char_gpt              # 1500 steps, 10-20 min; saves runs/char_gpt.tgckpt
//   build/examples/char_gpt --sample 400 --prompt "The jury"   # writes with the saved model
//
// The model: token and position embeddings, N blocks of [LayerNorm -> causal self-attention ->
// residual, LayerNorm -> MLP (4x, GELU) -> residual], a final LayerNorm and a linear head onto
// the characters (optionally sharing the token embedding's weights). Trained with AdamW (weight
// decay on the matrices only), a linear warm-up then cosine decay of the learning rate, and the
// gradient norm clipped to 1. The loss is cross-entropy in nats per character: the corpus's
// unigram entropy (a model that knows only how often each character occurs) is 3.10.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>
#include <tapegrad/tapegrad.h>

namespace nn = tg::nn;
namespace F = tg::nn::functional;
using tg::Tensor;

namespace {

struct GPTConfig {
  int64_t vocab_size = 0, block_size = 64, n_layer = 4, n_head = 4, n_embd = 128;
  double dropout = 0.0;
  bool tie_weights = true;
};

/// Multi-head self-attention in which position t sees positions 0..t only. One Linear makes
/// queries, keys and values for every head at once; the heads are then a reshape.
struct CausalSelfAttentionImpl : nn::Module {
  explicit CausalSelfAttentionImpl(const GPTConfig& c)
      : n_head(c.n_head), dropout(c.dropout),
        c_attn(register_module("c_attn", nn::Linear(c.n_embd, 3 * c.n_embd))),
        c_proj(register_module("c_proj", nn::Linear(c.n_embd, c.n_embd))) {}

  Tensor forward(const Tensor& x) {
    const int64_t B = x.size(0), T = x.size(1), C = x.size(2);
    auto qkv = c_attn(x).split(C, 2);
    auto heads = [&](const Tensor& t) {
      return t.view({B, T, n_head, C / n_head}).transpose(1, 2);
    };
    // [B, heads, T, C / heads]; the fused kernel applies the causal mask without building it.
    Tensor y = F::scaled_dot_product_attention(heads(qkv[0]), heads(qkv[1]), heads(qkv[2]), {},
                                               is_training() ? dropout : 0.0, /*is_causal=*/true);
    return c_proj(y.transpose(1, 2).contiguous().view({B, T, C}));
  }

  int64_t n_head;
  double dropout;
  nn::Linear c_attn, c_proj;
};
TG_MODULE(CausalSelfAttention);

/// Pre-norm Transformer block: x + attn(ln1(x)), then x + mlp(ln2(x)).
struct BlockImpl : nn::Module {
  explicit BlockImpl(const GPTConfig& c)
      : ln_1(register_module("ln_1", nn::LayerNorm(std::vector<int64_t>{c.n_embd}))),
        attn(register_module("attn", CausalSelfAttention(c))),
        ln_2(register_module("ln_2", nn::LayerNorm(std::vector<int64_t>{c.n_embd}))),
        mlp(register_module("mlp", nn::Sequential(nn::Linear(c.n_embd, 4 * c.n_embd), nn::GELU(),
                                                  nn::Linear(4 * c.n_embd, c.n_embd),
                                                  nn::Dropout(c.dropout)))) {}

  Tensor forward(Tensor x) {
    x = x + attn(ln_1(x));
    return x + mlp->forward(ln_2(x));
  }

  nn::LayerNorm ln_1;
  CausalSelfAttention attn;
  nn::LayerNorm ln_2;
  nn::Sequential mlp;
};
TG_MODULE(Block);

struct GPTImpl : nn::Module {
  explicit GPTImpl(const GPTConfig& c)
      : config(c), wte(register_module("wte", nn::Embedding(c.vocab_size, c.n_embd))),
        wpe(register_module("wpe", nn::Embedding(c.block_size, c.n_embd))),
        blocks(register_module("blocks", nn::ModuleList())),
        ln_f(register_module("ln_f", nn::LayerNorm(std::vector<int64_t>{c.n_embd}))) {
    for (int64_t i = 0; i < c.n_layer; ++i) blocks->push_back(Block(c));
    // Tied: the head scores each character by its embedding row (no weights of its own).
    if (!c.tie_weights)
      lm_head = register_module("lm_head",
                                nn::Linear(nn::LinearOptions(c.n_embd, c.vocab_size).bias(false)));
    // GPT-2's initialisation: N(0, 0.02) weights, zero biases, and the projections back into the
    // residual stream scaled down by sqrt(2 · layers) so the sum of 2·layers residuals stays O(1).
    tg::NoGradGuard no_grad;
    for (auto& p : named_parameters()) {
      const std::string& name = p.key();
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0) {
        p.value().zero_();
      } else if (p.value().dim() == 2) {
        const bool residual_out = name.find("c_proj.weight") != std::string::npos ||
                                  name.find("mlp.2.weight") != std::string::npos;
        p.value().normal_(0.0, residual_out ? 0.02 / std::sqrt(2.0 * double(c.n_layer)) : 0.02);
      }
    }
  }

  /// Logits [B, T, vocab] for token ids [B, T] (T <= block_size).
  Tensor forward(const Tensor& idx) {
    const int64_t T = idx.size(1);
    Tensor x = wte(idx) + wpe(tg::arange(T, tg::kLong));
    for (const auto& block : *blocks) x = block->as<BlockImpl>()->forward(x);
    x = ln_f(x);
    return config.tie_weights ? F::linear(x, wte->weight) : lm_head(x);
  }

  GPTConfig config;
  nn::Embedding wte, wpe;
  nn::ModuleList blocks;
  nn::LayerNorm ln_f;
  nn::Linear lm_head{nullptr};
};
TG_MODULE(GPT);

/// The characters of the corpus, sorted, and the text as their ids.
struct Corpus {
  std::string chars;
  std::vector<int64_t> ids;

  static Corpus read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw tg::Error("cannot read " + path + " (run scripts/fetch-data brown)");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.size() < 1000) throw tg::Error("" + path + " holds too little text");
    Corpus c;
    std::set<char> seen(text.begin(), text.end());
    c.chars.assign(seen.begin(), seen.end());
    c.ids = c.encode(text);
    return c;
  }
  std::vector<int64_t> encode(const std::string& text) const {
    std::vector<int64_t> out;
    out.reserve(text.size());
    for (char ch : text) {
      const size_t i = chars.find(ch);
      if (i == std::string::npos)
        throw tg::Error(fmt::format("the character '{}' (byte {}) is not in the "
                                    "model's alphabet",
                                    std::string(1, ch), int(static_cast<unsigned char>(ch))));
      out.push_back(int64_t(i));
    }
    return out;
  }
};

/// A batch of `batch` windows of `block + 1` consecutive ids starting at random offsets in
/// [begin, end): inputs are the first `block`, targets the same shifted by one.
std::pair<Tensor, Tensor> get_batch(const Tensor& data, int64_t begin, int64_t end, int64_t batch,
                                    int64_t block) {
  Tensor starts = tg::randint(begin, end - block - 1, {batch}, tg::kLong);
  Tensor offsets = starts.unsqueeze(1) + tg::arange(block + 1, tg::kLong).unsqueeze(0);
  Tensor windows = data.index_select(0, offsets.flatten()).view({batch, block + 1});
  return {windows.narrow(1, 0, block), windows.narrow(1, 1, block)};
}

double loss_of(GPT& model, const Tensor& x, const Tensor& y) {
  Tensor logits = model(x);
  return F::cross_entropy(logits.flatten(0, 1), y.flatten()).item<double>();
}

/// Mean loss over `batches` random batches of [begin, end), without recording a graph.
double evaluate(GPT& model, const Tensor& data, int64_t begin, int64_t end, int64_t batch,
                int64_t batches) {
  tg::NoGradGuard no_grad;
  model->eval();
  double sum = 0;
  for (int64_t i = 0; i < batches; ++i) {
    auto [x, y] = get_batch(data, begin, end, batch, model->config.block_size);
    sum += loss_of(model, x, y);
  }
  model->train();
  return sum / double(batches);
}

/// Appends `n` characters to `prompt`, each drawn from the model's distribution over the next
/// character (divided by `temperature`, restricted to the `top_k` likeliest when top_k > 0).
std::string generate(GPT& model, const Corpus& corpus, const std::string& prompt, int64_t n,
                     double temperature, int64_t top_k) {
  tg::NoGradGuard no_grad;
  model->eval();
  std::vector<int64_t> ids = corpus.encode(prompt.empty() ? std::string("\n") : prompt);
  std::string out = prompt;
  const int64_t block = model->config.block_size;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t start = std::max<int64_t>(0, int64_t(ids.size()) - block);
    Tensor context =
        tg::tensor(std::vector<int64_t>(ids.begin() + start, ids.end()), tg::kLong).unsqueeze(0);
    Tensor logits = model(context).select(1, -1).squeeze(0) / std::max(temperature, 1e-6);
    if (top_k > 0 && top_k < logits.size(0)) {
      const double kth = std::get<0>(logits.topk(top_k)).min().item<double>();
      logits = logits.masked_fill(logits < kth, -INFINITY);
    }
    const int64_t next = tg::multinomial(F::softmax(logits, 0), 1).item<int64_t>();
    ids.push_back(next);
    out.push_back(corpus.chars[size_t(next)]);
  }
  return out;
}

/// Warm-up from 0 to `lr` over `warmup` steps, then cosine decay to `min_lr` at `steps`.
double learning_rate(int64_t step, int64_t steps, int64_t warmup, double lr, double min_lr) {
  if (step < warmup) return lr * double(step + 1) / double(warmup);
  const double progress = double(step - warmup) / double(std::max<int64_t>(1, steps - warmup));
  return min_lr + 0.5 * (lr - min_lr) * (1.0 + std::cos(M_PI * std::min(progress, 1.0)));
}

void plot_losses(const std::string& csv, const std::string& png) {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) {
    fmt::print("loss curve: install gnuplot (apt-get install gnuplot-nox) to draw {}\n", png);
    return;
  }
  const std::string script = png + ".gp";
  std::ofstream gp(script);
  gp << "set terminal pngcairo size 800,500\nset output '" << png << "'\n"
     << "set datafile separator ','\nset key top right\nset xlabel 'step'\n"
     << "set ylabel 'cross-entropy (nats per character)'\nset grid\n"
     << "set title 'char\\_gpt on the Brown corpus'\n"
     << "plot '" << csv << "' using 1:2 every ::1 with lines title 'train', '" << csv
     << "' using 1:3 every ::1 with linespoints title 'validation', 3.104 with lines dt 2 "
     << "title 'unigram entropy'\n";
  gp.close();
  if (std::system(("gnuplot '" + script + "' 2>/dev/null").c_str()) == 0)
    fmt::print("loss curve: {}\n", png);
  std::remove(script.c_str());
}

tg::serialize::Metadata metadata_of(const GPTConfig& c, const Corpus& corpus) {
  return {{"program", "char_gpt"},
          {"chars", corpus.chars},
          {"block_size", std::to_string(c.block_size)},
          {"n_layer", std::to_string(c.n_layer)},
          {"n_head", std::to_string(c.n_head)},
          {"n_embd", std::to_string(c.n_embd)},
          {"tie_weights", c.tie_weights ? "1" : "0"}};
}

} // namespace

int main(int argc, char** argv) {
  GPTConfig config;
  std::string data_path = "data/brown/brown.txt", save = "runs/char_gpt.tgckpt", prompt = "The ";
  int64_t steps = 1500, batch = 32, warmup = 100, eval_every = 250, eval_batches = 16, sample = 0,
          top_k = 10;
  double lr = 2e-3, min_lr = 2e-4, weight_decay = 0.1, clip = 1.0, temperature = 0.8;
  uint64_t seed = 1;
  int threads = 0;
  bool untied = false;
  CLI::App app{"Trains a small character-level GPT on the Brown corpus, or writes with one."};
  app.add_option("--data", data_path, "plain-text corpus (scripts/fetch-data brown writes it)")
      ->capture_default_str();
  app.add_option("--steps", steps, "optimizer steps")->capture_default_str();
  app.add_option("--batch-size", batch, "sequences per step")->capture_default_str();
  app.add_option("--block-size", config.block_size, "context length in characters")
      ->capture_default_str();
  app.add_option("--layers", config.n_layer, "Transformer blocks")->capture_default_str();
  app.add_option("--heads", config.n_head, "attention heads per block")->capture_default_str();
  app.add_option("--embd", config.n_embd, "embedding width (a multiple of --heads)")
      ->capture_default_str();
  app.add_option("--dropout", config.dropout, "dropout in attention and MLP")
      ->capture_default_str();
  app.add_flag("--untied", untied,
               "give the output head its own weights (default: tied to the "
               "token embedding)");
  app.add_option("--lr", lr, "peak learning rate (AdamW)")->capture_default_str();
  app.add_option("--min-lr", min_lr, "learning rate at the end of the cosine decay")
      ->capture_default_str();
  app.add_option("--warmup", warmup, "steps of linear warm-up")->capture_default_str();
  app.add_option("--weight-decay", weight_decay, "AdamW weight decay on the weight matrices")
      ->capture_default_str();
  app.add_option("--clip", clip, "maximum gradient norm")->capture_default_str();
  app.add_option("--eval-every", eval_every, "steps between validation losses")
      ->capture_default_str();
  app.add_option("--eval-batches", eval_batches, "batches per validation loss")
      ->capture_default_str();
  app.add_option("--save", save, "checkpoint to write (training) or read (--sample)")
      ->capture_default_str();
  app.add_option("--sample", sample, "write this many characters with the saved model and exit");
  app.add_option("--prompt", prompt, "text the sample continues")->capture_default_str();
  app.add_option("--temperature", temperature, "sampling temperature")->capture_default_str();
  app.add_option("--top-k", top_k, "sample among the k likeliest characters (0: all)")
      ->capture_default_str();
  app.add_option("--seed", seed, "seed for initialisation, batches and sampling")
      ->capture_default_str();
  app.add_option("--threads", threads, "worker threads (0: one per core)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  config.tie_weights = !untied;

  try {
    tg::manual_seed(seed);
    if (threads > 0) tg::set_num_threads(threads);

    if (sample > 0) { // write with a saved model: its alphabet and shape are in its metadata
      tg::serialize::InputArchive archive;
      archive.load_from(save);
      const auto meta = archive.metadata();
      if (!meta.count("program") || meta.at("program") != "char_gpt")
        throw tg::Error("" + save + " is not a char_gpt checkpoint");
      Corpus corpus;
      corpus.chars = meta.at("chars");
      config.vocab_size = int64_t(corpus.chars.size());
      config.block_size = std::stoll(meta.at("block_size"));
      config.n_layer = std::stoll(meta.at("n_layer"));
      config.n_head = std::stoll(meta.at("n_head"));
      config.n_embd = std::stoll(meta.at("n_embd"));
      config.tie_weights = meta.at("tie_weights") == "1";
      GPT model(config);
      tg::load(model, save);
      fmt::print("{}\n", generate(model, corpus, prompt, sample, temperature, top_k));
      return 0;
    }

    if (config.n_embd % config.n_head != 0)
      throw tg::Error(fmt::format("--embd {} is not a multiple of --heads {}",
                                  config.n_embd, config.n_head));
    const Corpus corpus = Corpus::read(data_path);
    config.vocab_size = int64_t(corpus.chars.size());
    const Tensor data = tg::tensor(corpus.ids, tg::kLong);
    const int64_t n = data.size(0), split = n * 9 / 10; // the last 10% is validation text
    if (split - config.block_size - 1 <= 0 || n - split - config.block_size - 1 <= 0)
      throw tg::Error("the corpus is shorter than the context");

    GPT model(config);
    // Decay the weight matrices only: biases, LayerNorm scales and the embeddings' rows keep
    // their size (decaying a LayerNorm gain toward 0 only fights the next layer).
    std::vector<Tensor> decayed, kept;
    int64_t parameters = 0;
    for (auto& p : model->named_parameters()) {
      const bool matrix = p.value().dim() == 2 && p.key().find("wte") == std::string::npos &&
                          p.key().find("wpe") == std::string::npos;
      (matrix ? decayed : kept).push_back(p.value());
      parameters += p.value().numel();
    }
    std::vector<tg::optim::OptimizerParamGroup> groups;
    groups.emplace_back(
        decayed, std::make_unique<tg::optim::AdamWOptions>(
                     tg::optim::AdamWOptions(lr).betas({0.9, 0.95}).weight_decay(weight_decay)));
    groups.emplace_back(kept, std::make_unique<tg::optim::AdamWOptions>(
                                  tg::optim::AdamWOptions(lr).betas({0.9, 0.95}).weight_decay(0)));
    tg::optim::AdamW optimizer(std::move(groups));

    fmt::print("char_gpt: {} characters ({} distinct) from {}; {} blocks, {} heads, width {}, "
               "context {}, {:.2f}M parameters; AdamW lr {} (cosine to {}), batch {}, {} steps\n",
               n, config.vocab_size, data_path, config.n_layer, config.n_head, config.n_embd,
               config.block_size, double(parameters) / 1e6, lr, min_lr, batch, steps);
    const std::string csv = save.substr(0, save.rfind('.')) + ".csv";
    const auto dir =
        save.rfind('/') == std::string::npos ? std::string() : save.substr(0, save.rfind('/'));
    if (!dir.empty()) std::system(("mkdir -p '" + dir + "'").c_str());
    std::ofstream log(csv);
    log << "step,train_loss,val_loss,lr,seconds\n";

    const bool interactive = isatty(fileno(stdout));
    const auto start = std::chrono::steady_clock::now();
    double smoothed = 0, val = NAN;
    for (int64_t step = 0; step < steps; ++step) {
      const double rate = learning_rate(step, steps, warmup, lr, min_lr);
      for (auto& group : optimizer.param_groups())
        static_cast<tg::optim::AdamWOptions&>(group.options()).lr(rate);
      auto [x, y] = get_batch(data, 0, split, batch, config.block_size);
      Tensor logits = model(x);
      Tensor loss = F::cross_entropy(logits.flatten(0, 1), y.flatten());
      optimizer.zero_grad();
      loss.backward();
      tg::nn::utils::clip_grad_norm_(model->parameters(), clip);
      optimizer.step();

      const double l = loss.item<double>();
      smoothed = step == 0 ? l : 0.95 * smoothed + 0.05 * l;
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const bool last = step + 1 == steps;
      if ((step + 1) % eval_every == 0 || last)
        val = evaluate(model, data, split, n, batch, eval_batches);
      log << step + 1 << ',' << l << ','
          << ((step + 1) % eval_every == 0 || last ? fmt::format("{}", val) : "") << ',' << rate
          << ',' << seconds << '\n';
      const double tokens_per_s = double((step + 1) * batch * config.block_size) / seconds;
      if (interactive) {
        fmt::print("\rstep {}/{} loss {:.3f} val {:.3f} lr {:.2e} {:.0f} chars/s ETA {:.0f}s\033[K",
                   step + 1, steps, smoothed, val, rate, tokens_per_s,
                   seconds * double(steps - step - 1) / double(step + 1));
        std::fflush(stdout);
      }
      if ((step + 1) % eval_every == 0 || last) {
        if (interactive) fmt::print("\r\033[K");
        fmt::print("step {:5d}  train loss {:.3f}  val loss {:.3f}  lr {:.2e}  {:.0f} chars/s  "
                   "{:.0f} s\n",
                   step + 1, smoothed, val, rate, tokens_per_s, seconds);
        std::fflush(stdout);
      }
    }
    log.close();
    tg::save(model, save, metadata_of(config, corpus));
    fmt::print("model saved to {} (write with: char_gpt --sample 400 --save {})\n", save, save);
    fmt::print("validation loss {:.3f} nats per character (unigram entropy of the corpus: 3.10)\n",
               val);
    plot_losses(csv, save.substr(0, save.rfind('.')) + ".png");
    fmt::print("sample:\n{}\n", generate(model, corpus, prompt, 300, temperature, top_k));
  } catch (const tg::Error& e) {
    fmt::print(stderr, "char_gpt: {}\n", e.what());
    return 1;
  }
}
