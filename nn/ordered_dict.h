#pragma once
// torch::OrderedDict: a vector of (key, value) items with a key index. named_parameters() returns
// one; iteration yields items with .key() and .value() in insertion order.
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "autograd/tensor/error.h"

namespace tg {

/// An insertion-ordered map with unique keys; same as torch::OrderedDict.
///
/// Items are stored in a vector (so iteration and integer indexing follow insertion order) with a
/// hash index from key to position. Module uses it for parameters, buffers and children; the
/// `key_description` ("Parameter", "Submodule") names the kind of key in error messages.
template <typename Key, typename Value> class OrderedDict {
public:
  /// One (key, value) entry; iteration yields these.
  class Item {
  public:
    /// An item holding `key` and `value`.
    Item(Key key, Value value) : pair_(std::move(key), std::move(value)) {}
    /// The item's key.
    const Key& key() const noexcept { return pair_.first; }
    /// The item's value, mutable.
    Value& value() noexcept { return pair_.second; }
    /// The item's value.
    const Value& value() const noexcept { return pair_.second; }
    /// The item's value, mutable (same as value()).
    Value& operator*() noexcept { return pair_.second; }
    /// Member access on the value (`item->sizes()` for a tensor value).
    Value* operator->() noexcept { return &pair_.second; }
    /// The (key, value) pair.
    const std::pair<Key, Value>& pair() const noexcept { return pair_; }

  private:
    std::pair<Key, Value> pair_;
  };
  /// Iterator over the items, in insertion order.
  using Iterator = typename std::vector<Item>::iterator;
  /// Const iterator over the items, in insertion order.
  using ConstIterator = typename std::vector<Item>::const_iterator;

  /// An empty dict whose error messages call a key a `key_description`.
  explicit OrderedDict(std::string key_description = "Key") : key_description_(std::move(key_description)) {}

  /// What a key is called in error messages ("Parameter", "Buffer", ...).
  const std::string& key_description() const noexcept { return key_description_; }
  /// Iterator to the first item.
  Iterator begin() { return items_.begin(); }
  /// Const iterator to the first item.
  ConstIterator begin() const { return items_.begin(); }
  /// Iterator past the last item.
  Iterator end() { return items_.end(); }
  /// Const iterator past the last item.
  ConstIterator end() const { return items_.end(); }
  /// Number of items.
  size_t size() const noexcept { return items_.size(); }
  /// Whether there are no items.
  bool is_empty() const noexcept { return items_.empty(); }
  /// The first inserted item (undefined behaviour when empty, as std::vector::front).
  Item& front() { return items_.front(); }
  /// The last inserted item (undefined behaviour when empty, as std::vector::back).
  Item& back() { return items_.back(); }
  /// The item at insertion position `index`; throws std::out_of_range past the end.
  Item& operator[](size_t index) { return items_.at(index); }
  /// Same as above, const.
  const Item& operator[](size_t index) const { return items_.at(index); }
  /// The value stored under `key`; throws tg::Error ("Parameter 'w' is not defined") if absent.
  Value& operator[](const Key& key) {
    Value* v = find(key);
    TG_CHECK(v != nullptr, key_description_, " '", key, "' is not defined");
    return *v;
  }
  /// Same as above, const.
  const Value& operator[](const Key& key) const {
    const Value* v = find(key);
    TG_CHECK(v != nullptr, key_description_, " '", key, "' is not defined");
    return *v;
  }
  /// A pointer to the value under `key`, or nullptr if absent (never throws).
  Value* find(const Key& key) noexcept {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &items_[it->second].value();
  }
  /// Same as above, const.
  const Value* find(const Key& key) const noexcept {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &items_[it->second].value();
  }
  /// Whether `key` is present.
  bool contains(const Key& key) const noexcept { return index_.count(key) > 0; }

  /// Inserts a new item; a duplicate key is an error, as in LibTorch.
  Value& insert(Key key, Value value) {
    TG_CHECK(index_.count(key) == 0, key_description_, " '", key, "' already defined");
    index_.emplace(key, items_.size());
    items_.emplace_back(std::move(key), std::move(value));
    return items_.back().value();
  }
  /// Assigns each of `other`'s items: overwrites the value of an existing key (keeping its
  /// position), appends a new key at the end.
  void update(const OrderedDict& other) {
    for (const Item& item : other) {
      if (Value* v = find(item.key())) *v = item.value();
      else insert(item.key(), item.value());
    }
  }
  /// Removes the item under `key`, keeping the others' order; throws tg::Error if absent.
  void erase(const Key& key) {
    auto it = index_.find(key);
    TG_CHECK(it != index_.end(), key_description_, " '", key, "' is not defined");
    size_t pos = it->second;
    items_.erase(items_.begin() + long(pos));
    index_.erase(it);
    for (auto& [k, i] : index_)
      if (i > pos) --i;
  }
  /// Removes all items.
  void clear() {
    items_.clear();
    index_.clear();
  }
  /// All items, in insertion order.
  const std::vector<Item>& items() const noexcept { return items_; }
  /// A copy of the keys, in insertion order.
  std::vector<Key> keys() const {
    std::vector<Key> k;
    for (const Item& i : items_) k.push_back(i.key());
    return k;
  }
  /// A copy of the values, in insertion order (tensor values share storage with the dict's).
  std::vector<Value> values() const {
    std::vector<Value> v;
    for (const Item& i : items_) v.push_back(i.value());
    return v;
  }
  /// A copy of the (key, value) pairs, in insertion order.
  std::vector<std::pair<Key, Value>> pairs() const {
    std::vector<std::pair<Key, Value>> p;
    for (const Item& i : items_) p.push_back(i.pair());
    return p;
  }

private:
  std::vector<Item> items_;
  std::unordered_map<Key, size_t> index_;
  std::string key_description_;
};

} // namespace tg
