#pragma once
// tg::IValue: a tagged value, LibTorch's c10::IValue reduced to what tapegrad needs. It holds what
// a custom autograd Function saves for its backward (AutogradContext::saved_data) and the value
// tree a torch.save file holds (tg::pickle_load): None, bool, int, float, string, tensor, a list
// of ints, and the containers list, tuple and dict.
//
//   ctx->saved_data["c"] = 2.5;                                   // a Double
//   tg::IValue ckpt = tg::serialize::load_pytorch("ckpt.pt");     // {'model': {...}, 'epoch': 3}
//   int64_t epoch = ckpt.toGenericDict().at("epoch").toInt();
//   for (const auto& e : ckpt.toGenericDict().at("model").toGenericDict())
//     std::cout << e.key().toStringRef() << " " << e.value().toTensor().sizes() << "\n";
//
// Lists and dicts have reference semantics, as in LibTorch and Python: copying an IValue that
// holds a list shares the list. Tuples are never changed after construction. Numbers, strings and
// int lists are values; a tensor handle shares its data, as always.
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "autograd/tensor/array_ref.h"
#include "autograd/tensor/error.h"
#include "autograd/tensor/tensor.h"

namespace tg {

class IValue;
class DictEntry;

/// An insertion-ordered dict with string, int or bool keys (c10::Dict<IValue, IValue>). Copies
/// share the same entries.
class GenericDict {
public:
  /// An empty dict.
  GenericDict();
  /// The number of entries.
  size_t size() const noexcept;
  /// Whether there are no entries.
  bool empty() const noexcept { return size() == 0; }
  /// Whether `key` is present.
  bool contains(const IValue& key) const;
  /// The value of `key`; throws tg::Error naming the key when it is absent.
  const IValue& at(const IValue& key) const;
  /// The value of `key`, or nullptr.
  const IValue* find(const IValue& key) const;
  /// Sets `key` to `value`: a new key goes to the end, an existing one keeps its place (as
  /// Python's dict). Throws tg::Error for a key that is not a string, int or bool.
  void insert_or_assign(IValue key, IValue value);
  /// Removes every entry.
  void clear();
  /// The first entry, in insertion order (`for (const auto& e : dict)`).
  const DictEntry* begin() const;
  /// One past the last entry.
  const DictEntry* end() const;
  /// Whether both handles share the same entries.
  bool is(const GenericDict& other) const noexcept { return impl_ == other.impl_; }
  /// The address of the shared entries (the dict object's identity).
  const void* address() const noexcept { return impl_.get(); }

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

/// A tagged value (c10::IValue's spelling); see the top of this file.
class IValue {
public:
  /// The shared, mutable element vector a list IValue holds.
  using ListPtr = std::shared_ptr<std::vector<IValue>>;
  /// The element vector a tuple IValue holds (never changed after construction).
  using TuplePtr = std::shared_ptr<const std::vector<IValue>>;

  /// None.
  IValue() = default;
  /// A Double. (All value constructors are implicit, so `saved_data["c"] = 2.5;` works.)
  IValue(double v) : v_(v) {}
  /// A float, stored as a Double.
  IValue(float v) : v_(static_cast<double>(v)) {}
  /// A Bool.
  IValue(bool v) : v_(v) {}
  /// Every integer type but bool is stored as an Int (int64), as LibTorch's IValue does.
  template <typename I,
            std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
  IValue(I v) : v_(static_cast<int64_t>(v)) {}
  /// A String.
  IValue(std::string v) : v_(std::move(v)) {}
  /// A String. Without this a string literal would silently convert to bool.
  IValue(const char* v) : v_(std::string(v)) {}
  /// A Tensor (a plain handle: not checked for in-place changes; use save_for_backward for that).
  IValue(Tensor v) : v_(std::move(v)) {}
  /// An IntList.
  IValue(std::vector<int64_t> v) : v_(std::move(v)) {}
  /// An IntList, copied from the ArrayRef (the IValue owns its values).
  IValue(IntArrayRef v) : v_(std::vector<int64_t>(v.begin(), v.end())) {}
  /// A GenericDict (shared, not copied).
  IValue(GenericDict v) : v_(std::move(v)) {}
  /// A GenericList sharing `list` (which must not be null).
  explicit IValue(ListPtr list) : v_(std::move(list)) {}
  /// A Tuple sharing `tuple` (which must not be null).
  explicit IValue(TuplePtr tuple) : v_(std::move(tuple)) {}
  /// A new GenericList holding `elements`.
  static IValue list(std::vector<IValue> elements = {});
  /// A new Tuple holding `elements`.
  static IValue tuple(std::vector<IValue> elements = {});

  /// Whether default-constructed (holds nothing).
  bool isNone() const { return std::holds_alternative<std::monostate>(v_); }
  /// Whether it holds a Double.
  bool isDouble() const { return std::holds_alternative<double>(v_); }
  /// Whether it holds an Int.
  bool isInt() const { return std::holds_alternative<int64_t>(v_); }
  /// Whether it holds a Bool.
  bool isBool() const { return std::holds_alternative<bool>(v_); }
  /// Whether it holds a String.
  bool isString() const { return std::holds_alternative<std::string>(v_); }
  /// Whether it holds a Tensor.
  bool isTensor() const { return std::holds_alternative<Tensor>(v_); }
  /// Whether it holds an IntList.
  bool isIntList() const { return std::holds_alternative<std::vector<int64_t>>(v_); }
  /// Whether it holds a GenericList.
  bool isList() const { return std::holds_alternative<ListPtr>(v_); }
  /// Whether it holds a Tuple.
  bool isTuple() const { return std::holds_alternative<TuplePtr>(v_); }
  /// Whether it holds a GenericDict.
  bool isGenericDict() const { return std::holds_alternative<GenericDict>(v_); }

  /// The Double; any other kind (an Int included, no conversion) throws tg::Error.
  double toDouble() const { return get<double>("Double"); }
  /// The Int; any other kind throws tg::Error.
  int64_t toInt() const { return get<int64_t>("Int"); }
  /// The Bool; any other kind throws tg::Error.
  bool toBool() const { return get<bool>("Bool"); }
  /// The String; any other kind throws tg::Error.
  const std::string& toStringRef() const { return get<std::string>("String"); }
  /// The Tensor; any other kind throws tg::Error.
  const Tensor& toTensor() const& { return get<Tensor>("Tensor"); }
  /// Same as above, moving the Tensor out of a temporary IValue.
  Tensor toTensor() && { return std::move(const_cast<Tensor&>(get<Tensor>("Tensor"))); }
  /// A copy of the IntList; any other kind throws tg::Error.
  std::vector<int64_t> toIntVector() const { return get<std::vector<int64_t>>("IntList"); }
  /// A view of the IntList, valid while this IValue lives; any other kind throws tg::Error.
  IntArrayRef toIntList() const { return get<std::vector<int64_t>>("IntList"); }
  /// The GenericList's elements (shared: list_append() on a copy changes these).
  const std::vector<IValue>& toListRef() const { return *get<ListPtr>("GenericList"); }
  /// The Tuple's elements.
  const std::vector<IValue>& toTupleRef() const { return *get<TuplePtr>("Tuple"); }
  /// The GenericDict (a handle sharing the entries).
  const GenericDict& toGenericDict() const { return get<GenericDict>("GenericDict"); }
  /// Appends to a GenericList in place; any other kind throws tg::Error.
  void list_append(IValue element) { get<ListPtr>("GenericList")->push_back(std::move(element)); }

  /// "None", "Double", "Int", "Bool", "String", "Tensor", "IntList", "GenericList", "Tuple" or
  /// "GenericDict" (LibTorch's tag names).
  const char* tagKind() const {
    static constexpr const char* kinds[] = {"None",   "Double",     "Int",     "Bool",
                                            "String", "Tensor",     "IntList", "GenericList",
                                            "Tuple",  "GenericDict"};
    return kinds[v_.index()];
  }
  /// Python's name of the kind: "None", "float", "int", "bool", "str", "Tensor", "list", "tuple"
  /// or "dict" (for error messages about pickles).
  const char* type_name() const;
  /// Whether both are the same list, tuple or dict object (Python's `is`); false for other kinds.
  bool is_same_object(const IValue& other) const noexcept {
    return object_address() != nullptr && object_address() == other.object_address();
  }
  /// The address of the list, tuple or dict object this holds, or nullptr for other kinds (the
  /// unpickler's cycle and depth checks walk the tree by it).
  const void* object_address() const noexcept;

private:
  template <typename V> const V& get(const char* want) const {
    const V* p = std::get_if<V>(&v_);
    TG_CHECK(p != nullptr, "IValue: expected ", want, " but got ", tagKind());
    return *p;
  }

  std::variant<std::monostate, double, int64_t, bool, std::string, Tensor, std::vector<int64_t>,
               ListPtr, TuplePtr, GenericDict>
      v_;
};

/// One key/value pair of a GenericDict, as c10::impl::GenericDictEntryRef.
class DictEntry {
public:
  /// A pair.
  DictEntry(IValue key, IValue value) : key_(std::move(key)), value_(std::move(value)) {}
  /// The key.
  const IValue& key() const noexcept { return key_; }
  /// The value.
  const IValue& value() const noexcept { return value_; }

private:
  friend class GenericDict;
  IValue key_, value_;
};

} // namespace tg
