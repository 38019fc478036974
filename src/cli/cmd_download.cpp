// esimctl profile download: install a profile from its activation code (the
// text of the operator's QR code, typed or read from its image with --qr),
// from --smdp/--matching-id, or with neither from the eUICC's default SM-DP+
// (an empty MatchingID: the order the operator pushed to the EID), showing
// the profile and asking before anything is bound to this eUICC, then
// reporting the install notification to the SM-DP+ at once.
#include <iostream>

#include "activation_qr.hpp"
#include "commands.hpp"
#include "download_run.hpp"
#include "esim/activation_code.hpp"
#include "esim/profile_download.hpp"
#include "output.hpp"
#include "validate.hpp"

namespace esimctl {

namespace {

struct DownloadOptions {
  std::string activationCode;
  std::string qrFile;
  std::string smdp;
  std::string matchingId;
  std::string imei;
  std::shared_ptr<DownloadChoices> choices = std::make_shared<DownloadChoices>();
};

// OrderSource says where the order came from, for what is shown.
struct OrderSource {
  std::string qrShown;    // --qr: the code read, MatchingID masked
  bool defaultDp = false; // neither code nor --smdp: the eUICC's default SM-DP+
};

// fromQr reads the activation code in the --qr image; the image's faults
// are usage errors (exit 2), an unreadable file an io-error.
esim::ActivationCode fromQr(const std::string &path, OrderSource &source) {
  try {
    esim::qr::QrActivationCode qr = esim::qr::activationCodeFromQrFile(path);
    source.qrShown = qr.shown;
    return std::move(qr.code);
  } catch (const esim::Error &e) {
    if (e.code() == esim::Errc::invalidArgument) throw UsageError(e.what(), e.hint());
    throw;
  }
}

// orderOf turns the command line into a download order; every check runs
// before the card is opened (the --qr image is decoded here too). With no
// code at all, the order's smdpAddress stays empty: the card's default
// SM-DP+ fills it in (defaultDpOrder).
esim::DownloadOrder orderOf(const DownloadOptions &o, OrderSource &source) {
  esim::DownloadOrder order;
  const int given = static_cast<int>(!o.activationCode.empty()) +
                    static_cast<int>(!o.qrFile.empty()) + static_cast<int>(!o.smdp.empty());
  if (given > 1) {
    throw UsageError("profile download: give one of an activation code, --qr or --smdp");
  }
  if (given == 0 && !o.matchingId.empty()) {
    throw UsageError("profile download: --matching-id needs --smdp");
  }
  if (given == 0) {
    source.defaultDp = true;
  } else if (!o.smdp.empty()) {
    checkSmdpAddress(o.smdp, "--smdp");
    order.smdpAddress = o.smdp;
    // The same rules as inside an activation code.
    esim::ActivationCode ac = [&] {
      try {
        return esim::parseActivationCode("1$" + o.smdp + "$" + o.matchingId);
      } catch (const esim::Error &e) {
        throw UsageError(std::string("--matching-id: ") + e.what());
      }
    }();
    order.matchingId = std::move(ac.matchingId);
  } else if (!o.qrFile.empty()) {
    esim::ActivationCode ac = fromQr(o.qrFile, source);
    order.smdpAddress = ac.smdpAddress;
    order.matchingId = std::move(ac.matchingId);
    order.smdpOid = ac.smdpOid;
    order.confirmationCodeRequired = ac.confirmationCodeRequired;
  } else {
    std::string text = o.activationCode;
    if (text == "-") text = readInputLine(std::cin);
    try {
      esim::ActivationCode ac = esim::parseActivationCode(text);
      order.smdpAddress = ac.smdpAddress;
      order.matchingId = std::move(ac.matchingId);
      order.smdpOid = ac.smdpOid;
      order.confirmationCodeRequired = ac.confirmationCodeRequired;
    } catch (const esim::Error &e) {
      esim::wipe(text);
      throw UsageError(std::string("activation code: ") + e.what(), e.hint());
    }
    esim::wipe(text);
  }
  try {
    order.deviceInfo = esim::deviceInfoFromImei(o.imei);
  } catch (const esim::Error &e) {
    throw UsageError(std::string("--imei: ") + e.what(), e.hint());
  }
  checkDownloadChoices(*o.choices);
  return order;
}

// useDefaultDp points |order| at the eUICC's default SM-DP+ with an empty
// MatchingID (SGP.22 3.1.3.1: the SM-DP+ then looks for an order pending
// for the EID), and says so before the server is contacted. No address set:
// a usage error, before any network.
void useDefaultDp(AppContext &ctx, esim::Euicc &euicc, esim::DownloadOrder &order) {
  std::optional<std::string> address = euicc.getEuiccConfiguredAddresses().defaultDpAddress;
  if (!address || address->empty()) {
    throw UsageError("profile download: no activation code given, and the eUICC has no default "
                     "SM-DP+ address",
                     "give the activation code (LPA:1$...), --qr IMAGE or --smdp HOST "
                     "--matching-id ID; or set a default with `esimctl chip defaultsmdp HOST`");
  }
  order.smdpAddress = *address;
  order.matchingId = esim::SecretString();
  if (!ctx.options.json) {
    std::cerr << "No activation code: asking the eUICC's default SM-DP+ "
              << terminalSafe(order.smdpAddress)
              << " for a profile ordered for this EID (empty MatchingID).\n";
  }
}

// addSource records in --json output where the order came from: the
// --qr image's code (masked), or the default SM-DP+ used.
void addSource(nlohmann::json &data, const OrderSource &source, const esim::DownloadOrder &order,
               const DownloadOptions &o) {
  if (!source.qrShown.empty())
    data["qr"] = {{"file", o.qrFile}, {"activationCode", source.qrShown}};
  if (source.defaultDp) data["defaultDpAddress"] = order.smdpAddress;
}

int profileDownload(AppContext &ctx, const DownloadOptions &o) {
  OrderSource source;
  esim::DownloadOrder order = orderOf(o, source);
  if (!source.qrShown.empty() && !ctx.options.json) {
    std::cerr << "Read from " << terminalSafe(o.qrFile) << ": " << terminalSafe(source.qrShown)
              << "\n";
  }
  DownloadChoices choices = *o.choices;
  choices.stdinTaken = o.activationCode == "-" || o.qrFile == "-";
  (void)ctx.es9p(); // its options are checked before the card is opened
  if (source.defaultDp) useDefaultDp(ctx, ctx.card().euicc(), order);
  DownloadRun run = runDownload(ctx, choices, order,
                                [&](nlohmann::json &data) { addSource(data, source, order, o); });
  if (ctx.options.json) printJsonSuccess(run.data);
  return run.exitCode;
}

} // namespace

void addDownloadCommand(CLI::App *profile, const Registrar &r) {
  AppContext &ctx = r.ctx;
  auto o = std::make_shared<DownloadOptions>();
  CLI::App *cmd = profile->add_subcommand(
      "download",
      "download and install a profile from its activation code, its QR code image, or the "
      "eUICC's default SM-DP+ (shows it, asks first)");
  cmd->add_option("activation-code", o->activationCode,
                  "LPA:1$SM-DP+$MatchingID[$OID[$1]] as the operator sent it, or - to read it "
                  "from standard input (quote it: $ is special to the shell)");
  cmd->add_option("--qr", o->qrFile,
                  "read the activation code from this QR code image (PNG or JPEG; - for "
                  "standard input)");
  cmd->add_option("--smdp", o->smdp, "SM-DP+ address, instead of an activation code");
  cmd->add_option("--matching-id", o->matchingId, "with --smdp: the MatchingID of the order");
  cmd->add_option("--imei", o->imei, "the device's IMEI (its TAC goes to the SM-DP+)");
  addDownloadChoiceOptions(cmd, o->choices);
  r.on(cmd, [&ctx, o] { return profileDownload(ctx, *o); });
}

} // namespace esimctl
