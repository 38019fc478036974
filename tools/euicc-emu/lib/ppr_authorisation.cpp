#include "euicc_emu/ppr_authorisation.hpp"

namespace euicc_emu {

namespace {

constexpr std::uint8_t kWildcard = 0xE;
constexpr unsigned kNibbleBits = 4;
constexpr std::uint8_t kLowNibble = 0x0F;

bool nibbleMatches(std::uint8_t allowed, std::uint8_t owner) noexcept {
  return allowed == kWildcard || allowed == owner;
}

bool gidMatches(const std::optional<esim::Bytes> &allowed,
                const std::optional<esim::Bytes> &owner) noexcept {
  if (!allowed) return !owner;
  if (allowed->empty()) return true;
  return owner == allowed;
}

bool ruleAllows(const esim::ProfilePolicyAuthorisationRule &rule, bool ppr1,
                const esim::OperatorId &owner) noexcept {
  if (ppr1 ? !rule.pprIds.ppr1 : !rule.pprIds.ppr2) return false;
  for (const esim::OperatorId &allowed : rule.allowedOperators) {
    if (operatorAllowed(allowed, owner)) return true;
  }
  return false;
}

} // namespace

bool operatorAllowed(const esim::OperatorId &allowed, const esim::OperatorId &owner) noexcept {
  if (allowed.mccMnc.size() != owner.mccMnc.size()) return false;
  for (std::size_t i = 0; i < allowed.mccMnc.size(); ++i) {
    const std::uint8_t a = allowed.mccMnc[i];
    const std::uint8_t o = owner.mccMnc[i];
    if (!nibbleMatches(static_cast<std::uint8_t>(a >> kNibbleBits),
                       static_cast<std::uint8_t>(o >> kNibbleBits)) ||
        !nibbleMatches(static_cast<std::uint8_t>(a & kLowNibble),
                       static_cast<std::uint8_t>(o & kLowNibble))) {
      return false;
    }
  }
  return gidMatches(allowed.gid1, owner.gid1) && gidMatches(allowed.gid2, owner.gid2);
}

std::optional<std::string> pprRefusal(const esim::PprIds &rules,
                                      const std::optional<esim::OperatorId> &owner,
                                      const esim::RulesAuthorisationTable &rat) {
  for (bool ppr1 : {true, false}) {
    if (ppr1 ? !rules.ppr1 : !rules.ppr2) continue;
    const char *name = ppr1 ? "PPR1" : "PPR2";
    if (!owner) return std::string(name) + " is set but the profile names no profileOwner";
    bool allowed = false;
    for (const esim::ProfilePolicyAuthorisationRule &rule : rat)
      allowed = allowed || ruleAllows(rule, ppr1, *owner);
    if (!allowed) {
      return std::string(name) + " is not allowed to profile owner " +
             esim::mccMncText(owner->mccMnc) + " by the Rules Authorisation Table";
    }
  }
  return std::nullopt;
}

} // namespace euicc_emu
