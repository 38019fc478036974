// codeName for the SGP.22 profile download codes (download_codes.hpp).
#include <initializer_list>
#include <string_view>
#include <utility>

#include "esim/download_codes.hpp"

namespace esim {

namespace {

template <typename E>
std::string nameOf(E code, std::initializer_list<std::pair<E, std::string_view>> names) {
  for (const auto &[value, name] : names) {
    if (value == code) return std::string(name);
  }
  return "other(" + std::to_string(static_cast<unsigned>(code)) + ")";
}

} // namespace

std::string codeName(AuthenticateErrorCode code) {
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

std::string codeName(DownloadErrorCode code) {
  using E = DownloadErrorCode;
  return nameOf(code, {{E::invalidCertificate, "invalidCertificate"},
                       {E::invalidSignature, "invalidSignature"},
                       {E::unsupportedCurve, "unsupportedCurve"},
                       {E::noSessionContext, "noSessionContext"},
                       {E::invalidTransactionId, "invalidTransactionId"},
                       {E::undefinedError, "undefinedError"}});
}

std::string codeName(CancelSessionReason code) {
  using E = CancelSessionReason;
  return nameOf(code, {{E::endUserRejection, "endUserRejection"},
                       {E::postponed, "postponed"},
                       {E::timeout, "timeout"},
                       {E::pprNotAllowed, "pprNotAllowed"},
                       {E::metadataMismatch, "metadataMismatch"},
                       {E::loadBppExecutionError, "loadBppExecutionError"},
                       {E::undefinedReason, "undefinedReason"}});
}

std::string codeName(CancelSessionError code) {
  using E = CancelSessionError;
  return nameOf(code, {{E::invalidTransactionId, "invalidTransactionId"},
                       {E::undefinedError, "undefinedError"}});
}

std::string codeName(BppCommandId code) {
  using E = BppCommandId;
  return nameOf(code, {{E::initialiseSecureChannel, "initialiseSecureChannel"},
                       {E::configureISDP, "configureISDP"},
                       {E::storeMetadata, "storeMetadata"},
                       {E::storeMetadata2, "storeMetadata2"},
                       {E::replaceSessionKeys, "replaceSessionKeys"},
                       {E::loadProfileElements, "loadProfileElements"}});
}

std::string codeName(ErrorReason code) {
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
