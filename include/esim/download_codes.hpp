// SGP.22 codes of the profile download (ES10b AuthenticateServer,
// PrepareDownload, LoadBoundProfilePackage, CancelSession). These are
// outcomes the caller handles, not errors: the eUICC ran the function and
// answered with this code.
//
// A card built to a newer SGP.22 version may answer a number this list does
// not name: the codec keeps it (every enum below holds any value
// 0..kMaxResultCode) and describeCode() prints it as "other(N)", so the
// answer can still be reported and forwarded to the SM-DP+.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "esim/result_code.hpp"

namespace esim {

// AuthenticateErrorCode is AuthenticateResponseError.authenticateErrorCode.
enum class AuthenticateErrorCode : std::int32_t {
  invalidCertificate = 1,
  invalidSignature = 2,
  unsupportedCurve = 3,
  noSessionContext = 4,
  invalidOid = 5,
  euiccChallengeMismatch = 6,
  ciPKUnknown = 7,
  undefinedError = 127,
};

// DownloadErrorCode is PrepareDownloadResponseError.downloadErrorCode.
enum class DownloadErrorCode : std::int32_t {
  invalidCertificate = 1,
  invalidSignature = 2,
  unsupportedCurve = 3,
  noSessionContext = 4,
  invalidTransactionId = 5,
  undefinedError = 127,
};

// CancelSessionReason is the reason of CancelSessionRequest (and of
// euiccCancelSessionSigned).
enum class CancelSessionReason : std::int32_t {
  endUserRejection = 0,
  postponed = 1,
  timeout = 2,
  pprNotAllowed = 3,
  metadataMismatch = 4,
  loadBppExecutionError = 5,
  undefinedReason = 127,
};

// CancelSessionError is CancelSessionResponse.cancelSessionResponseError.
enum class CancelSessionError : std::int32_t {
  invalidTransactionId = 5,
  undefinedError = 127,
};

// BppCommandId is ErrorResult.bppCommandId: the BPP command that failed.
enum class BppCommandId : std::int32_t {
  initialiseSecureChannel = 0,
  configureISDP = 1,
  storeMetadata = 2,
  storeMetadata2 = 3,
  replaceSessionKeys = 4,
  loadProfileElements = 5,
};

// ErrorReason is ErrorResult.errorReason: why the installation failed.
// 13 is installFailedDueToDataMismatch (older name iccidMismatch).
enum class ErrorReason : std::int32_t {
  incorrectInputValues = 1,
  invalidSignature = 2,
  invalidTransactionId = 3,
  unsupportedCrtValues = 4,
  unsupportedRemoteOperationType = 5,
  unsupportedProfileClass = 6,
  scp03tStructureError = 7,
  scp03tSecurityError = 8,
  installFailedDueToIccidAlreadyExistsOnEuicc = 9,
  installFailedDueToInsufficientMemoryForProfile = 10,
  installFailedDueToInterruption = 11,
  installFailedDueToPEProcessingError = 12,
  installFailedDueToDataMismatch = 13,
  testProfileInstallFailedDueToInvalidNaaKey = 14,
  pprNotAllowed = 15,
  installFailedDueToUnknownError = 127,
};

// codeName returns the SGP.22 name of a code ("invalidSignature"), or
// std::nullopt for a number SGP.22 v2 does not name. Never fails.
std::optional<std::string_view> codeName(AuthenticateErrorCode code) noexcept;
std::optional<std::string_view> codeName(DownloadErrorCode code) noexcept;
std::optional<std::string_view> codeName(CancelSessionReason code) noexcept;
std::optional<std::string_view> codeName(CancelSessionError code) noexcept;
std::optional<std::string_view> codeName(BppCommandId code) noexcept;
std::optional<std::string_view> codeName(ErrorReason code) noexcept;

} // namespace esim
