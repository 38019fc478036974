// cpp-list-profiles: prints the EID and the profiles of the eUICC in a PC/SC
// reader, the way a device maker's own program would use libesim.
//
//   cpp-list-profiles [READER]   READER: a reader name (or part of one);
//                                default: the first reader holding an eUICC
//
// Exit status 0 on success; 1 with "error <id>: <message>" and a hint on
// stderr on any failure (no pcscd, no reader, no eUICC, a card error...).
#include <cstdio>
#include <exception>
#include <optional>
#include <string>

#include "esim/error.hpp"
#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "esim/pcsc_transport.hpp"
#include "esim/profile.hpp"

namespace {

const char *stateName(const esim::ProfileInfo &profile) {
  if (!profile.profileState) return "?";
  return *profile.profileState == esim::ProfileState::enabled ? "enabled" : "disabled";
}

// A card may leave any field out; print what is there.
std::string orDash(const std::optional<std::string> &value) {
  return value && !value->empty() ? *value : "-";
}

} // namespace

int main(int argc, char **argv) {
  try {
    esim::ReaderSelector reader;
    if (argc > 1) reader.name = argv[1];

    // The three layers a program stacks: the APDU transport (here PC/SC; a
    // modem would implement esim::ApduTransport itself), the logical channel
    // to the ISD-R, and the typed ES10 calls. Each closes what it opened when
    // it goes out of scope, also when a call throws.
    auto card = esim::PcscTransport::open(reader);
    esim::IsdrSession session(*card);
    esim::Euicc euicc(session);

    std::printf("reader %s\n", card->readerName().c_str());
    std::printf("EID %s\n", euicc.getEid().c_str());
    for (const esim::ProfileInfo &profile : euicc.getProfilesInfo()) {
      std::printf("profile %s %s %s\n", orDash(profile.iccid).c_str(), stateName(profile),
                  orDash(profile.profileName).c_str());
    }
    return 0;
  } catch (const esim::Error &e) {
    // id() is stable (for scripts and logs), what() says what failed and
    // hint() what to try next.
    std::fprintf(stderr, "error %.*s: %s\nhint: %s\n", static_cast<int>(e.id().size()),
                 e.id().data(), e.what(), e.hint().c_str());
  } catch (const std::exception &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  return 1;
}
