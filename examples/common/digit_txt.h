#pragma once
// The text form of an MNIST digit that seed 000 trains on (a Kaggle re-export of MNIST): 28
// lines of 28 tab-separated grey values 0..255 (white ink on black, as MNIST), then a line with
// the digit itself. Trailing tabs and a missing last newline are accepted; anything else that
// does not fit is refused with the file, the line and the offending field.
#include <cctype>
#include <fstream>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.h>

namespace examples {

/// One digit read from the text format.
struct DigitTxt {
  tg::Tensor image;   ///< float [28, 28] in [0, 1] (value / 255)
  int64_t label = -1; ///< the digit on the last line, or -1 when the file has no label line
};

/// Reads `path` (see the header comment); tg::Error names what is wrong.
inline DigitTxt read_digit_txt(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  TG_CHECK(in.good(), "read_digit_txt: cannot open ", path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    TG_CHECK(lines.size() <= 64, "read_digit_txt: ", path,
             " has more than 64 lines; expected 28 lines of 28 grey values and a label line");
  }
  while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string::npos)
    lines.pop_back(); // blank lines at the end
  TG_CHECK(lines.size() == 28 || lines.size() == 29, "read_digit_txt: ", path, " has ",
           lines.size(),
           " lines; expected 28 lines of 28 tab-separated grey values, then a line "
           "with the digit");
  DigitTxt digit;
  digit.image = tg::empty({28, 28});
  float* px = digit.image.data_ptr<float>();
  for (size_t r = 0; r < 28; ++r) {
    std::vector<std::string> fields;
    size_t start = 0;
    const std::string& l = lines[r];
    while (start <= l.size()) {
      size_t tab = l.find('\t', start);
      if (tab == std::string::npos) tab = l.size();
      fields.push_back(l.substr(start, tab - start));
      start = tab + 1;
    }
    while (!fields.empty() && fields.back().empty()) fields.pop_back(); // trailing tabs
    TG_CHECK(fields.size() == 28, "read_digit_txt: ", path, " line ", r + 1, " has ", fields.size(),
             " values; expected 28 tab-separated grey values");
    for (size_t c = 0; c < 28; ++c) {
      const std::string& f = fields[c];
      TG_CHECK(!f.empty() && f.size() <= 3 &&
                   f.find_first_not_of("0123456789") == std::string::npos,
               "read_digit_txt: ", path, " line ", r + 1, " value ", c + 1, " is '",
               f.substr(0, 12), "', not a grey value 0..255");
      const int v = std::stoi(f);
      TG_CHECK(v <= 255, "read_digit_txt: ", path, " line ", r + 1, " value ", c + 1, " is ", v,
               ", outside 0..255");
      px[r * 28 + c] = float(v) / 255.0f;
    }
  }
  if (lines.size() == 29) {
    std::string label = lines[28];
    while (!label.empty() && std::isspace(static_cast<unsigned char>(label.back())))
      label.pop_back();
    TG_CHECK(label.size() == 1 && label[0] >= '0' && label[0] <= '9', "read_digit_txt: ", path,
             " line 29 is '", label.substr(0, 12), "'; expected the digit 0..9");
    digit.label = label[0] - '0';
  }
  return digit;
}

} // namespace examples
