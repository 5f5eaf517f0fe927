// The Winograd transforms' table (see winograd_transforms.h): each compiled copy's VecKernels
// points to its own, so the choice vectorized.cpp made (CPU, build, TG_CPU_CAPABILITY) holds for
// both.
#include "autograd/kernels/winograd_transforms.h"

namespace tg::kernels {

const WinogradTransforms* winograd_transforms_for(CpuCapability cap) {
  const VecKernels* k = vec_kernels_for(cap);
  return k ? k->winograd : nullptr;
}

int64_t winograd_plane_scratch(const WinogradTiling& s, int64_t m) {
  const int64_t f4_input = 48 * (s.TH + 1) * s.TW + 4 * (s.TW + 2), f4_output = 40 * s.TH * s.TW;
  return m == 2 ? 2 * (2 * s.TH + 2) * (s.TW + 1) + 16 * (s.TW + 1)
                : (f4_input > f4_output ? f4_input : f4_output);
}

const WinogradTransforms& winograd_transforms() { return *vec_kernels().winograd; }

} // namespace tg::kernels
