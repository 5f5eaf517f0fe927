// The start-up choice of the kernel table (see vectorized.h). Compiled for the baseline target
// like the rest of the library: it only reads CPUID (through __builtin_cpu_supports) and the
// environment, and hands out one of the tables that vectorized_impl.cpp's copies define.
#include "autograd/kernels/vectorized.h"

#include <cctype>
#include <cstdlib>
#include <string>

#include "autograd/tensor/error.h"

namespace tg::kernels {

// One table per compiled copy; meson defines TG_HAVE_VEC_AVX2 / TG_HAVE_VEC_AVX512 when the
// compiler took that copy's flags (cxx.has_multi_arguments), so a compiler without them still
// builds a library that runs the baseline everywhere.
namespace vec_default {
extern const VecKernels kernels_table;
}
#ifdef TG_HAVE_VEC_AVX2
namespace vec_avx2 {
extern const VecKernels kernels_table;
}
#endif
#ifdef TG_HAVE_VEC_AVX512
namespace vec_avx512 {
extern const VecKernels kernels_table;
}
#endif

namespace {

/// Whether this CPU (and its OS, which must save the wide registers: libgcc checks XGETBV) can
/// run `cap`'s copy. The AVX2 copy is built with -mfma as well, so it needs both.
bool cpu_supports(CpuCapability cap) {
#if defined(__x86_64__) || defined(__i386__)
  switch (cap) {
  case CpuCapability::Default:
    return true;
  case CpuCapability::AVX2:
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  case CpuCapability::AVX512:
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
  }
  return false;
#else
  return cap == CpuCapability::Default;
#endif
}

const VecKernels* compiled_table(CpuCapability cap) {
  switch (cap) {
  case CpuCapability::Default:
    return &vec_default::kernels_table;
  case CpuCapability::AVX2:
#ifdef TG_HAVE_VEC_AVX2
    return &vec_avx2::kernels_table;
#else
    return nullptr;
#endif
  case CpuCapability::AVX512:
#ifdef TG_HAVE_VEC_AVX512
    return &vec_avx512::kernels_table;
#else
    return nullptr;
#endif
  }
  return nullptr;
}

/// The best capability at or below `cap` that is compiled and runs here.
CpuCapability best_at_most(CpuCapability cap) {
  for (int c = int(cap); c > 0; --c)
    if (vec_kernels_for(CpuCapability(c))) return CpuCapability(c);
  return CpuCapability::Default;
}

} // namespace

const char* cpu_capability_name(CpuCapability cap) {
  switch (cap) {
  case CpuCapability::Default:
    return "default";
  case CpuCapability::AVX2:
    return "avx2";
  case CpuCapability::AVX512:
    return "avx512";
  }
  return "unknown";
}

CpuCapability parse_cpu_capability(const char* value) {
  std::string v = value ? value : "";
  for (char& c : v) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (v == "default") return CpuCapability::Default;
  if (v == "avx2") return CpuCapability::AVX2;
  if (v == "avx512") return CpuCapability::AVX512;
  throw Error(str("TG_CPU_CAPABILITY: unknown value '", value ? value : "",
                  "'; expected one of default, avx2, avx512"));
}

CpuCapability select_cpu_capability(const char* env_value) {
  const CpuCapability best = best_at_most(CpuCapability::AVX512);
  if (!env_value || !*env_value) return best;
  CpuCapability wanted;
  try {
    wanted = parse_cpu_capability(env_value);
  } catch (const Error& e) {
    // ATen warns and goes on for a bad ATEN_CPU_CAPABILITY: a typo in an environment variable
    // should not stop a training program, only be visible.
    tg::detail::warn(str(e.what(), "; using ", cpu_capability_name(best)));
    return best;
  }
  const CpuCapability got = best_at_most(wanted);
  if (got != wanted)
    tg::detail::warn(str("TG_CPU_CAPABILITY=", env_value, ": this ",
                         compiled_table(wanted) ? "CPU cannot run it" : "build did not compile it",
                         "; using ", cpu_capability_name(got)));
  return got;
}

const VecKernels* vec_kernels_for(CpuCapability cap) {
  return cpu_supports(cap) ? compiled_table(cap) : nullptr;
}

CpuCapability cpu_capability() {
  static const CpuCapability chosen = select_cpu_capability(std::getenv("TG_CPU_CAPABILITY"));
  return chosen;
}

const VecKernels& vec_kernels() {
  static const VecKernels* table = compiled_table(cpu_capability());
  return *table;
}

} // namespace tg::kernels
