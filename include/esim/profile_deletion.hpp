// Deleting a profile the way a careful user would: find it, check that its
// state and policy rules allow it, disable it first when asked to, delete
// it, and report which notifications the eUICC produced for the SM-DP+.
//
//   esim::DeletionPlan plan = esim::planDeletion(euicc.getProfilesInfo(), "Travel", true);
//   // show plan.profile, ask the user ...
//   esim::DeletionOutcome out = esim::executeDeletion(euicc, plan);
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "esim/euicc.hpp"
#include "esim/profile.hpp"
#include "esim/results.hpp"

namespace esim {

// DeletionPlan is what executeDeletion will do; nothing has been sent yet.
struct DeletionPlan {
  ProfileInfo profile;
  // disableFirst is set when the profile is enabled and the caller allowed
  // disabling it first (the eUICC refuses to delete an enabled profile).
  bool disableFirst = false;
};

// planDeletion finds the profile |query| names (see findProfile) and checks
// that it can be deleted. Throws what findProfile throws, and
// Error(Errc::notAllowed) when the profile has PPR2 (deletion not allowed),
// is enabled and |allowDisable| is false (the hint names --disable-first),
// or is enabled and has PPR1 (disabling not allowed).
DeletionPlan planDeletion(const std::vector<ProfileInfo> &profiles, std::string_view query,
                          bool allowDisable);

// DeletionOutcome is what the eUICC answered.
struct DeletionOutcome {
  // disableResult is set if DisableProfile was sent.
  std::optional<DisableProfileResult> disableResult;
  // deleteResult is set if DeleteProfile was sent (not when disabling failed).
  std::optional<DeleteProfileResult> deleteResult;
  // newNotifications are the notifications that appeared during the
  // operation (disable and delete), oldest first.
  std::vector<NotificationMetadata> newNotifications;

  // deleted reports whether the profile is gone.
  bool deleted() const noexcept { return deleteResult == DeleteProfileResult::ok; }
};

// executeDeletion carries out |plan|. SGP.22 result codes come back in the
// outcome; transport and decoding failures throw esim::Error (the profile may
// then be disabled but not deleted: list the profiles to see).
DeletionOutcome executeDeletion(Euicc &euicc, const DeletionPlan &plan);

// newNotificationsSince returns the entries of |after| whose seqNumber is not
// in |before|, sorted by seqNumber. Cannot fail.
std::vector<NotificationMetadata>
newNotificationsSince(const std::vector<NotificationMetadata> &before,
                      const std::vector<NotificationMetadata> &after);

} // namespace esim
