// einsum: the equation is parsed into one label per dim, every operand is brought to one common
// label order (diagonals for repeated labels, permute, size-1 dims for absent labels), and the
// operands are folded left to right: labels no later operand and not the output needs are summed
// out inside a bmm, the rest become its batch, row and column dims. Everything is done with
// differentiable views, sums and bmm, so the gradient needs no backward of its own.
#include <algorithm>
#include <array>
#include <string>

#include "autograd/ops/internal.h"

namespace tg {

namespace {

constexpr int kLetters = 52;  // A-Z are labels 0-25, a-z 26-51, as in LibTorch
constexpr int kEllipsis = -1; // marks "..." in a parsed subscript list

int label_of(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' : c - 'a' + 26; }
char letter_of(int label) {
  return static_cast<char>(label < 26 ? 'A' + label : 'a' + (label - 26));
}

/// One operand's (or the output's) subscripts: labels, with kEllipsis where "..." stands.
std::vector<int> parse_subscripts(const std::string& eq, size_t begin, size_t end) {
  std::vector<int> out;
  bool ellipsis = false;
  for (size_t i = begin; i < end; ++i) {
    const char c = eq[i];
    if (c == '.') {
      TG_CHECK(!ellipsis,
               "einsum(): found '.' for operand or output that is not part of any "
               "ellipsis, or more than one ellipsis in \"",
               eq, "\"");
      TG_CHECK(i + 2 < end && eq[i + 1] == '.' && eq[i + 2] == '.',
               "einsum(): found '.' for operand that is not part of any ellipsis in \"", eq, "\"");
      ellipsis = true;
      out.push_back(kEllipsis);
      i += 2;
      continue;
    }
    TG_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'),
             "einsum(): invalid subscript given at index ", i,
             " in the equation string, subscripts must be in [a-zA-Z]");
    out.push_back(label_of(c));
  }
  return out;
}

/// left [.., L] and right [.., L] (size 1 where a label is absent) contracted over `sum` dims
/// (present with equal sizes on both sides) through one bmm. The result has the same L dims, the
/// summed ones of size 1.
Tensor sumproduct_pair(const Tensor& left, const Tensor& right, const std::vector<bool>& sum) {
  const int64_t L = left.dim();
  std::vector<int64_t> batch, lo, ro, sd;
  int64_t B = 1, LO = 1, RO = 1, S = 1;
  for (int64_t d = 0; d < L; ++d) {
    const int64_t l = left.size(d), r = right.size(d);
    if (sum[static_cast<size_t>(d)]) {
      sd.push_back(d);
      S *= l;
    } else if (l != 1 && r != 1) {
      batch.push_back(d);
      B *= l;
    } else if (r != 1) {
      ro.push_back(d);
      RO *= r;
    } else {
      lo.push_back(d);
      LO *= l;
    }
  }
  auto concat = [](std::initializer_list<const std::vector<int64_t>*> parts) {
    std::vector<int64_t> v;
    for (const auto* p : parts) v.insert(v.end(), p->begin(), p->end());
    return v;
  };
  Tensor a = left.permute(concat({&batch, &lo, &sd, &ro})).reshape({B, LO, S});
  Tensor b = right.permute(concat({&batch, &sd, &ro, &lo})).reshape({B, S, RO});
  Tensor prod = a.bmm(b);
  // [B, LO, RO] back to L dims in the order batch, lo, ro (summed dims as size 1), then to the
  // common label order
  std::vector<int64_t> shape, order = concat({&batch, &lo, &ro, &sd});
  for (int64_t d : batch) shape.push_back(left.size(d));
  for (int64_t d : lo) shape.push_back(left.size(d));
  for (int64_t d : ro) shape.push_back(right.size(d));
  for (size_t i = 0; i < sd.size(); ++i) shape.push_back(1);
  std::vector<int64_t> inverse(static_cast<size_t>(L));
  for (int64_t i = 0; i < L; ++i) inverse[static_cast<size_t>(order[static_cast<size_t>(i)])] = i;
  return prod.reshape(shape).permute(inverse);
}

} // namespace

Tensor einsum(std::string_view equation, TensorList tensors) {
  std::string eq;
  for (char c : equation)
    if (c != ' ') eq += c;
  const size_t arrow = eq.find("->");
  const size_t lhs_end = arrow == std::string::npos ? eq.size() : arrow;
  // ---- parse the operands' subscripts
  std::vector<std::vector<int>> subs;
  for (size_t begin = 0;;) {
    size_t comma = eq.find(',', begin);
    if (comma == std::string::npos || comma > lhs_end) comma = lhs_end;
    subs.push_back(parse_subscripts(eq, begin, comma));
    if (comma == lhs_end) break;
    begin = comma + 1;
  }
  TG_CHECK(!tensors.empty(), "einsum(): must provide at least one operand");
  TG_CHECK(subs.size() <= tensors.size(),
           "einsum(): fewer operands were provided than specified in the equation \"", eq, "\"");
  TG_CHECK(subs.size() >= tensors.size(),
           "einsum(): more operands were provided than specified in the equation \"", eq, "\"");
  // ---- each operand's dims: a label, or one of the ellipsis dims (numbered from the right)
  int64_t ell_dims = 0;
  std::array<int, kLetters> count{};
  for (size_t i = 0; i < subs.size(); ++i) {
    const Tensor& t = tensors[i];
    TG_CHECK(t.defined(), "einsum(): operand ", i, " is undefined");
    const bool has_ell = std::count(subs[i].begin(), subs[i].end(), kEllipsis) > 0;
    const int64_t letters = static_cast<int64_t>(subs[i].size()) - (has_ell ? 1 : 0);
    if (has_ell) {
      TG_CHECK(t.dim() >= letters, "einsum(): the number of subscripts in the equation (", letters,
               ") is more than the number of dimensions (", t.dim(), ") for operand ", i);
      ell_dims = std::max(ell_dims, t.dim() - letters);
    } else {
      TG_CHECK(t.dim() == letters, "einsum(): the number of subscripts in the equation (", letters,
               ") does not match the number of dimensions (", t.dim(), ") for operand ", i,
               " and no ellipsis was given");
    }
    for (int l : subs[i])
      if (l != kEllipsis) ++count[static_cast<size_t>(l)];
  }
  // ---- the output's labels, explicit or implicit (ellipsis dims, then the labels used once)
  std::vector<int> out_labels; // ellipsis dim k is -(k + 2)
  bool out_has_ell = false;
  if (arrow != std::string::npos) {
    std::array<bool, kLetters> seen{};
    for (int l : parse_subscripts(eq, arrow + 2, eq.size())) {
      if (l == kEllipsis) {
        out_has_ell = true;
        for (int64_t k = 0; k < ell_dims; ++k) out_labels.push_back(-static_cast<int>(k) - 2);
        continue;
      }
      TG_CHECK(count[static_cast<size_t>(l)] > 0, "einsum(): output subscript ", letter_of(l),
               " does not appear in the equation for any input operand");
      TG_CHECK(!seen[static_cast<size_t>(l)], "einsum(): output subscript ", letter_of(l),
               " appears more than once in the output");
      seen[static_cast<size_t>(l)] = true;
      out_labels.push_back(l);
    }
  } else {
    out_has_ell = true;
    for (int64_t k = 0; k < ell_dims; ++k) out_labels.push_back(-static_cast<int>(k) - 2);
    for (int l = 0; l < kLetters; ++l)
      if (count[static_cast<size_t>(l)] == 1) out_labels.push_back(l);
  }
  // ---- the common order: the output's labels first, then every contracted one
  std::vector<int> order = out_labels;
  if (!out_has_ell)
    for (int64_t k = 0; k < ell_dims; ++k) order.push_back(-static_cast<int>(k) - 2);
  for (int l = 0; l < kLetters; ++l)
    if (count[static_cast<size_t>(l)] > 0 &&
        std::find(order.begin(), order.end(), l) == order.end())
      order.push_back(l);
  const size_t L = order.size();
  // ---- bring every operand to the common order
  std::vector<Tensor> ops_;
  std::vector<std::vector<bool>> present;
  std::vector<int64_t> label_size(L, 1);
  for (size_t i = 0; i < subs.size(); ++i) {
    Tensor t = tensors[i];
    std::vector<int> dims_label; // label of each dim of t
    const int64_t ell_here = t.dim() - (static_cast<int64_t>(subs[i].size()) -
                                        (std::count(subs[i].begin(), subs[i].end(), kEllipsis)));
    for (int l : subs[i]) {
      if (l == kEllipsis) {
        for (int64_t k = ell_dims - ell_here; k < ell_dims; ++k)
          dims_label.push_back(-static_cast<int>(k) - 2);
      } else {
        dims_label.push_back(l);
      }
    }
    // a label repeated within the operand: its diagonal (diagonal() moves it to the end)
    for (size_t a = 0; a < dims_label.size(); ++a) {
      for (size_t b = a + 1; b < dims_label.size(); ++b) {
        if (dims_label[a] != dims_label[b]) continue;
        const int64_t da = static_cast<int64_t>(a), db = static_cast<int64_t>(b);
        TG_CHECK(t.size(da) == t.size(db), "einsum(): subscript ", letter_of(dims_label[a]),
                 " is repeated for operand ", i, " but the sizes don't match, ", t.size(db),
                 " != ", t.size(da));
        t = t.diagonal(0, da, db);
        const int l = dims_label[a];
        dims_label.erase(dims_label.begin() + static_cast<std::ptrdiff_t>(b));
        dims_label.erase(dims_label.begin() + static_cast<std::ptrdiff_t>(a));
        dims_label.push_back(l);
        a = static_cast<size_t>(-1); // start over: the dims moved
        break;
      }
    }
    // permute to the common order, with size-1 dims for the labels this operand lacks
    std::vector<int64_t> perm, shape;
    std::vector<bool> has(L, false);
    for (size_t p = 0; p < L; ++p) {
      auto it = std::find(dims_label.begin(), dims_label.end(), order[p]);
      if (it == dims_label.end()) {
        shape.push_back(1);
        continue;
      }
      const int64_t d = it - dims_label.begin();
      perm.push_back(d);
      const int64_t s = t.size(d);
      shape.push_back(s);
      has[p] = true;
      // sizes must agree, except that a size-1 dim broadcasts
      if (s != 1) {
        TG_CHECK(label_size[p] == 1 || label_size[p] == s, "einsum(): subscript ",
                 order[p] >= 0 ? std::string(1, letter_of(order[p])) : std::string("..."),
                 " has size ", s, " for operand ", i,
                 " which does not broadcast with previously seen size ", label_size[p]);
        label_size[p] = s;
      }
    }
    ops_.push_back(t.permute(perm).reshape(shape));
    present.push_back(has);
  }
  // ---- contract: a dim is summed once no later operand and not the output has its label
  const size_t n_out = out_labels.size();
  auto needed_after = [&](size_t p, size_t i) {
    if (p < n_out) return true;
    for (size_t j = i + 1; j < ops_.size(); ++j)
      if (present[j][p]) return true;
    return false;
  };
  // a label that only this operand still needs to see is summed before the product
  auto presum = [&](Tensor t, size_t i, const std::vector<bool>& other) {
    std::vector<int64_t> dims;
    for (size_t p = 0; p < L; ++p)
      if (!needed_after(p, i) && !other[p] && t.size(static_cast<int64_t>(p)) != 1)
        dims.push_back(static_cast<int64_t>(p));
    return dims.empty() ? t : t.sum(dims, true);
  };
  Tensor result = ops_[0];
  std::vector<bool> result_has = present[0];
  if (ops_.size() == 1) {
    result = presum(result, 0, std::vector<bool>(L, false));
  }
  for (size_t i = 1; i < ops_.size(); ++i) {
    Tensor right = ops_[i];
    result = presum(result, i, present[i]);
    right = presum(right, i, result_has);
    std::vector<bool> sum(L, false);
    for (size_t p = 0; p < L; ++p) {
      const int64_t d = static_cast<int64_t>(p);
      sum[p] = !needed_after(p, i) && result.size(d) != 1 && right.size(d) != 1;
    }
    // a summed label of size 1 on one side but not the other: that side is summed first
    result = sumproduct_pair(result, right, sum);
    for (size_t p = 0; p < L; ++p) result_has[p] = result_has[p] || present[i][p];
  }
  // the output's dims come first; the contracted ones are size 1 (or summed away here)
  std::vector<int64_t> tail;
  for (size_t p = n_out; p < L; ++p)
    if (result.size(static_cast<int64_t>(p)) != 1) tail.push_back(static_cast<int64_t>(p));
  if (!tail.empty()) result = result.sum(tail, true);
  std::vector<int64_t> out_shape;
  for (size_t p = 0; p < n_out; ++p) out_shape.push_back(result.size(static_cast<int64_t>(p)));
  return result.reshape(out_shape);
}

} // namespace tg
