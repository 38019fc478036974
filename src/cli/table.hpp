// A plain-text table for terminals, aligned by display width so that
// Japanese or other wide characters in provider names line up.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace esimctl {

// displayWidth returns the terminal columns |utf8| occupies (East Asian wide
// and fullwidth characters count 2, combining marks 0). Invalid UTF-8 bytes
// count 1 each.
std::size_t displayWidth(std::string_view utf8) noexcept;

// Table collects rows and prints them with columns padded to equal width.
class Table {
public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  // addRow appends a row; missing cells are empty. Every cell is made
  // terminalSafe (output.hpp) here, so columns are measured on the text
  // that is printed.
  void addRow(std::vector<std::string> row);
  // print writes the header, a rule and the rows to |out|.
  void print(std::ostream &out) const;

private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

} // namespace esimctl
