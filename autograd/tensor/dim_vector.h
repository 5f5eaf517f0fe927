#pragma once
// DimVector: sizes and strides with inline room for 6 dimensions. Nearly every tensor has
// rank <= 6, so creating a tensor allocates nothing for its shape; higher ranks spill to the heap.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "autograd/tensor/array_ref.h"

namespace tg {

/// An owning, growable list of int64 (a shape, strides or dims) with inline room for kInline
/// values, like c10's SmallVector<int64_t, 5>: the usual way to build a shape before passing it
/// on as an IntArrayRef, to which it converts implicitly.
/// @code
///   tg::DimVector shape(x.sizes());
///   shape.back() = 1;                  // keepdim-style shape, no heap allocation
///   auto y = x.sum(-1).view(shape);
/// @endcode
class DimVector {
public:
  /// How many values fit without a heap allocation.
  static constexpr size_t kInline = 6;

  /// An empty list (rank 0).
  DimVector() = default;
  /// `n` copies of `value`.
  explicit DimVector(size_t n, int64_t value = 0) { assign(n, value); }
  /// A copy of a view's values, e.g. `DimVector(t.sizes())`.
  DimVector(IntArrayRef a) { assign(a.begin(), a.end()); } // NOLINT
  /// The listed values: `DimVector{2, 3}`.
  DimVector(std::initializer_list<int64_t> il) { assign(il.begin(), il.end()); }
  /// Copies the values.
  DimVector(const DimVector& o) { assign(o.begin(), o.end()); }
  /// Takes over `o`'s heap buffer if it has one; `o` is left empty.
  DimVector(DimVector&& o) noexcept { steal(o); }
  /// Copies the values.
  DimVector& operator=(const DimVector& o) {
    if (this != &o) assign(o.begin(), o.end());
    return *this;
  }
  /// Takes over `o`'s values (and heap buffer); `o` is left empty.
  DimVector& operator=(DimVector&& o) noexcept {
    if (this != &o) {
      release();
      steal(o);
    }
    return *this;
  }
  ~DimVector() { release(); }

  /// Pointer to the first value (inline or on the heap); invalidated by growing.
  int64_t* data() { return ptr(); }
  /// Read-only pointer to the first value.
  const int64_t* data() const { return ptr(); }
  /// Number of values.
  size_t size() const { return size_; }
  /// True when there are no values.
  bool empty() const { return size_ == 0; }
  /// Pointer to the first value.
  int64_t* begin() { return ptr(); }
  /// Pointer one past the last value.
  int64_t* end() { return ptr() + size_; }
  /// Read-only pointer to the first value.
  const int64_t* begin() const { return ptr(); }
  /// Read-only pointer one past the last value.
  const int64_t* end() const { return ptr() + size_; }
  /// Value `i`, unchecked.
  int64_t& operator[](size_t i) { return ptr()[i]; }
  /// Value `i`, unchecked, by value.
  int64_t operator[](size_t i) const { return ptr()[i]; }
  /// The last value; must not be empty (unchecked).
  int64_t& back() { return ptr()[size_ - 1]; }
  /// The last value, by value; must not be empty (unchecked).
  int64_t back() const { return ptr()[size_ - 1]; }
  /// A view of the values, so a DimVector can be passed wherever a shape is expected. The view
  /// dangles once this DimVector grows or is destroyed.
  operator IntArrayRef() const { return IntArrayRef(ptr(), size_); } // NOLINT
  /// Same as the conversion, spelled out (for `==` and `<<`, which do not convert implicitly).
  IntArrayRef ref() const { return IntArrayRef(ptr(), size_); }

  /// Grows (filling with `value`) or shrinks to `n` values.
  void resize(size_t n, int64_t value = 0) {
    reserve(n);
    for (size_t i = size_; i < n; ++i) ptr()[i] = value;
    size_ = n;
  }
  /// Appends `v`.
  void push_back(int64_t v) {
    reserve(size_ + 1);
    ptr()[size_++] = v;
  }
  /// Inserts `v` before position `pos` (`pos == size()` appends); unchecked.
  void insert(size_t pos, int64_t v) {
    reserve(size_ + 1);
    int64_t* p = ptr();
    std::memmove(p + pos + 1, p + pos, (size_ - pos) * sizeof(int64_t));
    p[pos] = v;
    ++size_;
  }
  /// Removes the value at `pos`; unchecked.
  void erase(size_t pos) {
    int64_t* p = ptr();
    std::memmove(p + pos, p + pos + 1, (size_ - pos - 1) * sizeof(int64_t));
    --size_;
  }
  /// Removes all values (keeps any heap buffer).
  void clear() { size_ = 0; }

private:
  int64_t* ptr() { return heap_ ? heap_ : inline_; }
  const int64_t* ptr() const { return heap_ ? heap_ : inline_; }
  void reserve(size_t n) {
    if (n <= capacity()) return;
    size_t cap = std::max(n, 2 * capacity());
    auto* fresh = new int64_t[cap];
    std::copy(ptr(), ptr() + size_, fresh);
    delete[] heap_;
    heap_ = fresh;
    cap_ = cap;
  }
  size_t capacity() const { return heap_ ? cap_ : kInline; }
  void assign(const int64_t* b, const int64_t* e) {
    size_ = 0;
    reserve(static_cast<size_t>(e - b));
    std::copy(b, e, ptr());
    size_ = static_cast<size_t>(e - b);
  }
  void assign(size_t n, int64_t v) {
    size_ = 0;
    reserve(n);
    std::fill(ptr(), ptr() + n, v);
    size_ = n;
  }
  void release() {
    delete[] heap_;
    heap_ = nullptr;
  }
  void steal(DimVector& o) {
    size_ = o.size_;
    if (o.heap_) {
      heap_ = o.heap_;
      cap_ = o.cap_;
      o.heap_ = nullptr;
    } else {
      heap_ = nullptr;
      std::copy(o.inline_, o.inline_ + size_, inline_);
    }
    o.size_ = 0;
  }

  int64_t inline_[kInline];
  int64_t* heap_ = nullptr;
  size_t size_ = 0;
  size_t cap_ = 0;
};

/// Same size and equal values.
inline bool operator==(const DimVector& a, const DimVector& b) { return a.ref() == b.ref(); }
/// Negation of ==.
inline bool operator!=(const DimVector& a, const DimVector& b) { return !(a.ref() == b.ref()); }
/// Prints `[2, 3]`, like an IntArrayRef.
inline std::ostream& operator<<(std::ostream& os, const DimVector& v) { return os << v.ref(); }

} // namespace tg
