// identifyRequest and functionName: which ES10 function a request is.
#include <array>
#include <utility>

#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "codec/tags.hpp"

namespace esim::codec {

namespace {

struct FunctionEntry {
  TagValue tag;
  Es10Function function;
  const char *name; // as SGP.22 names the function
};

constexpr std::array<FunctionEntry, 20> kFunctions = {{
    {kTagGetEuiccInfo1, Es10Function::getEuiccInfo1, "GetEuiccInfo1"},
    {kTagGetEuiccInfo2, Es10Function::getEuiccInfo2, "GetEuiccInfo2"},
    {kTagListNotification, Es10Function::listNotification, "ListNotification"},
    {kTagSetNickname, Es10Function::setNickname, "SetNickname"},
    {kTagRetrieveNotificationsList, Es10Function::retrieveNotificationsList,
     "RetrieveNotificationsList"},
    {kTagProfileInfoList, Es10Function::getProfilesInfo, "GetProfilesInfo"},
    {kTagNotificationSent, Es10Function::removeNotificationFromList, "RemoveNotificationFromList"},
    {kTagEnableProfile, Es10Function::enableProfile, "EnableProfile"},
    {kTagDisableProfile, Es10Function::disableProfile, "DisableProfile"},
    {kTagDeleteProfile, Es10Function::deleteProfile, "DeleteProfile"},
    {kTagEuiccMemoryReset, Es10Function::euiccMemoryReset, "EuiccMemoryReset"},
    {kTagEuiccConfiguredAddresses, Es10Function::getEuiccConfiguredAddresses,
     "GetEuiccConfiguredAddresses"},
    {kTagGetEid, Es10Function::getEid, "GetEID"},
    {kTagSetDefaultDpAddress, Es10Function::setDefaultDpAddress, "SetDefaultDpAddress"},
    {kTagGetEuiccChallenge, Es10Function::getEuiccChallenge, "GetEuiccChallenge"},
    {kTagAuthenticateServer, Es10Function::authenticateServer, "AuthenticateServer"},
    {kTagPrepareDownload, Es10Function::prepareDownload, "PrepareDownload"},
    {kTagBoundProfilePackage, Es10Function::loadBoundProfilePackage, "LoadBoundProfilePackage"},
    {kTagCancelSession, Es10Function::cancelSession, "CancelSession"},
    {kTagGetRat, Es10Function::getRat, "GetRAT"},
}};

} // namespace

Es10Function identifyRequest(ByteView der) noexcept {
  TagValue tag = 0;
  std::size_t tagLength = 0;
  if (der::readTag(der, tag, tagLength) != der::Status::ok) return Es10Function::unknown;
  for (const FunctionEntry &entry : kFunctions) {
    if (entry.tag == tag) return entry.function;
  }
  return Es10Function::unknown;
}

const char *functionName(Es10Function f) noexcept {
  for (const FunctionEntry &entry : kFunctions) {
    if (entry.function == f) return entry.name;
  }
  return "unknown ES10 function";
}

} // namespace esim::codec
