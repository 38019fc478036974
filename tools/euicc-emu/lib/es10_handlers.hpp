// The ISD-R's ES10 functions (SGP.22 clause 5.7): one complete DER request in,
// one DER answer or a status word out. Card calls handleEs10 when the last
// STORE DATA block of a request arrives. Internal.
//
// Adding a function: write `esim::Bytes handleX(StateStore &, esim::ByteView)`
// in its own file (declared in es10_functions.hpp), read store.state(), and
// for a change build the new state (notification_maker.hpp signs what it
// needs) and call store.commit(next) before encoding the answer; then add one
// line to the table in es10_handlers.cpp. A refusal at the APDU level is an
// esim::Error carrying the status word (withStatusWord).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "download_session.hpp"

#include "esim/apdu.hpp"
#include "esim/bytes.hpp"
#include "state_store.hpp"

namespace euicc_emu {

// Es10Answer is what the ISD-R answers to one ES10 request.
struct Es10Answer {
  // response is the DER answer (may be empty); sent only if sw is 9000.
  esim::Bytes response;
  std::uint16_t sw = esim::sw::kOk;
  // diagnostic says why sw is not 9000, for the emulator's trace log.
  std::string diagnostic;
};

// handleEs10 runs the ES10 function that |request| names on |store|. Never
// throws: an unknown function or undecodable request answers 6A80, a state
// that could not be saved 6581, anything unforeseen 6F00, each with a
// diagnostic.
Es10Answer handleEs10(StateStore &store, esim::ByteView request) noexcept;

// handleEs10 with the DownloadSession of the request's logical channel:
// the ES10b download functions (GetEuiccChallenge, AuthenticateServer,
// PrepareDownload, LoadBoundProfilePackage and the BPP parts that follow
// its first call, CancelSession) run on |session|, every other request as
// above. Never throws. An SGP.22 error answer (9000) may carry a
// diagnostic too.
Es10Answer handleEs10(StateStore &store, DownloadSession &session, esim::ByteView request) noexcept;

// downloadFunctionName returns the SGP.22 name of the download function
// |request| is ("LoadBoundProfilePackage" also for a BPP part when
// |bppLoading|), or nullptr. Never throws.
const char *downloadFunctionName(esim::ByteView request, bool bppLoading) noexcept;

// downloadFunctionNames lists the names downloadFunctionName returns.
std::vector<std::string> downloadFunctionNames();

} // namespace euicc_emu
