// libFuzzer target for the IDX reader (data/idx.cpp), built by scripts/fuzz. Any bytes, raw or
// gzipped, must either read as a tensor whose shape accounts for every data byte, or end in
// tg::Error. Anything else (a crash, a sanitizer report, another exception type) is a bug.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "data/idx.h"

namespace {

/// read_idx takes a path, so each input goes through one scratch file (in memory on Linux).
const std::string& scratch_path() {
  static const std::string path = [] {
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    std::string p = std::string(dir) + "/tg_fuzz_idx_" + std::to_string(getpid());
    std::atexit([] { std::remove(scratch_path().c_str()); });
    return p;
  }();
  return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = scratch_path();
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  try {
    tg::Tensor t = tg::data::read_idx(path);
    // A tensor that was read must be as large as its header says, and its bytes readable.
    int64_t numel = 1;
    for (int64_t s : t.sizes()) numel *= s;
    if (numel != t.numel() || t.scalar_type() != tg::kByte) std::abort();
    if (numel > 0) {
      const uint8_t* p = t.data_ptr<uint8_t>();
      volatile uint8_t sink = p[0] ^ p[numel - 1];
      (void)sink;
    }
  } catch (const tg::Error&) {
    // The expected outcome for a bad file.
  }
  return 0;
}
