// codeName for the SGP.22 profile download codes (download_codes.hpp).
#include <initializer_list>
#include <string_view>
#include <utility>

#include "esim/download_codes.hpp"

namespace esim {

namespace {

template <typename E>
std::optional<std::string_view>
nameOf(E code, std::initializer_list<std::pair<E, std::string_view>> names) noexcept {
  for (const auto &[value, name] : names) {
    if (value == code) return name;
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string_view> codeName(AuthenticateErrorCode code) noexcept {
  using E = AuthenticateErrorCode;
  return nameOf(code, {{E::invalidCertificate, "invalidCertificate"},
                       {E::invalidSignature, "invalidSignature"},
                       {E::unsupportedCurve, "unsupportedCurve"},
                       {E::noSessionContext, "noSessionContext"},
                       {E::invalidOid, "invalidOid"},
                       {E::euiccChallengeMismatch, "euiccChallengeMismatch"},
                       {E::ciPKUnknown, "ciPKUnknown"},
                       {E::undefinedError, "undefinedError"}});
}

std::optional<std::string_view> codeName(DownloadErrorCode code) noexcept {
  using E = DownloadErrorCode;
  return nameOf(code, {{E::invalidCertificate, "invalidCertificate"},
                       {E::invalidSignature, "invalidSignature"},
                       {E::unsupportedCurve, "unsupportedCurve"},
                       {E::noSessionContext, "noSessionContext"},
                       {E::invalidTransactionId, "invalidTransactionId"},
                       {E::undefinedError, "undefinedError"}});
}

std::optional<std::string_view> codeName(CancelSessionReason code) noexcept {
  using E = CancelSessionReason;
  return nameOf(code, {{E::endUserRejection, "endUserRejection"},
                       {E::postponed, "postponed"},
                       {E::timeout, "timeout"},
                       {E::pprNotAllowed, "pprNotAllowed"},
                       {E::metadataMismatch, "metadataMismatch"},
                       {E::loadBppExecutionError, "loadBppExecutionError"},
                       {E::undefinedReason, "undefinedReason"}});
}

std::optional<std::string_view> codeName(CancelSessionError code) noexcept {
  using E = CancelSessionError;
  return nameOf(code, {{E::invalidTransactionId, "invalidTransactionId"},
                       {E::undefinedError, "undefinedError"}});
}

std::optional<std::string_view> codeName(BppCommandId code) noexcept {
  using E = BppCommandId;
  return nameOf(code, {{E::initialiseSecureChannel, "initialiseSecureChannel"},
                       {E::configureISDP, "configureISDP"},
                       {E::storeMetadata, "storeMetadata"},
                       {E::storeMetadata2, "storeMetadata2"},
                       {E::replaceSessionKeys, "replaceSessionKeys"},
                       {E::loadProfileElements, "loadProfileElements"}});
}

std::optional<std::string_view> codeName(ErrorReason code) noexcept {
  using E = ErrorReason;
  return nameOf(code,
                {{E::incorrectInputValues, "incorrectInputValues"},
                 {E::invalidSignature, "invalidSignature"},
                 {E::invalidTransactionId, "invalidTransactionId"},
                 {E::unsupportedCrtValues, "unsupportedCrtValues"},
                 {E::unsupportedRemoteOperationType, "unsupportedRemoteOperationType"},
                 {E::unsupportedProfileClass, "unsupportedProfileClass"},
                 {E::scp03tStructureError, "scp03tStructureError"},
                 {E::scp03tSecurityError, "scp03tSecurityError"},
                 {E::installFailedDueToIccidAlreadyExistsOnEuicc,
                  "installFailedDueToIccidAlreadyExistsOnEuicc"},
                 {E::installFailedDueToInsufficientMemoryForProfile,
                  "installFailedDueToInsufficientMemoryForProfile"},
                 {E::installFailedDueToInterruption, "installFailedDueToInterruption"},
                 {E::installFailedDueToPEProcessingError, "installFailedDueToPEProcessingError"},
                 {E::installFailedDueToDataMismatch, "installFailedDueToDataMismatch"},
                 {E::testProfileInstallFailedDueToInvalidNaaKey,
                  "testProfileInstallFailedDueToInvalidNaaKey"},
                 {E::pprNotAllowed, "pprNotAllowed"},
                 {E::installFailedDueToUnknownError, "installFailedDueToUnknownError"}});
}

} // namespace esim
