#include "table.hpp"

#include <algorithm>
#include <ostream>

#include "output.hpp"

namespace esimctl {

namespace {
bool isWide(char32_t c) noexcept {
  // Unicode East Asian Width W/F ranges that matter in practice.
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}
bool isCombining(char32_t c) noexcept {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x3099 && c <= 0x309A) || c == 0x200B ||
         (c >= 0xFE00 && c <= 0xFE0F);
}
} // namespace

std::size_t displayWidth(std::string_view s) noexcept {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = b < 0x80           ? 1
                      : (b >> 5) == 0x6  ? 2
                      : (b >> 4) == 0xE  ? 3
                      : (b >> 3) == 0x1E ? 4
                                         : 0;
    if (len == 0 || i + len > s.size()) {
      ++width;
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b : static_cast<char32_t>(b & (0x7F >> len));
    bool valid = true;
    for (std::size_t k = 1; k < len; ++k) {
      auto cont = static_cast<unsigned char>(s[i + k]);
      if ((cont & 0xC0) != 0x80) valid = false;
      c = (c << 6) | (cont & 0x3F);
    }
    if (!valid) {
      ++width;
      ++i;
      continue;
    }
    width += isCombining(c) ? 0 : isWide(c) ? 2 : 1;
    i += len;
  }
  return width;
}

void Table::addRow(std::vector<std::string> row) {
  for (auto &cell : row)
    cell = terminalSafe(cell);
  rows_.push_back(std::move(row));
}

void Table::print(std::ostream &out) const {
  std::vector<std::size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string> &row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], displayWidth(row[i]));
  };
  measure(header_);
  for (const auto &row : rows_)
    measure(row);
  auto printRow = [&](const std::vector<std::string> &row) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < row.size() ? row[i] : "";
      line += cell;
      if (i + 1 < widths.size()) line.append(widths[i] - displayWidth(cell) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out << line << '\n';
  };
  printRow(header_);
  std::vector<std::string> rule;
  for (std::size_t w : widths)
    rule.emplace_back(w, '-');
  printRow(rule);
  for (const auto &row : rows_)
    printRow(row);
}

} // namespace esimctl
