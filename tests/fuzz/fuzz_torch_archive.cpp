// libFuzzer target for torch.save archives (nn/serialize/zip.cpp and the unpickler behind
// tg::serialize::load_pytorch), built by scripts/fuzz. Any bytes must either read as a value tree
// whose tensors can be read, and which written again reads back equal, or end in tg::Error.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_ivalue.h"
#include "nn/serialize/torch_archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tg::IValue value;
  try {
    value = tg::serialize::load_pytorch_bytes(bytes, "<fuzz input>");
  } catch (const tg::Error&) {
    return 0;
  }
  fuzz::touch(value);
  if (!fuzz::small_enough(value)) return 0;
  const std::string again = tg::serialize::save_pytorch_bytes(value);
  if (!fuzz::same(value, tg::serialize::load_pytorch_bytes(again, "<fuzz round trip>"), 0))
    std::abort();
  return 0;
}
