#include "card_responses.hpp"

#include "codec/download_codec.hpp"
#include "esim/error.hpp"
#include "status_code.hpp"

namespace smdpp {

namespace {

// decoded calls the codec's |decode| and turns its malformed-input error
// into the SM-DP+'s "Function - Invalid" answer.
template <typename Decode> auto decoded(Decode decode, esim::ByteView der, const char *what) {
  try {
    return decode(der);
  } catch (const esim::Error &e) {
    throw VerifyFailure(kFunctionInvalid, std::string(what) + ": " + e.what());
  }
}

} // namespace

esim::AuthenticateServerResponse readAuthenticateServerResponse(esim::ByteView der) {
  return decoded(esim::codec::decodeAuthenticateServerResponse, der, "authenticateServerResponse");
}

esim::PrepareDownloadResponse readPrepareDownloadResponse(esim::ByteView der) {
  return decoded(esim::codec::decodePrepareDownloadResponse, der, "prepareDownloadResponse");
}

esim::CancelSessionResponse readCancelSessionResponse(esim::ByteView der) {
  return decoded(esim::codec::decodeCancelSessionResponse, der, "cancelSessionResponse");
}

esim::ProfileInstallationResult readProfileInstallationResult(esim::ByteView der) {
  return decoded(esim::codec::decodeProfileInstallationResult, der, "ProfileInstallationResult");
}

} // namespace smdpp
