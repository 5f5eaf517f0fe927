#pragma once
// DimVector: sizes and strides with inline room for 6 dimensions. Nearly every tensor has rank <= 6,
// so creating a tensor allocates nothing for its shape; higher ranks spill to the heap.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "autograd/array_ref.h"

namespace tg {

class DimVector {
public:
  static constexpr size_t kInline = 6;

  DimVector() = default;
  explicit DimVector(size_t n, int64_t value = 0) { assign(n, value); }
  DimVector(IntArrayRef a) { assign(a.begin(), a.end()); } // NOLINT
  DimVector(std::initializer_list<int64_t> il) { assign(il.begin(), il.end()); }
  DimVector(const DimVector& o) { assign(o.begin(), o.end()); }
  DimVector(DimVector&& o) noexcept { steal(o); }
  DimVector& operator=(const DimVector& o) {
    if (this != &o) assign(o.begin(), o.end());
    return *this;
  }
  DimVector& operator=(DimVector&& o) noexcept {
    if (this != &o) {
      release();
      steal(o);
    }
    return *this;
  }
  ~DimVector() { release(); }

  int64_t* data() { return ptr(); }
  const int64_t* data() const { return ptr(); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  int64_t* begin() { return ptr(); }
  int64_t* end() { return ptr() + size_; }
  const int64_t* begin() const { return ptr(); }
  const int64_t* end() const { return ptr() + size_; }
  int64_t& operator[](size_t i) { return ptr()[i]; }
  int64_t operator[](size_t i) const { return ptr()[i]; }
  int64_t& back() { return ptr()[size_ - 1]; }
  int64_t back() const { return ptr()[size_ - 1]; }
  operator IntArrayRef() const { return IntArrayRef(ptr(), size_); } // NOLINT
  IntArrayRef ref() const { return IntArrayRef(ptr(), size_); }

  void resize(size_t n, int64_t value = 0) {
    reserve(n);
    for (size_t i = size_; i < n; ++i) ptr()[i] = value;
    size_ = n;
  }
  void push_back(int64_t v) {
    reserve(size_ + 1);
    ptr()[size_++] = v;
  }
  void insert(size_t pos, int64_t v) {
    reserve(size_ + 1);
    int64_t* p = ptr();
    std::memmove(p + pos + 1, p + pos, (size_ - pos) * sizeof(int64_t));
    p[pos] = v;
    ++size_;
  }
  void erase(size_t pos) {
    int64_t* p = ptr();
    std::memmove(p + pos, p + pos + 1, (size_ - pos - 1) * sizeof(int64_t));
    --size_;
  }
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

inline bool operator==(const DimVector& a, const DimVector& b) { return a.ref() == b.ref(); }
inline bool operator!=(const DimVector& a, const DimVector& b) { return !(a.ref() == b.ref()); }
inline std::ostream& operator<<(std::ostream& os, const DimVector& v) { return os << v.ref(); }

} // namespace tg
