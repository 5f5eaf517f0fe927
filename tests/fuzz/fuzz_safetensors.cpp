// libFuzzer target for the safetensors reader (nn/serialize/safetensors.cpp), built by
// scripts/fuzz. Any bytes must either read as named tensors (which written again read back equal,
// with the same metadata) or end in tg::Error.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_ivalue.h"
#include "nn/serialize/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tg::serialize::SafetensorsFile file;
  try {
    file = tg::serialize::load_safetensors_bytes(bytes, "<fuzz input>");
  } catch (const tg::Error&) {
    return 0;
  }
  const std::string again = tg::serialize::save_safetensors_bytes(file.tensors, file.metadata);
  const auto back = tg::serialize::load_safetensors_bytes(again, "<fuzz round trip>");
  if (back.metadata != file.metadata || back.tensors.size() != file.tensors.size()) std::abort();
  for (const auto& item : file.tensors) {
    fuzz::touch(item.value());
    const tg::Tensor* t = back.tensors.find(item.key());
    if (t == nullptr || !fuzz::same_tensor(*t, item.value())) std::abort();
  }
  return 0;
}
