// Es9pClient's download functions (SGP.22 5.6.1, 5.6.2, 5.6.3, 5.6.5):
// JSON requests with base64 DER, and answers checked before they reach the
// eUICC: status, transaction ID, and one DER element of the expected tag per
// field (es9p_exchange.hpp, which the ES11 client shares).
#include "es9p/es9p_exchange.hpp"
#include "es9p/es9p_json.hpp"
#include "esim/es9p.hpp"

namespace esim {

namespace {

namespace der = codec::der;
using codec::TagValue;
using es9p::Answer;
using es9p::answerTransactionId;
using es9p::binaryField;
using es9p::Call;
using es9p::kEs9pPath;
using es9p::malformed;
using es9p::signedTransactionId;

constexpr char kInitiateAuthentication[] = "initiateAuthentication";
constexpr char kAuthenticateClient[] = "authenticateClient";
constexpr char kGetBoundProfilePackage[] = "getBoundProfilePackage";
constexpr char kCancelSession[] = "cancelSession";

// Tags (SGP.22 RSPDefinitions) of what comes from the SM-DP+ after the
// authentication.
constexpr TagValue kTagSequence = 0x30;
constexpr TagValue kTagBoolean = 0x01;
constexpr TagValue kTagSignature = 0x5F37; // [APPLICATION 55]
constexpr TagValue kTagPrepareDownload = 0xBF21;
constexpr TagValue kTagStoreMetadata = 0xBF25; // StoreMetadataRequest
constexpr TagValue kTagBoundProfilePackage = 0xBF36;
constexpr TagValue kTagCancelSession = 0xBF41;

Call makeCall(const char *name, const std::string &address) {
  return es9p::makeCall(es9p::kEs9pInterface, name, address);
}

} // namespace

InitiateAuthenticationResponse Es9pClient::initiateAuthentication(const std::string &smdpAddress,
                                                                  ByteView euiccChallenge,
                                                                  ByteView euiccInfo1) {
  return es9p::initiateAuthentication(http_, options_,
                                      makeCall(kInitiateAuthentication, smdpAddress), kEs9pPath,
                                      smdpAddress, euiccChallenge, euiccInfo1);
}

AuthenticateClientResponse Es9pClient::authenticateClient(const std::string &smdpAddress,
                                                          const std::string &transactionId,
                                                          ByteView authenticateServerResponse) {
  const Call call = makeCall(kAuthenticateClient, smdpAddress);
  es9p::AuthenticateClientAnswer exchanged = es9p::authenticateClient(
      http_, options_, call, kEs9pPath, smdpAddress, transactionId, authenticateServerResponse);
  const Answer &answer = exchanged.answer;
  const Bytes &sessionId = exchanged.transactionIdBinary;
  AuthenticateClientResponse out;
  out.transactionId = std::move(exchanged.transactionId);
  out.transactionIdBinary = sessionId;
  out.profileMetadata = binaryField(call, answer, "profileMetadata", kTagStoreMetadata);
  out.smdpSigned2 = binaryField(call, answer, "smdpSigned2", kTagSequence);
  out.smdpSignature2 = binaryField(call, answer, "smdpSignature2", kTagSignature);
  out.smdpCertificate = binaryField(call, answer, "smdpCertificate", kTagSequence);
  der::Reader rest = signedTransactionId(call, answer, out.smdpSigned2, "smdpSigned2", sessionId);
  der::Element flag;
  if (rest.next(flag) != der::Status::ok || flag.tag != kTagBoolean || flag.value.size() != 1) {
    malformed(call, answer, "smdpSigned2 has no ccRequiredFlag (01 01) after its transactionId");
  }
  out.ccRequiredFlag = flag.value[0] != 0;
  return out;
}

GetBoundProfilePackageResponse
Es9pClient::getBoundProfilePackage(const std::string &smdpAddress, const std::string &transactionId,
                                   ByteView prepareDownloadResponse) {
  const Call call = makeCall(kGetBoundProfilePackage, smdpAddress);
  const es9p::Relayed relayed = es9p::relay(
      http_, options_, call, kEs9pPath, smdpAddress, kGetBoundProfilePackage, transactionId,
      "prepareDownloadResponse", prepareDownloadResponse, kTagPrepareDownload, false);
  GetBoundProfilePackageResponse out;
  out.transactionId =
      answerTransactionId(call, relayed.answer, relayed.sessionId, true, out.transactionIdBinary);
  out.boundProfilePackage =
      binaryField(call, relayed.answer, "boundProfilePackage", kTagBoundProfilePackage);
  return out;
}

Es9pResult Es9pClient::cancelSession(const std::string &smdpAddress,
                                     const std::string &transactionId,
                                     ByteView cancelSessionResponse) {
  const Call call = makeCall(kCancelSession, smdpAddress);
  const es9p::Relayed relayed =
      es9p::relay(http_, options_, call, kEs9pPath, smdpAddress, kCancelSession, transactionId,
                  "cancelSessionResponse", cancelSessionResponse, kTagCancelSession, true);
  Bytes echoed;
  answerTransactionId(call, relayed.answer, relayed.sessionId, false, echoed);
  return Es9pResult{relayed.answer.httpStatus, relayed.answer.status};
}

} // namespace esim
