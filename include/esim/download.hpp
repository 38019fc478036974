// Profile download (SGP.22 v2 clauses 3.1.2, 3.1.3, 5.7.1..5.7.7): the values
// of the ES10b functions GetEuiccChallenge, AuthenticateServer,
// PrepareDownload, LoadBoundProfilePackage and CancelSession, with the field
// names of the SGP.22 ASN.1.
//
//   esim::Bytes challenge = euicc.getEuiccChallenge();
//   // ... ES9+ initiateAuthentication ...
//   esim::AuthenticateServerRequest request{serverSigned1, serverSignature1,
//                                           euiccCiPKIdToBeUsed, serverCertificate, ctx};
//   esim::AuthenticateServerResponse answer = euicc.authenticateServer(request);
//   // answer.raw goes to ES9+ authenticateClient, base64-encoded
//
// Signed parts are kept as the bytes received: every decoded signed structure
// has a |raw| member holding its exact DER, which is what a signature is
// checked over and what is forwarded, never a re-encoding. Signatures are the
// raw r||s value (the contents of the 5F37 element), certificates their DER.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/download_codes.hpp"
#include "esim/notification.hpp"
#include "esim/profile.hpp"

namespace esim {

// ---- Common mutual authentication ----

// DeviceCapabilities lists the radio and RSP releases the device supports;
// each present value is a 3-byte VersionType (major, minor, revision).
struct DeviceCapabilities {
  std::optional<Bytes> gsmSupportedRelease;
  std::optional<Bytes> utranSupportedRelease;
  std::optional<Bytes> cdma2000onexSupportedRelease;
  std::optional<Bytes> cdma2000hrpdSupportedRelease;
  std::optional<Bytes> cdma2000ehrpdSupportedRelease;
  std::optional<Bytes> eutranSupportedRelease;
  std::optional<Bytes> contactlessSupportedRelease;
  std::optional<Bytes> rspCrlSupportedVersion;
  std::optional<Bytes> rspRpmSupportedVersion;
  bool operator==(const DeviceCapabilities &) const = default;
};

// DeviceInfo describes the device to the SM-DP+ (and the eUICC).
struct DeviceInfo {
  Bytes tac; // 4 bytes: the first 8 digits of the IMEI, BCD
  DeviceCapabilities deviceCapabilities;
  std::optional<Bytes> imei; // 8 bytes, BCD as in 3GPP TS 24.008
  bool operator==(const DeviceInfo &) const = default;
};

// CtxParamsForCommonAuthentication is the only alternative of CtxParams1.
struct CtxParamsForCommonAuthentication {
  std::optional<std::string> matchingId; // from the activation code
  DeviceInfo deviceInfo;
  bool operator==(const CtxParamsForCommonAuthentication &) const = default;
};

// ServerSigned1 is what the SM-DP+ signs with serverSignature1.
struct ServerSigned1 {
  Bytes transactionId;  // 1..16 bytes
  Bytes euiccChallenge; // 16 bytes
  std::string serverAddress;
  Bytes serverChallenge; // 16 bytes
  Bytes raw;             // the DER (30 ...) as received; empty when built locally
  bool operator==(const ServerSigned1 &) const = default;
};

// AuthenticateServerRequest is ES10b.AuthenticateServer's input as the LPA
// has it from ES9+ initiateAuthentication: each Bytes field is the complete
// DER element the SM-DP+ sent (serverSigned1 30..., serverSignature1
// 5F37 40 ..., euiccCiPKIdToBeUsed 04 14 ..., serverCertificate 30 ...),
// copied into the request unchanged.
struct AuthenticateServerRequest {
  Bytes serverSigned1;
  Bytes serverSignature1;
  Bytes euiccCiPKIdToBeUsed;
  Bytes serverCertificate;
  CtxParamsForCommonAuthentication ctxParams1;
  bool operator==(const AuthenticateServerRequest &) const = default;
};

// EuiccSigned1 is what the eUICC signs with euiccSignature1.
struct EuiccSigned1 {
  Bytes transactionId;
  std::string serverAddress;
  Bytes serverChallenge; // 16 bytes
  Bytes euiccInfo2;      // the EUICCInfo2 DER (BF22 ...) as received or to send
  CtxParamsForCommonAuthentication ctxParams1;
  Bytes raw; // the DER (30 ...) as received; empty when built locally
  bool operator==(const EuiccSigned1 &) const = default;
};

// AuthenticateResponseOk is the success alternative of AuthenticateServer.
struct AuthenticateResponseOk {
  EuiccSigned1 euiccSigned1;
  Bytes euiccSignature1;  // r||s
  Bytes euiccCertificate; // DER of CERT.EUICC.ECDSA
  Bytes eumCertificate;   // DER of CERT.EUM.ECDSA
  bool operator==(const AuthenticateResponseOk &) const = default;
};

// AuthenticateResponseError is the error alternative of AuthenticateServer.
struct AuthenticateResponseError {
  Bytes transactionId;
  AuthenticateErrorCode authenticateErrorCode = AuthenticateErrorCode::undefinedError;
  bool operator==(const AuthenticateResponseError &) const = default;
};

// AuthenticateServerResponse is the CHOICE: exactly one alternative is set.
// |raw| is the whole BF38 element as the card answered it: that, base64
// encoded, is authenticateServerResponse of ES9+ authenticateClient.
struct AuthenticateServerResponse {
  std::optional<AuthenticateResponseOk> authenticateResponseOk;
  std::optional<AuthenticateResponseError> authenticateResponseError;
  Bytes raw;
  bool operator==(const AuthenticateServerResponse &) const = default;
};

// ---- PrepareDownload ----

// SmdpSigned2 is what the SM-DP+ signs with smdpSignature2.
struct SmdpSigned2 {
  Bytes transactionId;
  bool ccRequiredFlag = false;
  std::optional<Bytes> bppEuiccOtpk; // otPK.EUICC.ECKA of an already bound BPP
  Bytes raw;                         // the DER (30 ...) as received
  bool operator==(const SmdpSigned2 &) const = default;
};

// PrepareDownloadRequest is ES10b.PrepareDownload's input as the LPA has it
// from ES9+ authenticateClient: smdpSigned2 (30 ...), smdpSignature2
// (5F37 40 ...) and smdpCertificate (30 ...) are the complete DER elements
// the SM-DP+ sent; hashCc is the 32-byte value SHA-256(SHA-256(CC) ||
// transactionId), present only when a confirmation code is used.
struct PrepareDownloadRequest {
  Bytes smdpSigned2;
  Bytes smdpSignature2;
  std::optional<Bytes> hashCc;
  Bytes smdpCertificate;
  bool operator==(const PrepareDownloadRequest &) const = default;
};

// EuiccSigned2 (SGP.22 type EUICCSigned2) is what the eUICC signs with
// euiccSignature2.
struct EuiccSigned2 {
  Bytes transactionId;
  Bytes euiccOtpk;             // otPK.EUICC.ECKA, 04||X||Y
  std::optional<Bytes> hashCc; // 32 bytes
  Bytes raw;                   // the DER (30 ...) as received
  bool operator==(const EuiccSigned2 &) const = default;
};

// PrepareDownloadResponseOk is the success alternative of PrepareDownload.
struct PrepareDownloadResponseOk {
  EuiccSigned2 euiccSigned2;
  Bytes euiccSignature2; // r||s
  bool operator==(const PrepareDownloadResponseOk &) const = default;
};

// PrepareDownloadResponseError is the error alternative of PrepareDownload.
struct PrepareDownloadResponseError {
  Bytes transactionId;
  DownloadErrorCode downloadErrorCode = DownloadErrorCode::undefinedError;
  bool operator==(const PrepareDownloadResponseError &) const = default;
};

// PrepareDownloadResponse is the CHOICE: exactly one alternative is set.
// |raw| is the whole BF21 element: prepareDownloadResponse of ES9+
// getBoundProfilePackage.
struct PrepareDownloadResponse {
  std::optional<PrepareDownloadResponseOk> downloadResponseOk;
  std::optional<PrepareDownloadResponseError> downloadResponseError;
  Bytes raw;
  bool operator==(const PrepareDownloadResponse &) const = default;
};

// ---- Bound Profile Package ----

// ControlRefTemplate is the key agreement CRT (A6) of InitialiseSecureChannel.
struct ControlRefTemplate {
  std::uint8_t keyType = 0x88; // AES
  std::uint8_t keyLen = 0x10;  // 16 bytes
  Bytes hostId;                // 1..16 bytes
  bool operator==(const ControlRefTemplate &) const = default;
};

// InitialiseSecureChannelRequest (BF23) opens the BPP's secure channel.
struct InitialiseSecureChannelRequest {
  std::int64_t remoteOpId = 1; // installBoundProfilePackage
  Bytes transactionId;
  ControlRefTemplate controlRefTemplate;
  Bytes smdpOtpk; // otPK.DP.ECKA, 04||X||Y
  Bytes smdpSign; // r||s
  // signedPart is the value of BF23 up to (not including) smdpSign, as
  // received: smdpSign is checked over signedPart || 5F49 L euiccOtpk.
  Bytes signedPart;
  Bytes raw; // the whole BF23 element as received
  bool operator==(const InitialiseSecureChannelRequest &) const = default;
};

// NotificationEvents is a NotificationEvent BIT STRING with any number of
// bits set (StoreMetadata may ask for several events in one entry).
struct NotificationEvents {
  bool notificationInstall = false;
  bool notificationEnable = false;
  bool notificationDisable = false;
  bool notificationDelete = false;
  bool operator==(const NotificationEvents &) const = default;
};

// NotificationConfiguration is one entry of StoreMetadata's
// notificationConfigurationInfo (NotificationConfigurationInformation).
struct NotificationConfiguration {
  NotificationEvents profileManagementOperation;
  std::string notificationAddress; // FQDN of the SM-DP+ to notify
  bool operator==(const NotificationConfiguration &) const = default;
};

// StoreMetadataRequest (BF25) is the profile's metadata: what the user is
// shown before consenting (profileMetadata of ES9+ authenticateClient) and
// what the BPP stores on the eUICC.
struct StoreMetadataRequest {
  std::string iccid; // decimal digits
  std::string serviceProviderName;
  std::string profileName;
  std::optional<IconType> iconType;
  std::optional<Bytes> icon;
  ProfileClass profileClass = ProfileClass::operational;
  std::vector<NotificationConfiguration> notificationConfigurationInfo;
  std::optional<OperatorId> profileOwner;
  std::optional<PprIds> profilePolicyRules;
  Bytes raw; // the whole BF25 element as received
  bool operator==(const StoreMetadataRequest &) const = default;
};

// ProfileMetadata is the name the LPA flow uses for StoreMetadataRequest.
using ProfileMetadata = StoreMetadataRequest;

// ConfigureISDPRequest (BF24) configures the new ISD-P.
struct ConfigureISDPRequest {
  std::optional<std::string> dpOid; // dpProprietaryData.dpOid, dotted
  bool operator==(const ConfigureISDPRequest &) const = default;
};

// ReplaceSessionKeysRequest (BF26) installs the PPK keys for the 86 segments.
struct ReplaceSessionKeysRequest {
  Bytes initialMacChainingValue; // 16 bytes
  Bytes ppkEnc;                  // 16 bytes
  Bytes ppkCmac;                 // 16 bytes
  bool operator==(const ReplaceSessionKeysRequest &) const = default;
};

// SuccessResult is the success alternative of finalResult.
struct SuccessResult {
  Bytes aid; // ISD-P AID, 5..16 bytes
  Bytes simaResponse;
  bool operator==(const SuccessResult &) const = default;
};

// ErrorResult is the error alternative of finalResult.
struct ErrorResult {
  BppCommandId bppCommandId = BppCommandId::initialiseSecureChannel;
  ErrorReason errorReason = ErrorReason::installFailedDueToUnknownError;
  std::optional<Bytes> simaResponse;
  bool operator==(const ErrorResult &) const = default;
};

// ProfileInstallationResultData (BF27) is what the eUICC signs with
// euiccSignPIR. Exactly one of successResult and errorResult is set.
struct ProfileInstallationResultData {
  Bytes transactionId;
  NotificationMetadata notificationMetadata;
  std::optional<std::string> smdpOid; // dotted
  std::optional<SuccessResult> successResult;
  std::optional<ErrorResult> errorResult;
  Bytes raw; // the whole BF27 element as received
  bool operator==(const ProfileInstallationResultData &) const = default;
};

// ProfileInstallationResult (BF37) is the eUICC's signed result of a load;
// it is also kept as the install notification.
struct ProfileInstallationResult {
  ProfileInstallationResultData profileInstallationResultData;
  Bytes euiccSignPIR; // r||s
  Bytes raw;          // the whole BF37 element as received
  bool operator==(const ProfileInstallationResult &) const = default;
};

// BppProgress is called after each ES10b command of a load with the bytes
// of the BPP sent so far and the BPP's total size.
using BppProgress = std::function<void(std::size_t loaded, std::size_t total)>;

// LoadBoundProfilePackageResult says how a load ended. When the card
// answered a ProfileInstallationResult (at the last command, or earlier when
// a step failed), it is set and |commandsSent| counts the commands up to it.
// When the card answered 9000 without data to every command it is empty:
// "no result", which is not the same as an error result.
struct LoadBoundProfilePackageResult {
  std::optional<ProfileInstallationResult> profileInstallationResult;
  std::size_t commandsSent = 0;
  std::size_t commandsTotal = 0;
};

// ---- CancelSession ----

// EuiccCancelSessionSigned is what the eUICC signs with
// euiccCancelSessionSignature.
struct EuiccCancelSessionSigned {
  Bytes transactionId;
  std::string smdpOid; // dotted
  CancelSessionReason reason = CancelSessionReason::undefinedReason;
  Bytes raw; // the DER (30 ...) as received
  bool operator==(const EuiccCancelSessionSigned &) const = default;
};

// CancelSessionResponseOk is the success alternative of CancelSession.
struct CancelSessionResponseOk {
  EuiccCancelSessionSigned euiccCancelSessionSigned;
  Bytes euiccCancelSessionSignature; // r||s
  bool operator==(const CancelSessionResponseOk &) const = default;
};

// CancelSessionResponse is the CHOICE: exactly one alternative is set.
// |raw| is the whole BF41 element: cancelSessionResponse of ES9+
// cancelSession.
struct CancelSessionResponse {
  std::optional<CancelSessionResponseOk> cancelSessionResponseOk;
  std::optional<CancelSessionError> cancelSessionResponseError;
  Bytes raw;
  bool operator==(const CancelSessionResponse &) const = default;
};

} // namespace esim
