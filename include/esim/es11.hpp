// ES11 client: the LPA's HTTPS interface to an SM-DS (SGP.22 5.8), for event
// retrieval. It is the common mutual authentication of SGP.22 3.1.2 with the
// SM-DS in the SM-DP+'s place: initiateAuthentication as for ES9+ (the SM-DS
// address goes in the JSON's smdpAddress), ES10b AuthenticateServer with
// ctxParams1 without matchingId, then authenticateClient, whose success
// answer lists the events waiting for this eUICC (AuthenticateClientOkEs11).
// Each event's eventId is the MatchingID of an ordinary download from the
// SM-DP+ at its rspServerAddress.
//
//   esim::Es11Client es11(http, {});
//   auto auth = es11.initiateAuthentication(smds, challenge, euiccInfo1);
//   Bytes bf38 = /* ES10b AuthenticateServer, ctxParams1 without matchingId */;
//   auto events = es11.authenticateClient(smds, auth.transactionId, bf38);
//   for (const esim::EventEntry &e : events.eventEntries) { ... }
//
// Paths: lpac and the GSMA root SM-DS serve ES11 under /gsma/rsp2/es9plus/,
// other SM-DS under /gsma/rsp2/es11/. The client tries the first and, when
// initiateAuthentication answers HTTP 404 there, once the second, and keeps
// that path for the session's authenticateClient.
#pragma once

#include <string>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/es9p.hpp"
#include "esim/http.hpp"

namespace esim {

// EventEntry is one event an SM-DS holds for the eUICC (SGP.22
// EventEntries): download with eventId as the MatchingID from the SM-DP+ at
// rspServerAddress (FQDN[:port]).
struct EventEntry {
  std::string eventId;
  std::string rspServerAddress;
  bool operator==(const EventEntry &) const = default;
};

// AuthenticateClientEs11Response is what Es11Client::authenticateClient
// returns (SGP.22 AuthenticateClientOkEs11).
struct AuthenticateClientEs11Response {
  // transactionId and transactionIdBinary: as in
  // InitiateAuthenticationResponse (the SM-DS echoed the one sent).
  std::string transactionId;
  Bytes transactionIdBinary;
  // eventEntries are the waiting events, in the SM-DS's order; may be empty.
  std::vector<EventEntry> eventEntries;
};

// Es11Client calls ES11 functions on an SM-DS over an HttpClient. Options
// are Es9pClient's (headers, default port).
//
// How it fails: as Es9pClient's download functions (see its comment), with
// messages naming "ES11 <function> to <SM-DS>" and "the SM-DS answered ...":
//  * Error(Errc::invalidArgument) for an argument it will not send (an
//    address isValidSmdpAddress refuses, a bad transaction ID, an input that
//    is not one DER element of the expected tag, a challenge not 16 bytes);
//  * the Errc::network / Errc::tls errors of the HttpClient, the message
//    prefixed with "ES11 <function>";
//  * Es9pError (Errc::serverError) for every answer that is not a success
//    or is malformed. An event entry whose eventId is not 1..128 printable
//    ASCII characters without spaces, or whose rspServerAddress
//    isValidSmdpAddress refuses, makes the whole answer malformed (the
//    message names the entry's index and field); so does an eventEntries
//    that is missing or not an array of objects.
class Es11Client {
public:
  // Es11Client uses |http|, which must outlive it. Cannot fail.
  Es11Client(HttpClient &http, Es9pClientOptions options);

  // initiateAuthentication starts an event retrieval session (SGP.22 5.8.1)
  // at |smdsAddress| with |euiccChallenge| (16 bytes, no tag) and
  // |euiccInfo1| (the whole BF20 element). It posts to the es9plus path and,
  // if that answers HTTP 404, once to the es11 path, which the next
  // authenticateClient to the same address then uses too. Checks the answer
  // as Es9pClient::initiateAuthentication does. Throws as the class comment
  // says (a 404 on both paths: the Es9pError of the second).
  InitiateAuthenticationResponse initiateAuthentication(const std::string &smdsAddress,
                                                        ByteView euiccChallenge,
                                                        ByteView euiccInfo1);

  // authenticateClient relays the eUICC's |authenticateServerResponse| (the
  // whole BF38 element, sent even if it is the card's error alternative) for
  // the session |transactionId| (SGP.22 5.8.2) and returns the event
  // entries. The JSON transactionId must be the session's. Throws as the
  // class comment says.
  AuthenticateClientEs11Response authenticateClient(const std::string &smdsAddress,
                                                    const std::string &transactionId,
                                                    ByteView authenticateServerResponse);

private:
  HttpClient &http_;
  Es9pClientOptions options_;
  // The address whose initiateAuthentication fell back to the es11 path.
  std::string es11PathAddress_;
};

} // namespace esim
