// The eUICC's answers that reach the SM-DP+ through the LPA, decoded with
// the codec (src/codec/download_codec.hpp), signed parts kept as received
// (|raw|): AuthenticateServerResponse (BF38), PrepareDownloadResponse
// (BF21), CancelSessionResponse (BF41) and ProfileInstallationResult (BF37).
// Each function throws VerifyFailure kFunctionInvalid with the codec's
// message (the function and the field) when |der| does not decode.
#pragma once

#include "esim/download.hpp"

namespace smdpp {

esim::AuthenticateServerResponse readAuthenticateServerResponse(esim::ByteView der);
esim::PrepareDownloadResponse readPrepareDownloadResponse(esim::ByteView der);
esim::CancelSessionResponse readCancelSessionResponse(esim::ByteView der);
esim::ProfileInstallationResult readProfileInstallationResult(esim::ByteView der);

} // namespace smdpp
