// EnableProfile (SGP.22 clause 5.7.16), DisableProfile (5.7.17) and
// DeleteProfile (5.7.18): the profile state rules the eUICC enforces, and
// the notifications each change produces. Each function builds the next
// state, signs its notifications and commits it; a refusal changes nothing.
#include <optional>
#include <type_traits>
#include <variant>

#include "codec/es10_codec.hpp"
#include "es10_functions.hpp"
#include "notification_maker.hpp"

namespace euicc_emu::es10 {

namespace {

namespace codec = esim::codec;
using esim::NotificationEvent;
using esim::ProfileState;

bool isEnabled(const esim::ProfileInfo &p) {
  return p.profileState == ProfileState::enabled;
}

bool hasPpr1(const esim::ProfileInfo &p) {
  return p.profilePolicyRules && p.profilePolicyRules->ppr1;
}

bool hasPpr2(const esim::ProfileInfo &p) {
  return p.profilePolicyRules && p.profilePolicyRules->ppr2;
}

} // namespace

std::optional<std::size_t> findProfile(const EmulatorState &state,
                                       const esim::ProfileIdentifier &id) {
  for (std::size_t i = 0; i < state.profiles.size(); ++i) {
    const esim::ProfileInfo &p = state.profiles[i];
    bool match = std::visit(
        [&](const auto &key) -> bool {
          using T = std::decay_t<decltype(key)>;
          if constexpr (std::is_same_v<T, esim::IsdpAid>) {
            return p.isdpAid == key.value;
          } else {
            return p.iccid == key.value;
          }
        },
        id);
    if (match) return i;
  }
  return std::nullopt;
}

esim::Bytes enableProfile(StateStore &store, esim::ByteView request) {
  using R = esim::EnableProfileResult;
  const codec::ProfileCommandRequest req = codec::decodeEnableProfileRequest(request);
  const EmulatorState &current = store.state();
  const std::optional<std::size_t> target = findProfile(current, req.profileIdentifier);
  if (!target) return codec::encodeEnableProfileResponse(R::iccidOrAidNotFound);
  if (isEnabled(current.profiles[*target]))
    return codec::encodeEnableProfileResponse(R::profileNotInDisabledState);

  EmulatorState next = current;
  for (std::size_t i = 0; i < next.profiles.size(); ++i) {
    esim::ProfileInfo &other = next.profiles[i];
    if (i == *target || !isEnabled(other)) continue;
    // At most one profile is enabled: enabling this one disables the other
    // (SGP.22 v2), which its PPR1 forbids.
    if (hasPpr1(other)) return codec::encodeEnableProfileResponse(R::disallowedByPolicy);
    other.profileState = ProfileState::disabled;
    addNotifications(next, other, NotificationEvent::notificationDisable,
                     store.signerForProfile(other.iccid));
  }
  esim::ProfileInfo &enabled = next.profiles[*target];
  enabled.profileState = ProfileState::enabled;
  addNotifications(next, enabled, NotificationEvent::notificationEnable,
                   store.signerForProfile(enabled.iccid));
  // refreshFlag asks a device to send REFRESH; a card in a reader just switches.
  store.commit(std::move(next));
  return codec::encodeEnableProfileResponse(R::ok);
}

esim::Bytes disableProfile(StateStore &store, esim::ByteView request) {
  using R = esim::DisableProfileResult;
  const codec::ProfileCommandRequest req = codec::decodeDisableProfileRequest(request);
  const EmulatorState &current = store.state();
  const std::optional<std::size_t> target = findProfile(current, req.profileIdentifier);
  if (!target) return codec::encodeDisableProfileResponse(R::iccidOrAidNotFound);
  if (!isEnabled(current.profiles[*target]))
    return codec::encodeDisableProfileResponse(R::profileNotInEnabledState);
  if (hasPpr1(current.profiles[*target]))
    return codec::encodeDisableProfileResponse(R::disallowedByPolicy);

  EmulatorState next = current;
  esim::ProfileInfo &disabled = next.profiles[*target];
  disabled.profileState = ProfileState::disabled;
  addNotifications(next, disabled, NotificationEvent::notificationDisable,
                   store.signerForProfile(disabled.iccid));
  store.commit(std::move(next));
  return codec::encodeDisableProfileResponse(R::ok);
}

esim::Bytes deleteProfile(StateStore &store, esim::ByteView request) {
  using R = esim::DeleteProfileResult;
  const esim::ProfileIdentifier id = codec::decodeDeleteProfileRequest(request);
  const EmulatorState &current = store.state();
  const std::optional<std::size_t> target = findProfile(current, id);
  if (!target) return codec::encodeDeleteProfileResponse(R::iccidOrAidNotFound);
  // The LPA disables first; the eUICC does not delete the running profile.
  if (isEnabled(current.profiles[*target]))
    return codec::encodeDeleteProfileResponse(R::profileNotInDisabledState);
  if (hasPpr2(current.profiles[*target]))
    return codec::encodeDeleteProfileResponse(R::disallowedByPolicy);

  EmulatorState next = current;
  const esim::ProfileInfo deleted = current.profiles[*target];
  next.profiles.erase(next.profiles.begin() + static_cast<std::ptrdiff_t>(*target));
  addNotifications(next, deleted, NotificationEvent::notificationDelete,
                   store.signerForProfile(deleted.iccid));
  store.commit(std::move(next));
  return codec::encodeDeleteProfileResponse(R::ok);
}

} // namespace euicc_emu::es10
