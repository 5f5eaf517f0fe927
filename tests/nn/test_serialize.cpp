// PyTorch and safetensors weight files (issue 22): the committed fixtures written by Python's
// torch.save (tests/fixtures/pytorch/make_fixtures.py) are read without Python; state_dict names
// and load_state_dict's reports; round trips through every format; damaged and hostile files end
// in tg::Error with the module unchanged; and, when /usr/bin/python3 has torch, both real round
// trips with Python.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "autograd/ops/functions.h"
#include "autograd/tensor/ivalue.h"
#include "nn/nn.h"
#include "nn/serialize/pickle.h"
#include "nn/serialize/safetensors.h"
#include "nn/serialize/torch_archive.h"
#include "nn/serialize/weights_file.h"
#include "nn/serialize/zip.h"
#include "optim/serialize.h"

using namespace tg;
namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& name) {
  const char* root = std::getenv("TG_SOURCE_ROOT");
  BOOST_REQUIRE_MESSAGE(root != nullptr, "TG_SOURCE_ROOT must point at the source tree");
  return std::string(root) + "/tests/fixtures/pytorch/" + name;
}

struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("tg-ptfiles-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string read_bytes(const std::string& path) { return serialize::detail::read_file(path); }
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

void expect_error(const std::function<void()>& f, const std::string& needle) {
  try {
    f();
  } catch (const Error& e) {
    BOOST_CHECK_MESSAGE(std::string(e.what()).find(needle) != std::string::npos,
                        "message '" << e.what() << "' lacks '" << needle << "'");
    return;
  }
  BOOST_ERROR("expected tg::Error containing '" << needle << "'");
}

/// The fixtures' ramp: i * 0.5 - 3 (floats), i - 3 (signed ints), i (uint8), i % 2 (bool).
Tensor ramp(int64_t n, ScalarType dtype) {
  Tensor i = arange(n, kDouble);
  if (dtype == kBool) {
    Tensor t = empty({n}, kBool);
    for (int64_t k = 0; k < n; ++k) t.data_ptr<bool>()[k] = k % 2 == 1;
    return t;
  }
  if (isFloatingType(dtype)) return (i * 0.5 - 3).to(dtype);
  if (dtype == kByte) return arange(n, kLong).to(kByte);
  return (arange(n, kLong) - 3).to(dtype);
}

/// The fixtures' and round trips' net, as Python's Net in make_fixtures.py.
struct NetImpl : nn::Module {
  NetImpl()
      : features(register_module("features",
                                 nn::Sequential(nn::Conv2d(nn::Conv2dOptions(1, 4, 3)),
                                                nn::BatchNorm2d(4), nn::ReLU(), nn::MaxPool2d(2)))),
        fc(register_module("fc", nn::Linear(4 * 3 * 3, 5))) {}
  Tensor forward(Tensor x) { return fc(features->forward(x).flatten(1)); }
  nn::Sequential features;
  nn::Linear fc;
};
TG_MODULE(Net);

bool same(const Tensor& a, const Tensor& b) {
  return a.scalar_type() == b.scalar_type() && a.sizes().equals(b.sizes()) && equal(a, b);
}

} // namespace

BOOST_AUTO_TEST_SUITE(pytorch_files)

// ------------------------------------------------------------------ reading Python's files
BOOST_AUTO_TEST_CASE(every_dtype_python_wrote) {
  // float16/bfloat16 widen to float32 and int8/int16 to int32, exactly (the ramp is representable).
  const std::vector<std::tuple<std::string, ScalarType>> expected = {
      {"float32", kFloat}, {"float64", kDouble}, {"float16", kFloat}, {"bfloat16", kFloat},
      {"int64", kLong},    {"int32", kInt},      {"int16", kInt},     {"int8", kInt},
      {"uint8", kByte},    {"bool", kBool}};
  const IValue v = serialize::load_pytorch(fixture("all_dtypes.pt"));
  const GenericDict& d = v.toGenericDict();
  BOOST_CHECK_EQUAL(d.size(), expected.size());
  for (const auto& [name, dtype] : expected) {
    const Tensor t = d.at(name).toTensor();
    BOOST_TEST_CONTEXT(name) {
      BOOST_CHECK(same(t, ramp(6, dtype).reshape({2, 3})));
      BOOST_CHECK(!t.requires_grad());
    }
  }
}

BOOST_AUTO_TEST_CASE(views_of_one_storage) {
  // Offsets, transposed strides, a block, stride 0, a scalar and an empty tensor, all read from
  // one shared storage: each comes back as the values Python's view showed.
  const GenericDict d = serialize::load_pytorch(fixture("layouts.pt")).toGenericDict();
  const Tensor base = arange(24, kFloat).reshape({4, 6});
  BOOST_CHECK(same(d.at("base").toTensor(), base));
  BOOST_CHECK(same(d.at("row").toTensor(), base.select(0, 1)));
  BOOST_CHECK(same(d.at("column").toTensor(), base.select(1, 2)));
  BOOST_CHECK(same(d.at("transposed").toTensor(), base.t().contiguous()));
  BOOST_CHECK(same(d.at("block").toTensor(), base.narrow(0, 1, 2).narrow(1, 2, 3).contiguous()));
  BOOST_CHECK(same(d.at("expanded").toTensor(), full({3, 4}, 7.0f)));
  BOOST_CHECK(same(d.at("scalar").toTensor(), full({}, 3.5f)));
  BOOST_CHECK_EQUAL(d.at("empty").toTensor().numel(), 0);
  BOOST_CHECK(d.at("empty").toTensor().sizes().equals({0, 3}));
}

BOOST_AUTO_TEST_CASE(nested_checkpoint_is_a_value_tree) {
  const IValue v = serialize::load_pytorch(fixture("checkpoint.pt"));
  const GenericDict& d = v.toGenericDict();
  BOOST_CHECK_EQUAL(d.at("epoch").toInt(), 3);
  BOOST_CHECK_EQUAL(d.at("best").toDouble(), 0.25);
  BOOST_CHECK_EQUAL(d.at("name").toStringRef(), "mlp");
  BOOST_CHECK_EQUAL(d.at("big").toInt(), int64_t(1) << 40);
  BOOST_CHECK_EQUAL(d.at("negative").toInt(), -5);
  const auto& flags = d.at("flags").toTupleRef();
  BOOST_REQUIRE_EQUAL(flags.size(), 3u);
  BOOST_CHECK(flags[0].toBool() && !flags[1].toBool() && flags[2].isNone());
  const auto& nested = d.at("nested").toListRef();
  BOOST_REQUIRE_EQUAL(nested.size(), 3u);
  BOOST_CHECK_EQUAL(nested[2].toListRef()[1].toStringRef(), "four");

  std::vector<std::string> keys;
  for (const DictEntry& e : d.at("model_state_dict").toGenericDict())
    keys.push_back(e.key().toStringRef());
  BOOST_CHECK((keys == std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"}));
  // The optimizer: int keys, a momentum buffer per parameter, floats in the param group.
  const GenericDict& opt = d.at("optimizer").toGenericDict();
  const GenericDict& state = opt.at("state").toGenericDict();
  BOOST_CHECK_EQUAL(state.size(), 4u);
  BOOST_CHECK(
      state.at(IValue(1)).toGenericDict().at("momentum_buffer").toTensor().sizes().equals({2}));
  const GenericDict& group = opt.at("param_groups").toListRef()[0].toGenericDict();
  BOOST_CHECK_CLOSE(group.at("lr").toDouble(), 0.1, 1e-12);
  BOOST_CHECK_EQUAL(group.at("params").toListRef().size(), 4u);
  // The momentum buffer of the first step equals the gradient: the weights moved by lr * grad.
  BOOST_CHECK(
      state.at(IValue(0)).toGenericDict().at("momentum_buffer").toTensor().sizes().equals({2, 3}));

  // read_state_dict refuses the checkpoint and names the entries that are not tensors.
  expect_error([] { serialize::read_state_dict(fixture("checkpoint.pt")); }, "'epoch' (int)");
}

BOOST_AUTO_TEST_CASE(parameters_and_bare_tensors) {
  const GenericDict d = serialize::load_pytorch(fixture("parameter.pt")).toGenericDict();
  BOOST_CHECK(same(d.at("weight").toTensor().detach(), ramp(4, kFloat)));
  BOOST_CHECK(d.at("weight").toTensor().requires_grad());
  BOOST_CHECK(!d.at("frozen").toTensor().requires_grad());
  const IValue t = serialize::load_pytorch(fixture("tensor.pt"));
  BOOST_CHECK(same(t.toTensor(), ramp(5, kDouble)));
  // torch::pickle_load spelling over the same bytes.
  const std::string bytes = read_bytes(fixture("tensor.pt"));
  BOOST_CHECK(same(pickle_load(std::vector<char>(bytes.begin(), bytes.end())).toTensor(),
                   ramp(5, kDouble)));
}

BOOST_AUTO_TEST_CASE(legacy_format_is_refused_clearly) {
  Net net;
  expect_error([&] { tg::load(net, fixture("legacy.pt")); }, "_use_new_zipfile_serialization");
  expect_error([] { serialize::load_pytorch(fixture("legacy.pt")); }, "not a torch.save archive");
  expect_error([&] { tg::load(net, fixture("torchscript.pt")); }, "is a TorchScript archive");
}

BOOST_AUTO_TEST_CASE(python_net_gives_python_outputs) {
  // A Sequential with numbered children, BatchNorm's three buffers, trained statistics.
  Net net;
  tg::load(net, fixture("net.pt"));
  net->eval();
  const GenericDict io = serialize::load_pytorch(fixture("net_io.pt")).toGenericDict();
  NoGradGuard no_grad;
  const Tensor y = net->forward(io.at("input").toTensor());
  BOOST_CHECK(allclose(y, io.at("output").toTensor(), 1e-5, 1e-6));
  BOOST_CHECK_EQUAL(net->state_dict()["features.1.num_batches_tracked"].item<int64_t>(), 1);
}

BOOST_AUTO_TEST_CASE(safetensors_written_by_numpy) {
  const auto file = serialize::load_safetensors(fixture("dtypes.safetensors"));
  const std::vector<std::tuple<std::string, ScalarType>> expected = {
      {"f32", kFloat}, {"f64", kDouble}, {"f16", kFloat}, {"bf16", kFloat}, {"i64", kLong},
      {"i32", kInt},   {"i16", kInt},    {"i8", kInt},    {"u8", kByte},    {"bool", kBool}};
  for (const auto& [name, dtype] : expected) BOOST_TEST_CONTEXT(name) {
      BOOST_CHECK(same(file.tensors[name], ramp(6, dtype).reshape({2, 3})));
    }
  BOOST_CHECK(same(file.tensors["scalar"], full({}, 2.5f)));
  BOOST_CHECK_EQUAL(file.metadata.at("source"), "make_fixtures.py");
}

// ------------------------------------------------------------------ the Module API
BOOST_AUTO_TEST_CASE(state_dict_has_pythons_names_and_order) {
  Net net;
  std::vector<std::string> keys;
  for (const auto& item : net->state_dict()) keys.push_back(item.key());
  const std::vector<std::string> python = {"features.0.weight",
                                           "features.0.bias",
                                           "features.1.weight",
                                           "features.1.bias",
                                           "features.1.running_mean",
                                           "features.1.running_var",
                                           "features.1.num_batches_tracked",
                                           "fc.weight",
                                           "fc.bias"};
  BOOST_CHECK(keys == python);
  // Detached, but sharing the module's data (as Python's state_dict).
  Tensor w = net->state_dict()["fc.bias"];
  BOOST_CHECK(!w.requires_grad());
  NoGradGuard no_grad;
  w.fill_(0.5);
  BOOST_CHECK(equal(net->fc->bias, full({5}, 0.5f)));
}

BOOST_AUTO_TEST_CASE(load_state_dict_reports_by_name) {
  Net source, target;
  auto state = source->state_dict();
  const Tensor before = target->fc->weight.clone();

  // Non-strict: a missing and an unexpected key are reported, the rest is loaded.
  auto partial = source->state_dict();
  partial.erase("fc.bias");
  partial.insert("extra.weight", ones({2}));
  const nn::LoadStateDictResult r = target->load_state_dict(partial, /*strict=*/false);
  BOOST_CHECK((r.missing_keys == std::vector<std::string>{"fc.bias"}));
  BOOST_CHECK((r.unexpected_keys == std::vector<std::string>{"extra.weight"}));
  BOOST_CHECK(equal(target->fc->weight, source->fc->weight));

  // Strict: the same dict throws, naming both, and changes nothing.
  Net fresh;
  const Tensor fresh_w = fresh->fc->weight.clone();
  expect_error([&] { fresh->load_state_dict(partial); },
               "Missing key(s) in state_dict: \"fc.bias\"");
  expect_error([&] { fresh->load_state_dict(partial); },
               "Unexpected key(s) in state_dict: \"extra.weight\"");
  BOOST_CHECK(equal(fresh->fc->weight, fresh_w));

  // A shape mismatch throws even when not strict, and nothing is copied.
  auto wrong = source->state_dict();
  wrong["fc.weight"] = zeros({5, 3});
  expect_error([&] { fresh->load_state_dict(wrong, false); }, "size mismatch for 'fc.weight'");
  BOOST_CHECK(equal(fresh->fc->weight, fresh_w));
  auto wrong_dtype = source->state_dict();
  wrong_dtype["fc.bias"] = zeros({5}, kLong);
  expect_error([&] { fresh->load_state_dict(wrong_dtype); }, "dtype mismatch for 'fc.bias'");
  BOOST_CHECK(equal(target->fc->weight, source->fc->weight));
  BOOST_CHECK(!equal(before, target->fc->weight));
}

BOOST_AUTO_TEST_CASE(key_map_renames_and_drops) {
  // A checkpoint of nn.DataParallel (every key prefixed "module.") plus a key to ignore.
  Net source, target;
  OrderedDict<std::string, Tensor> prefixed("Key");
  for (const auto& item : source->state_dict())
    prefixed.insert("module." + item.key(), item.value());
  prefixed.insert("module.head.weight", ones({1}));
  const auto r = target->load_state_dict(prefixed, true, [](const std::string& k) -> std::string {
    if (k == "module.head.weight") return "";
    return k.substr(std::string("module.").size());
  });
  BOOST_CHECK(r.missing_keys.empty() && r.unexpected_keys.empty());
  BOOST_CHECK(equal(target->features[0]->as<nn::Conv2d>()->weight,
                    source->features[0]->as<nn::Conv2d>()->weight));
  // Two keys onto one name is an error, not a silent overwrite.
  expect_error(
      [&] {
        target->load_state_dict(prefixed, false, [](const std::string&) { return "fc.bias"; });
      },
      "both map to 'fc.bias'");
}

// ------------------------------------------------------------------ tapegrad's own round trips
BOOST_AUTO_TEST_CASE(save_picks_format_by_extension_load_by_content) {
  TempDir dir;
  Net source;
  {
    NoGradGuard no_grad;
    source->features[1]->as<nn::BatchNorm2d>()->running_mean.uniform_();
    source->features[1]->as<nn::BatchNorm2d>()->num_batches_tracked.fill_(7);
  }
  for (const std::string name : {"w.pt", "w.pth", "w.safetensors", "w.tgckpt"}) {
    BOOST_TEST_CONTEXT(name) {
      tg::save(source, dir / name);
      const std::string bytes = read_bytes(dir / name);
      const auto format = serialize::detect_weights_format(bytes, name);
      BOOST_CHECK(format == serialize::weights_format_for_path(name));
      // Renamed to something that says nothing: still recognised by content.
      fs::rename(dir / name, dir / "weights.bin");
      Net target;
      tg::load(target, dir / "weights.bin");
      for (const auto& item : source->state_dict())
        BOOST_CHECK_MESSAGE(same(item.value(), target->state_dict()[item.key()]), item.key());
      BOOST_CHECK(fs::directory_iterator(dir.path) != fs::directory_iterator()); // no tmp debris
    }
  }
  BOOST_CHECK(serialize::looks_like_zip(read_bytes(dir / "weights.bin")) == false);
}

BOOST_AUTO_TEST_CASE(tensors_and_tensor_lists_as_pt) {
  // tg::save of a tensor or a list to a .pt name writes torch.save's format; tg::load reads it.
  TempDir dir;
  const Tensor a = arange(6, kDouble).reshape({2, 3}).t(), b = ones({2}, kBool);
  tg::save(a, dir / "a.pt");
  tg::save(std::vector<Tensor>{a, b}, dir / "list.pt");
  BOOST_CHECK(serialize::looks_like_zip(read_bytes(dir / "a.pt")));
  Tensor back;
  tg::load(back, dir / "a.pt");
  BOOST_CHECK(same(back, a.contiguous()));
  std::vector<Tensor> list;
  tg::load(list, dir / "list.pt");
  BOOST_REQUIRE_EQUAL(list.size(), 2u);
  BOOST_CHECK(same(list[1], b));
  expect_error([&] { tg::load(back, dir / "list.pt"); }, "holds a list, not a tensor");
}

BOOST_AUTO_TEST_CASE(pickle_round_trip_of_a_value_tree) {
  GenericDict d, inner;
  inner.insert_or_assign(IValue(0),
                         IValue(arange(6, kDouble).reshape({2, 3}).t())); // non-contiguous
  inner.insert_or_assign(IValue(1), IValue(ones({2}, kBool)));
  d.insert_or_assign("state", IValue(inner));
  d.insert_or_assign("epoch", IValue(3));
  d.insert_or_assign("lr", IValue(0.125));
  d.insert_or_assign("big", IValue(int64_t(-1) << 50));
  d.insert_or_assign("int32", IValue(-70000));
  d.insert_or_assign("u16", IValue(60000));
  d.insert_or_assign("name", IValue("snake \xc3\xa9"));
  d.insert_or_assign("none", IValue());
  d.insert_or_assign("tuple", IValue::tuple({IValue(true), IValue(false), IValue(1), IValue(2)}));
  d.insert_or_assign(
      "list", IValue::list({IValue(arange(3, kInt)), IValue(arange(2, kByte)), IValue::list()}));
  const std::vector<char> bytes = pickle_save(IValue(d));
  const GenericDict back = pickle_load(bytes).toGenericDict();
  BOOST_CHECK(same(back.at("state").toGenericDict().at(IValue(0)).toTensor(),
                   arange(6, kDouble).reshape({2, 3}).t().contiguous()));
  BOOST_CHECK(same(back.at("state").toGenericDict().at(IValue(1)).toTensor(), ones({2}, kBool)));
  BOOST_CHECK_EQUAL(back.at("epoch").toInt(), 3);
  BOOST_CHECK_EQUAL(back.at("lr").toDouble(), 0.125);
  BOOST_CHECK_EQUAL(back.at("big").toInt(), int64_t(-1) << 50);
  BOOST_CHECK_EQUAL(back.at("int32").toInt(), -70000);
  BOOST_CHECK_EQUAL(back.at("u16").toInt(), 60000);
  BOOST_CHECK_EQUAL(back.at("name").toStringRef(), "snake \xc3\xa9");
  BOOST_CHECK(back.at("none").isNone());
  BOOST_CHECK_EQUAL(back.at("tuple").toTupleRef().size(), 4u);
  BOOST_CHECK(same(back.at("list").toListRef()[0].toTensor(), arange(3, kInt)));
  BOOST_CHECK(back.at("list").toListRef()[2].toListRef().empty());
  // A list that contains itself cannot be written (and is not silently truncated).
  IValue loop = IValue::list();
  loop.list_append(loop);
  expect_error([&] { pickle_save(loop); }, "nested more than 1000");
  std::vector<IValue>& elements = const_cast<std::vector<IValue>&>(loop.toListRef());
  elements.clear(); // break the cycle so the test does not leak
}

BOOST_AUTO_TEST_CASE(failed_write_keeps_the_previous_file) {
  TempDir dir;
  Net a, b;
  tg::save(a, dir / "net.pt");
  const std::string before = read_bytes(dir / "net.pt");
  serialize::detail::set_write_failure_after(100);
  expect_error([&] { tg::save(b, dir / "net.pt"); }, "simulated write failure");
  serialize::detail::set_write_failure_after(-1);
  BOOST_CHECK(read_bytes(dir / "net.pt") == before);
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.path)) files += e.is_regular_file();
  BOOST_CHECK_EQUAL(files, 1u);
}

// ------------------------------------------------------------------ damaged and hostile files
namespace {
/// A torch.save-shaped archive around hand-written pickle bytes (and storages).
std::string archive_with(const std::string& pickle,
                         const std::vector<std::pair<std::string, std::string>>& storages = {}) {
  serialize::ZipWriter zip;
  zip.add("x/data.pkl", pickle);
  for (const auto& [key, bytes] : storages) zip.add("x/data/" + key, bytes);
  zip.add("x/version", "3\n");
  return zip.finish();
}
IValue load_archive(const std::string& bytes) {
  return serialize::load_pytorch_bytes(bytes, "<test>");
}
using namespace std::string_literals;
const std::string kProto = "\x80\x02";
} // namespace

BOOST_AUTO_TEST_CASE(every_truncation_and_bit_flip_is_an_error) {
  const std::string good = read_bytes(fixture("net.pt"));
  Net net;
  const auto before = net->state_dict()["fc.weight"].clone();
  TempDir dir;
  for (size_t cut = 0; cut < good.size(); cut += 7) {
    write_bytes(dir / "cut.pt", good.substr(0, cut));
    BOOST_CHECK_THROW(tg::load(net, dir / "cut.pt"), Error);
  }
  // A flipped byte either fails (the module unchanged) or, in padding or an unused field,
  // loads the right values; never anything else.
  Net reference;
  tg::load(reference, fixture("net.pt"));
  for (size_t at = 0; at < good.size(); at += 13) {
    std::string bad = good;
    bad[at] = char(bad[at] ^ 0x20);
    write_bytes(dir / "flip.pt", bad);
    Net fresh;
    const auto fresh_before = fresh->state_dict()["fc.weight"].clone();
    try {
      tg::load(fresh, dir / "flip.pt");
      BOOST_CHECK_MESSAGE(equal(fresh->fc->weight, reference->fc->weight), "flip at " << at);
    } catch (const Error&) {
      BOOST_CHECK_MESSAGE(equal(fresh->fc->weight, fresh_before), "flip at " << at);
    }
  }
  BOOST_CHECK(equal(net->state_dict()["fc.weight"], before)); // failed loads changed nothing
}

BOOST_AUTO_TEST_CASE(hostile_pickles_are_refused) {
  // A global that would run code in an unrestricted unpickler.
  expect_error([] { load_archive(archive_with(kProto + "cposix\nsystem\nX\x02\0\0\0ls\x85R."s)); },
               "global 'posix.system' is not allowed");
  // Opcodes outside the subset: INST, STACK_GLOBAL, BINBYTES.
  expect_error([] { load_archive(archive_with(kProto + "\x93.")); },
               "unsupported pickle opcode 0x93");
  // Memo misuse: BINGET of an entry never stored.
  expect_error([] { load_archive(archive_with(kProto + "h\x05.")); }, "never stored");
  // A list appended to itself (a reference cycle).
  expect_error(
      [] {
        load_archive(archive_with(kProto + "]q\x00h\x00"
                                           "a."s));
      },
      "reference cycle");
  // 2000 nested lists.
  std::string deep = kProto;
  for (int i = 0; i < 2000; ++i) deep += "]";
  for (int i = 0; i < 1999; ++i) deep += "a";
  deep += ".";
  expect_error([&] { load_archive(archive_with(deep)); }, "nested more than 1000");
  // Stack underflow, a MARK-less TUPLE, a truncated opcode, no STOP.
  expect_error([] { load_archive(archive_with(kProto + "a.")); }, "empty stack");
  expect_error([] { load_archive(archive_with(kProto + "t.")); }, "without a MARK");
  expect_error([] { load_archive(archive_with(kProto + "J\x01\x02")); }, "truncated");
  expect_error([] { load_archive(archive_with(kProto + "N")); }, "truncated");
  // A storage smaller than the tensor that views it, and a storage that is missing.
  const std::string tensor_of_4 =
      kProto + "ctorch._utils\n_rebuild_tensor_v2\n((X\x07\0\0\0storagectorch\nFloatStorage\n"
               "X\x01\0\0\0"
               "0X\x03\0\0\0cpuK\x02tQK\x00K\x04\x85K\x01\x85\x89}tR."s;
  expect_error(
      [&] {
        load_archive(archive_with(tensor_of_4, {{"0", std::string(8, '\0')}}));
      },
      "reaches element 3 of a storage of 2");
  expect_error([&] { load_archive(archive_with(tensor_of_4)); }, "has no x/data/0");
  expect_error(
      [&] {
        load_archive(archive_with(tensor_of_4, {{"0", std::string(12, '\0')}}));
      },
      "holds 12 bytes, not 2 elements");
  // Complex storages are named in the refusal.
  expect_error([] { load_archive(archive_with(kProto + "ctorch\nComplexFloatStorage\n.")); },
               "torch.ComplexFloatStorage are not supported");
}

BOOST_AUTO_TEST_CASE(damaged_zip_and_safetensors_are_refused) {
  // A deflated entry: a clear refusal rather than garbage.
  std::string zip = archive_with(kProto + "N.");
  zip[8] = 8; // the first local header's method field
  // (The central directory still says stored: the reader trusts the central directory and the
  // CRC still matches, so this loads; damage the central one instead.)
  const size_t central = zip.find("PK\x01\x02");
  zip[central + 10] = 8;
  expect_error([&] { load_archive(zip); }, "'x/data.pkl' is compressed");

  TempDir dir;
  Net net;
  const auto good = serialize::save_safetensors_bytes(net->state_dict());
  auto try_bytes = [&](const std::string& bytes) {
    return [bytes] { serialize::load_safetensors_bytes(bytes, "<st>"); };
  };
  expect_error(try_bytes(good.substr(0, good.size() - 1)), "outside the");
  expect_error(try_bytes(good.substr(0, 20)), "truncated");
  std::string huge = good;
  huge[5] = 1; // header length 2^40
  expect_error(try_bytes(huge), "over the format's limit");
  auto with_header = [](const std::string& json, size_t data) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[size_t(i)] = char((json.size() >> (8 * i)) & 0xff);
    return out + json + std::string(data, '\0');
  };
  expect_error(try_bytes(with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                     R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                                     8)),
               "(overlap)");
  expect_error(
      try_bytes(with_header(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8)),
      "(a hole)");
  expect_error(
      try_bytes(with_header(R"({"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}})", 8)),
      "dtype 'C64'");
  expect_error(
      try_bytes(with_header(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)),
      "but 8 bytes");
  expect_error(
      try_bytes(with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})", 8)),
      "bad safetensors header");
  // tg::load of a damaged safetensors file leaves the module unchanged.
  write_bytes(dir / "bad.safetensors", good.substr(0, good.size() - 4));
  Net other;
  const Tensor other_before = other->fc->weight.clone();
  BOOST_CHECK_THROW(tg::load(other, dir / "bad.safetensors"), Error);
  BOOST_CHECK(equal(other->fc->weight, other_before));
}

// ------------------------------------------------------------------ the real other side
namespace {
bool python_torch_available() {
  return std::system("/usr/bin/python3 -c 'import torch, numpy' > /dev/null 2>&1") == 0;
}
std::string script() {
  return std::string(std::getenv("TG_SOURCE_ROOT")) + "/tests/nn/python_roundtrip.py";
}
} // namespace

BOOST_AUTO_TEST_CASE(round_trips_with_python) {
  if (!python_torch_available()) {
    BOOST_TEST_MESSAGE("SKIP round_trips_with_python: /usr/bin/python3 with torch and numpy is "
                       "not installed (scripts/bootstrap installs python3-torch)");
    return;
  }
  TempDir dir;
  // Python trains BatchNorm's statistics, saves state_dict as .pt and .safetensors and the
  // outputs on a fixed input; tapegrad loads both files and must produce the same outputs.
  const std::string save = "/usr/bin/python3 " + script() + " save " + dir.path.string();
  BOOST_REQUIRE_EQUAL(std::system(save.c_str()), 0);
  const GenericDict io = serialize::load_pytorch(dir / "python_io.pt").toGenericDict();
  for (const std::string file : {"python_net.pt", "python_net.safetensors"}) {
    BOOST_TEST_CONTEXT(file) {
      Net net;
      tg::load(net, dir / file);
      net->eval();
      NoGradGuard no_grad;
      BOOST_CHECK(allclose(net->forward(io.at("input").toTensor()), io.at("output").toTensor(),
                           1e-5, 1e-6));
    }
  }
  // tapegrad saves its own net (with trained statistics) and its outputs; Python loads them with
  // torch.load(weights_only=True) and the numpy safetensors reader and compares.
  manual_seed(5);
  Net net;
  net->forward(randn({8, 1, 8, 8})); // training mode: running statistics move
  net->eval();
  const Tensor x = randn({3, 1, 8, 8});
  Tensor y;
  {
    NoGradGuard no_grad;
    y = net->forward(x);
  }
  tg::save(net, dir / "tapegrad_net.pt");
  tg::save(net, dir / "tapegrad_net.safetensors");
  GenericDict out;
  out.insert_or_assign("input", IValue(x));
  out.insert_or_assign("output", IValue(y));
  serialize::save_pytorch(IValue(out), dir / "tapegrad_io.pt");
  const std::string check = "/usr/bin/python3 " + script() + " check " + dir.path.string();
  BOOST_CHECK_EQUAL(std::system(check.c_str()), 0);
}

BOOST_AUTO_TEST_SUITE_END()
