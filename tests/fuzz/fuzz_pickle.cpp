// libFuzzer target for the weights-only unpickler (nn/serialize/pickle.cpp), built by
// scripts/fuzz. Any bytes must either unpickle into a value tree (whose tensors can be read and
// which pickles and unpickles back to an equal tree) or end in tg::Error. Storages are served from
// a zero-filled buffer of the size the pickle asks for (up to 1 MiB), so the tensor rebuild
// checks (offsets, strides, sizes) are reached.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_ivalue.h"
#include "nn/serialize/pickle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string zeros(size_t(1) << 20, '\0');
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto loader = [](const std::string& key, uint64_t expected) -> std::string_view {
    if (key == "missing") throw tg::Error("no such storage");
    return std::string_view(zeros).substr(0, size_t(std::min<uint64_t>(expected, zeros.size())));
  };
  tg::IValue value;
  try {
    value = tg::serialize::unpickle(bytes, loader, "<fuzz input>");
  } catch (const tg::Error&) {
    return 0;
  }
  fuzz::touch(value);
  if (!fuzz::small_enough(value)) return 0;
  // What was read pickles and reads back the same.
  tg::serialize::PickledStorages storages;
  const std::string again = tg::serialize::pickle(value, storages);
  auto stored = [&](const std::string& key, uint64_t) -> std::string_view {
    const tg::Tensor& t = storages.tensors.at(std::stoul(key));
    return std::string_view(static_cast<const char*>(t.data_ptr()), t.nbytes());
  };
  const tg::IValue back = tg::serialize::unpickle(again, stored, "<fuzz round trip>");
  if (!fuzz::same(value, back, 0)) std::abort();
  return 0;
}
