#include "prompt.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <iostream>

#include "esim/error.hpp"
#include "output.hpp"

namespace esimctl {

void confirm(const std::string &question, bool assumeYes, const std::string &yesFlag) {
  if (assumeYes) return;
  if (isatty(STDIN_FILENO) == 0) {
    throw esim::Error(esim::Errc::confirmationRequired,
                      "refusing without confirmation: " + question +
                          " (standard input is not a terminal to ask on)",
                      "run it on a terminal, or add " + yesFlag + " to confirm in advance");
  }
  std::cerr << terminalSafeLines(question) << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) answer.clear();
  std::transform(answer.begin(), answer.end(), answer.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  answer.erase(0, answer.find_first_not_of(" \t"));
  answer.erase(answer.find_last_not_of(" \t\r") + 1);
  if (answer != "y" && answer != "yes") {
    throw esim::Error(esim::Errc::aborted, "cancelled; nothing was changed");
  }
}

} // namespace esimctl
