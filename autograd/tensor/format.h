#pragma once
// fmt (9.x) formatters for tapegrad's printable types, so `fmt::print("{} {}\n", t.sizes(), t)`
// writes exactly what `std::cout << ...` writes. Width and alignment specs apply to the whole text:
// fmt::format("{:>8}", tg::kFloat) == "   Float".
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include "autograd/tensor/array_ref.h"
#include "autograd/tensor/device.h"
#include "autograd/tensor/dtype.h"
#include "autograd/tensor/scalar.h"
#include "autograd/tensor/tensor.h"
#include "autograd/tensor/tensor_options.h"

namespace tg {
/// "Strided", as LibTorch prints a Layout.
std::ostream& operator<<(std::ostream& os, Layout layout);
/// "Contiguous" / "Preserve".
std::ostream& operator<<(std::ostream& os, MemoryFormat format);
} // namespace tg

namespace tg::detail {
/// Base of tapegrad's fmt::formatter specializations: formats through operator<< so the two
/// spellings can never disagree; the format spec is parsed as a string's (width, fill, align).
template <typename T> struct StreamedFormatter : fmt::formatter<std::string_view> {
  /// Streams `value` into a string, then formats that string with the parsed spec.
  template <typename FormatContext> auto format(const T& value, FormatContext& ctx) const {
    std::ostringstream os;
    os << value;
    std::string s = os.str();
    return fmt::formatter<std::string_view>::format(std::string_view(s), ctx);
  }
};
} // namespace tg::detail

/// \namespace fmt
/// The {fmt} library, which tapegrad extends with formatters for its printable types.

/// Tells fmt that ArrayRef is not a range. ArrayRef has begin()/end(); without this fmt/ranges.h
/// would claim it too and the two partial specializations would be ambiguous.
template <typename T, typename Char> struct fmt::is_range<tg::ArrayRef<T>, Char> {
  static constexpr bool value = false; ///< Opts ArrayRef out of fmt's range formatting.
};

template <> struct fmt::formatter<tg::Tensor> : tg::detail::StreamedFormatter<tg::Tensor> {};
template <>
struct fmt::formatter<tg::ScalarType> : tg::detail::StreamedFormatter<tg::ScalarType> {};
template <> struct fmt::formatter<tg::TypeMeta> : tg::detail::StreamedFormatter<tg::TypeMeta> {};
template <> struct fmt::formatter<tg::Device> : tg::detail::StreamedFormatter<tg::Device> {};
template <>
struct fmt::formatter<tg::DeviceType> : tg::detail::StreamedFormatter<tg::DeviceType> {};
template <> struct fmt::formatter<tg::Scalar> : tg::detail::StreamedFormatter<tg::Scalar> {};
template <> struct fmt::formatter<tg::Layout> : tg::detail::StreamedFormatter<tg::Layout> {};
template <>
struct fmt::formatter<tg::MemoryFormat> : tg::detail::StreamedFormatter<tg::MemoryFormat> {};
template <>
struct fmt::formatter<tg::TensorOptions> : tg::detail::StreamedFormatter<tg::TensorOptions> {};
/// [2, 3], elements through their own operator<< (sizes, strides, lists of dims).
template <typename T>
struct fmt::formatter<tg::ArrayRef<T>> : tg::detail::StreamedFormatter<tg::ArrayRef<T>> {};
