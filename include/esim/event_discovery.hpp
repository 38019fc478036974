// Event discovery (SGP.22 event retrieval from an SM-DS): the LPA authenticates
// with an SM-DS exactly as with an SM-DP+ (SGP.22 3.1.2), but without a
// MatchingID, and the SM-DS answers with the events it holds for this
// eUICC. Each event is downloaded as an ordinary profile download from its
// rspServerAddress with the eventId as the MatchingID (profile_download.hpp).
//
//   esim::Es11Client es11(http, {});
//   esim::DiscoveryOrder order{euicc.getEuiccConfiguredAddresses().rootDsAddress,
//                              esim::deviceInfoFromImei({})};
//   esim::DiscoveryOutcome found = esim::discoverEvents(euicc, es11, order);
//   for (const esim::EventEntry &e : found.eventEntries) {
//     esim::DownloadOrder d{e.rspServerAddress, esim::SecretString(e.eventId), {}, false,
//                           order.deviceInfo};
//   }
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "esim/download.hpp"
#include "esim/es11.hpp"
#include "esim/euicc.hpp"

namespace esim {

// DiscoveryOrder says which SM-DS to ask (FQDN[:port]) and what to tell it
// of the device.
struct DiscoveryOrder {
  std::string smdsAddress;
  DeviceInfo deviceInfo;
};

// DiscoveryOutcome is what the SM-DS holds for this eUICC.
struct DiscoveryOutcome {
  std::string smdsAddress;
  std::vector<EventEntry> eventEntries; // may be empty
};

// DiscoveryStage is where a discovery is, for progress output.
enum class DiscoveryStage : std::uint8_t {
  initiating,     // ES10b GetEuiccInfo1/GetEuiccChallenge, ES11 initiateAuthentication
  authenticating, // ES10b AuthenticateServer, ES11 authenticateClient
};

// DiscoveryProgressFn receives each stage as it starts. It should not
// throw: an exception stops the discovery.
using DiscoveryProgressFn = std::function<void(DiscoveryStage)>;

// discoverEvents asks the SM-DS at order.smdsAddress for the events waiting
// for |euicc|: GetEuiccInfo1 and GetEuiccChallenge, ES11
// initiateAuthentication, the check that serverSigned1's serverAddress is
// order.smdsAddress (ignoring case, and a port only one side names), ES10b
// AuthenticateServer with ctxParams1 holding deviceInfo and no matchingId,
// then ES11 authenticateClient. |progress| may be empty. Throws the
// Es11Client's errors (Es9pError for the SM-DS's refusals, with its
// subject/reason codes), Error(Errc::serverError) when the SM-DS signed
// another address (the eUICC is not asked then), Error(Errc::cardRefused)
// naming the eUICC's authenticateErrorCode (after the card's answer went to
// the SM-DS, as SGP.22 has it), and the card's errors. Nothing is
// installed and no notification is queued on the eUICC.
DiscoveryOutcome discoverEvents(Euicc &euicc, Es11Client &es11, const DiscoveryOrder &order,
                                const DiscoveryProgressFn &progress = {});

} // namespace esim
