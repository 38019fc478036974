// at-modem-list-profiles: prints the EID and the profiles of the eUICC in a
// cellular modem, reached through the modem's AT command port.
//
//   $ at-modem-list-profiles /dev/ttyUSB2
//   EID 89049032123451234512345678901235
//   89490000000000000007 disabled Example Mobile "Example Mobile Postpaid"
//
// Exit status: 0 success, 1 the modem or the card failed (the message says
// which command and what came back), 2 usage.
#include <cstdio>
#include <exception>
#include <string>

#include "at_modem_transport.hpp"
#include "esim/error.hpp"
#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "esim/profile.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

const char *stateName(const esim::ProfileInfo &profile) {
  if (!profile.profileState) return "unknown";
  return *profile.profileState == esim::ProfileState::enabled ? "enabled" : "disabled";
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DEVICE   (the modem's AT port, e.g. /dev/ttyUSB2)\n", argv[0]);
    return kExitUsage;
  }
  try {
    at_modem::AtModemTransport modem(argv[1]);
    // The session opens the ISD-R's logical channel (AT+CCHO) and closes it
    // (AT+CCHC) when it goes out of scope, also after an error.
    esim::IsdrSession session(modem);
    esim::Euicc euicc(session);
    std::printf("EID %s\n", euicc.getEid().c_str());
    for (const esim::ProfileInfo &profile : euicc.getProfilesInfo()) {
      std::printf("%s %s %s \"%s\"\n", profile.iccid.value_or("-").c_str(), stateName(profile),
                  profile.serviceProviderName.value_or("-").c_str(),
                  profile.profileName.value_or("").c_str());
    }
    return kExitOk;
  } catch (const esim::Error &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    if (!e.hint().empty()) std::fprintf(stderr, "hint: %s\n", e.hint().c_str());
    return kExitFailure;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return kExitFailure;
  }
}
