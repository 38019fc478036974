// BER-TLV tags of the ES10 messages (SGP.22 v2.2.2 RSPDefinitions), written
// as SGP.22 writes them: the identifier octets read as one big-endian number
// ('BF2D' is [45] context-specific constructed, 'E3' is [PRIVATE 3]
// constructed, '5A' is [APPLICATION 26] primitive). The asn1c code knows these
// too; the codec needs them where it reads DER without asn1c (outer tags,
// exact bytes of notifications, extCardResource) and for error messages.
#pragma once

#include <cstdint>

namespace esim::codec {

using TagValue = std::uint32_t;

// ---- Outer tags of ES10 requests and responses (request tag = response tag) ----
inline constexpr TagValue kTagGetEuiccInfo1 = 0xBF20;
inline constexpr TagValue kTagGetEuiccInfo2 = 0xBF22;
inline constexpr TagValue kTagListNotification = 0xBF28;
inline constexpr TagValue kTagSetNickname = 0xBF29;
inline constexpr TagValue kTagRetrieveNotificationsList = 0xBF2B;
inline constexpr TagValue kTagProfileInfoList = 0xBF2D;
inline constexpr TagValue kTagNotificationSent = 0xBF30; // RemoveNotificationFromList
inline constexpr TagValue kTagEnableProfile = 0xBF31;
inline constexpr TagValue kTagDisableProfile = 0xBF32;
inline constexpr TagValue kTagDeleteProfile = 0xBF33;
inline constexpr TagValue kTagEuiccMemoryReset = 0xBF34;
inline constexpr TagValue kTagEuiccConfiguredAddresses = 0xBF3C;
inline constexpr TagValue kTagGetEid = 0xBF3E; // GetEuiccDataRequest/Response
inline constexpr TagValue kTagSetDefaultDpAddress = 0xBF3F;
inline constexpr TagValue kTagPrepareDownload = 0xBF21;
inline constexpr TagValue kTagGetEuiccChallenge = 0xBF2E;
inline constexpr TagValue kTagBoundProfilePackage = 0xBF36; // LoadBoundProfilePackage
inline constexpr TagValue kTagAuthenticateServer = 0xBF38;
inline constexpr TagValue kTagCancelSession = 0xBF41;
inline constexpr TagValue kTagGetRat = 0xBF43; // GetRatRequest/Response

// ---- Profile download: elements of the BPP and signed parts ----
inline constexpr TagValue kTagInitialiseSecureChannel = 0xBF23;
inline constexpr TagValue kTagConfigureIsdp = 0xBF24;
inline constexpr TagValue kTagStoreMetadata = 0xBF25;
inline constexpr TagValue kTagReplaceSessionKeys = 0xBF26;
inline constexpr TagValue kTagFirstSequenceOf87 = 0xA0;  // [0]
inline constexpr TagValue kTagSequenceOf88 = 0xA1;       // [1]
inline constexpr TagValue kTagSecondSequenceOf87 = 0xA2; // [2]
inline constexpr TagValue kTagSequenceOf86 = 0xA3;       // [3]
inline constexpr TagValue kTagBpp86 = 0x86;              // [6] protected profile elements
inline constexpr TagValue kTagBpp87 = 0x87;              // [7] encrypted + MACed
inline constexpr TagValue kTagBpp88 = 0x88;              // [8] MACed
inline constexpr TagValue kTagOtpk = 0x5F49;             // [APPLICATION 73] smdpOtpk, euiccOtpk
inline constexpr TagValue kTagOctetString = 0x04;        // universal OCTET STRING
inline constexpr TagValue kTagBoolean = 0x01;            // universal BOOLEAN
inline constexpr TagValue kTagInteger = 0x02;            // universal INTEGER
inline constexpr TagValue kTagOid = 0x06;                // universal OBJECT IDENTIFIER
// Context-specific primitive [n] = 0x80 + n, constructed [n] = 0xA0 + n.
inline constexpr TagValue kTagContext0 = 0x80;
inline constexpr TagValue kTagContext1 = 0x81;
inline constexpr TagValue kTagContext2 = 0x82;
inline constexpr TagValue kTagContext3 = 0x83;
inline constexpr TagValue kTagContext4 = 0x84;
inline constexpr TagValue kTagConstructed0 = 0xA0;
inline constexpr TagValue kTagConstructed1 = 0xA1;
inline constexpr TagValue kTagControlRefTemplate = 0xA6; // [6] IMPLICIT

// ---- Inner elements ----
inline constexpr TagValue kTagProfileInfo = 0xE3;                     // [PRIVATE 3]
inline constexpr TagValue kTagIccid = 0x5A;                           // [APPLICATION 26]
inline constexpr TagValue kTagIsdpAid = 0x4F;                         // [APPLICATION 15]
inline constexpr TagValue kTagTagList = 0x5C;                         // [APPLICATION 28]
inline constexpr TagValue kTagProfileState = 0x9F70;                  // [112]
inline constexpr TagValue kTagNotificationMetadata = 0xBF2F;          // [47]
inline constexpr TagValue kTagProfileInstallationResult = 0xBF37;     // [55]
inline constexpr TagValue kTagProfileInstallationResultData = 0xBF27; // [39]
inline constexpr TagValue kTagEuiccSignature = 0x5F37;                // [APPLICATION 55]
inline constexpr TagValue kTagSequence = 0x30;                        // universal SEQUENCE
// The [0] constructed wrapper of a list alternative (profileInfoListOk,
// notificationMetadataList, notificationList).
inline constexpr TagValue kTagListWrapper = 0xA0;

// ---- OPTIONAL fields of ProfileInfo (the others are above) ----
inline constexpr TagValue kTagProfileNickname = 0x90;               // [16]
inline constexpr TagValue kTagServiceProviderName = 0x91;           // [17]
inline constexpr TagValue kTagProfileName = 0x92;                   // [18]
inline constexpr TagValue kTagIconType = 0x93;                      // [19]
inline constexpr TagValue kTagIcon = 0x94;                          // [20]
inline constexpr TagValue kTagProfileClass = 0x95;                  // [21]
inline constexpr TagValue kTagNotificationConfigurationInfo = 0xB6; // [22]
inline constexpr TagValue kTagProfileOwner = 0xB7;                  // [23]
inline constexpr TagValue kTagDpProprietaryData = 0xB8;             // [24]
inline constexpr TagValue kTagProfilePolicyRules = 0x99;            // [25]

// ---- OPTIONAL fields of EUICCInfo2 ----
inline constexpr TagValue kTagTs102241Version = 0x86;             // [6]
inline constexpr TagValue kTagGlobalplatformVersion = 0x87;       // [7]
inline constexpr TagValue kTagEuiccCategory = 0x8B;               // [11]
inline constexpr TagValue kTagForbiddenProfilePolicyRules = 0x99; // [25]
inline constexpr TagValue kTagCertificationDataObject = 0xAC;     // [12]

// ---- GetRatResponse (AUTOMATIC TAGS) ----
inline constexpr TagValue kTagRat = 0xA0;              // [0] rat RulesAuthorisationTable
inline constexpr TagValue kTagPprIds = 0x80;           // [0] of ProfilePolicyAuthorisationRule
inline constexpr TagValue kTagAllowedOperators = 0xA1; // [1] SEQUENCE OF OperatorId
inline constexpr TagValue kTagPprFlags = 0x82;         // [2] BIT STRING
inline constexpr TagValue kTagMccMnc = 0x80;           // [0] of OperatorId
inline constexpr TagValue kTagGid1 = 0x81;             // [1] of OperatorId
inline constexpr TagValue kTagGid2 = 0x82;             // [2] of OperatorId

// ---- extCardResource of EUICCInfo2 (ETSI TS 102 226 clause 8.2.1.3.2) ----
inline constexpr TagValue kTagInstalledApplications = 0x81;
inline constexpr TagValue kTagFreeNonVolatileMemory = 0x82;
inline constexpr TagValue kTagFreeVolatileMemory = 0x83;

} // namespace esim::codec
