// ES10 codec: DER <-> the public structs of include/esim, built on asn1c.
//
//   esim::Bytes req = esim::codec::encodeProfileInfoListRequest({});   // BF2D 00
//   std::vector<esim::ProfileInfo> list =
//       esim::codec::decodeProfileInfoListResponse(answer).profileInfoListOk;
//
// Internal to the library and its tools (the emulator uses the other
// direction: decode*Request / encode*Response). asn1c types never leave
// this layer. asn1c writes to global type descriptors on first use, so every
// codec call holds one process-wide mutex (see toolchain facts).
//
// Failure: every decode* throws Error(Errc::malformedResponse) whose message
// names the ES10 function and what is wrong (truncated, wrong tag, bad length
// of a field such as ICCID != 10 bytes). Request decoders used by the emulator
// throw the same (the emulator maps it to a status word). encode* throw
// Error(Errc::invalidArgument) on values that cannot be encoded (ICCID that
// is not 18..20 digits, nickname over 64 bytes, AID over 16 bytes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/euicc.hpp"
#include "esim/euicc_info.hpp"
#include "esim/notification.hpp"
#include "esim/profile.hpp"
#include "esim/results.hpp"
#include "esim/rules_authorisation_table.hpp"

namespace esim::codec {

// Es10Function identifies an ES10 request by its outer tag.
enum class Es10Function {
  getEuiccInfo1,               // BF20
  getEuiccInfo2,               // BF22
  listNotification,            // BF28
  setNickname,                 // BF29
  retrieveNotificationsList,   // BF2B
  getProfilesInfo,             // BF2D
  removeNotificationFromList,  // BF30
  enableProfile,               // BF31
  disableProfile,              // BF32
  deleteProfile,               // BF33
  euiccMemoryReset,            // BF34
  getEuiccConfiguredAddresses, // BF3C
  getEid,                      // BF3E
  setDefaultDpAddress,         // BF3F
  getEuiccChallenge,           // BF2E
  authenticateServer,          // BF38
  prepareDownload,             // BF21
  loadBoundProfilePackage,     // BF36 (the first command of a load)
  cancelSession,               // BF41
  getRat,                      // BF43
  unknown,
};

// identifyRequest reads the outer tag of |der| (without decoding the rest).
// Returns Es10Function::unknown for an unknown or unreadable tag.
Es10Function identifyRequest(ByteView der) noexcept;
// functionName returns the SGP.22 name ("GetProfilesInfo") of |f|.
const char *functionName(Es10Function f) noexcept;

// ---- GetEID (BF3E) ----
Bytes encodeGetEidRequest();
void decodeGetEidRequest(ByteView der);         // checks tagList asks for 5A
std::string decodeGetEidResponse(ByteView der); // 32 hex digits
Bytes encodeGetEidResponse(ByteView eid);       // eid: 16 bytes

// ---- GetEuiccInfo1 (BF20) / GetEuiccInfo2 (BF22) ----
Bytes encodeGetEuiccInfo1Request();
EUICCInfo1 decodeEuiccInfo1(ByteView der);
Bytes encodeEuiccInfo1(const EUICCInfo1 &info);
Bytes encodeGetEuiccInfo2Request();
// decodeEuiccInfo2 also fills extCardResourceDecoded.
EUICCInfo2 decodeEuiccInfo2(ByteView der);
Bytes encodeEuiccInfo2(const EUICCInfo2 &info);

// ---- GetEuiccConfiguredAddresses (BF3C) / SetDefaultDpAddress (BF3F) ----
Bytes encodeEuiccConfiguredAddressesRequest();
EuiccConfiguredAddresses decodeEuiccConfiguredAddressesResponse(ByteView der);
Bytes encodeEuiccConfiguredAddressesResponse(const EuiccConfiguredAddresses &a);
Bytes encodeSetDefaultDpAddressRequest(const std::string &defaultDpAddress);
std::string decodeSetDefaultDpAddressRequest(ByteView der);
SetDefaultDpAddressResult decodeSetDefaultDpAddressResponse(ByteView der);
Bytes encodeSetDefaultDpAddressResponse(SetDefaultDpAddressResult r);

// ---- GetRAT (BF43) ----
Bytes encodeGetRatRequest();
// decodeGetRatResponse names the rule, operator and field that is wrong
// ("GetRAT response: rat: ProfilePolicyAuthorisationRule #2: pprFlags (82) is
// missing"). Unknown extension elements after the known fields are skipped.
RulesAuthorisationTable decodeGetRatResponse(ByteView der);
Bytes encodeGetRatResponse(const RulesAuthorisationTable &rat);

// ---- GetProfilesInfo (BF2D) ----
// ProfileInfoListResponse mirrors the CHOICE: either the list or the error.
struct ProfileInfoListResponse {
  std::vector<ProfileInfo> profileInfoListOk;
  std::optional<ProfileInfoListError> profileInfoListError;
};
Bytes encodeProfileInfoListRequest(const ProfileInfoListRequest &request);
ProfileInfoListRequest decodeProfileInfoListRequest(ByteView der);
ProfileInfoListResponse decodeProfileInfoListResponse(ByteView der);
Bytes encodeProfileInfoListResponse(const ProfileInfoListResponse &response);

// ---- EnableProfile (BF31) / DisableProfile (BF32) / DeleteProfile (BF33) ----
struct ProfileCommandRequest {
  ProfileIdentifier profileIdentifier;
  bool refreshFlag = false; // unused for DeleteProfile
};
Bytes encodeEnableProfileRequest(const ProfileCommandRequest &request);
ProfileCommandRequest decodeEnableProfileRequest(ByteView der);
EnableProfileResult decodeEnableProfileResponse(ByteView der);
Bytes encodeEnableProfileResponse(EnableProfileResult r);
Bytes encodeDisableProfileRequest(const ProfileCommandRequest &request);
ProfileCommandRequest decodeDisableProfileRequest(ByteView der);
DisableProfileResult decodeDisableProfileResponse(ByteView der);
Bytes encodeDisableProfileResponse(DisableProfileResult r);
Bytes encodeDeleteProfileRequest(const ProfileIdentifier &profile);
ProfileIdentifier decodeDeleteProfileRequest(ByteView der);
DeleteProfileResult decodeDeleteProfileResponse(ByteView der);
Bytes encodeDeleteProfileResponse(DeleteProfileResult r);

// ---- SetNickname (BF29) / EuiccMemoryReset (BF34) ----
struct SetNicknameRequest {
  std::string iccid;
  std::string profileNickname;
};
Bytes encodeSetNicknameRequest(const SetNicknameRequest &request);
SetNicknameRequest decodeSetNicknameRequest(ByteView der);
SetNicknameResult decodeSetNicknameResponse(ByteView der);
Bytes encodeSetNicknameResponse(SetNicknameResult r);
Bytes encodeEuiccMemoryResetRequest(const EuiccMemoryResetOptions &options);
EuiccMemoryResetOptions decodeEuiccMemoryResetRequest(ByteView der);
EuiccMemoryResetResult decodeEuiccMemoryResetResponse(ByteView der);
Bytes encodeEuiccMemoryResetResponse(EuiccMemoryResetResult r);

// ---- Notifications: ListNotification (BF28), RetrieveNotificationsList
// (BF2B), RemoveNotificationFromList (BF30) ----
struct ListNotificationResponse {
  std::vector<NotificationMetadata> notificationMetadataList;
  std::optional<ListNotificationsResultError> listNotificationsResultError;
};
Bytes encodeListNotificationRequest(std::optional<NotificationEvent> filter);
std::optional<NotificationEvent> decodeListNotificationRequest(ByteView der);
ListNotificationResponse decodeListNotificationResponse(ByteView der);
Bytes encodeListNotificationResponse(const ListNotificationResponse &response);

// RetrieveNotificationsSearch is the optional searchCriteria.
using RetrieveNotificationsSearch = std::variant<std::monostate, std::int64_t /*seqNumber*/,
                                                 NotificationEvent /*profileManagementOperation*/>;
struct RetrieveNotificationsListResponse {
  std::vector<PendingNotification> notificationList; // raw holds each element's DER
  std::optional<NotificationsListResultError> notificationsListResultError;
};
Bytes encodeRetrieveNotificationsListRequest(const RetrieveNotificationsSearch &search);
RetrieveNotificationsSearch decodeRetrieveNotificationsListRequest(ByteView der);
RetrieveNotificationsListResponse decodeRetrieveNotificationsListResponse(ByteView der);
// encodeRetrieveNotificationsListResponse splices each notification's raw DER
// into the list unchanged (the emulator stores signed notifications as DER).
Bytes encodeRetrieveNotificationsListResponse(const RetrieveNotificationsListResponse &response);

Bytes encodeNotificationSentRequest(std::int64_t seqNumber);
std::int64_t decodeNotificationSentRequest(ByteView der);
NotificationSentResult decodeNotificationSentResponse(ByteView der);
Bytes encodeNotificationSentResponse(NotificationSentResult r);

// ---- Signed notifications (emulator signs, SM-DP+ verifies) ----
// encodeNotificationMetadata returns the DER of tbsOtherNotification (BF2F):
// the exact bytes the eUICC signs.
Bytes encodeNotificationMetadata(const NotificationMetadata &metadata);
// encodeOtherSignedNotification assembles an OtherSignedNotification (30)
// from the signed DER, the raw r||s signature and the two certificates (DER).
Bytes encodeOtherSignedNotification(ByteView tbsOtherNotification, ByteView signature,
                                    ByteView euiccCertificate, ByteView eumCertificate);
// decodePendingNotification decodes one PendingNotification; raw is |der|.
PendingNotification decodePendingNotification(ByteView der);

} // namespace esim::codec
