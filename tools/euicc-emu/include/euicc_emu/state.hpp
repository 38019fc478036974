// The emulated eUICC's persistent state and its JSON state file.
//
//   euicc_emu::EmulatorState s = euicc_emu::loadState("card.json");
//   s.profiles[0].profileNickname = "work";
//   euicc_emu::saveState(s, "card.json"); // atomic: the file is old or new, never half
//
// State file format (JSON, UTF-8, meant to be edited by hand; unknown keys are
// kept and written back unchanged (UnknownKeys), so that later versions and
// other tools can add keys; docs/emulator.md has a full example):
//
//   {
//     "formatVersion": 1,                       optional; files from a newer version are refused
//     "eid": "89049032123451234512345678901235", 16 bytes as hex (required)
//     "isdrAid": "A0000005591010FFFFFFFF8900000100", optional (this default), 5..16 bytes
//     "atr": "3B...",                            optional; else a T=0 UICC ATR (atr.hpp)
//     "euiccInfo2": {                            required
//       "profileVersion": "2.3.1", "svn": "2.2.2", "euiccFirmwareVer": "4.6.0",   required
//       "ppVersion": "2.3.0",                                                      required
//       "numberOfInstalledApplications": 0, "freeNonVolatileMemory": 123456,
//       "freeVolatileMemory": 12345,            optional unsigned numbers (extCardResource)
//       "uiccCapability": ["usimSupport", ...], "rspCapability": ["additionalProfile", ...],
//       "ts102241Version": "9.2.0", "globalplatformVersion": "2.3.0",          optional
//       "euiccCiPKIdListForVerification": ["F54172BD..."], "euiccCiPKIdListForSigning": [...],
//       "euiccCategory": "other" | "basicEuicc" | "mediumEuicc" | "contactlessEuicc",
//       "forbiddenProfilePolicyRules": ["ppr1"], "sasAcreditationNumber": "...",
//       "certificationDataObject": {"platformLabel": "...", "discoveryBaseURL": "..."}
//     },
//     "euiccInfo1": {"svn": ..., "euiccCiPKIdListForVerification": [...],
//                    "euiccCiPKIdListForSigning": [...]},  optional: derived from euiccInfo2
//     "configuredAddresses": {"defaultDpAddress": "...", "rootDsAddress": "..."}, rootDs required
//     "profiles": [ {                            optional (an empty card)
//       "iccid": "8981100000000000005",          18..20 digits (required)
//       "isdpAid": "A0000005591010FFFFFFFF8900001000",  5..16 bytes hex (required)
//       "profileState": "enabled" | "disabled",  required; at most one profile enabled
//       "profileNickname": "...", "serviceProviderName": "...", "profileName": "...",
//       "iconType": "png" | "jpg", "icon": "<base64, at most 1024 bytes>",
//       "profileClass": "test" | "provisioning" | "operational" (default operational),
//       "notificationConfigurationInfo": [{"profileManagementOperation":
//           "install" | "enable" | "disable" | "delete", "notificationAddress": "smdp.example"}],
//       "profileOwner": {"mccMnc": "44F001", "gid1": "hex", "gid2": "hex"},
//       "dpOid": "1.3.6.1.4.1.32473.1",
//       "profilePolicyRules": ["pprUpdateControl", "ppr1", "ppr2"],
//       "euiccCiPKId": "F54172BD..."             optional: set by a download (the CI whose
//                                                eUICC certificate signs this profile's
//                                                notifications)
//     } ],
//     "nextSeqNumber": 0,                        optional; above every stored seqNumber
//     "notifications": [ {"seqNumber": 0, "profileManagementOperation": "delete",
//       "notificationAddress": "...", "iccid": "...", "der": "<PendingNotification DER hex>"} ],
//     "rat": [ {                                 optional; absent: defaultRat(); []: no PPR
//       "pprIds": ["ppr1", "ppr2"],              policy rules this entry allows (required)
//       "allowedOperators": [{"mccMnc": "EEEEEE", "gid1": "", "gid2": ""}],  required; mccMnc
//                                                3 bytes hex, a nibble E matches any digit
//       "pprFlags": ["consentRequired"]          optional (no flags)
//     } ],                                       no other keys inside (refused, not kept)
//     "pki": {"euiccKey": "pki/euicc.key", "euiccCertificate": "pki/euicc.pem",
//             "eumCertificate": "pki/eum.pem",
//             "ciCertificates": ["pki/ci.pem", "pki-bp/ci.pem"],
//             "additionalCredentials": [{"euiccKey": "pki-bp/euicc.key",
//                 "euiccCertificate": "pki-bp/euicc.pem", "eumCertificate": "pki-bp/eum.pem"}]}
//                                               optional; files PEM or DER, relative paths
//                                               are relative to the state file's directory
//   }
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "esim/bytes.hpp"
#include "esim/euicc_info.hpp"
#include "esim/notification.hpp"
#include "esim/profile.hpp"
#include "esim/rules_authorisation_table.hpp"

namespace euicc_emu {

// kStateFormatVersion is the "formatVersion" this build writes and the
// highest it reads.
inline constexpr int kStateFormatVersion = 1;

// defaultIsdrAid returns the standard ISD-R AID A0000005591010FFFFFFFF8900000100.
esim::Bytes defaultIsdrAid();

// defaultRat returns the Rules Authorisation Table of a state that names
// none: one rule allowing PPR1 and PPR2 for every operator, with the end
// user's consent (see state_rat.cpp for why).
esim::RulesAuthorisationTable defaultRat();

// StoredNotification is one pending notification the card keeps until the LPA
// removes it: its metadata (for ListNotification) and the DER of the whole
// PendingNotification (for RetrieveNotificationsList, sent unchanged).
struct StoredNotification {
  esim::NotificationMetadata metadata;
  esim::Bytes der;
  bool operator==(const StoredNotification &) const = default;
};

// EuiccCredential names the files of one more signing identity of the card:
// SK.EUICC.SIG, CERT.EUICC and CERT.EUM, under another CI (a card that
// trusts a NIST P-256 and a brainpoolP256r1 CI holds one per CI).
struct EuiccCredential {
  std::string euiccKey;
  std::string euiccCertificate;
  std::string eumCertificate;
  bool operator==(const EuiccCredential &) const = default;
};

// PkiFiles names the files of the eUICC's signing identity (SGP.22 clause
// 4.5.2): the private key SK.EUICC.SIG (NIST P-256 or brainpoolP256r1), the
// eUICC certificate and the EUM certificate that issued it, each PEM or
// DER. The card signs notifications with the key and sends both
// certificates along. additionalCredentials are more such identities under
// other CIs: the card signs with the one whose EUM certificate's CI the
// SM-DP+ chose (euiccCiPKIdToBeUsed, SGP.22 AuthenticateServer).
struct PkiFiles {
  // The paths exactly as the state file gives them; a relative path is
  // relative to baseDirectory.
  std::string euiccKey;
  std::string euiccCertificate;
  std::string eumCertificate;
  // ciCertificates names the CI certificates the card trusts for profile
  // download (AuthenticateServer, PrepareDownload): CERT.DPauth and
  // CERT.DPpb must be issued by the one whose SubjectKeyIdentifier the
  // SM-DP+ picks from euiccCiPKIdListForVerification. Empty: the card
  // trusts no CI and refuses every download with ciPKUnknown.
  std::vector<std::string> ciCertificates;
  std::vector<EuiccCredential> additionalCredentials;
  // baseDirectory is the directory of the state file the paths came from
  // (loadState sets it; empty: the current directory, or the directory of
  // the Card's state path). It is not written to the file and not compared
  // by ==, which compares what the file says.
  std::filesystem::path baseDirectory;

  // credentials returns the first identity (the three paths above) followed
  // by additionalCredentials.
  std::vector<EuiccCredential> credentials() const;
  // resolve returns |file| (one of the key or certificate paths) as the path to open.
  std::filesystem::path resolve(const std::string &file) const;
  // resolvedCiCertificates returns ciCertificates resolved as resolve does.
  std::vector<std::string> resolvedCiCertificates() const;
  bool operator==(const PkiFiles &other) const {
    return euiccKey == other.euiccKey && euiccCertificate == other.euiccCertificate &&
           eumCertificate == other.eumCertificate && ciCertificates == other.ciCertificates &&
           additionalCredentials == other.additionalCredentials;
  }
};

// UnknownKeys holds the members of the state file's objects that this version
// does not know, so that a save writes them back unchanged (a later version's
// keys, a tester's notes). Each is the text of a JSON object with the
// members in file order ("" when there are none); a save appends them after
// the known keys of the same object. Keys inside nested values of known keys
// (profileOwner, notificationConfigurationInfo entries) are not kept.
struct UnknownKeys {
  std::string topLevel;
  std::string euiccInfo2;
  std::string euiccInfo1;
  std::string configuredAddresses;
  std::string pki;
  // profiles: by ICCID, so that they stay with their profile when others
  // are deleted; entries of profiles that are gone are not written.
  std::map<std::string, std::string> profiles;
  // notifications: by seqNumber (unique), for the same reason.
  std::map<std::int64_t, std::string> notifications;
  bool operator==(const UnknownKeys &) const = default;
};

// EmulatorState is everything the emulated eUICC remembers across power cycles.
struct EmulatorState {
  esim::Bytes eid; // 16 bytes
  esim::Bytes isdrAid = defaultIsdrAid();
  // atr is the state file's "atr"; without it the card answers its default
  // (atr.hpp's defaultAtr, or what euicc-emu --atr chose), which is never
  // written to the file.
  std::optional<esim::Bytes> atr;
  esim::EUICCInfo1 euiccInfo1;
  esim::EUICCInfo2 euiccInfo2;
  esim::EuiccConfiguredAddresses configuredAddresses;
  std::vector<esim::ProfileInfo> profiles;
  // nextSeqNumber is the seqNumber the next notification gets (SGP.22: the
  // eUICC allocates increasing numbers; 0 is valid).
  std::int64_t nextSeqNumber = 0;
  std::vector<StoredNotification> notifications;
  // rat is the Rules Authorisation Table (ES10b.GetRAT); nullopt: the state
  // file has none and the card answers defaultRat().
  std::optional<esim::RulesAuthorisationTable> rat;
  // pki names the key and certificates notifications are signed with; absent:
  // the card answers 6985 to a function that would have to sign.
  std::optional<PkiFiles> pki;
  // profileCiPKIds holds, by ICCID, the CI key identifier whose eUICC
  // certificate the card signed with when it installed the profile (the
  // profile's "euiccCiPKId"); that profile's later notifications are
  // signed with the same identity, so the SM-DP+ that installed it, which
  // may know only that CI, can verify them. Profiles without an entry use
  // the first identity.
  std::map<std::string, esim::Bytes> profileCiPKIds;
  // unknownKeys is what parseState found and did not know; stateToJson
  // writes it back.
  UnknownKeys unknownKeys;
  bool operator==(const EmulatorState &) const = default;
};

// euiccInfo1From returns the EUICCInfo1 that matches |info2| (same svn and CI
// key identifiers), which is what the state file means when it has no
// "euiccInfo1".
esim::EUICCInfo1 euiccInfo1From(const esim::EUICCInfo2 &info2);

// validateState checks the rules every state must follow (lengths of EID,
// AIDs and strings, ICCIDs, at most one enabled profile, no duplicate ICCID,
// AID or seqNumber, nextSeqNumber above every stored seqNumber). Throws
// esim::Error(Errc::emulator) whose message starts with "state file
// |source|: " and names the field ("profiles[2].iccid: ...").
void validateState(const EmulatorState &state, std::string_view source);

// parseState reads a state from JSON text and validates it. |source| names the
// text in messages (usually the file name). Throws esim::Error(Errc::emulator)
// "state file |source|: <field path>: <problem>" on invalid JSON, a missing
// required key, a value of the wrong type, bad hex or base64, or a rule of
// validateState. Never lets a JSON library exception escape. Keys it does
// not know are kept in unknownKeys.
EmulatorState parseState(std::string_view json, std::string_view source = "(text)");

// stateToJson returns |state| as normalized, pretty-printed JSON (two-space
// indent, keys in the documented order, then the object's unknownKeys) that
// parseState reads back to an equal state. Never throws except
// std::bad_alloc.
std::string stateToJson(const EmulatorState &state);

// loadState reads and parses the state file at |path| (symbolic links are
// followed), sets pki->baseDirectory to the directory of |path| and checks
// the PKI files with checkPki. It takes no lock (StateFileLock). Throws
// esim::Error(Errc::ioError) naming |path| if the file cannot be read (with
// the system error; "is a directory" for a directory; the hint suggests
// `euicc-emu --init`), or what parseState and checkPki throw.
EmulatorState loadState(const std::filesystem::path &path);

// checkPki loads the files |state|.pki names (if any) and checks that they
// can be used to sign (each identity): readable, PEM or DER, the key a NIST
// P-256 or brainpoolP256r1 key that
// belongs to the eUICC certificate, the eUICC certificate signed by the EUM
// certificate's key; and that every CI certificate is a certificate with a
// SubjectKeyIdentifier (pki.ciCertificates[i]). Throws esim::Error(Errc::emulator) "state file
// |source|: pki.euiccKey: <problem>" (or pki.euiccCertificate / pki.eumCertificate,
// pki.additionalCredentials[i].euiccKey ...).
void checkPki(const EmulatorState &state, std::string_view source);

// saveState validates |state| and writes it to |path| atomically: a temporary
// file in the same directory is written, flushed to disk (fsync), renamed over
// |path|, and the directory is flushed, so a crash leaves the old or the new
// file, never a mix. If |path| is a symbolic link, the link's final target
// is written that way and the link stays (stateFileTarget). A new file gets
// mode 0600 (it names the key files); an existing file keeps its mode. It
// takes no lock (StateFileLock). Throws esim::Error(Errc::ioError) naming
// the file, the step and the system error ("is a directory" for a
// directory; the old file is then untouched and the temporary file
// removed), or Errc::emulator if |state| is invalid.
void saveState(const EmulatorState &state, const std::filesystem::path &path);

} // namespace euicc_emu
