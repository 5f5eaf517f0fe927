#pragma once
// LibTorch's enum values: `tg::kMean`, `tg::kReLU`, `tg::kFanIn`, ... Each is an object of its own
// empty type in tg::enumtype, so an option such as a loss's reduction is a std::variant of exactly
// the values it accepts and a wrong one fails to compile, as in LibTorch:
//   MSELossOptions().reduction(tg::kSum)
#include <string>
#include <variant>

#include "autograd/tensor/error.h"

#define TG_ENUM_DECLARE(name)                                                                      \
  namespace enumtype {                                                                             \
  struct k##name {                                                                                 \
    constexpr k##name() = default;                                                                 \
  };                                                                                               \
  }                                                                                                \
  inline constexpr enumtype::k##name k##name{};

namespace tg {

TG_ENUM_DECLARE(Linear)
TG_ENUM_DECLARE(Conv1D)
TG_ENUM_DECLARE(Conv2D)
TG_ENUM_DECLARE(Conv3D)
TG_ENUM_DECLARE(ConvTranspose1D)
TG_ENUM_DECLARE(ConvTranspose2D)
TG_ENUM_DECLARE(ConvTranspose3D)
TG_ENUM_DECLARE(Sigmoid)
TG_ENUM_DECLARE(Tanh)
TG_ENUM_DECLARE(ReLU)
TG_ENUM_DECLARE(LeakyReLU)
TG_ENUM_DECLARE(FanIn)
TG_ENUM_DECLARE(FanOut)
TG_ENUM_DECLARE(Zeros)
TG_ENUM_DECLARE(Constant)
TG_ENUM_DECLARE(Reflect)
TG_ENUM_DECLARE(Replicate)
TG_ENUM_DECLARE(Circular)
TG_ENUM_DECLARE(Sum)
TG_ENUM_DECLARE(Mean)
TG_ENUM_DECLARE(BatchMean)
TG_ENUM_DECLARE(None)
TG_ENUM_DECLARE(Valid)
TG_ENUM_DECLARE(Same)
TG_ENUM_DECLARE(LSTM)
TG_ENUM_DECLARE(GRU)
TG_ENUM_DECLARE(RNN_TANH)
TG_ENUM_DECLARE(RNN_RELU)
TG_ENUM_DECLARE(GELU)
TG_ENUM_DECLARE(SiLU)
TG_ENUM_DECLARE(Mish)
TG_ENUM_DECLARE(Nearest)
TG_ENUM_DECLARE(Bilinear)
TG_ENUM_DECLARE(Bicubic)
TG_ENUM_DECLARE(Trilinear)
TG_ENUM_DECLARE(Area)
TG_ENUM_DECLARE(NearestExact)
TG_ENUM_DECLARE(Max)
TG_ENUM_DECLARE(Border)
TG_ENUM_DECLARE(Reflection)

namespace enumtype {
/// "kMean" for kMean: how options print their enum fields.
struct _compute_enum_name {
#define TG_ENUM_NAME(name)                                                                         \
  std::string operator()(const k##name&) const { return "k" #name; }
  TG_ENUM_NAME(Linear)
  TG_ENUM_NAME(Conv1D)
  TG_ENUM_NAME(Conv2D)
  TG_ENUM_NAME(Conv3D)
  TG_ENUM_NAME(ConvTranspose1D)
  TG_ENUM_NAME(ConvTranspose2D)
  TG_ENUM_NAME(ConvTranspose3D)
  TG_ENUM_NAME(Sigmoid)
  TG_ENUM_NAME(Tanh)
  TG_ENUM_NAME(ReLU)
  TG_ENUM_NAME(LeakyReLU)
  TG_ENUM_NAME(FanIn)
  TG_ENUM_NAME(FanOut)
  TG_ENUM_NAME(Zeros)
  TG_ENUM_NAME(Constant)
  TG_ENUM_NAME(Reflect)
  TG_ENUM_NAME(Replicate)
  TG_ENUM_NAME(Circular)
  TG_ENUM_NAME(Sum)
  TG_ENUM_NAME(Mean)
  TG_ENUM_NAME(BatchMean)
  TG_ENUM_NAME(None)
  TG_ENUM_NAME(Valid)
  TG_ENUM_NAME(Same)
  TG_ENUM_NAME(LSTM)
  TG_ENUM_NAME(GRU)
  TG_ENUM_NAME(GELU)
  TG_ENUM_NAME(RNN_TANH)
  TG_ENUM_NAME(RNN_RELU)
  TG_ENUM_NAME(SiLU)
  TG_ENUM_NAME(Mish)
  TG_ENUM_NAME(Nearest)
  TG_ENUM_NAME(Bilinear)
  TG_ENUM_NAME(Bicubic)
  TG_ENUM_NAME(Trilinear)
  TG_ENUM_NAME(Area)
  TG_ENUM_NAME(NearestExact)
  TG_ENUM_NAME(Max)
  TG_ENUM_NAME(Border)
  TG_ENUM_NAME(Reflection)
#undef TG_ENUM_NAME
};

template <typename V> std::string get_enum_name(const V& variant_enum) {
  return std::visit(_compute_enum_name{}, variant_enum);
}
} // namespace enumtype

/// at::Reduction::Reduction, the integer form of a loss reduction.
namespace Reduction {
/// How a loss reduces its per-element values (None keeps them; END counts the values).
enum Reduction { None, Mean, Sum, END };
} // namespace Reduction

namespace enumtype {
template <typename V> Reduction::Reduction reduction_get_enum(const V& variant_enum) {
  if (std::holds_alternative<kNone>(variant_enum)) return Reduction::None;
  if (std::holds_alternative<kMean>(variant_enum)) return Reduction::Mean;
  if (std::holds_alternative<kSum>(variant_enum)) return Reduction::Sum;
  throw Error(str(get_enum_name(variant_enum), " is not a valid value for reduction"));
}
} // namespace enumtype

/// Options with a variant field also convert from each bare enum value, so that
/// `F::mse_loss(x, y, tg::kSum)` works as in LibTorch.
#define TG_OPTIONS_CTOR_VARIANT_ARG3(OPTIONS_NAME, ARG_NAME, TYPE1, TYPE2, TYPE3)                  \
  OPTIONS_NAME() {}                                                                                \
  OPTIONS_NAME(::tg::enumtype::TYPE1) : ARG_NAME##_(::tg::TYPE1) {}                                \
  OPTIONS_NAME(::tg::enumtype::TYPE2) : ARG_NAME##_(::tg::TYPE2) {}                                \
  OPTIONS_NAME(::tg::enumtype::TYPE3) : ARG_NAME##_(::tg::TYPE3) {}
#define TG_OPTIONS_CTOR_VARIANT_ARG4(OPTIONS_NAME, ARG_NAME, TYPE1, TYPE2, TYPE3, TYPE4)           \
  TG_OPTIONS_CTOR_VARIANT_ARG3(OPTIONS_NAME, ARG_NAME, TYPE1, TYPE2, TYPE3)                        \
  OPTIONS_NAME(::tg::enumtype::TYPE4) : ARG_NAME##_(::tg::TYPE4) {}

} // namespace tg
