// LoopbackHttpClient: an esim::HttpClient that hands each ES9+ request to an
// in-process DownloadService instead of sending it over TLS, so that
// benchmarks (bench/emulator_bench) and fuzz targets (tests/fuzz/
// fuzz_emu_bpp) run the LPA's whole download against smdpp-emu's real
// checks and BPP builder without sockets. It answers as SmdppServer does:
// 200 + the JSON body with header.functionExecutionStatus, a "Failed"
// status with subjectCode/reasonCode for a VerifyFailure, 204 for an
// accepted notification (a ProfileInstallationResult is checked with
// DownloadService::checkInstallResult; other notifications are accepted
// unchecked). Not thread-safe beyond what DownloadService is.
#pragma once

#include <string>

#include "download_service.hpp"
#include "esim/bytes.hpp"
#include "esim/es9p.hpp"
#include "esim/euicc.hpp"
#include "esim/http.hpp"

namespace smdpp {

class LoopbackHttpClient : public esim::HttpClient {
public:
  // LoopbackHttpClient serves with |service|, which must outlive it.
  explicit LoopbackHttpClient(DownloadService &service) : service_(service) {}

  // post routes by the URL's last path element (initiateAuthentication,
  // authenticateClient, getBoundProfilePackage, cancelSession,
  // handleNotification); anything else is answered 404. Never throws for a
  // request; std::bad_alloc aside.
  esim::HttpResponse post(const esim::HttpRequest &request) override;

  // requests counts the requests posted so far.
  unsigned requests() const noexcept { return requests_; }

private:
  DownloadService &service_;
  unsigned requests_ = 0;
};

// prepareBoundProfilePackage runs the common mutual authentication and
// PrepareDownload of order |matchingId| at |smdpAddress| between |euicc|
// and |es9p| (as esim::downloadProfile does, without consent, confirmation
// code or CancelSession) and returns the BPP the SM-DP+ bound for it, ready
// for Euicc::loadBoundProfilePackage or a hand-made split. Throws
// std::runtime_error when the card refuses a step, and what the calls throw.
esim::Bytes prepareBoundProfilePackage(esim::Euicc &euicc, esim::Es9pClient &es9p,
                                       const std::string &smdpAddress,
                                       const std::string &matchingId);

} // namespace smdpp
