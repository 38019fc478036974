// fuzz_activation_code: activation codes as a user pastes them or a QR code
// carries them (SGP.22 4.1), through parseActivationCode and toString.
//
// Input: the text (all of it).
//
// Checked: parseActivationCode either returns a code whose SM-DP+ address
// passes isValidSmdpAddress, whose MatchingID is only A-Z, a-z, 0-9 and "-"
// and whose OID is empty or digits and dots, and which toString writes as
// text that parses back to the same value; or it throws
// Error(Errc::invalidArgument) with a printable-ASCII message that, when it
// is about the MatchingID, does not quote it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "esim/activation_code.hpp"
#include "esim/error.hpp"
#include "esim/es9p.hpp"
#include "fuzz_check.hpp"

namespace {

using esim::fuzz::fuzzCheck;

bool printableAscii(const std::string &text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
      return false;
    }
  }
  return true;
}

void checkCode(const esim::ActivationCode &code) {
  fuzzCheck(esim::isValidSmdpAddress(code.smdpAddress), "accepted address " + code.smdpAddress);
  for (char c : code.matchingId.view()) {
    fuzzCheck((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-',
              "accepted a MatchingID character " + std::to_string(c));
  }
  for (char c : code.smdpOid) {
    fuzzCheck((c >= '0' && c <= '9') || c == '.', "accepted an OID character");
  }
  std::string text = esim::toString(code);
  const esim::ActivationCode again = esim::parseActivationCode(text);
  fuzzCheck(again == code, "toString does not parse back to the same code: " + text);
  esim::wipe(text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string text(reinterpret_cast<const char *>(data), size);
  try {
    checkCode(esim::parseActivationCode(text));
  } catch (const esim::Error &e) {
    fuzzCheck(e.code() == esim::Errc::invalidArgument, "another error code");
    fuzzCheck(printableAscii(e.what()) && printableAscii(e.hint()), "unprintable message");
    // An error about the MatchingID names a character and its position,
    // never the MatchingID itself (8 characters or more, so that it cannot
    // appear in the message by chance).
    const std::size_t first = text.find('$');
    const std::size_t second =
        first == std::string::npos ? std::string::npos : text.find('$', first + 1);
    if (second != std::string::npos &&
        std::string(e.what()).rfind("activation code: field 3 (MatchingID)", 0) == 0) {
      const std::size_t third = text.find('$', second + 1);
      const std::string id = text.substr(
          second + 1, third == std::string::npos ? std::string::npos : third - second - 1);
      if (id.size() >= 8 && printableAscii(id) && id.find(' ') == std::string::npos) {
        fuzzCheck(std::string(e.what()).find(id) == std::string::npos,
                  std::string("the message quotes the MatchingID: ") + e.what());
      }
    }
  }
  return 0;
}
