#include "output.hpp"

#include <cstdio>
#include <iostream>

#include "esim/text.hpp"

namespace esimctl {

void printJsonSuccess(const nlohmann::json &data) {
  nlohmann::json out = {{"ok", true}, {"data", data}};
  // Replace invalid UTF-8 from a card instead of throwing while printing.
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void printJsonFailure(const nlohmann::json &data, const nlohmann::json &error) {
  nlohmann::json out = {{"ok", false}, {"data", data}, {"error", error}};
  std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

int printError(const esim::Error &error, bool json) {
  if (json) {
    nlohmann::json err = {{"code", std::string(error.id())}, {"message", error.what()}};
    if (!error.hint().empty()) err["hint"] = error.hint();
    if (error.statusWord()) {
      char sw[8];
      std::snprintf(sw, sizeof sw, "%04X", *error.statusWord());
      err["statusWord"] = sw;
    }
    // A card's SGP.22 refusal: its number always, its name when SGP.22 has one.
    if (error.resultCode()) {
      err["resultCode"] = *error.resultCode();
      if (!error.resultName().empty()) err["resultName"] = error.resultName();
    }
    nlohmann::json out = {{"ok", false}, {"error", err}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    std::cerr << "esimctl: error: " << terminalSafeLines(error.what()) << '\n';
    if (!error.hint().empty()) std::cerr << "hint: " << terminalSafeLines(error.hint()) << '\n';
  }
  if (dynamic_cast<const UsageError *>(&error) != nullptr) return kExitUsage;
  bool declined =
      error.code() == esim::Errc::aborted || error.code() == esim::Errc::confirmationRequired;
  return declined ? kExitAborted : kExitError;
}

namespace {

std::string escaped(std::string_view text, bool keepNewlines) {
  std::string out;
  out.reserve(text.size());
  char buf[12];
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const std::size_t length = esim::decodeUtf8(text, i, c);
    if (length == 0) { // not UTF-8: show the byte
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[i]));
      out += buf;
      ++i;
      continue;
    }
    if (c == '\n' && keepNewlines) {
      out += '\n';
    } else if (esim::isControlCharacter(c)) {
      std::snprintf(buf, sizeof buf, c < 0x80 ? "\\x%02x" : "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

} // namespace

std::string terminalSafe(std::string_view text) {
  return escaped(text, false);
}

std::string terminalSafeLines(std::string_view text) {
  return escaped(text, true);
}

} // namespace esimctl
