// The PC/SC and eUICC checks of runDoctor: each builds on the one before, so
// the first failure names the fault and the rest say they were skipped.
#include <memory>

#include "esim/error.hpp"
#include "esim/euicc.hpp"
#include "esim/pcsc_transport.hpp"
#include "lpa/doctor.hpp"

namespace esim {

namespace {

// kProbeTagListSize makes the block-size probe's request longer
// than the 120-byte blocks lpac's cards want, shorter than one 255-byte block.
constexpr std::size_t kProbeTagListSize = 200;
constexpr std::uint8_t kTagIccid = 0x5A;
// kSmallSegment is the block size older cards take (lpac's default).
constexpr std::size_t kSmallSegment = 120;

DoctorCheck check(std::string name, DoctorVerdict verdict, std::string detail,
                  std::string fix = {}) {
  return {std::move(name), verdict, std::move(detail), std::move(fix)};
}

std::string errorText(const Error &e) {
  return e.hint().empty() ? std::string(e.what()) : std::string(e.what()) + " (" + e.hint() + ")";
}

std::string aidName(const Bytes &aid) {
  if (aid == kIsdrAid) return toHex(aid) + " (the standard ISD-R AID)";
  return toHex(aid);
}

// skipFrom appends the named checks as skipped because of |reason|.
void skipFrom(std::vector<DoctorCheck> &checks, std::initializer_list<const char *> names,
              const std::string &reason) {
  for (const char *name : names) {
    checks.push_back(check(name, DoctorVerdict::skipped, reason));
  }
}

// takesBlocks sends a harmless read whose request needs one block of more
// than kSmallSegment bytes: a GetProfilesInfo whose tagList asks for the
// ICCID many times. The card answering at all (even with an error code)
// means it took the blocks.
bool takesBlocks(ApduTransport &transport, const Bytes &aid, std::size_t segment,
                 std::string &why) {
  try {
    IsdrSession session(transport, {{aid}, segment});
    Euicc euicc(session);
    ProfileInfoListRequest request;
    request.tagList = Bytes(kProbeTagListSize, kTagIccid);
    euicc.getProfilesInfo(request);
    return true;
  } catch (const Error &e) {
    if (e.code() == Errc::cardRefused) return true;
    why = e.what();
    return false;
  }
}

struct CardChoice {
  std::string reader;
  Bytes aid;
};

std::vector<ReaderInfo> readersSeen(const DoctorOptions &options,
                                    std::vector<DoctorCheck> &checks) {
  std::vector<ReaderInfo> readers;
  try {
    readers = listReaders();
  } catch (const Error &e) {
    if (e.code() == Errc::pcscNoService) {
      checks.push_back(check("pcscd", DoctorVerdict::fail, errorText(e),
                             "start the PC/SC daemon: `sudo systemctl start pcscd` (or run "
                             "`pcscd` as root); install it with `apt install pcscd` if missing"));
      skipFrom(checks, {"readers", "card", "isd-r", "store-data-block", "euicc"},
               "pcscd is not reachable");
      return {};
    }
    checks.push_back(check("pcscd", DoctorVerdict::ok, "pcscd answers"));
    if (e.code() == Errc::noReader) {
      checks.push_back(check("readers", DoctorVerdict::fail, "pcscd knows no reader",
                             "plug in the card reader (or start vpcd for the emulator); "
                             "`pcsc_scan` shows what pcscd sees"));
    } else {
      checks.push_back(check("readers", DoctorVerdict::fail, errorText(e),
                             "restart pcscd: `sudo systemctl restart pcscd`"));
    }
    skipFrom(checks, {"card", "isd-r", "store-data-block", "euicc"}, "no reader");
    return {};
  }
  checks.push_back(check("pcscd", DoctorVerdict::ok, "pcscd answers"));
  std::string names;
  for (const ReaderInfo &r : readers)
    names += (names.empty() ? "'" : ", '") + r.name + "'";
  if (options.reader) {
    std::vector<ReaderInfo> chosen;
    for (const ReaderInfo &r : readers) {
      if (r.name == *options.reader) chosen = {r};
    }
    const std::string &want = *options.reader;
    if (chosen.empty() && !want.empty() && want.size() <= 3 &&
        want.find_first_not_of("0123456789") == std::string::npos &&
        std::stoul(want) < readers.size()) {
      chosen = {readers[std::stoul(want)]}; // an index, as `reader list` numbers them
    }
    if (chosen.empty()) {
      for (const ReaderInfo &r : readers) {
        if (r.name.find(*options.reader) != std::string::npos) chosen.push_back(r);
      }
    }
    if (chosen.size() != 1) {
      checks.push_back(check("readers", DoctorVerdict::fail,
                             "--reader '" + *options.reader + "' matches " +
                                 std::to_string(chosen.size()) + " of the readers " + names,
                             "name one reader with --reader (see `esimctl reader list`)"));
      skipFrom(checks, {"card", "isd-r", "store-data-block", "euicc"}, "no reader chosen");
      return {};
    }
    checks.push_back(check("readers", DoctorVerdict::ok,
                           "using '" + chosen.front().name + "' of the " +
                               std::to_string(readers.size()) + " reader(s): " + names));
    return chosen;
  }
  checks.push_back(
      check("readers", DoctorVerdict::ok, std::to_string(readers.size()) + " reader(s): " + names));
  return readers;
}

// findIsdr runs the card and isd-r checks: the first reader holding a card
// whose ISD-R answers on one of the AIDs.
std::optional<CardChoice> findIsdr(const DoctorOptions &options,
                                   const std::vector<ReaderInfo> &readers,
                                   std::vector<DoctorCheck> &checks) {
  std::vector<std::string> withCard;
  for (const ReaderInfo &r : readers) {
    if (r.cardPresent) withCard.push_back(r.name);
  }
  if (withCard.empty()) {
    checks.push_back(check("card", DoctorVerdict::fail, "no reader holds a card",
                           "insert the eUICC (or start euicc-emu); reseat it if it is in"));
    skipFrom(checks, {"isd-r", "store-data-block", "euicc"}, "no card");
    return std::nullopt;
  }
  std::string list;
  for (const std::string &n : withCard)
    list += (list.empty() ? "'" : ", '") + n + "'";
  checks.push_back(check("card", DoctorVerdict::ok, "a card is in " + list));
  std::string tried;
  for (const std::string &reader : withCard) {
    for (const Bytes &aid : options.aids) {
      try {
        std::unique_ptr<PcscTransport> transport = PcscTransport::open({reader, std::nullopt});
        IsdrSession session(*transport, {{aid}, kSmallSegment});
        bool standard = aid == kIsdrAid;
        checks.push_back(
            check("isd-r", standard ? DoctorVerdict::ok : DoctorVerdict::warn,
                  "the card in '" + reader + "' answers on " + aidName(aid),
                  standard ? "" : "esimctl finds this AID by itself; other LPAs may need it set"));
        return CardChoice{reader, aid};
      } catch (const Error &e) {
        tried += "\n  '" + reader + "' " + toHex(aid) + ": " + std::string(e.id());
      }
    }
  }
  checks.push_back(check("isd-r", DoctorVerdict::fail,
                         "no card answered SELECT of the ISD-R on the AIDs tried:" + tried,
                         "if the card is an eUICC with another ISD-R AID, pass it with --aid HEX; "
                         "a plain SIM has no ISD-R"));
  skipFrom(checks, {"store-data-block", "euicc"}, "no ISD-R answered");
  return std::nullopt;
}

} // namespace

DoctorCardFindings runCardChecks(const DoctorOptions &options, std::vector<DoctorCheck> &checks) {
  DoctorCardFindings findings;
  std::vector<ReaderInfo> readers = readersSeen(options, checks);
  if (readers.empty()) {
    findings.why = "the card could not be read";
    return findings;
  }
  std::optional<CardChoice> choice = findIsdr(options, readers, checks);
  if (!choice) {
    findings.why = "the card could not be read";
    return findings;
  }
  std::size_t segment = 0;
  try {
    std::unique_ptr<PcscTransport> transport = PcscTransport::open({choice->reader, std::nullopt});
    std::string why255;
    std::string why120;
    if (takesBlocks(*transport, choice->aid, kMaxShortData, why255)) {
      segment = kMaxShortData;
      checks.push_back(check("store-data-block", DoctorVerdict::ok, "255-byte blocks work"));
    } else if (takesBlocks(*transport, choice->aid, kSmallSegment, why120)) {
      segment = kSmallSegment;
      checks.push_back(check("store-data-block", DoctorVerdict::warn,
                             "the card refuses 255-byte STORE DATA blocks (" + why255 +
                                 "); 120-byte blocks work",
                             "pass --mss 120 to every esimctl command for this card"));
    } else {
      checks.push_back(check("store-data-block", DoctorVerdict::fail,
                             "neither 255- nor 120-byte blocks work: " + why120,
                             "try a smaller --mss; run with --trace and report the output"));
      skipFrom(checks, {"euicc"}, "no STORE DATA block size works");
      findings.why = "the card could not be read";
      return findings;
    }
    IsdrSession session(*transport, {{choice->aid}, segment});
    Euicc euicc(session);
    std::string eid = euicc.getEid();
    EUICCInfo2 info = euicc.getEuiccInfo2();
    std::string detail = "EID " + eid;
    const ExtCardResource &res = info.extCardResourceDecoded;
    if (res.freeNonVolatileMemory) {
      detail += ", free memory " + std::to_string(*res.freeNonVolatileMemory) + " bytes";
    } else {
      detail += ", free memory not reported";
    }
    if (res.numberOfInstalledApplications) {
      detail += ", " + std::to_string(*res.numberOfInstalledApplications) + " applications";
    }
    findings.addresses = euicc.getEuiccConfiguredAddresses();
    checks.push_back(check("euicc", DoctorVerdict::ok, detail));
  } catch (const Error &e) {
    if (segment == 0) {
      checks.push_back(check("store-data-block", DoctorVerdict::fail, errorText(e),
                             "run with --trace and report the output"));
    }
    checks.push_back(check("euicc", DoctorVerdict::fail, errorText(e),
                           "run `esimctl --trace chip info` and report the output"));
    findings.why = "the card's addresses could not be read";
  }
  return findings;
}

} // namespace esim
