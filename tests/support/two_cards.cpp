#include "support/two_cards.hpp"

#include <stdexcept>

#include "esim/euicc.hpp"
#include "esim/isdr_session.hpp"
#include "esim/profile.hpp"

namespace esim::test {
namespace {

// kOtherSuffix replaces the last digits of EID and ICCIDs in otherCard.
constexpr std::string_view kOtherSuffix = "999";

std::string renamed(std::string digits) {
  digits.replace(digits.size() - kOtherSuffix.size(), kOtherSuffix.size(), kOtherSuffix);
  return digits;
}

// checkProfiles returns "" if |profiles| are exactly |enabled| (enabled) and
// |disabled| (disabled) among other disabled ones of the same card.
std::string checkProfiles(const std::vector<ProfileInfo> &profiles, const std::string &enabled,
                          const std::string &disabled) {
  bool sawEnabled = false;
  bool sawDisabled = false;
  for (const ProfileInfo &p : profiles) {
    const std::string iccid = p.iccid.value_or("?");
    const bool isEnabled = p.profileState == ProfileState::enabled;
    if (iccid == enabled && isEnabled)
      sawEnabled = true;
    else if (iccid == disabled && !isEnabled)
      sawDisabled = true;
    else if (isEnabled)
      return "profile " + iccid + " is enabled instead of " + enabled;
  }
  if (!sawEnabled || !sawDisabled)
    return "GetProfilesInfo lacks " + enabled + " (enabled) or " + disabled + " (disabled)";
  return {};
}

std::string round(Euicc &euicc, const CardExpectation &expected) {
  const std::string eid = euicc.getEid();
  if (eid != expected.eid) return "EID " + eid + " instead of " + expected.eid;
  if (std::string p =
          checkProfiles(euicc.getProfilesInfo(), expected.enabledIccid, expected.disabledIccid);
      !p.empty())
    return p;
  if (euicc.enableProfile(Iccid{expected.disabledIccid}, false) != EnableProfileResult::ok)
    return "enable " + expected.disabledIccid + " refused";
  if (std::string p =
          checkProfiles(euicc.getProfilesInfo(), expected.disabledIccid, expected.enabledIccid);
      !p.empty())
    return "after enable: " + p;
  if (euicc.enableProfile(Iccid{expected.enabledIccid}, false) != EnableProfileResult::ok)
    return "enable " + expected.enabledIccid + " refused";
  return {};
}

} // namespace

CardExpectation expectationFor(const euicc_emu::EmulatorState &state) {
  CardExpectation e;
  e.eid = toHex(state.eid);
  for (const ProfileInfo &p : state.profiles) {
    if (!p.iccid) continue;
    if (p.profileState == ProfileState::enabled)
      e.enabledIccid = *p.iccid;
    else if (e.disabledIccid.empty())
      e.disabledIccid = *p.iccid;
  }
  if (e.enabledIccid.empty() || e.disabledIccid.empty())
    throw std::runtime_error("the state needs one enabled and one disabled profile");
  return e;
}

euicc_emu::EmulatorState otherCard(euicc_emu::EmulatorState state) {
  state.eid = fromHex(renamed(toHex(state.eid)));
  for (ProfileInfo &p : state.profiles) {
    if (p.iccid) p.iccid = renamed(*p.iccid);
  }
  for (auto &n : state.notifications) {
    if (n.metadata.iccid) n.metadata.iccid = renamed(*n.metadata.iccid);
  }
  return state;
}

std::string exerciseCard(ApduTransport &transport, const CardExpectation &expected, int rounds,
                         std::barrier<> &sync) {
  std::string problem;
  try {
    IsdrSession session(transport);
    Euicc euicc(session);
    for (int i = 1; i <= rounds && problem.empty(); ++i) {
      sync.arrive_and_wait();
      if (std::string p = round(euicc, expected); !p.empty())
        problem = "round " + std::to_string(i) + ": " + p;
    }
  } catch (const std::exception &e) {
    problem = std::string("exception: ") + e.what();
  }
  sync.arrive_and_drop();
  return problem;
}

} // namespace esim::test
