// Checkpoints: bit-exact round trips of modules, optimizers and tensors; every kind of damaged
// file is refused with tg::Error and leaves the destination untouched; writes are atomic.
#include <boost/test/unit_test.hpp>

#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"
#include "autograd/tensor/tensor_data.h"
#include "nn/module.h"
#include "nn/pimpl.h"
#include "optim/optim.h"

using namespace tg;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("tg-ckpt-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, ec);
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
}
bool message_contains(const tg::Error& e, const std::string& part) {
  return std::string(e.what()).find(part) != std::string::npos;
}
/// Runs f, which must throw tg::Error whose message contains `part`.
void expect_error(const std::function<void()>& f, const std::string& part) {
  try {
    f();
    BOOST_ERROR("expected tg::Error containing \"" << part << "\"");
  } catch (const tg::Error& e) {
    BOOST_CHECK_MESSAGE(message_contains(e, part), "message \"" << e.what()
                                                                << "\" lacks \"" << part << "\"");
  }
}

struct LeafImpl : nn::Module {
  explicit LeafImpl(int64_t width = 3) {
    weight = register_parameter("weight", tg::randn({2, width}, kDouble));
    bias = register_parameter("bias", tg::randn({width}, kDouble));
    steps = register_buffer("steps", tg::randint(0, 100, {1}, kLong));
  }
  Tensor weight, bias, steps;
};
TG_MODULE(Leaf);

struct NetImpl : nn::Module {
  explicit NetImpl(int64_t width = 3) {
    scale = register_parameter("scale", tg::randn({width}, kDouble));
    fc = register_module("fc", Leaf(width));
    running = register_buffer("running", tg::randn({width}, kDouble));
  }
  Tensor loss() const {
    return (fc->weight.sum({0}) * scale).pow(2).sum() + (fc->bias * fc->bias * scale).sum();
  }
  Tensor scale, running;
  Leaf fc{nullptr};
};
TG_MODULE(Net);

/// Deep copies of every parameter and buffer, to compare against later.
std::vector<Tensor> snapshot(const nn::Module& m) {
  std::vector<Tensor> out;
  for (const auto& p : m.named_parameters()) out.push_back(p.value().detach().clone());
  for (const auto& b : m.named_buffers()) out.push_back(b.value().detach().clone());
  return out;
}
bool unchanged(const nn::Module& m, const std::vector<Tensor>& snap) {
  std::vector<Tensor> now = snapshot(m);
  if (now.size() != snap.size()) return false;
  for (size_t i = 0; i < now.size(); ++i)
    if (!now[i].sizes().equals(snap[i].sizes()) || !now[i].equal(snap[i])) return false;
  return true;
}

uint32_t crc(const std::string& bytes, size_t begin, size_t end) {
  return uint32_t(::crc32(0, reinterpret_cast<const Bytef*>(bytes.data() + begin), uInt(end - begin)));
}

} // namespace

BOOST_AUTO_TEST_SUITE(checkpoint)

BOOST_AUTO_TEST_CASE(module_round_trip_is_bit_exact) {
  TempDir dir;
  tg::manual_seed(1);
  Net a, b;
  BOOST_REQUIRE(!a->scale.equal(b->scale));
  const std::string f = dir.file("net.tgc");

  tg::save(a, f); // holder
  TensorImpl* b_scale = b->scale.unsafeGetTensorImpl();
  tg::load(b, f);
  BOOST_CHECK(unchanged(*b, snapshot(*a)));
  BOOST_CHECK(b->scale.unsafeGetTensorImpl() == b_scale); // loaded in place
  BOOST_CHECK(b->scale.requires_grad());
  BOOST_CHECK(b->scale.is_leaf());
  BOOST_CHECK(b->fc->steps.equal(a->fc->steps));
  BOOST_CHECK_EQUAL(b->fc->steps.scalar_type(), kLong);
  BOOST_CHECK(dir.listing() == std::vector<std::string>{"net.tgc"}); // no temporaries left

  // shared_ptr and plain-reference spellings.
  Net c;
  std::shared_ptr<NetImpl> c_ptr = c.ptr();
  tg::load(c_ptr, f);
  BOOST_CHECK(unchanged(*c, snapshot(*a)));
  Net d;
  tg::save(*d, dir.file("d.tgc"));
  tg::save(std::shared_ptr<nn::Module>(d.ptr()), dir.file("d2.tgc"));
  BOOST_CHECK_EQUAL(read_bytes(dir.file("d.tgc")), read_bytes(dir.file("d2.tgc")));
  tg::load(*c, dir.file("d.tgc"));
  BOOST_CHECK(unchanged(*c, snapshot(*d)));

  // A float32 module takes a float64 checkpoint (floating values convert, as copy_ does).
  Net e;
  e->to(kFloat);
  tg::load(e, f);
  BOOST_CHECK_EQUAL(e->scale.scalar_type(), kFloat);
  BOOST_CHECK(e->scale.to(kDouble).allclose(a->scale, 1e-6, 1e-6));
}

BOOST_AUTO_TEST_CASE(tensor_and_tensor_list_round_trips) {
  TempDir dir;
  tg::manual_seed(2);
  std::vector<Tensor> tensors = {
      tg::randn({3, 4}, kDouble),
      tg::randn({2, 5}, kFloat).t(),                       // non-contiguous
      tg::arange(0, 12, kLong).reshape({3, 4}),
      tg::tensor(std::vector<int64_t>{-1, 2, 7}, {3}).to(kInt),
      tg::tensor(std::vector<int64_t>{0, 255, 17}, {3}).to(kByte),
      tg::tensor(std::vector<int64_t>{1, 0, 1}, {3}).to(kBool),
      tg::full({}, 3.25, kDouble),                           // 0-d
      tg::empty({0, 3}, kFloat),                             // no elements
      Tensor(),                                              // undefined entry
      tg::randn({2, 2}, kDouble).requires_grad_(),
  };
  const std::string f = dir.file("list.tgc");
  tg::save(tensors, f);
  std::vector<Tensor> back = {tg::ones({1})}; // replaced wholesale
  tg::load(back, f);
  BOOST_REQUIRE_EQUAL(back.size(), tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    BOOST_TEST_CONTEXT("entry " << i) {
      BOOST_REQUIRE_EQUAL(back[i].defined(), tensors[i].defined());
      if (!tensors[i].defined()) continue;
      BOOST_CHECK_EQUAL(back[i].scalar_type(), tensors[i].scalar_type());
      BOOST_CHECK(back[i].sizes().equals(tensors[i].sizes()));
      BOOST_CHECK(back[i].equal(tensors[i]));
      BOOST_CHECK_EQUAL(back[i].requires_grad(), tensors[i].requires_grad());
    }
  }

  Tensor t = tg::randn({4, 3}, kDouble);
  tg::save(t, dir.file("t.tgc"));
  Tensor u;
  tg::load(u, dir.file("t.tgc"));
  BOOST_CHECK(u.equal(t));
  BOOST_CHECK(!u.is_same(t));

  // Wrong kinds name both sides.
  expect_error([&] { tg::load(u, f); }, "holds a tensor list checkpoint, but a tensor was asked for");
  expect_error([&] { tg::load(back, dir.file("t.tgc")); },
               "holds a tensor checkpoint, but a tensor list was asked for");
  BOOST_CHECK(u.equal(t));
  BOOST_CHECK_EQUAL(back.size(), tensors.size());
}

namespace {

using MakeOptimizer = std::function<std::unique_ptr<optim::Optimizer>(NetImpl&)>;

void train(NetImpl& net, optim::Optimizer& opt, int steps) {
  for (int s = 0; s < steps; ++s) {
    opt.zero_grad();
    net.loss().backward();
    opt.step();
  }
}

/// Saving mid-training and resuming from the files must continue exactly as if never stopped.
void check_resume(const std::string& name, const MakeOptimizer& make) {
  BOOST_TEST_CONTEXT(name) {
    TempDir dir;
    tg::manual_seed(3);
    Net a;
    auto opt_a = make(*a);
    train(*a, *opt_a, 3);
    // A changed learning rate is part of the optimizer's state too.
    optim::StepLR(*opt_a, 1, 0.5).step();
    for (auto& group : opt_a->param_groups()) group.options().set_lr(group.options().get_lr() * 0.75);
    tg::save(a, dir.file("model.tgc"));
    tg::save(*opt_a, dir.file("opt.tgc"));
    train(*a, *opt_a, 4);

    Net b; // different initial values, fresh optimizer
    auto opt_b = make(*b);
    tg::load(b, dir.file("model.tgc"));
    tg::load(*opt_b, dir.file("opt.tgc"));
    for (size_t g = 0; g < opt_a->param_groups().size(); ++g)
      BOOST_CHECK_EQUAL(opt_b->param_groups()[g].options().get_lr(),
                        opt_a->param_groups()[g].options().get_lr());
    train(*b, *opt_b, 4);
    BOOST_CHECK_MESSAGE(unchanged(*b, snapshot(*a)), name << ": resumed training differs");
    BOOST_CHECK_EQUAL(opt_a->state().size(), opt_b->state().size());
  }
}

std::vector<optim::OptimizerParamGroup> two_groups(NetImpl& net, std::unique_ptr<optim::OptimizerOptions> second) {
  std::vector<optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<Tensor>{net.scale});
  groups.emplace_back(std::vector<Tensor>{net.fc->weight, net.fc->bias}, std::move(second));
  return groups;
}

} // namespace

BOOST_AUTO_TEST_CASE(optimizer_resume_is_bit_exact) {
  check_resume("SGD nesterov", [](NetImpl& n) -> std::unique_ptr<optim::Optimizer> {
    return std::make_unique<optim::SGD>(
        two_groups(n, std::make_unique<optim::SGDOptions>(optim::SGDOptions(0.02).momentum(0.5))),
        optim::SGDOptions(0.01).momentum(0.9).nesterov(true).weight_decay(0.01));
  });
  check_resume("SGD plain", [](NetImpl& n) -> std::unique_ptr<optim::Optimizer> {
    return std::make_unique<optim::SGD>(n.parameters(), 0.01);
  });
  check_resume("Adagrad", [](NetImpl& n) -> std::unique_ptr<optim::Optimizer> {
    return std::make_unique<optim::Adagrad>(
        n.parameters(), optim::AdagradOptions(0.1).lr_decay(0.01).initial_accumulator_value(0.1));
  });
  check_resume("RMSprop", [](NetImpl& n) -> std::unique_ptr<optim::Optimizer> {
    return std::make_unique<optim::RMSprop>(
        two_groups(n, std::make_unique<optim::RMSpropOptions>(optim::RMSpropOptions(0.01))),
        optim::RMSpropOptions(0.02).centered(true).momentum(0.5).weight_decay(0.1));
  });
  check_resume("Adam amsgrad", [](NetImpl& n) -> std::unique_ptr<optim::Optimizer> {
    return std::make_unique<optim::Adam>(
        two_groups(n, std::make_unique<optim::AdamOptions>(
                          optim::AdamOptions(0.03).betas(std::make_tuple(0.8, 0.9)))),
        optim::AdamOptions(0.05).amsgrad(true).weight_decay(0.1));
  });
  check_resume("AdamW", [](NetImpl& n) -> std::unique_ptr<optim::Optimizer> {
    return std::make_unique<optim::AdamW>(n.parameters(), optim::AdamWOptions(0.05));
  });
}

BOOST_AUTO_TEST_CASE(optimizer_load_errors_leave_it_unchanged) {
  TempDir dir;
  tg::manual_seed(4);
  Net net;
  optim::Adam adam(net->parameters(), optim::AdamOptions(0.1));
  train(*net, adam, 2);
  tg::save(adam, dir.file("adam.tgc"));
  tg::save(net, dir.file("net.tgc"));

  // Another optimizer type.
  optim::SGD sgd(net->parameters(), optim::SGDOptions(0.1).momentum(0.9));
  train(*net, sgd, 1);
  const size_t sgd_state = sgd.state().size();
  expect_error([&] { tg::load(sgd, dir.file("adam.tgc")); }, "holds the state of a tg::optim::Adam");
  BOOST_CHECK_EQUAL(sgd.state().size(), sgd_state);
  BOOST_CHECK_EQUAL(sgd.param_groups()[0].options().get_lr(), 0.1);

  // A module checkpoint is not an optimizer checkpoint.
  expect_error([&] { tg::load(adam, dir.file("net.tgc")); },
               "holds a module checkpoint, but an optimizer was asked for");

  // Same type over differently shaped or counted parameters.
  Net wide(4);
  optim::Adam adam_wide(wide->parameters(), optim::AdamOptions(0.2));
  train(*wide, adam_wide, 1);
  auto& state = static_cast<optim::AdamParamState&>(
      *adam_wide.state().at(optim::Optimizer::state_key(wide->fc->bias)));
  Tensor exp_avg = state.exp_avg().clone();
  expect_error([&] { tg::load(adam_wide, dir.file("adam.tgc")); }, "different shape");
  BOOST_CHECK_EQUAL(adam_wide.param_groups()[0].options().get_lr(), 0.2);
  auto& state_after = static_cast<optim::AdamParamState&>(
      *adam_wide.state().at(optim::Optimizer::state_key(wide->fc->bias)));
  BOOST_CHECK(state_after.exp_avg().equal(exp_avg));
  BOOST_CHECK_EQUAL(state_after.step(), 1);

  optim::Adam fewer(std::vector<Tensor>{net->scale}, optim::AdamOptions(0.3));
  expect_error([&] { tg::load(fewer, dir.file("adam.tgc")); }, "parameters in the file");
  optim::Adam two(two_groups(*net, std::make_unique<optim::AdamOptions>(0.3)), optim::AdamOptions());
  expect_error([&] { tg::load(two, dir.file("adam.tgc")); }, "param groups");
}

BOOST_AUTO_TEST_CASE(every_damaged_module_file_is_refused) {
  TempDir dir;
  tg::manual_seed(5);
  Net source, target;
  const std::string good = dir.file("good.tgc"), bad = dir.file("bad.tgc");
  tg::save(source, good);
  const std::string bytes = read_bytes(good);
  const auto before = snapshot(*target);

  // Every single flipped byte: magic, header, names, shapes, payload, checksums.
  size_t refused = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = char(damaged[i] ^ 0x5a);
    write_bytes(bad, damaged);
    try {
      tg::load(target, bad);
      BOOST_ERROR("a flipped byte at offset " << i << " was accepted");
    } catch (const tg::Error&) {
      ++refused;
    }
  }
  BOOST_CHECK_EQUAL(refused, bytes.size());
  BOOST_CHECK(unchanged(*target, before));

  // Every truncation, down to the empty file.
  refused = 0;
  for (size_t n = 0; n < bytes.size(); ++n) {
    write_bytes(bad, bytes.substr(0, n));
    try {
      tg::load(target, bad);
      BOOST_ERROR("a file truncated to " << n << " bytes was accepted");
    } catch (const tg::Error&) {
      ++refused;
    }
  }
  BOOST_CHECK_EQUAL(refused, bytes.size());
  BOOST_CHECK(unchanged(*target, before));

  // The messages say what is wrong.
  std::string damaged = bytes;
  damaged[0] = 'X';
  write_bytes(bad, damaged);
  expect_error([&] { tg::load(target, bad); }, "not a tapegrad checkpoint");

  damaged = bytes;
  damaged[bytes.size() - 12] ^= 1; // inside the last record's payload
  write_bytes(bad, damaged);
  expect_error([&] { tg::load(target, bad); }, "checksum mismatch in record");

  damaged = bytes;
  damaged[17] ^= 1; // the record count
  write_bytes(bad, damaged);
  expect_error([&] { tg::load(target, bad); }, "header checksum mismatch");

  write_bytes(bad, bytes.substr(0, bytes.size() - 7));
  expect_error([&] { tg::load(target, bad); }, "truncated");

  write_bytes(bad, bytes + std::string(1, '\0'));
  expect_error([&] { tg::load(target, bad); }, "unexpected bytes after its last record");

  // A newer format version, with a valid header checksum: refused as newer, not as corrupt.
  damaged = bytes;
  const uint32_t version = 2;
  std::memcpy(damaged.data() + 8, &version, 4);
  const uint32_t header_crc = crc(damaged, 0, 24);
  std::memcpy(damaged.data() + 24, &header_crc, 4);
  write_bytes(bad, damaged);
  expect_error([&] { tg::load(target, bad); }, "newer than this build");

  expect_error([&] { tg::load(target, dir.file("missing.tgc")); }, "cannot open");
  BOOST_CHECK(unchanged(*target, before));

  // The good file still loads.
  tg::load(target, good);
  BOOST_CHECK(unchanged(*target, snapshot(*source)));
}

namespace {
struct RenamedImpl : nn::Module {
  RenamedImpl() {
    register_parameter("scale", tg::randn({3}, kDouble));
    register_module("fc", Leaf());
    register_parameter("extra", tg::randn({3}, kDouble));
    register_buffer("running", tg::randn({3}, kDouble));
  }
};
struct SwappedImpl : nn::Module {
  SwappedImpl() {
    register_parameter("scale", tg::randn({3}, kDouble));
    register_module("fc", Leaf());
    register_parameter("running", tg::randn({3}, kDouble)); // a buffer in the file
  }
};
} // namespace

BOOST_AUTO_TEST_CASE(mismatched_modules_are_refused_and_unchanged) {
  TempDir dir;
  tg::manual_seed(6);
  Net source;
  const std::string f = dir.file("net.tgc");
  tg::save(source, f);

  // Shapes: width 4 differs in "scale" and "running"; nothing may be copied, not even fc.*.
  Net wide(4);
  auto before = snapshot(*wide);
  expect_error([&] { tg::load(wide, f); }, "shape mismatch for parameter 'scale'");
  BOOST_CHECK(unchanged(*wide, before));

  // Names: the module has a parameter the file lacks.
  auto renamed = std::make_shared<RenamedImpl>();
  before = snapshot(*renamed);
  expect_error([&] { tg::load(renamed, f); }, "has no parameter named 'extra'");
  BOOST_CHECK(unchanged(*renamed, before));

  // Names: the file has entries the module lacks.
  auto leaf = std::make_shared<LeafImpl>();
  before = snapshot(*leaf);
  expect_error([&] { tg::load(leaf, f); }, "has no parameter named 'weight'");
  tg::save(Leaf(), dir.file("leaf.tgc"));
  Net net;
  auto net_before = snapshot(*net);
  expect_error([&] { tg::load(net, dir.file("leaf.tgc")); }, "has no parameter named 'scale'");
  BOOST_CHECK(unchanged(*net, net_before));
  auto just_scale = std::make_shared<nn::Module>();
  just_scale->register_parameter("scale", tg::zeros({3}, kDouble));
  expect_error([&] { tg::load(just_scale, f); }, "holds 'fc.weight', but the module");
  BOOST_CHECK(just_scale->named_parameters()["scale"].equal(tg::zeros({3}, kDouble)));
  BOOST_CHECK(unchanged(*leaf, before));

  // A buffer in the file is not a parameter in the module.
  auto swapped = std::make_shared<SwappedImpl>();
  before = snapshot(*swapped);
  expect_error([&] { tg::load(swapped, f); }, "'running' is a buffer in");
  BOOST_CHECK(unchanged(*swapped, before));

  // Kinds.
  tg::save(tg::ones({3}), dir.file("tensor.tgc"));
  expect_error([&] { tg::load(net, dir.file("tensor.tgc")); },
               "holds a tensor checkpoint, but a module was asked for");
  Tensor t;
  expect_error([&] { tg::load(t, f); }, "holds a module checkpoint, but a tensor was asked for");
  BOOST_CHECK(!t.defined());
  BOOST_CHECK(unchanged(*net, net_before));
}

BOOST_AUTO_TEST_CASE(failed_writes_keep_the_previous_checkpoint) {
  TempDir dir;
  tg::manual_seed(7);
  Net old_model, big_model(20000);
  const std::string f = dir.file("model.tgc");
  tg::save(old_model, f);
  const std::string old_bytes = read_bytes(f);

  // A write that fails midway (the file-size limit is hit): the target keeps its old contents.
  {
    struct rlimit saved {};
    BOOST_REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = saved;
    small.rlim_cur = 4096;
    BOOST_REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    bool threw = false;
    try {
      tg::save(big_model, f);
    } catch (const tg::Error& e) {
      threw = true;
      BOOST_CHECK(message_contains(e, "failed"));
    }
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, old_handler);
    BOOST_CHECK(threw);
  }
  BOOST_CHECK(read_bytes(f) == old_bytes);
  BOOST_CHECK(dir.listing() == std::vector<std::string>{"model.tgc"}); // temp file removed
  Net check;
  tg::load(check, f);
  BOOST_CHECK(unchanged(*check, snapshot(*old_model)));

  // The target is a directory: the rename fails, the temporary is removed.
  fs::create_directory(dir.path / "occupied");
  fs::create_directory(dir.path / "occupied" / "inner");
  expect_error([&] { tg::save(old_model, dir.file("occupied")); }, "cannot rename");
  BOOST_CHECK(dir.listing() == (std::vector<std::string>{"model.tgc", "occupied"}));

  // A directory that does not exist.
  expect_error([&] { tg::save(old_model, dir.file("nowhere/model.tgc")); },
               "cannot create a temporary file");

  // A read-only directory (root ignores permissions, so only checked for other users).
  if (::geteuid() != 0) {
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
    expect_error([&] { tg::save(big_model, f); }, "cannot create a temporary file");
    fs::permissions(dir.path, fs::perms::owner_all);
    BOOST_CHECK(read_bytes(f) == old_bytes);
  }

  // Overwriting succeeds and replaces the old checkpoint completely.
  tg::save(big_model, f);
  Net big_check(20000);
  tg::load(big_check, f);
  BOOST_CHECK(unchanged(*big_check, snapshot(*big_model)));
}

BOOST_AUTO_TEST_SUITE_END()
