#pragma once
// tg::indexing: the index objects of LibTorch's C++ indexing API, so that Python's
// `x[..., 1:, None, idx]` reads `x.index({Ellipsis, Slice(1, None), None, idx})`.
//
//   using namespace tg::indexing;
//   x.index({Slice(), 0});            // x[:, 0]
//   x.index_put_({mask}, 0.0);        // x[mask] = 0
#include <cstdint>
#include <cstring>
#include <optional>
#include <ostream>
#include <type_traits>

#include "autograd/tensor/error.h"
#include "autograd/tensor/tensor.h"

namespace tg::indexing {

/// `None` in an index list inserts a new dimension of size 1; as a Slice bound it means "open".
using NoneType = std::nullopt_t;
/// The `None` index and open Slice bound; it is std::nullopt, so `Slice(1, None)` just works.
inline constexpr NoneType None = std::nullopt;

/// `Ellipsis` (or "...") stands for as many full slices as needed to index every dimension.
struct EllipsisIndexType final {
  constexpr EllipsisIndexType() = default;
};
/// The `Ellipsis` index (`...` in Python); `"..."` is accepted as a synonym.
inline constexpr EllipsisIndexType Ellipsis{};

/// Python's start:stop:step. Open bounds are given as None (or left out); the step must be
/// positive.
class Slice final {
public:
  /// `Slice()` is `:`, `Slice(1, None)` is `1:`, `Slice(None, None, 2)` is `::2`. Throws
  /// tg::Error for a step <= 0.
  Slice(std::optional<int64_t> start = std::nullopt, std::optional<int64_t> stop = std::nullopt,
        std::optional<int64_t> step = std::nullopt)
      : start_(start), stop_(stop), step_(step.value_or(1)) {
    TG_CHECK(step_ > 0, "Slice: step must be greater than zero, got ", step_);
  }
  /// The bounds as LibTorch reports them: an open start is 0 and an open stop is INT64_MAX.
  int64_t start() const { return start_.value_or(0); }
  /// Same, for the stop (INT64_MAX when open).
  int64_t stop() const { return stop_.value_or(INT64_MAX); }
  /// The step (1 when not given).
  int64_t step() const { return step_; }
  /// The start as given: nullopt when open. Negative values count from the end.
  const std::optional<int64_t>& start_opt() const { return start_; }
  /// The stop as given: nullopt when open. Negative values count from the end.
  const std::optional<int64_t>& stop_opt() const { return stop_; }

private:
  std::optional<int64_t> start_, stop_;
  int64_t step_;
};

/// Prints start:stop:step with open bounds resolved, as LibTorch does (`0:9223372036854775807:1`).
inline std::ostream& operator<<(std::ostream& os, const Slice& s) {
  return os << s.start() << ":" << s.stop() << ":" << s.step();
}

/// Which alternative a TensorIndex holds (one per constructor of TensorIndex).
enum class TensorIndexType { None, Ellipsis, Integer, Boolean, Slice, Tensor };
// The enumerators share one line with no room for `///<`.
/// \var TensorIndexType::None
/// `None`: a new dimension of size 1.
/// \var TensorIndexType::Ellipsis
/// `Ellipsis` / "...".
/// \var TensorIndexType::Integer
/// An integer position.
/// \var TensorIndexType::Boolean
/// A bool (adds a dimension of size 1 or 0).
/// \var TensorIndexType::Slice
/// A Slice.
/// \var TensorIndexType::Tensor
/// An index or mask tensor.

/// One entry of an index list: an integer, a bool, a Slice, None, Ellipsis / "...", or a Tensor
/// (int64/int32 for advanced indexing, bool for a mask).
class TensorIndex final {
public:
  /// `None`: inserts a dimension of size 1 here (all constructors are implicit, as in LibTorch).
  TensorIndex(NoneType) : type_(TensorIndexType::None) {} // NOLINT: implicit, as in LibTorch
  /// `Ellipsis`: as many full slices as the other entries leave unindexed.
  TensorIndex(EllipsisIndexType) : type_(TensorIndexType::Ellipsis) {} // NOLINT
  /// `"..."`, the other spelling of Ellipsis; any other string throws tg::Error.
  TensorIndex(const char* str) : type_(TensorIndexType::Ellipsis) {    // NOLINT
    TG_CHECK(std::strcmp(str, "...") == 0,
             "Expected \"...\" to represent an ellipsis index, but got \"", str, "\"");
  }
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  /// An integer: selects that position and removes the dimension (negative counts from the end).
  TensorIndex(T integer) // NOLINT
      : integer_(static_cast<int64_t>(integer)), type_(TensorIndexType::Integer) {}
  /// A bool, as in Python: `true` adds a dimension of size 1, `false` one of size 0.
  template <typename T, std::enable_if_t<std::is_same_v<T, bool>, int> = 0>
  TensorIndex(T boolean) : boolean_(boolean), type_(TensorIndexType::Boolean) {} // NOLINT
  /// A Slice: keeps the dimension, narrowed to start:stop:step.
  TensorIndex(Slice slice) : slice_(slice), type_(TensorIndexType::Slice) {}     // NOLINT
  /// A tensor: int64/int32 for advanced (gather-style) indexing of one dimension, bool for a mask
  /// over as many dimensions as it has; 0-dim tensors act as an integer or a bool.
  TensorIndex(Tensor tensor)
      : tensor_(std::move(tensor)), type_(TensorIndexType::Tensor) {} // NOLINT

  /// Which kind of entry this is.
  TensorIndexType type() const { return type_; }
  /// Whether this is None.
  bool is_none() const { return type_ == TensorIndexType::None; }
  /// Whether this is Ellipsis.
  bool is_ellipsis() const { return type_ == TensorIndexType::Ellipsis; }
  /// Whether this is an integer.
  bool is_integer() const { return type_ == TensorIndexType::Integer; }
  /// Whether this is a bool.
  bool is_boolean() const { return type_ == TensorIndexType::Boolean; }
  /// Whether this is a Slice.
  bool is_slice() const { return type_ == TensorIndexType::Slice; }
  /// Whether this is a Tensor.
  bool is_tensor() const { return type_ == TensorIndexType::Tensor; }
  /// The integer (0 unless is_integer()).
  int64_t integer() const { return integer_; }
  /// The bool (false unless is_boolean()).
  bool boolean() const { return boolean_; }
  /// The slice (a full `:` unless is_slice()).
  const Slice& slice() const { return slice_; }
  /// The tensor (undefined unless is_tensor()).
  const Tensor& tensor() const { return tensor_; }

private:
  int64_t integer_ = 0;
  bool boolean_ = false;
  Slice slice_;
  Tensor tensor_;
  TensorIndexType type_;
};

/// Prints as LibTorch does: None, ..., 3, True, 0:9223372036854775807:1, Tensor.
std::ostream& operator<<(std::ostream& os, const TensorIndex& index);

} // namespace tg::indexing
