// Es11Client: event retrieval from an SM-DS (SGP.22 5.8) over the JSON
// binding ES9+ uses (es9p_exchange.hpp), and the check of every event entry
// before the LPA may download from it.
#include "esim/es11.hpp"

#include <algorithm>

#include "es9p/es9p_exchange.hpp"
#include "es9p/es9p_json.hpp"

namespace esim {

namespace {

using es9p::Call;
using es9p::printable;

constexpr char kInitiateAuthentication[] = "initiateAuthentication";
constexpr char kAuthenticateClient[] = "authenticateClient";
constexpr long kHttpNotFound = 404;
// eventId becomes a MatchingID; SGP.22 gives no bound, real ones are short.
constexpr std::size_t kMaxEventIdLength = 128;

Call makeCall(const char *name, const std::string &address) {
  return es9p::makeCall(es9p::kEs11Interface, name, address);
}

bool isEventId(const std::string &text) noexcept {
  return !text.empty() && text.size() <= kMaxEventIdLength &&
         std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

// eventEntriesOf reads and checks the answer's eventEntries.
std::vector<EventEntry> eventEntriesOf(const Call &call, const es9p::Answer &answer) {
  const auto list = answer.json.find("eventEntries");
  if (list == answer.json.end() || !list->is_array()) {
    es9p::malformed(call, answer, "no array field \"eventEntries\"");
  }
  std::vector<EventEntry> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json &entry = (*list)[i];
    const std::string which = "eventEntries[" + std::to_string(i) + "]";
    if (!entry.is_object()) {
      es9p::malformed(call, answer, which + " is not an object");
    }
    const auto id = entry.find("eventId");
    if (id == entry.end() || !id->is_string()) {
      es9p::malformed(call, answer, which + " has no string field \"eventId\"");
    }
    const auto address = entry.find("rspServerAddress");
    if (address == entry.end() || !address->is_string()) {
      es9p::malformed(call, answer, which + " has no string field \"rspServerAddress\"");
    }
    EventEntry e{id->get<std::string>(), address->get<std::string>()};
    if (!isEventId(e.eventId)) {
      es9p::malformed(call, answer,
                      which + ".eventId \"" + printable(e.eventId) +
                          "\" is not 1..128 printable ASCII characters without spaces");
    }
    if (!isValidSmdpAddress(e.rspServerAddress)) {
      es9p::malformed(call, answer,
                      which + ".rspServerAddress \"" + printable(e.rspServerAddress) +
                          "\" is not a host name with an optional :PORT");
    }
    out.push_back(std::move(e));
  }
  return out;
}

} // namespace

Es11Client::Es11Client(HttpClient &http, Es9pClientOptions options)
    : http_(http), options_(std::move(options)) {}

InitiateAuthenticationResponse Es11Client::initiateAuthentication(const std::string &smdsAddress,
                                                                  ByteView euiccChallenge,
                                                                  ByteView euiccInfo1) {
  const Call call = makeCall(kInitiateAuthentication, smdsAddress);
  es11PathAddress_.clear();
  try {
    return es9p::initiateAuthentication(http_, options_, call, es9p::kEs9pPath, smdsAddress,
                                        euiccChallenge, euiccInfo1);
  } catch (const Es9pError &e) {
    if (e.httpStatus() != kHttpNotFound) throw;
  }
  InitiateAuthenticationResponse out = es9p::initiateAuthentication(
      http_, options_, call, es9p::kEs11Path, smdsAddress, euiccChallenge, euiccInfo1);
  es11PathAddress_ = smdsAddress;
  return out;
}

AuthenticateClientEs11Response Es11Client::authenticateClient(const std::string &smdsAddress,
                                                              const std::string &transactionId,
                                                              ByteView authenticateServerResponse) {
  const Call call = makeCall(kAuthenticateClient, smdsAddress);
  const char *path = !es11PathAddress_.empty() && es11PathAddress_ == smdsAddress ? es9p::kEs11Path
                                                                                  : es9p::kEs9pPath;
  es9p::AuthenticateClientAnswer exchanged = es9p::authenticateClient(
      http_, options_, call, path, smdsAddress, transactionId, authenticateServerResponse);
  AuthenticateClientEs11Response out;
  out.transactionId = std::move(exchanged.transactionId);
  out.transactionIdBinary = std::move(exchanged.transactionIdBinary);
  out.eventEntries = eventEntriesOf(call, exchanged.answer);
  return out;
}

} // namespace esim
