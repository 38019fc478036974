#include "esim/profile_deletion.hpp"

#include <algorithm>
#include <set>

#include "esim/error.hpp"
#include "esim/profile_lookup.hpp"

namespace esim {

DeletionPlan planDeletion(const std::vector<ProfileInfo> &profiles, std::string_view query,
                          bool allowDisable) {
  const ProfileInfo &profile = findProfile(profiles, query);
  DeletionPlan plan{profile, false};
  const std::string label = profileLabel(profile);
  if (profile.profilePolicyRules && profile.profilePolicyRules->ppr2) {
    throw Error(Errc::notAllowed,
                "profile " + label +
                    " has policy rule PPR2: its operator does not allow deleting it",
                "ask the operator to remove the rule, or keep the profile disabled");
  }
  if (profile.profileState == ProfileState::enabled) {
    if (profile.profilePolicyRules && profile.profilePolicyRules->ppr1) {
      throw Error(
          Errc::notAllowed,
          "profile " + label +
              " is enabled and has policy rule PPR1: its operator does not allow disabling it",
          "enable another profile first, if its policy allows");
    }
    if (!allowDisable) {
      throw Error(Errc::notAllowed,
                  "profile " + label + " is enabled; the eUICC deletes only disabled profiles",
                  "add --disable-first, or run `esimctl profile disable` first");
    }
    plan.disableFirst = true;
  }
  return plan;
}

std::vector<NotificationMetadata>
newNotificationsSince(const std::vector<NotificationMetadata> &before,
                      const std::vector<NotificationMetadata> &after) {
  std::set<std::int64_t> seen;
  for (const auto &n : before)
    seen.insert(n.seqNumber);
  std::vector<NotificationMetadata> fresh;
  for (const auto &n : after) {
    if (!seen.count(n.seqNumber)) fresh.push_back(n);
  }
  std::sort(fresh.begin(), fresh.end(),
            [](const auto &a, const auto &b) { return a.seqNumber < b.seqNumber; });
  return fresh;
}

DeletionOutcome executeDeletion(Euicc &euicc, const DeletionPlan &plan) {
  DeletionOutcome outcome;
  ProfileIdentifier id = profileIdentifierOf(plan.profile);
  std::vector<NotificationMetadata> before = euicc.listNotification();
  if (plan.disableFirst) {
    outcome.disableResult = euicc.disableProfile(id, false);
    if (*outcome.disableResult != DisableProfileResult::ok &&
        *outcome.disableResult != DisableProfileResult::profileNotInEnabledState) {
      outcome.newNotifications = newNotificationsSince(before, euicc.listNotification());
      return outcome;
    }
  }
  outcome.deleteResult = euicc.deleteProfile(id);
  outcome.newNotifications = newNotificationsSince(before, euicc.listNotification());
  return outcome;
}

} // namespace esim
