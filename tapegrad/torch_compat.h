#pragma once
// Opt-in LibTorch compatibility: with this include a LibTorch program compiles unchanged apart from
// its #include line. It maps the torch::, at:: and c10:: namespaces and the TORCH_ macros onto
// tapegrad. Code written for tapegrad itself should use tg:: and TG_ directly.
#include "tapegrad/tapegrad.h"

// The standard headers <torch/torch.h> brings in transitively (read off LibTorch 1.13's headers
// with g++ -H), plus <fstream>: programs written against LibTorch use assert, std::list,
// std::ifstream, std::cout, ... without including them, and must compile after the include swap.
#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <cassert>
#include <chrono>
#include <cmath>
#include <complex>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <forward_list>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <limits>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <queue>
#include <set>
#include <sstream>
#include <stack>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace torch = ::tg;
namespace at = ::tg;
namespace c10 = ::tg;

#define TORCH_CHECK TG_CHECK
#define TORCH_INTERNAL_ASSERT TG_INTERNAL_ASSERT
#define AT_ASSERT TG_INTERNAL_ASSERT
#define TORCH_MODULE TG_MODULE
#define TORCH_ARG TG_ARG
#define TORCH_WARN(...) ::tg::detail::warn(::tg::str(__VA_ARGS__))
