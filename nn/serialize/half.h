#pragma once
// float16 and bfloat16 bit patterns to float32: tapegrad has no half types, so the weight-file
// readers widen them on load (exactly: every half and bfloat16 value is a float32 value).
#include <bit>
#include <cstdint>

namespace tg::serialize::detail {

/// The float32 equal to IEEE binary16 `h` (infinities and NaNs kept, subnormals normalised).
inline float half_to_float(uint16_t h) {
  const uint32_t sign = uint32_t(h & 0x8000) << 16, exponent = (h >> 10) & 0x1f,
                 mantissa = h & 0x3ff;
  if (exponent == 0x1f) return std::bit_cast<float>(sign | 0x7f800000 | (mantissa << 13));
  if (exponent != 0)
    return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
  const float magnitude = float(mantissa) * (1.0f / 16777216.0f); // zero or subnormal: m * 2^-24
  return sign ? -magnitude : magnitude;
}

/// The float32 equal to bfloat16 `h` (its upper 16 bits).
inline float bfloat16_to_float(uint16_t h) { return std::bit_cast<float>(uint32_t(h) << 16); }

} // namespace tg::serialize::detail
