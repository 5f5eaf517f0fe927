// The choice of the Winograd transforms' table (see winograd_transforms.h): the copy of the
// instruction set vectorized.cpp chose for the other dispatched loops, so TG_CPU_CAPABILITY
// switches both.
#include "autograd/kernels/winograd_transforms.h"

namespace tg::kernels {

namespace vec_default {
extern const WinogradTransforms winograd_transforms_table;
}
#ifdef TG_HAVE_VEC_AVX2
namespace vec_avx2 {
extern const WinogradTransforms winograd_transforms_table;
}
#endif
#ifdef TG_HAVE_VEC_AVX512
namespace vec_avx512 {
extern const WinogradTransforms winograd_transforms_table;
}
#endif

const WinogradTransforms* winograd_transforms_for(CpuCapability cap) {
  // vec_kernels_for says whether the copy was compiled and runs here; both tables come from the
  // same compiled copies, so the answer holds for this one.
  if (!vec_kernels_for(cap)) return nullptr;
  switch (cap) {
  case CpuCapability::Default:
    return &vec_default::winograd_transforms_table;
  case CpuCapability::AVX2:
#ifdef TG_HAVE_VEC_AVX2
    return &vec_avx2::winograd_transforms_table;
#else
    return nullptr;
#endif
  case CpuCapability::AVX512:
#ifdef TG_HAVE_VEC_AVX512
    return &vec_avx512::winograd_transforms_table;
#else
    return nullptr;
#endif
  }
  return nullptr;
}

const WinogradTransforms& winograd_transforms() {
  static const WinogradTransforms* table = winograd_transforms_for(cpu_capability());
  return *table;
}

} // namespace tg::kernels
