#pragma once
// Opt-in LibTorch compatibility: with this include a LibTorch program compiles unchanged apart from
// its #include line. It maps the torch::, at:: and c10:: namespaces and the TORCH_ macros onto
// tapegrad. Code written for tapegrad itself should use tg:: and TG_ directly.
#include "tapegrad/tapegrad.h"

namespace torch = ::tg;
namespace at = ::tg;
namespace c10 = ::tg;

#define TORCH_CHECK TG_CHECK
#define TORCH_INTERNAL_ASSERT TG_INTERNAL_ASSERT
#define AT_ASSERT TG_INTERNAL_ASSERT
#define TORCH_MODULE TG_MODULE
#define TORCH_ARG TG_ARG
#define TORCH_WARN(...) ::tg::detail::warn(::tg::str(__VA_ARGS__))
