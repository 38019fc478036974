// The eUICC's answers that reach the SM-DP+ through the LPA, decoded with
// the codec's DER reader into the codec's types (esim/download.hpp), signed
// parts kept as received (|raw|): AuthenticateServerResponse (BF38),
// PrepareDownloadResponse (BF21), CancelSessionResponse (BF41) and
// ProfileInstallationResult (BF37). Only the fields the SM-DP+ checks are
// decoded. Each function throws VerifyFailure kFunctionInvalid naming the
// element that is missing or malformed.
#pragma once

#include "esim/download.hpp"

namespace smdpp {

esim::AuthenticateServerResponse readAuthenticateServerResponse(esim::ByteView der);
esim::PrepareDownloadResponse readPrepareDownloadResponse(esim::ByteView der);
esim::CancelSessionResponse readCancelSessionResponse(esim::ByteView der);
esim::ProfileInstallationResult readProfileInstallationResult(esim::ByteView der);

} // namespace smdpp
