#include "euicc_emu/demo_state.hpp"

namespace euicc_emu {

namespace {

// Values: EID from SGP.23 (test EID); the CI key identifier is the one of the
// GSMA SGP.26 test CI; ICCIDs carry a valid Luhn check digit; mccMnc is coded
// as in 3GPP TS 24.008 (440-10 -> 44 F0 01, 001-01 -> 00 F1 10); the OIDs
// are below the documentation enterprise number 32473 (RFC 5612); the icon is
// a 48x32 PNG (Japanese flag) drawn for this project.
constexpr const char *kDemoState =
    R"json({
  "formatVersion": 1,
  "eid": "89049032123451234512345678901235",
  "euiccInfo2": {
    "profileVersion": "2.3.1",
    "svn": "2.2.2",
    "euiccFirmwareVer": "4.6.0",
    "numberOfInstalledApplications": 0,
    "freeNonVolatileMemory": 412345,
    "freeVolatileMemory": 32768,
    "uiccCapability": ["usimSupport", "isimSupport", "csimSupport", "akaMilenage", "akaCave",
                       "akaTuak128", "akaTuak256", "gbaAuthenUsim", "gbaAuthenISim", "eapClient",
                       "javacard", "multipleUsimSupport", "multipleIsimSupport"],
    "ts102241Version": "9.2.0",
    "globalplatformVersion": "2.3.0",
    "rspCapability": ["additionalProfile", "testProfileSupport"],
    "euiccCiPKIdListForVerification": ["F54172BDF98A95D65CBEB88A38A1C11D800A85C3"],
    "euiccCiPKIdListForSigning": ["F54172BDF98A95D65CBEB88A38A1C11D800A85C3"],
    "ppVersion": "2.3.0",
    "sasAcreditationNumber": "EMULATOR-0001"
  },
  "configuredAddresses": {
    "rootDsAddress": "lpa.ds.gsma.com"
  },
  "profiles": [
    {
      "iccid": "8981100000000000002",
      "isdpAid": "A0000005591010FFFFFFFF8900001000",
      "profileState": "enabled",
      "profileNickname": "Tokyo trip",
      "serviceProviderName": "トラベルSIM",
      "profileName": "Japan Travel 7 days",
      "iconType": "png",
      "icon": ")json"
    "iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAAp0lEQVR42mP4P8gAw6iDRh006iBU8G7/qXsN0+AI"
    "yB0wBwGtPyBgtYdBFw0BBYFSdHXQp/M3ThqEYDoFGQEVAJXRw0FAa7AGDNagIsNNJDuIYNighRNtHQRMHMS7BoJI"
    "TU+kOYjIyEKLOFo5CJilSXUNBJFUFjDQNL7IiLVRBw1nBw26RD3osv1gLBgHXdUxGCvXQdf8GIwNtEHahB3tdYw6"
    "aNRBxAEA3aKV1nTA/wUAAAAASUVORK5CYII="
    R"json(",
      "profileClass": "operational",
      "notificationConfigurationInfo": [
        {"profileManagementOperation": "install", "notificationAddress": "smdp.travel.example"},
        {"profileManagementOperation": "enable", "notificationAddress": "smdp.travel.example"},
        {"profileManagementOperation": "disable", "notificationAddress": "smdp.travel.example"},
        {"profileManagementOperation": "delete", "notificationAddress": "smdp.travel.example"}
      ],
      "profileOwner": {"mccMnc": "44F001", "gid1": "01"},
      "dpOid": "1.3.6.1.4.1.32473.1"
    },
    {
      "iccid": "89490000000000000007",
      "isdpAid": "A0000005591010FFFFFFFF8900001100",
      "profileState": "disabled",
      "serviceProviderName": "Example Mobile",
      "profileName": "Example Mobile Postpaid",
      "profileClass": "operational",
      "notificationConfigurationInfo": [
        {"profileManagementOperation": "delete", "notificationAddress": "smdp.home.example"}
      ],
      "profileOwner": {"mccMnc": "00F110"},
      "dpOid": "1.3.6.1.4.1.32473.2"
    }
  ],
  "nextSeqNumber": 0,
  "notifications": []
}
)json";

} // namespace

std::string demoStateJson() {
  return kDemoState;
}

} // namespace euicc_emu
