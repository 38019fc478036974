// The ES10b profile download calls of Euicc: GetEuiccChallenge,
// AuthenticateServer, PrepareDownload, LoadBoundProfilePackage and
// CancelSession (SGP.22 clauses 5.7.1..5.7.7).
#include "codec/download_codec.hpp"
#include "codec/es10_codec.hpp"
#include "esim/error.hpp"
#include "esim/euicc.hpp"

namespace esim {

namespace {

constexpr std::size_t kMaxTransactionId = 16;
constexpr std::uint8_t kTagPirFirst = 0xBF;
constexpr std::uint8_t kTagPirSecond = 0x37;

// run sends one ES10b request; failures get |function|'s name in front.
Bytes run(IsdrSession &session, ByteView request, const char *function) {
  try {
    return session.exchange(request);
  } catch (const Error &e) {
    Error named(e.code(), std::string(function) + ": " + e.what(), e.hint());
    if (e.statusWord()) named.withStatusWord(*e.statusWord());
    throw named;
  }
}

const char *segmentName(codec::BppSegmentKind kind) {
  switch (kind) {
  case codec::BppSegmentKind::initialiseSecureChannel: return "InitialiseSecureChannel";
  case codec::BppSegmentKind::firstSequenceOf87: return "ConfigureISDP (A0)";
  case codec::BppSegmentKind::sequenceOf88Header: return "StoreMetadata header (A1)";
  case codec::BppSegmentKind::storeMetadata88: return "StoreMetadata (88)";
  case codec::BppSegmentKind::secondSequenceOf87: return "ReplaceSessionKeys (A2)";
  case codec::BppSegmentKind::sequenceOf86Header: return "profile elements header (A3)";
  case codec::BppSegmentKind::profileElements86: return "profile elements (86)";
  }
  return "segment";
}

} // namespace

Bytes Euicc::getEuiccChallenge() {
  return codec::decodeGetEuiccChallengeResponse(
      run(session_, codec::encodeGetEuiccChallengeRequest(), "GetEuiccChallenge"));
}

Bytes Euicc::getEuiccInfo1Raw() {
  Bytes answer = run(session_, codec::encodeGetEuiccInfo1Request(), "GetEuiccInfo1");
  codec::decodeEuiccInfo1(answer); // checked, returned as received
  return answer;
}

AuthenticateServerResponse Euicc::authenticateServer(const AuthenticateServerRequest &request) {
  return codec::decodeAuthenticateServerResponse(
      run(session_, codec::encodeAuthenticateServerRequest(request), "AuthenticateServer"));
}

PrepareDownloadResponse Euicc::prepareDownload(const PrepareDownloadRequest &request) {
  return codec::decodePrepareDownloadResponse(
      run(session_, codec::encodePrepareDownloadRequest(request), "PrepareDownload"));
}

LoadBoundProfilePackageResult Euicc::loadBoundProfilePackage(ByteView bpp,
                                                             const BppProgress &progress) {
  const std::vector<codec::BppSegment> segments = codec::splitBoundProfilePackage(bpp);
  LoadBoundProfilePackageResult result;
  result.commandsTotal = segments.size();
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const codec::BppSegment &segment = segments[i];
    const std::string what = "LoadBoundProfilePackage command " + std::to_string(i + 1) + "/" +
                             std::to_string(segments.size()) + " (" + segmentName(segment.kind) +
                             ")";
    const Bytes answer = run(session_, bpp.subspan(segment.offset, segment.length), what.c_str());
    result.commandsSent = i + 1;
    if (progress) progress(segment.offset + segment.length, bpp.size());
    if (answer.empty()) continue;
    if (answer.size() < 2 || answer[0] != kTagPirFirst || answer[1] != kTagPirSecond) {
      throw Error(Errc::malformedResponse,
                  what + ": card answered " + std::to_string(answer.size()) +
                      " bytes that are not a ProfileInstallationResult (BF37)",
                  "run with --trace and report the APDU log");
    }
    result.profileInstallationResult = codec::decodeProfileInstallationResult(answer);
    return result;
  }
  return result;
}

CancelSessionResponse Euicc::cancelSession(ByteView transactionId, CancelSessionReason reason) {
  if (transactionId.empty() || transactionId.size() > kMaxTransactionId) {
    throw Error(Errc::invalidArgument, "CancelSession: transactionId is " +
                                           std::to_string(transactionId.size()) +
                                           " bytes; 1..16 are allowed");
  }
  return codec::decodeCancelSessionResponse(
      run(session_,
          codec::encodeCancelSessionRequest(
              {Bytes(transactionId.begin(), transactionId.end()), reason}),
          "CancelSession"));
}

} // namespace esim
