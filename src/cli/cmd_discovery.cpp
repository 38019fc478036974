// esimctl profile discovery: ask an SM-DS (by default the eUICC's
// rootDsAddress) which profiles wait for this eUICC, list the events
// (eventId, SM-DP+ address) and, with --download, install one of them the
// way `profile download` does (same offer, question, receipt and report),
// with its eventId as the MatchingID.
#include <iostream>

#include "activation_qr.hpp"
#include "commands.hpp"
#include "discovery_output.hpp"
#include "download_run.hpp"
#include "esim/event_discovery.hpp"
#include "output.hpp"
#include "validate.hpp"

namespace esimctl {

namespace {

struct DiscoveryOptions {
  std::string smds;
  bool smdsGiven = false;
  std::string imei;
  bool download = false;
  std::string event;
  bool eventGiven = false;
  std::shared_ptr<DownloadChoices> choices = std::make_shared<DownloadChoices>();
};

// checkOptions runs every check that needs no card; returns the DeviceInfo.
esim::DeviceInfo checkOptions(const DiscoveryOptions &o) {
  if (o.smdsGiven) checkSmdpAddress(o.smds, "--smds");
  const DownloadChoices &c = *o.choices;
  if (!o.download) {
    const char *needsDownload = o.eventGiven                      ? "--event"
                                : c.yes                           ? "--yes"
                                : c.preview                       ? "--preview"
                                : c.enable                        ? "--enable"
                                : c.nicknameGiven                 ? "--nickname"
                                : c.noReport                      ? "--no-report"
                                : !c.receiptDir.empty()           ? "--receipt-dir"
                                : !c.confirmationCodeFile.empty() ? "--confirmation-code-file"
                                                                  : nullptr;
    if (needsDownload) {
      throw UsageError(std::string("profile discovery: ") + needsDownload + " needs --download",
                       "add --download to install a profile the SM-DS lists");
    }
  }
  if (o.eventGiven && o.event.empty()) {
    throw UsageError("profile discovery: --event is empty",
                     "give an eventId as `esimctl profile discovery` lists it");
  }
  checkDownloadChoices(c);
  try {
    return esim::deviceInfoFromImei(o.imei);
  } catch (const esim::Error &e) {
    throw UsageError(std::string("--imei: ") + e.what(), e.hint());
  }
}

// smdsOf returns --smds, or the eUICC's rootDsAddress; none is a usage error.
std::string smdsOf(const DiscoveryOptions &o, esim::Euicc &euicc) {
  if (o.smdsGiven) return o.smds;
  std::string root = euicc.getEuiccConfiguredAddresses().rootDsAddress;
  if (root.empty()) {
    throw UsageError("profile discovery: no --smds given, and the eUICC has no root SM-DS address",
                     "give the SM-DS with --smds HOST (e.g. --smds lpa.ds.gsma.com)");
  }
  return root;
}

int profileDiscovery(AppContext &ctx, const DiscoveryOptions &o) {
  esim::DiscoveryOrder order;
  order.deviceInfo = checkOptions(o);
  esim::Es11Client &es11 = ctx.es11(); // its options are checked before the card is opened
  esim::Euicc &euicc = ctx.card().euicc();
  order.smdsAddress = smdsOf(o, euicc);
  const bool text = !ctx.options.json;
  if (text) {
    std::cout << "Asking the SM-DS " << terminalSafe(order.smdsAddress)
              << " for profiles waiting for this eUICC\n";
  }
  const esim::DiscoveryOutcome found = esim::discoverEvents(euicc, es11, order);

  nlohmann::json data = discoveryJson(found);
  if (text) {
    if (found.eventEntries.empty()) {
      std::cout << "No profile is waiting at " << terminalSafe(found.smdsAddress)
                << (o.download ? ": nothing to download.\n" : ".\n");
    } else {
      printEvents(std::cout, found);
    }
  }
  if (!o.download || found.eventEntries.empty()) {
    if (!text) printJsonSuccess(data);
    return kExitOk;
  }

  const esim::EventEntry &event =
      chooseEvent(found, o.eventGiven ? std::optional<std::string>(o.event) : std::nullopt);
  if (text) {
    // The eventId is this order's MatchingID: masked, as profile download
    // masks the one it shows.
    std::cout << "Event " << terminalSafe(esim::qr::maskMatchingId(event.eventId)) << " from SM-DS "
              << terminalSafe(found.smdsAddress) << ": downloading from SM-DP+ "
              << terminalSafe(event.rspServerAddress) << "\n";
  }
  esim::DownloadOrder download;
  download.smdpAddress = event.rspServerAddress;
  download.matchingId = esim::SecretString(event.eventId);
  download.deviceInfo = order.deviceInfo;
  DownloadRun run = runDownload(ctx, *o.choices, download, [](nlohmann::json &) {});
  data["download"] = run.data;
  if (!text) printJsonSuccess(data);
  return run.exitCode;
}

} // namespace

void addDiscoveryCommand(CLI::App *profile, const Registrar &r) {
  AppContext &ctx = r.ctx;
  auto o = std::make_shared<DiscoveryOptions>();
  CLI::App *cmd = profile->add_subcommand(
      "discovery", "ask an SM-DS (default: the eUICC's root SM-DS) which profiles wait for this "
                   "eUICC; with --download, install one (shows it, asks first)");
  cmd->add_option("--smds", o->smds,
                  "SM-DS address HOST[:PORT] (default: the eUICC's rootDsAddress)")
      ->each([o](const std::string &) { o->smdsGiven = true; });
  cmd->add_option("--imei", o->imei, "the device's IMEI (its TAC goes to the SM-DS)");
  cmd->add_flag("--download", o->download,
                "download and install the waiting profile, as `profile download` does");
  cmd->add_option("--event", o->event,
                  "with --download: the eventId to install when several are waiting")
      ->each([o](const std::string &) { o->eventGiven = true; });
  addDownloadChoiceOptions(cmd, o->choices);
  r.on(cmd, [&ctx, o] { return profileDiscovery(ctx, *o); });
}

} // namespace esimctl
