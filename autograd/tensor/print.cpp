// Printing tensors byte-for-byte as LibTorch 1.13 prints them (`std::cout << tensor`).
//
// The layout rules below were measured from LibTorch's output, quirks included, because programs
// and their expected-output files compare the text:
//  - one format (width, notation, common scale) per 1-D/2-D tensor, and per 2-D slice of a
//    higher-dimensional one; slices are visited with the FIRST index varying fastest;
//  - all-integer values print in default notation, width = digits of the "largest" value + 1;
//    non-integers print fixed with 4 decimals, or with a power-of-ten scale header ("1e+05 *"),
//    or in scientific notation when the magnitudes span more than 4 decades;
//  - the "largest" value starts as |first finite value| and is replaced only by later values that
//    are larger as signed numbers, so a negative value after the first never widens the column;
//  - wide matrices are cut into column blocks headed "Columns a to b" with no line break after
//    the header, and rows after the first of a scaled block get one extra leading space.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "autograd/tensor/format.h"
#include "autograd/ops/functions.h"
#include "autograd/graph/grad_mode.h"

namespace tg {

std::ostream& operator<<(std::ostream& os, Layout) { return os << "Strided"; }

std::ostream& operator<<(std::ostream& os, MemoryFormat m) {
  return os << (m == MemoryFormat::Contiguous ? "Contiguous" : "Preserve");
}

// Fields that were never set are marked "(default)", as LibTorch marks them.
std::ostream& operator<<(std::ostream& os, const TensorOptions& o) {
  auto mark = [](bool set) { return set ? "" : " (default)"; };
  return os << "TensorOptions(dtype=" << o.dtype() << mark(o.has_dtype())
            << ", device=" << o.device() << mark(o.has_device()) << ", layout=" << o.layout()
            << mark(o.has_layout()) << ", requires_grad=" << (o.requires_grad() ? "true" : "false")
            << mark(o.has_requires_grad())
            << ", pinned_memory=false (default), memory_format=(nullopt))";
}

namespace {

enum class Notation { Default, Fixed, Scientific };

struct Format {
  double scale = 1;
  int width = 0;
  Notation notation = Notation::Default;
};

// Leaves the caller's stream flags and precision as they were: printing a tensor must not switch
// std::cout to fixed notation for the numbers printed after it.
class StreamStateGuard {
public:
  explicit StreamStateGuard(std::ostream& os)
      : os_(os), flags_(os.flags()), precision_(os.precision()) {}
  ~StreamStateGuard() {
    os_.flags(flags_);
    os_.precision(precision_);
  }
  StreamStateGuard(const StreamStateGuard&) = delete;
  StreamStateGuard& operator=(const StreamStateGuard&) = delete;

private:
  std::ostream& os_;
  std::ios_base::fmtflags flags_;
  std::streamsize precision_;
};

// Number of digits before the decimal point of |v| (1 for 0, <= 0 for |v| < 0.1).
double digits(double v) { return v == 0 ? 1 : std::floor(std::log10(v)) + 1; }

// Chooses notation, width and scale for the values at p[offset(i)] for i in [0, n).
template <typename At> Format choose_format(int64_t n, At at) {
  Format f;
  if (n == 0) {
    f.width = 0;
    return f;
  }
  bool integral = true;
  int64_t first = -1;
  for (int64_t i = 0; i < n; ++i) {
    double v = at(i);
    if (!std::isfinite(v)) continue;
    if (first < 0) first = i;
    if (v != std::ceil(v)) integral = false;
  }
  double exp_min = 1, exp_max = 1;
  if (first >= 0) {
    double lo = std::fabs(at(first)), hi = lo;
    for (int64_t i = first; i < n; ++i) {
      double v = at(i);
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, std::fabs(v));
      if (v > hi) hi = std::fabs(v); // signed comparison: see the file comment
    }
    exp_min = digits(lo);
    exp_max = digits(hi);
  }
  if (integral) {
    if (exp_max > 9) {
      f.notation = Notation::Scientific;
      f.width = 11;
    } else {
      f.width = static_cast<int>(exp_max) + 1;
    }
  } else if (exp_max - exp_min > 4) {
    f.notation = Notation::Scientific;
    f.width = 11;
  } else {
    f.notation = Notation::Fixed;
    if (exp_max > 5 || exp_max < 0) {
      f.width = 7;
      f.scale = std::pow(10.0, exp_max - 1);
    } else {
      f.width = exp_max == 0 ? 7 : static_cast<int>(exp_max) + 6;
    }
  }
  return f;
}

// Default notation keeps the caller's precision (LibTorch does the same); the others use 4 digits.
void apply(std::ostream& os, const Format& f, std::streamsize caller_precision) {
  switch (f.notation) {
  case Notation::Default:
    os.unsetf(std::ios_base::floatfield);
    os.precision(caller_precision);
    break;
  case Notation::Fixed:
    os.setf(std::ios_base::fixed, std::ios_base::floatfield);
    os.precision(4);
    break;
  case Notation::Scientific:
    os.setf(std::ios_base::scientific, std::ios_base::floatfield);
    os.precision(4);
    break;
  }
}

// The scale is a power of ten; 4 significant digits make 1e+05 but 0.0001 (LibTorch's spelling).
void print_scale(std::ostream& os, double scale) {
  os.unsetf(std::ios_base::floatfield);
  os.precision(4);
  os << scale << " *\n";
}

// Prints a rows x cols matrix whose element (r, c) is m[r * cols + c], each row prefixed by
// `indent` spaces, wrapped into column blocks that fit in `linesize` characters.
void print_matrix(std::ostream& os, const double* m, int64_t rows, int64_t cols, int64_t linesize,
                  int indent, std::streamsize caller_precision) {
  Format f = choose_format(rows * cols, [m](int64_t i) { return m[i]; });
  const std::string pad(size_t(indent), ' ');
  int64_t per_line = std::max<int64_t>((linesize - indent) / (f.width + 1), 1);
  bool wrap = per_line < cols;
  os << pad;
  for (int64_t first = 0; first < cols; first += per_line) {
    int64_t last = std::min(first + per_line, cols);
    if (wrap) {
      if (first > 0) os << "\n";
      os << "Columns " << first + 1 << " to " << last << pad;
    }
    if (f.scale != 1) {
      print_scale(os, f.scale);
      os << pad;
    }
    apply(os, f, caller_precision);
    for (int64_t r = 0; r < rows; ++r) {
      if (r > 0) os << pad << (f.scale != 1 ? " " : "");
      for (int64_t c = first; c < last; ++c) {
        if (c > first) os << ' ';
        os << std::setw(f.width) << m[r * cols + c] / f.scale;
      }
      os << "\n";
    }
  }
}

void print_data(std::ostream& os, const Tensor& t, int64_t linesize) {
  std::streamsize caller_precision = os.precision();
  Tensor d;
  {
    NoGradGuard no_grad;
    d = t.detach().to(kDouble).contiguous();
  }
  const double* p = d.data_ptr<double>();
  int64_t n = d.numel();
  if (d.dim() == 0) {
    os.unsetf(std::ios_base::floatfield);
    os << p[0] << "\n";
  } else if (n == 0) {
    // an empty tensor shows only its footer
  } else if (d.dim() == 1) {
    Format f = choose_format(n, [p](int64_t i) { return p[i]; });
    if (f.scale != 1) print_scale(os, f.scale);
    apply(os, f, caller_precision);
    for (int64_t i = 0; i < n; ++i) os << std::setw(f.width) << p[i] / f.scale << "\n";
  } else if (d.dim() == 2) {
    print_matrix(os, p, d.size(0), d.size(1), linesize, 0, caller_precision);
  } else {
    // Slices (i0, i1, ..., :, :) in the order that advances i0 first, as LibTorch does.
    int64_t lead = d.dim() - 2;
    int64_t rows = d.size(-2), cols = d.size(-1);
    std::vector<int64_t> idx(size_t(lead), 0);
    for (bool first = true;; first = false) {
      if (!first) {
        int64_t k = 0;
        while (k < lead && ++idx[size_t(k)] == d.size(k)) idx[size_t(k++)] = 0;
        if (k == lead) break;
        os << "\n";
      }
      int64_t offset = 0;
      os << "(";
      for (int64_t k = 0; k < lead; ++k) {
        offset += idx[size_t(k)] * d.stride(k);
        os << idx[size_t(k)] + 1 << ",";
      }
      os << ".,.) = \n";
      print_matrix(os, p + offset, rows, cols, linesize, 1, caller_precision);
    }
  }
}

} // namespace

void print(std::ostream& os, const Tensor& t, int64_t linesize) {
  if (!t.defined()) {
    os << "[ Tensor (undefined) ]";
    return;
  }
  {
    StreamStateGuard guard(os);
    print_data(os, t, linesize);
  }
  os << "[ " << t.type_string() << "{";
  for (int64_t i = 0; i < t.dim(); ++i) os << (i ? "," : "") << t.size(i);
  os << "} ]";
}

void print(const Tensor& t, int64_t linesize) { print(std::cout, t, linesize); }

std::ostream& operator<<(std::ostream& os, const Tensor& t) {
  print(os, t, 80);
  return os;
}

} // namespace tg
