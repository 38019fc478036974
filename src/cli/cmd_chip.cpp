// esimctl chip info: what the eUICC says about itself.
#include <iostream>

#include "commands.hpp"
#include "json_model.hpp"
#include "output.hpp"

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

int chipInfo(AppContext &ctx) {
  CardConnection &card = ctx.card();
  esim::Euicc &euicc = card.euicc();
  std::string eid = euicc.getEid();
  esim::EUICCInfo2 info2 = euicc.getEuiccInfo2();
  esim::EuiccConfiguredAddresses addresses = euicc.getEuiccConfiguredAddresses();

  if (ctx.options.json) {
    printJsonSuccess({{"eid", eid},
                      {"source", card.description()},
                      {"isdrAid", esim::toHex(card.isdrAid())},
                      {"euiccInfo2", toJson(info2)},
                      {"configuredAddresses", toJson(addresses)}});
    return kExitOk;
  }
  const auto &res = info2.extCardResourceDecoded;
  auto field = [](const char *name, const std::string &value) {
    std::cout << name << std::string(24 - std::string_view(name).size(), ' ') << value << '\n';
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
  return kExitOk;
}

} // namespace

void addChipCommands(const Registrar &r) {
  CLI::App *chip = r.app.add_subcommand("chip", "the eUICC itself");
  chip->require_subcommand(1);
  AppContext &ctx = r.ctx;
  r.on(chip->add_subcommand("info", "show the EID, versions, free memory and configured addresses"),
       [&ctx] { return chipInfo(ctx); });
}

} // namespace esimctl
