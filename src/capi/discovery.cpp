// Event discovery through the C API: esim::discoverEvents over the es9p
// handle's ES11 client, the result's C view, and the download of one event
// through the same code path as an activation code's (download_run.hpp).
#include <memory>
#include <string>
#include <vector>

#include "capi/capi_support.hpp"
#include "capi/download_run.hpp"
#include "capi/es9p_handle.hpp"
#include "esim/event_discovery.hpp"
#include "esim/secret_string.hpp"

// esim_discovery_result owns the outcome its views point into; |views| is
// filled once the outcome no longer moves.
struct esim_discovery_result {
  esim::DiscoveryOutcome outcome;
  std::vector<esim_event_entry> views;
};

namespace esim::capi {
namespace {

// kDiscoverEvents and kDownloadEvent name the functions in error messages
// about their arguments.
constexpr const char *kDiscoverEvents = "esim_euicc_discover_events";
constexpr const char *kDownloadEvent = "esim_euicc_download_event";

// checkSmdsAddress refuses an address the ES11 client would refuse anyway,
// but before the eUICC is asked anything.
void checkSmdsAddress(const std::string &address, const std::string &what) {
  if (!isValidSmdpAddress(address)) {
    throw Error(Errc::invalidArgument,
                std::string(kDiscoverEvents) + ": " + what + " '" + address +
                    "' is not an SM-DS address",
                "give FQDN[:PORT], e.g. lpa.ds.gsma.com");
  }
}

// smdsAddressOf returns |given|, or the eUICC's rootDsAddress for NULL or
// "" (the only APDU before the discovery itself).
std::string smdsAddressOf(const char *given, Euicc &euicc) {
  if (given != nullptr && given[0] != '\0') return given;
  std::string root = euicc.getEuiccConfiguredAddresses().rootDsAddress;
  if (root.empty()) {
    throw Error(Errc::invalidArgument,
                std::string(kDiscoverEvents) +
                    ": no SM-DS address given, and the eUICC has no root SM-DS address",
                "pass the SM-DS address (e.g. lpa.ds.gsma.com) as smds_address");
  }
  checkSmdsAddress(root, "the eUICC's rootDsAddress");
  return root;
}

// makeDiscoveryResult stores |outcome| and fills the C views over it.
std::unique_ptr<esim_discovery_result> makeDiscoveryResult(DiscoveryOutcome outcome) {
  auto r = std::make_unique<esim_discovery_result>();
  r->outcome = std::move(outcome);
  r->views.reserve(r->outcome.eventEntries.size());
  for (const EventEntry &e : r->outcome.eventEntries)
    r->views.push_back({e.eventId.c_str(), e.rspServerAddress.c_str()});
  return r;
}

} // namespace
} // namespace esim::capi

using esim::capi::guard;

extern "C" {

const char *esim_discovery_result_smds_address(const esim_discovery_result *result) {
  return result == nullptr ? nullptr : result->outcome.smdsAddress.c_str();
}

size_t esim_discovery_result_count(const esim_discovery_result *result) {
  return result == nullptr ? 0 : result->views.size();
}

const esim_event_entry *esim_discovery_result_at(const esim_discovery_result *result,
                                                 size_t index) {
  if (result == nullptr || index >= result->views.size()) return nullptr;
  return &result->views[index];
}

void esim_discovery_result_free(esim_discovery_result *result) {
  delete result;
}

esim_status esim_euicc_discover_events(esim_euicc *euicc, esim_es9p *es9p, const char *smds_address,
                                       const char *imei, esim_discovery_result **out) {
  using esim::capi::kDiscoverEvents;
  if (euicc == nullptr) return ESIM_INVALID_ARGUMENT;
  if (es9p == nullptr) return esim::capi::nullArgument(euicc->error, kDiscoverEvents, "es9p");
  if (out == nullptr) return esim::capi::nullArgument(euicc->error, kDiscoverEvents, "out");
  *out = nullptr;
  return guard(euicc->error, [&] {
    esim::DiscoveryOrder order;
    order.deviceInfo = esim::deviceInfoFromImei(imei != nullptr ? imei : "");
    if (smds_address != nullptr && smds_address[0] != '\0')
      esim::capi::checkSmdsAddress(smds_address, "smds_address");
    // Built before the card is asked: a CA file gone meanwhile fails here.
    esim::Es11Client &es11 = es9p->smds();
    order.smdsAddress = esim::capi::smdsAddressOf(smds_address, *euicc->euicc);
    *out =
        esim::capi::makeDiscoveryResult(esim::discoverEvents(*euicc->euicc, es11, order)).release();
  });
}

esim_status esim_euicc_download_event(esim_euicc *euicc, esim_es9p *es9p,
                                      const esim_discovery_result *result, size_t index,
                                      const esim_download_callbacks *callbacks,
                                      const esim_download_options *options,
                                      esim_download_result **out) {
  using esim::capi::kDownloadEvent;
  if (euicc == nullptr) return ESIM_INVALID_ARGUMENT;
  if (es9p == nullptr) return esim::capi::nullArgument(euicc->error, kDownloadEvent, "es9p");
  if (result == nullptr) return esim::capi::nullArgument(euicc->error, kDownloadEvent, "result");
  if (out == nullptr) return esim::capi::nullArgument(euicc->error, kDownloadEvent, "out");
  *out = nullptr;
  const std::vector<esim::EventEntry> &events = result->outcome.eventEntries;
  if (index >= events.size()) {
    return guard(euicc->error, [&] {
      throw esim::Error(esim::Errc::invalidArgument,
                        std::string(kDownloadEvent) + ": index " + std::to_string(index) +
                            " is out of range (the result holds " + std::to_string(events.size()) +
                            " events)",
                        "pass an index below esim_discovery_result_count");
    });
  }
  const esim::EventEntry *event = &events[index];
  // The event is an order like an activation code's: its SM-DP+ and, as
  // MatchingID, its eventId (SGP.22 3.1.2); no OID, no CC hint.
  return esim::capi::runDownload(
      *euicc, *es9p,
      [event] {
        esim::DownloadOrder order;
        order.smdpAddress = event->rspServerAddress;
        order.matchingId = esim::SecretString(event->eventId);
        return order;
      },
      callbacks, options, out);
}

} // extern "C"
