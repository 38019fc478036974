// Doctor: the checks behind `esimctl doctor`, in the order a setup breaks:
// pcscd, readers, card, ISD-R, STORE DATA block size, the eUICC itself, the
// clock, and the reachability of the card's default SM-DP+ and root SM-DS
// (DNS, TCP, TLS with the trusted CAs). Each check gives a verdict, what it
// found and what to do about it; a check whose input a failed check should
// have given is skipped with the reason. Private to esimctl and the tests.
//
//   esim::DoctorOptions options;
//   options.http.caFile = "ci.pem";
//   for (const esim::DoctorCheck &c : esim::runDoctor(options)) print(c);
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/euicc_info.hpp"
#include "esim/http.hpp"
#include "esim/isdr_session.hpp"

namespace esim {

// DoctorVerdict is the outcome of one check.
enum class DoctorVerdict { ok, warn, fail, skipped };

// doctorVerdictName returns "ok", "warn", "fail" or "skipped". Cannot fail.
std::string_view doctorVerdictName(DoctorVerdict verdict) noexcept;

// DoctorCheck is one check's result: |detail| says what was found, |fix|
// what the user can do (empty when there is nothing to do).
struct DoctorCheck {
  std::string name;
  DoctorVerdict verdict = DoctorVerdict::ok;
  std::string detail;
  std::string fix;
};

// DoctorOptions are the user's connection options the checks honour.
struct DoctorOptions {
  // reader limits the card checks to this reader (exact name, or the only
  // one containing it); empty: every reader.
  std::optional<std::string> reader;
  // aids are the ISD-R AIDs tried (--aid fixes one).
  std::vector<Bytes> aids = kKnownIsdrAids;
  // http carries --ca-file, --resolve and the timeouts for the network
  // checks.
  CurlHttpClientOptions http;
  // notEarlierThan is a time the clock cannot be before (the build date).
  std::chrono::system_clock::time_point notEarlierThan{};
  // now is the clock under test (the system clock, unless a test sets it).
  std::function<std::chrono::system_clock::time_point()> now = [] {
    return std::chrono::system_clock::now();
  };
  // progress, if set, sees each check as soon as it is done.
  std::function<void(const DoctorCheck &)> progress;
};

// runDoctor runs all checks and returns them in order. It never throws for
// what it diagnoses (each failure becomes a verdict); it throws only
// std::bad_alloc.
std::vector<DoctorCheck> runDoctor(const DoctorOptions &options);

// DoctorCardFindings is what the card checks learnt for the later ones.
struct DoctorCardFindings {
  // addresses are the card's configured SM-DP+/SM-DS addresses, if read.
  std::optional<EuiccConfiguredAddresses> addresses;
  // why says why |addresses| is missing (for skipped checks).
  std::string why;
};

// runCardChecks runs the PC/SC and eUICC checks (pcscd to EID and memory),
// appending to |checks|. Never throws for what it diagnoses.
DoctorCardFindings runCardChecks(const DoctorOptions &options, std::vector<DoctorCheck> &checks);

// checkClock checks the system time against |options.notEarlierThan| and
// the validity of the certificates in |options.http.caFile|. Never throws
// for what it diagnoses.
DoctorCheck checkClock(const DoctorOptions &options);

// runServerChecks checks DNS, TCP and TLS for |address| (a host name with
// an optional ":PORT"), naming the checks "<role> dns/tcp/tls", appending to
// |checks|. Never throws for what it diagnoses.
void runServerChecks(const DoctorOptions &options, const std::string &role,
                     const std::string &address, std::vector<DoctorCheck> &checks);

} // namespace esim
