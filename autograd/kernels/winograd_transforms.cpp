// The Winograd transforms' table (see winograd_transforms.h): each compiled copy's VecKernels
// points to its own, so the choice vectorized.cpp made (CPU, build, TG_CPU_CAPABILITY) holds for
// both.
#include "autograd/kernels/winograd_transforms.h"

namespace tg::kernels {

const WinogradTransforms* winograd_transforms_for(CpuCapability cap) {
  const VecKernels* k = vec_kernels_for(cap);
  return k ? k->winograd : nullptr;
}

const WinogradTransforms& winograd_transforms() { return *vec_kernels().winograd; }

} // namespace tg::kernels
