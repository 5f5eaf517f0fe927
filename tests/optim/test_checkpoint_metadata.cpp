// Checkpoint metadata: text saved beside a module's weights (the data set it was trained on, its
// class names, its input normalisation) comes back from InputArchive::metadata(), is skipped by
// tg::load, and cannot collide with a parameter name.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "autograd/ops/functions.h"
#include "nn/module.h"
#include "nn/modules/linear.h"
#include "nn/pimpl.h"
#include "optim/optim.h"

using namespace tg;
namespace fs = std::filesystem;

namespace {

/// A file name in the temporary folder, removed again at the end of the test.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string& name)
      : path((fs::temp_directory_path() / ("tg-meta-" + std::to_string(::getpid()) + "-" + name))
                 .string()) {}
  ~TempFile() { std::filesystem::remove(path); }
};

struct HolderImpl : nn::Module {
  HolderImpl() { register_module("__metadata__", nn::Linear(2, 2)); }
};
TG_MODULE(Holder);

} // namespace

BOOST_AUTO_TEST_SUITE(checkpoint_metadata)

BOOST_AUTO_TEST_CASE(metadata_round_trips_and_load_skips_it) {
  TempFile f("round-trip.tgckpt");
  tg::manual_seed(3);
  nn::Linear a(3, 2), b(3, 2);
  BOOST_REQUIRE(!a->weight.equal(b->weight));
  const serialize::Metadata meta{{"dataset", "fashion"},
                                 {"classes", "T-shirt/top\nTrouser"},
                                 {"normalize.mean", "0.286"},
                                 {"empty", ""}};
  tg::save(a, f.path, meta);

  serialize::InputArchive archive;
  archive.load_from(f.path);
  BOOST_CHECK(archive.metadata() == meta);
  BOOST_CHECK(archive.contains("__metadata__.dataset"));
  BOOST_CHECK(archive.contains("weight"));

  tg::load(b, f.path); // the metadata records are not mistaken for unknown weights
  BOOST_CHECK(b->weight.equal(a->weight));
  BOOST_CHECK(b->bias.equal(a->bias));
}

BOOST_AUTO_TEST_CASE(a_file_without_metadata_has_an_empty_map) {
  TempFile f("plain.tgckpt");
  nn::Linear a(3, 2);
  tg::save(a, f.path);
  serialize::InputArchive archive;
  archive.load_from(f.path);
  BOOST_CHECK(archive.metadata().empty());
  BOOST_CHECK_EQUAL(archive.keys().size(), 2u);
}

BOOST_AUTO_TEST_CASE(reserved_names_and_empty_keys_are_refused) {
  TempFile f("refused.tgckpt");
  Holder h;
  try {
    tg::save(h, f.path);
    BOOST_FAIL("a parameter under __metadata__. was saved");
  } catch (const tg::Error& e) {
    BOOST_TEST(std::string(e.what()).find("__metadata__.weight") != std::string::npos);
    BOOST_TEST(std::string(e.what()).find("reserve") != std::string::npos);
  }
  BOOST_CHECK(!fs::exists(f.path));
  nn::Linear a(3, 2);
  BOOST_CHECK_THROW(tg::save(a, f.path, {{"", "x"}}), tg::Error);
  BOOST_CHECK(!fs::exists(f.path));
}

BOOST_AUTO_TEST_SUITE_END()
