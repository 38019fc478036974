// esimctl chip info: what the eUICC says about itself.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>

#include "commands.hpp"
#include "json_model.hpp"
#include "output.hpp"
#include "prompt.hpp"
#include "result_errors.hpp"
#include "validate.hpp"

namespace esimctl {

namespace {

std::string joined(const std::vector<std::string> &items, const char *sep = ", ") {
  std::string out;
  for (const auto &i : items)
    out += (out.empty() ? "" : sep) + i;
  return out.empty() ? "-" : out;
}

std::string hexJoined(const std::vector<esim::Bytes> &items) {
  std::vector<std::string> hex;
  for (const auto &b : items)
    hex.push_back(esim::toHex(b));
  return joined(hex);
}

// Status words of a card that has no ES10b.GetRAT (some older or minimal
// eUICCs, and this project's emulator before it had one): 6A80 wrong data, 6A88
// referenced data not found, 6D00 instruction not supported. Anything else
// is a real failure.
constexpr std::uint16_t kNoFunctionStatusWords[] = {0x6A80, 0x6A88, 0x6D00};

// RatAnswer is the card's RAT, or the status word it answered instead.
struct RatAnswer {
  std::optional<esim::RulesAuthorisationTable> rat;
  std::uint16_t statusWord = 0;
};

// readRat asks for the RAT last, so that a card without the function still
// shows everything else; other errors propagate.
RatAnswer readRat(esim::Euicc &euicc) {
  RatAnswer out;
  try {
    out.rat = euicc.getRat();
  } catch (const esim::Error &e) {
    const auto sw = e.statusWord();
    if (e.code() != esim::Errc::statusWord || !sw ||
        std::find(std::begin(kNoFunctionStatusWords), std::end(kNoFunctionStatusWords), *sw) ==
            std::end(kNoFunctionStatusWords)) {
      throw;
    }
    out.statusWord = *sw;
  }
  return out;
}

std::string swText(std::uint16_t sw) {
  constexpr int kSwDigits = 4;
  char text[kSwDigits + 1];
  std::snprintf(text, sizeof text, "%04X", static_cast<unsigned>(sw));
  return text;
}

// operatorText is one allowed operator: "310-410", "EEE-EEE (any operator)",
// with the group identifiers when the rule names them (empty = any).
std::string operatorText(const esim::OperatorId &id) {
  std::string text = esim::mccMncText(id.mccMnc);
  if (id.mccMnc == esim::Bytes{0xEE, 0xEE, 0xEE}) text += " (any operator)";
  auto gid = [&](const char *name, const std::optional<esim::Bytes> &value) {
    if (value)
      text += std::string(" ") + name + " " + (value->empty() ? "any" : esim::toHex(*value));
  };
  gid("gid1", id.gid1);
  gid("gid2", id.gid2);
  return text;
}

// ruleText is one PPAR: "ppr1, ppr2 for EEE-EEE (any operator); consent required".
std::string ruleText(const esim::ProfilePolicyAuthorisationRule &rule) {
  std::vector<std::string> pprs;
  if (rule.pprIds.pprUpdateControl) pprs.emplace_back("pprUpdateControl");
  if (rule.pprIds.ppr1) pprs.emplace_back("ppr1");
  if (rule.pprIds.ppr2) pprs.emplace_back("ppr2");
  std::vector<std::string> operators;
  for (const auto &id : rule.allowedOperators)
    operators.push_back(operatorText(id));
  return (pprs.empty() ? std::string("no rule") : joined(pprs)) + " for " +
         (operators.empty() ? std::string("no operator") : joined(operators, "; ")) +
         (rule.pprFlags.consentRequired ? "; consent required" : "; no consent needed");
}

int chipInfo(AppContext &ctx) {
  CardConnection &card = ctx.card();
  esim::Euicc &euicc = card.euicc();
  std::string eid = euicc.getEid();
  esim::EUICCInfo2 info2 = euicc.getEuiccInfo2();
  esim::EuiccConfiguredAddresses addresses = euicc.getEuiccConfiguredAddresses();
  const RatAnswer rat = readRat(euicc);

  if (ctx.options.json) {
    nlohmann::json out = {{"eid", eid},
                          {"source", card.description()},
                          {"isdrAid", esim::toHex(card.isdrAid())},
                          {"euiccInfo2", toJson(info2)},
                          {"configuredAddresses", toJson(addresses)},
                          {"rat", rat.rat ? toJson(*rat.rat) : nlohmann::json(nullptr)}};
    if (!rat.rat) out["ratStatusWord"] = swText(rat.statusWord);
    printJsonSuccess(out);
    return kExitOk;
  }
  const auto &res = info2.extCardResourceDecoded;
  auto field = [](const char *name, const std::string &value) {
    std::cout << name << std::string(24 - std::string_view(name).size(), ' ') << terminalSafe(value)
              << '\n';
  };
  field("EID", eid);
  field("Connected via", card.description());
  field("ISD-R AID", esim::toHex(card.isdrAid()));
  field("SGP.22 version", esim::versionText(info2.svn));
  field("Profile package version", esim::versionText(info2.profileVersion));
  field("Firmware version", esim::versionText(info2.euiccFirmwareVer));
  field("Free NVM",
        res.freeNonVolatileMemory ? std::to_string(*res.freeNonVolatileMemory) + " bytes" : "-");
  field("Free RAM",
        res.freeVolatileMemory ? std::to_string(*res.freeVolatileMemory) + " bytes" : "-");
  field("Installed applications", res.numberOfInstalledApplications
                                      ? std::to_string(*res.numberOfInstalledApplications)
                                      : "-");
  field("RSP capabilities", joined(esim::rspCapabilityNames(info2.rspCapability)));
  field("CI keys (verification)", hexJoined(info2.euiccCiPKIdListForVerification));
  field("CI keys (signing)", hexJoined(info2.euiccCiPKIdListForSigning));
  field("SAS accreditation",
        info2.sasAcreditationNumber.empty() ? "-" : info2.sasAcreditationNumber);
  field("Default SM-DP+", addresses.defaultDpAddress && !addresses.defaultDpAddress->empty()
                              ? *addresses.defaultDpAddress
                              : "-");
  field("Root SM-DS", addresses.rootDsAddress.empty() ? "-" : addresses.rootDsAddress);
  if (!rat.rat) {
    field("Policy rules (RAT)",
          "not available (the card answered " + swText(rat.statusWord) + " to GetRAT)");
  } else if (rat.rat->empty()) {
    field("Policy rules (RAT)", "none: no profile may set PPR1 or PPR2");
  } else {
    for (std::size_t i = 0; i < rat.rat->size(); ++i) {
      field(i == 0 ? "Policy rules (RAT)" : "", ruleText((*rat.rat)[i]));
    }
  }
  return kExitOk;
}

struct ResetOptions {
  bool operational = false;
  bool test = false;
  bool defaultSmdp = false;
  bool yes = false;
};

int chipReset(AppContext &ctx, const ResetOptions &o) {
  esim::EuiccMemoryResetOptions options{o.operational, o.test, o.defaultSmdp};
  if (!o.operational && !o.test && !o.defaultSmdp) {
    throw UsageError("chip reset: say what to reset",
                     "use --operational-profiles, --test-profiles and/or --default-smdp");
  }
  esim::Euicc &euicc = ctx.card().euicc();
  std::vector<std::string> what;
  if (o.operational) what.emplace_back("delete every operational profile");
  if (o.test) what.emplace_back("delete every field-loaded test profile");
  if (o.defaultSmdp) what.emplace_back("clear the default SM-DP+ address");
  std::string question = "Reset the eUICC: " + joined(what, ", ") + "? This cannot be undone.";
  if (!ctx.options.json) {
    for (const auto &p : euicc.getProfilesInfo()) {
      bool hit = (o.operational && p.profileClass == esim::ProfileClass::operational) ||
                 (o.test && p.profileClass == esim::ProfileClass::test);
      if (hit)
        std::cout << "Will delete " << terminalSafe(p.iccid.value_or("?")) << " ("
                  << terminalSafe(p.serviceProviderName.value_or("-")) << ")\n";
    }
  }
  confirm(question, o.yes, "--yes");
  esim::EuiccMemoryResetResult r = euicc.euiccMemoryReset(options);
  if (r != esim::EuiccMemoryResetResult::ok && r != esim::EuiccMemoryResetResult::nothingToDelete) {
    throw refusal("eUICCMemoryReset", "", r);
  }
  if (ctx.options.json) {
    printJsonSuccess({{"resetResult", esim::codeLabel(r)}});
  } else {
    std::cout << (r == esim::EuiccMemoryResetResult::ok ? "Reset done.\n" : "Nothing to delete.\n");
  }
  return kExitOk;
}

int chipDefaultSmdp(AppContext &ctx, const std::string &address, bool clear) {
  if (address.empty() && !clear) {
    throw UsageError("chip defaultsmdp: give an address or --clear");
  }
  if (!address.empty() && clear) {
    throw UsageError("chip defaultsmdp: give an address or --clear, not both");
  }
  if (!clear) checkSmdpAddress(address, "address");
  esim::Euicc &euicc = ctx.card().euicc();
  esim::SetDefaultDpAddressResult r = euicc.setDefaultDpAddress(clear ? std::string() : address);
  if (r != esim::SetDefaultDpAddressResult::ok) throw refusal("SetDefaultDpAddress", address, r);
  if (ctx.options.json) {
    printJsonSuccess(
        {{"defaultDpAddress", clear ? nlohmann::json(nullptr) : nlohmann::json(address)},
         {"setDefaultDpAddressResult", esim::codeLabel(r)}});
  } else {
    std::cout << (clear ? "Cleared the default SM-DP+ address.\n"
                        : "Default SM-DP+ address is now " + terminalSafe(address) + ".\n");
  }
  return kExitOk;
}

} // namespace

void addChipCommands(const Registrar &r) {
  CLI::App *chip = r.app.add_subcommand("chip", "the eUICC itself");
  chip->require_subcommand(1);
  AppContext &ctx = r.ctx;
  r.on(chip->add_subcommand("info", "show the EID, versions, free memory and configured addresses"),
       [&ctx] { return chipInfo(ctx); });

  auto reset = std::make_shared<ResetOptions>();
  CLI::App *resetCmd = chip->add_subcommand(
      "reset", "eUICC memory reset: delete profiles and/or the default SM-DP+");
  resetCmd->add_flag("--operational-profiles", reset->operational,
                     "delete all operational profiles");
  resetCmd->add_flag("--test-profiles", reset->test, "delete all field-loaded test profiles");
  resetCmd->add_flag("--default-smdp", reset->defaultSmdp, "clear the default SM-DP+ address");
  resetCmd->add_flag("--yes,-y", reset->yes, "do not ask for confirmation");
  r.on(resetCmd, [&ctx, reset] { return chipReset(ctx, *reset); });

  auto address = std::make_shared<std::string>();
  auto clear = std::make_shared<bool>(false);
  CLI::App *dp = chip->add_subcommand("defaultsmdp", "set or clear the default SM-DP+ address");
  dp->add_option("address", *address, "FQDN of the SM-DP+");
  dp->add_flag("--clear", *clear, "remove the default SM-DP+ address");
  r.on(dp, [&ctx, address, clear] { return chipDefaultSmdp(ctx, *address, *clear); });
}

} // namespace esimctl
