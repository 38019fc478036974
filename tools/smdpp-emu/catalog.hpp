// Catalog: the download orders smdpp-emu serves, by matching ID. Each entry
// names a profile package (an Unprotected Profile Package: the DER sequence
// of SAIP ProfileElements, ProfileHeader first) and the metadata sent as
// StoreMetadataRequest, with an optional confirmation code.
//
// File format (--catalog FILE, JSON; paths relative to the file):
//   {"profiles": [{
//      "matchingId": "TRAVEL-0001",
//      "profilePackage": "travel.der",          // or "builtin:demo"
//      "metadata": {"iccid": "8944476500000000013", "serviceProviderName": "...",
//                   "profileName": "...", "profileClass": "operational",
//                   "iconType": "png", "icon": "<base64>",           // optional
//                   "notificationConfigurationInfo":
//                     [{"events": ["install", "enable", "disable", "delete"],
//                       "address": "smdp.travel.example"}],         // optional
//                   "profilePolicyRules": ["ppr1", "ppr2"]},         // optional
//      "confirmationCode": "1234", "confirmationCodeAttempts": 3,  // optional
//      "reusable": false, "ppk": false,                            // optional
//      "checkIccid": true,                                         // optional
//      "eid": "89049032...", "smdsEvent": false}],                 // optional
//    "events": [{"eid": "89049032...", "eventId": "EV-1",             // optional
//                "rspServerAddress": "smdp.other.example[:PORT]"}]}
//
// An entry with "eid" is an order pushed to that eUICC: only it may download
// it, and it gets it by asking with an empty MatchingID, as a device does at
// its default SM-DP+ (SGP.22 3.1.3.1: the SM-DP+ looks up a pending order by
// EID when the MatchingID is empty), or with the entry's matchingId.
//
// Events are what the SM-DS role (--smds-address) lists to an eUICC in ES11
// discovery: the top-level "events" as given, then, for each entry with
// "eid" and "smdsEvent": true, the event {eid, eventId = its matchingId,
// rspServerAddress = this SM-DP+'s address}, as the SM-DP+ would register
// it with ES12.RegisterEvent. DownloadService deletes that event once the
// profile is installed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/download.hpp"
#include "smds_events.hpp"

namespace smdpp {

// kDemoMatchingId is the matching ID of the built-in demo entry.
inline constexpr char kDemoMatchingId[] = "TRAVEL-DEMO-0001";
// kDemoIccid is the ICCID of the built-in demo profile (Luhn-valid).
inline constexpr char kDemoIccid[] = "8944476500000000013";
// kDefaultConfirmationCodeAttempts is how many wrong codes an order takes.
inline constexpr int kDefaultConfirmationCodeAttempts = 3;

// CatalogEntry is one download order.
struct CatalogEntry {
  std::string matchingId;
  esim::Bytes profilePackage;          // the UPP, DER
  esim::StoreMetadataRequest metadata; // raw empty
  std::optional<std::string> confirmationCode;
  int confirmationCodeAttempts = kDefaultConfirmationCodeAttempts;
  bool reusable = false;  // served again after a download; else once
  bool ppk = false;       // protect the 86 segments with a PPK set (A2 part)
  std::string eid;        // pushed to this EID (32 digits); empty: any eUICC
  bool smdsEvent = false; // registers an SM-DS event for eid (needs eid)
};

// Catalog holds the entries, matching IDs unique.
class Catalog {
public:
  // fromFile reads a catalog file (format above); |serverAddress| is the
  // default notification address. Throws std::runtime_error naming the
  // file, the entry and the field on any error: unreadable files, missing
  // or mistyped fields, duplicate matching IDs, an ICCID that is not 18..20
  // digits, a package whose ProfileHeader ICCID differs from the metadata
  // (unless "checkIccid": false), "smdsEvent" without "eid", an event
  // whose EID is not 32 digits, whose eventId is empty or whose
  // rspServerAddress is not host[:port], the same EventID twice for an EID.
  static Catalog fromFile(const std::string &path, const std::string &serverAddress);
  // fromJson is fromFile on parsed JSON, paths relative to |baseDir|.
  static Catalog fromJson(const std::string &text, const std::string &baseDir,
                          const std::string &serverAddress, const std::string &what);
  // demo returns the catalog served without --catalog: one reusable entry,
  // kDemoMatchingId, with the built-in demo profile. Cannot fail but for
  // std::bad_alloc.
  static Catalog demo(const std::string &serverAddress);

  // find returns the entry for |matchingId|, null if there is none.
  const CatalogEntry *find(const std::string &matchingId) const noexcept;
  // forEid returns the entry |eid| asks for with |matchingId|: with a
  // MatchingID, that entry if it is for any eUICC or for |eid|; without one,
  // an entry whose matching ID is empty, else the entries pushed to |eid|
  // (catalog order) for which |available| holds. Null if there is none.
  const CatalogEntry *forEid(const std::string &matchingId, const std::string &eid,
                             const std::function<bool(const CatalogEntry &)> &available) const;
  const std::vector<CatalogEntry> &entries() const noexcept { return entries_; }
  // events returns the SM-DS events the catalog registers, in order.
  const std::vector<EventRecord> &events() const noexcept { return events_; }

private:
  std::vector<CatalogEntry> entries_;
  std::vector<EventRecord> events_;
};

// profileHeaderIccid returns the ICCID in the ProfileHeader (A0, tag 83:
// plain BCD digits, F padded) of the UPP |upp|. Throws std::runtime_error
// if |upp| does not start with a ProfileHeader holding an ICCID.
std::string profileHeaderIccid(esim::ByteView upp);

} // namespace smdpp
