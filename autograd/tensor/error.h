#pragma once
// tg::Error and the TG_CHECK macro: every bad shape, dtype or argument ends up here, with a message
// that names the op and the offending values.
#include <sstream>
#include <stdexcept>
#include <string>

namespace tg {

/// The one exception type tapegrad throws for user errors (bad shapes, dtypes, arguments, files).
/// `catch (const tg::Error& e)` or `catch (const std::exception& e)` both work.
class Error : public std::runtime_error {
public:
  /// Builds the error with `what` as its message (usually made with tg::str or TG_CHECK).
  explicit Error(const std::string& what) : std::runtime_error(what) {}
  /// LibTorch's c10::Error has msg(); programs print it.
  std::string msg() const { return what(); }
};

namespace detail {
inline void str_append(std::ostringstream&) {}
template <typename T, typename... Rest>
void str_append(std::ostringstream& os, const T& first, const Rest&... rest) {
  os << first;
  str_append(os, rest...);
}
} // namespace detail

/// Concatenates anything printable, as c10::str does: tg::str("x = ", 3, " shape ", t.sizes()).
template <typename... Args>
std::string str(const Args&... args) {
  std::ostringstream os;
  detail::str_append(os, args...);
  return os.str();
}

namespace detail {
/// Prints a warning once per distinct message to stderr (TORCH_WARN).
void warn(const std::string& message);
} // namespace detail

} // namespace tg

/// TG_CHECK(cond, "message parts", ...): throws tg::Error with the concatenated parts.
#define TG_CHECK(cond, ...)                                                                        \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      throw ::tg::Error(::tg::str(__VA_ARGS__));                                                   \
    }                                                                                              \
  } while (0)

/// AT_ASSERT(cond, ...) as used by real LibTorch programs: an internal-invariant check.
#define TG_INTERNAL_ASSERT(cond, ...)                                                              \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      throw ::tg::Error(::tg::str("internal assert failed: " #cond " ", ##__VA_ARGS__));            \
    }                                                                                              \
  } while (0)
