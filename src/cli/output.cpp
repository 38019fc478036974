#include "output.hpp"

#include <iostream>

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
    nlohmann::json out = {{"ok", false}, {"error", err}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  } else {
    std::cerr << "esimctl: error: " << error.what() << '\n';
    if (!error.hint().empty()) std::cerr << "hint: " << error.hint() << '\n';
  }
  bool declined =
      error.code() == esim::Errc::aborted || error.code() == esim::Errc::confirmationRequired;
  return declined ? kExitAborted : kExitError;
}

} // namespace esimctl
