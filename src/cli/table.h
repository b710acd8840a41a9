#pragma once

// Plain-text tables for human output (`--json` is the machine format).

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace openscs::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  // Columns are padded to their widest cell; the last column is not padded.
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// "name:  value" lines with the values aligned, for `show` commands.
using Fields = std::vector<std::pair<std::string, std::string>>;
void PrintFields(std::ostream& out, const Fields& fields);

}  // namespace openscs::cli
