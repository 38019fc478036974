#include "esim/event_discovery.hpp"

#include "authenticate_refusal.hpp"
#include "server_address.hpp"

namespace esim {

DiscoveryOutcome discoverEvents(Euicc &euicc, Es11Client &es11, const DiscoveryOrder &order,
                                const DiscoveryProgressFn &progress) {
  if (progress) progress(DiscoveryStage::initiating);
  const Bytes euiccInfo1 = euicc.getEuiccInfo1Raw();
  const Bytes challenge = euicc.getEuiccChallenge();
  const InitiateAuthenticationResponse auth =
      es11.initiateAuthentication(order.smdsAddress, challenge, euiccInfo1);
  lpa::checkServerAddress(auth.serverSigned1, order.smdsAddress, "SM-DS");

  if (progress) progress(DiscoveryStage::authenticating);
  AuthenticateServerRequest request;
  request.serverSigned1 = auth.serverSigned1;
  request.serverSignature1 = auth.serverSignature1;
  request.euiccCiPKIdToBeUsed = auth.euiccCiPKIdToBeUsed;
  request.serverCertificate = auth.serverCertificate;
  // Event retrieval: no matchingId at all (not an empty one), so that the
  // SM-DS looks up the events of the EID.
  request.ctxParams1.matchingId = std::nullopt;
  request.ctxParams1.deviceInfo = order.deviceInfo;
  const AuthenticateServerResponse response = euicc.authenticateServer(request);
  if (response.authenticateResponseError) {
    // The SM-DS learns why from the card's error answer, as an SM-DP+ does
    // in a download.
    try {
      es11.authenticateClient(order.smdsAddress, auth.transactionId, response.raw);
    } catch (const std::exception &) {
      // Expected: its answer is an error too; the card's code explains.
    }
    throw lpa::authenticateServerRefused(response.authenticateResponseError->authenticateErrorCode,
                                         "SM-DS");
  }
  AuthenticateClientEs11Response events =
      es11.authenticateClient(order.smdsAddress, auth.transactionId, response.raw);
  return DiscoveryOutcome{order.smdsAddress, std::move(events.eventEntries)};
}

} // namespace esim
