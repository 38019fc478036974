// JSON views of the library's structs for `--json`. Field names are the
// SGP.22 ASN.1 names so scripts can be read against the specification.
#pragma once

#include <nlohmann/json.hpp>

#include "esim/euicc_info.hpp"
#include "esim/notification.hpp"
#include "esim/profile.hpp"
#include "esim/rules_authorisation_table.hpp"

namespace esimctl {

// profileStateName returns "enabled" or "disabled".
const char *profileStateName(esim::ProfileState state) noexcept;
// profileClassName returns "test", "provisioning" or "operational".
const char *profileClassName(esim::ProfileClass cls) noexcept;

nlohmann::json toJson(const esim::ProfileInfo &profile);
nlohmann::json toJson(const esim::EUICCInfo1 &info);
nlohmann::json toJson(const esim::EUICCInfo2 &info);
nlohmann::json toJson(const esim::EuiccConfiguredAddresses &addresses);
nlohmann::json toJson(const esim::NotificationMetadata &metadata);
// toJson of a RAT: a list of {"pprIds", "allowedOperators": [{"mccMnc" (hex
// as received), "mcc", "mnc" (digits, E = any), "gid1", "gid2"}], "pprFlags"}.
nlohmann::json toJson(const esim::RulesAuthorisationTable &rat);

} // namespace esimctl
