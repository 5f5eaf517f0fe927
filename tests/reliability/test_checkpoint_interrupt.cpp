// Interrupted checkpoint writes: a save that fails after N bytes (simulated with
// serialize::detail::set_write_failure_after, as a full disk would) must throw tg::Error, leave the
// previous checkpoint loadable and intact, and leave no temporary file behind. Tried for every N
// from 0 to the file's full size for a module checkpoint, and for a spread of N for an optimizer.
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <filesystem>

#include "tests/reliability/models.h"

using namespace tg;
namespace fs = std::filesystem;

namespace {

/// A scratch directory removed at the end of the test.
struct ScratchDir {
  ScratchDir() : path(fs::temp_directory_path() / ("tg_ckpt_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() { fs::remove_all(path); }
  /// Every file in the directory, by name.
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    return out;
  }
  fs::path path;
};

/// Turns the hook off again even when a check fails.
struct FailAfter {
  explicit FailAfter(int64_t n) { serialize::detail::set_write_failure_after(n); }
  ~FailAfter() { serialize::detail::set_write_failure_after(-1); }
};

bool same(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(checkpoint_interrupt)

BOOST_AUTO_TEST_CASE(module_checkpoint_survives_a_failure_at_every_byte) {
  ScratchDir dir;
  const std::string path = (dir.path / "model.tgc").string();
  manual_seed(51);
  reliability::TinyCnn saved, other, reader;
  save(saved, path);
  const auto size = int64_t(fs::file_size(path));
  const std::vector<float> expected = reliability::flat_weights(*saved);
  BOOST_REQUIRE(!same(expected, reliability::flat_weights(*other)));

  int failures = 0;
  for (int64_t n = 0; n < size; ++n) {
    {
      FailAfter fail(n);
      BOOST_CHECK_THROW(save(other, path), Error);
    }
    ++failures;
    BOOST_REQUIRE_MESSAGE(dir.files() == std::vector<std::string>{"model.tgc"},
                          "after failing at byte " << n << " the directory holds "
                                                   << dir.files().size() << " files");
    BOOST_REQUIRE_NO_THROW(load(reader, path));
    BOOST_REQUIRE_MESSAGE(same(reliability::flat_weights(*reader), expected),
                          "failing at byte " << n << " changed the previous checkpoint");
  }
  BOOST_TEST_MESSAGE("a " << size << "-byte module checkpoint survived " << failures
                          << " interrupted overwrites");
  // With enough budget the write goes through and replaces the file.
  {
    FailAfter fail(size);
    BOOST_REQUIRE_NO_THROW(save(other, path));
  }
  load(reader, path);
  BOOST_CHECK(same(reliability::flat_weights(*reader), reliability::flat_weights(*other)));
  BOOST_CHECK(dir.files() == std::vector<std::string>{"model.tgc"});
}

BOOST_AUTO_TEST_CASE(optimizer_checkpoint_survives_interrupted_writes) {
  ScratchDir dir;
  const std::string path = (dir.path / "adam.tgc").string();
  manual_seed(52);
  reliability::TinyMlp model;
  optim::Adam adam(model->parameters(), optim::AdamOptions(1e-3));
  Tensor x = randn({8, 20});
  Tensor y = randint(0, 10, {8}, kLong);
  auto step = [&] {
    adam.zero_grad();
    nn::functional::cross_entropy(model->forward(x), y).backward();
    adam.step();
  };
  step();
  save(adam, path);
  const auto size = int64_t(fs::file_size(path));
  step(); // the state moves on; the file must keep the first step's state
  for (int64_t n = 0; n < size; n += std::max<int64_t>(1, size / 97)) {
    FailAfter fail(n);
    BOOST_CHECK_THROW(save(adam, path), Error);
    BOOST_REQUIRE(dir.files() == std::vector<std::string>{"adam.tgc"});
  }
  BOOST_CHECK_EQUAL(int64_t(fs::file_size(path)), size);
  // The surviving file is the first step's: a fresh optimizer loads it and its step count is 1.
  reliability::TinyMlp model2;
  optim::Adam fresh(model2->parameters(), optim::AdamOptions(1e-3));
  BOOST_REQUIRE_NO_THROW(load(fresh, path));
  const auto& state = static_cast<const optim::AdamParamState&>(
      *fresh.state().at(optim::Optimizer::state_key(fresh.parameters()[0])));
  BOOST_CHECK_EQUAL(state.step(), 1);
}

BOOST_AUTO_TEST_SUITE_END()
