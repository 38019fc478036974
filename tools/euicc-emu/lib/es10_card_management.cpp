// SetNickname (SGP.22 clause 5.7.21), SetDefaultDpAddress (5.7.4) and
// eUICCMemoryReset (5.7.19): changes to the card that need no signature.
#include <algorithm>

#include "codec/es10_codec.hpp"
#include "es10_functions.hpp"
#include "esim/error.hpp"
#include "state_names.hpp"

namespace euicc_emu::es10 {

namespace {

namespace codec = esim::codec;

// SIZE(0..64) of profileNickname; asn1c does not check it.
constexpr std::size_t kMaxNicknameBytes = 64;

[[noreturn]] void badRequest(const std::string &what) {
  // Errc::malformedResponse is what handleEs10 maps to 6A80.
  throw esim::Error(esim::Errc::malformedResponse, what);
}

} // namespace

esim::Bytes setNickname(StateStore &store, esim::ByteView request) {
  const codec::SetNicknameRequest req = codec::decodeSetNicknameRequest(request);
  if (req.profileNickname.size() > kMaxNicknameBytes) {
    badRequest("profileNickname is " + std::to_string(req.profileNickname.size()) +
               " bytes; SGP.22 allows at most 64");
  }
  if (!names::isUtf8(req.profileNickname)) badRequest("profileNickname is not valid UTF-8");
  const std::optional<std::size_t> target = findProfile(store.state(), esim::Iccid{req.iccid});
  if (!target) return codec::encodeSetNicknameResponse(esim::SetNicknameResult::iccidNotFound);
  EmulatorState next = store.state();
  next.profiles[*target].profileNickname = req.profileNickname;
  store.commit(std::move(next));
  return codec::encodeSetNicknameResponse(esim::SetNicknameResult::ok);
}

esim::Bytes setDefaultDpAddress(StateStore &store, esim::ByteView request) {
  const std::string address = codec::decodeSetDefaultDpAddressRequest(request);
  if (!names::isUtf8(address)) badRequest("defaultDpAddress is not valid UTF-8");
  EmulatorState next = store.state();
  // An empty address removes the default (SGP.22: "...or to remove it").
  if (address.empty()) {
    next.configuredAddresses.defaultDpAddress.reset();
  } else {
    next.configuredAddresses.defaultDpAddress = address;
  }
  store.commit(std::move(next));
  return codec::encodeSetDefaultDpAddressResponse(esim::SetDefaultDpAddressResult::ok);
}

esim::Bytes euiccMemoryReset(StateStore &store, esim::ByteView request) {
  using R = esim::EuiccMemoryResetResult;
  const esim::EuiccMemoryResetOptions options = codec::decodeEuiccMemoryResetRequest(request);
  EmulatorState next = store.state();
  // Profiles of the chosen classes go whatever their state and policy rules
  // (the End User asked for a reset); provisioning profiles always stay. No
  // notification is made for them, and pending notifications stay, so the
  // SM-DP+s still learn of earlier operations (see README: EuiccMemoryReset).
  auto goes = [&](const esim::ProfileInfo &p) {
    return (options.deleteOperationalProfiles &&
            p.profileClass == esim::ProfileClass::operational) ||
           (options.deleteFieldLoadedTestProfiles && p.profileClass == esim::ProfileClass::test);
  };
  const auto removed = std::erase_if(next.profiles, goes);
  bool addressReset = false;
  if (options.resetDefaultSmdpAddress && next.configuredAddresses.defaultDpAddress) {
    // The EUM of this emulator sets no initial default SM-DP+ address.
    next.configuredAddresses.defaultDpAddress.reset();
    addressReset = true;
  }
  if (removed == 0 && !addressReset)
    return codec::encodeEuiccMemoryResetResponse(R::nothingToDelete);
  store.commit(std::move(next));
  return codec::encodeEuiccMemoryResetResponse(R::ok);
}

} // namespace euicc_emu::es10
