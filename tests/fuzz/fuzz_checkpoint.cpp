// libFuzzer target for the checkpoint reader behind tg::load (InputArchive, nn/serialize/archive.cpp),
// built by scripts/fuzz. Any bytes must either parse into records that can then be read back
// through every accessor, or end in tg::Error.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "nn/serialize/archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  tg::serialize::InputArchive archive;
  try {
    archive.load_from_bytes(bytes, "<fuzz input>");
  } catch (const tg::Error&) {
    return 0; // the expected outcome for a bad file
  }
  // A file that parsed: every record must be usable the way tg::load and the optimizers use them.
  for (const std::string& key : archive.keys()) {
    const tg::Tensor* t = archive.find(key);
    if (t == nullptr) std::abort();
    if (t->defined() && t->numel() > 0) {
      const tg::Tensor c = t->contiguous();
      const auto* p = static_cast<const unsigned char*>(c.data_ptr());
      volatile unsigned char sink = p[0] ^ p[c.nbytes() - 1];
      (void)sink;
    }
    (void)archive.is_buffer(key);
    try {
      (void)archive.read_int(key);
    } catch (const tg::Error&) {
    }
    try {
      (void)archive.read_double(key);
    } catch (const tg::Error&) {
    }
    try {
      (void)archive.read_string(key);
    } catch (const tg::Error&) {
    }
    tg::serialize::InputArchive nested;
    (void)archive.try_read(key, nested);
  }
  try {
    archive.expect_kind(tg::serialize::ArchiveKind::Module, "a module");
  } catch (const tg::Error&) {
  }
  return 0;
}
