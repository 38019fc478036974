// esimctl profile download: install a profile from its activation code (the
// text of the operator's QR code, typed or read from its image with --qr),
// from --smdp/--matching-id, or with neither from the eUICC's default SM-DP+
// (an empty MatchingID: the order the operator pushed to the EID), showing
// the profile and asking before anything is bound to this eUICC, then
// reporting the install notification to the SM-DP+ at once.
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "activation_qr.hpp"
#include "commands.hpp"
#include "download_output.hpp"
#include "esim/activation_code.hpp"
#include "esim/profile_deletion.hpp"
#include "esim/profile_download.hpp"
#include "esim/receipt.hpp"
#include "json_model.hpp"
#include "output.hpp"
#include "prompt.hpp"
#include "report.hpp"
#include "result_errors.hpp"
#include "validate.hpp"

namespace esimctl {

namespace {

struct DownloadOptions {
  std::string activationCode;
  std::string qrFile;
  std::string smdp;
  std::string matchingId;
  std::string imei;
  std::string confirmationCodeFile;
  std::string nickname;
  bool nicknameGiven = false;
  bool yes = false;
  bool preview = false;
  bool enable = false;
  bool noReport = false;
  std::string receiptDir;
};

std::string readLine(std::istream &in) {
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
    line.pop_back();
  return line;
}

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
    if (text == "-") text = readLine(std::cin);
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
  if (o.nicknameGiven) checkNickname(o.nickname, "--nickname");
  if (o.preview && (o.yes || o.enable || o.nicknameGiven)) {
    throw UsageError("--preview installs nothing: it excludes --yes, --enable and --nickname");
  }
  return order;
}

// askHidden reads a line from the terminal without echo.
esim::SecretString askHidden(const std::string &prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  const bool tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line = readLine(std::cin);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  esim::SecretString code(line);
  esim::wipe(line);
  return code;
}

// confirmationCodeSource says where the code comes from: a file, the
// terminal (no echo), or standard input when it is not a terminal and not
// already used for the activation code. Never the command line: other users
// see argv.
std::function<std::optional<esim::SecretString>()>
confirmationCodeSource(const DownloadOptions &o) {
  return [o]() -> std::optional<esim::SecretString> {
    if (!o.confirmationCodeFile.empty()) {
      std::ifstream in(o.confirmationCodeFile);
      if (!in) {
        throw esim::Error(esim::Errc::ioError,
                          "cannot read --confirmation-code-file " + o.confirmationCodeFile,
                          "check the path and its permissions");
      }
      std::string line = readLine(in);
      esim::SecretString code(line);
      esim::wipe(line);
      return code;
    }
    if (::isatty(STDIN_FILENO)) return askHidden("Confirmation code (from your operator): ");
    if (o.activationCode == "-" || o.qrFile == "-") return std::nullopt;
    std::string line = readLine(std::cin);
    esim::SecretString code(line);
    esim::wipe(line);
    return code;
  };
}

// enableInstalled enables the new profile (--enable) and reports the
// notifications that queued, as `profile enable` does; |rc| becomes 4 when
// one is left on the eUICC.
nlohmann::json enableInstalled(AppContext &ctx, const std::string &iccid, bool noReport, int &rc) {
  esim::Euicc &euicc = ctx.card().euicc();
  std::vector<esim::NotificationMetadata> before = euicc.listNotification();
  esim::EnableProfileResult r = euicc.enableProfile(esim::Iccid{iccid}, false);
  if (r != esim::EnableProfileResult::ok) throw refusal("EnableProfile", iccid, r);
  std::vector<esim::NotificationMetadata> fresh =
      esim::newNotificationsSince(before, euicc.listNotification());
  if (!ctx.options.json) std::cout << "Enabled " << terminalSafe(iccid) << ".\n";
  nlohmann::json out = {{"enableResult", esim::codeLabel(r)}};
  if (noReport || fresh.empty()) return out;
  std::vector<esim::NotificationDelivery> deliveries = reportNotifications(ctx, fresh);
  nlohmann::json reports = nlohmann::json::array();
  for (const auto &d : deliveries)
    reports.push_back(deliveryJson(d));
  out["reports"] = reports;
  if (!allDelivered(deliveries)) rc = kExitIncomplete;
  return out;
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
  std::filesystem::path receiptDir =
      o.receiptDir.empty() ? esim::defaultReceiptDir() : std::filesystem::path(o.receiptDir);
  esim::Es9pClient &es9p = ctx.es9p();
  esim::Euicc &euicc = ctx.card().euicc();
  if (source.defaultDp) useDefaultDp(ctx, euicc, order);

  DownloadPrinter printer(ctx.options.json);
  esim::DownloadCallbacks cb;
  cb.progress = [&](esim::DownloadStage stage, std::size_t done, std::size_t total) {
    printer.progress(stage, done, total, order.smdpAddress);
  };
  std::optional<esim::Error> declined;
  cb.consent = [&](const esim::DownloadOffer &offer) {
    printer.offer(offer);
    if (o.preview) return esim::Consent::postponed;
    try {
      confirm("Install " + offer.profileMetadata.iccid + " (" +
                  offer.profileMetadata.serviceProviderName + ") on this eUICC?",
              o.yes, "--yes");
    } catch (const esim::Error &e) {
      declined = e;
      return esim::Consent::rejected;
    }
    return esim::Consent::accepted;
  };
  cb.confirmationCode = confirmationCodeSource(o);

  esim::DownloadOptions options;
  options.report = !o.noReport;
  options.receiptDir = receiptDir;
  options.eid = euicc.getEid();
  esim::DownloadOutcome out;
  try {
    out = esim::downloadProfile(euicc, es9p, order, cb, options);
  } catch (const esim::Error &e) {
    printer.finishLine();
    if (o.preview && e.code() == esim::Errc::aborted) {
      if (ctx.options.json) {
        nlohmann::json data = {{"preview", true}, {"profileMetadata", printer.offerJson()}};
        addSource(data, source, order, o);
        printJsonSuccess(data);
      } else {
        std::cout
            << "Preview only: nothing was installed; the session was cancelled (postponed).\n";
      }
      return kExitOk;
    }
    if (declined) throw *declined;
    throw;
  }
  printer.finishLine();
  nlohmann::json data = {{"iccid", out.iccid},
                         {"isdpAid", esim::toHex(out.isdpAid)},
                         {"profileMetadata", printer.offerJson()},
                         {"receipt", out.receiptPath.string()}};
  if (out.seqNumber) data["seqNumber"] = *out.seqNumber;
  addSource(data, source, order, o);
  int rc = kExitOk;
  if (out.delivery) {
    data["notification"] = deliveryJson(*out.delivery);
    if (!out.delivery->delivered) rc = kExitIncomplete;
  }
  if (!ctx.options.json) {
    std::cout << "Installed " << terminalSafe(out.iccid) << " (ISD-P " << esim::toHex(out.isdpAid)
              << ").\n";
    if (out.delivery) deliveryPrinter()(*out.delivery);
    if (o.noReport && out.seqNumber)
      std::cout << "Not reported (--no-report): the install notification #" << *out.seqNumber
                << " stays on the eUICC; send it with `esimctl notification process "
                << *out.seqNumber << "`.\n";
  }
  if (o.nicknameGiven) {
    esim::SetNicknameResult r = euicc.setNickname(out.iccid, o.nickname);
    if (r != esim::SetNicknameResult::ok) throw refusal("SetNickname", out.iccid, r);
    data["profileNickname"] = o.nickname;
  }
  if (o.enable) {
    data["enable"] = enableInstalled(ctx, out.iccid, o.noReport, rc);
  }
  if (ctx.options.json) printJsonSuccess(data);
  return rc;
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
  cmd->add_option("--confirmation-code-file", o->confirmationCodeFile,
                  "read the confirmation code from this file (else it is asked for, without echo)");
  cmd->add_flag("--yes,-y", o->yes, "do not ask for confirmation");
  cmd->add_flag("--preview", o->preview,
                "show the profile the SM-DP+ offers, then cancel (reason: postponed)");
  cmd->add_flag("--enable", o->enable, "enable the profile once it is installed");
  cmd->add_option("--nickname", o->nickname, "set this nickname once it is installed")
      ->each([o](const std::string &) { o->nicknameGiven = true; });
  cmd->add_flag("--no-report", o->noReport,
                "leave the install notification on the eUICC instead of sending it now");
  cmd->add_option("--receipt-dir", o->receiptDir,
                  "where the install receipt goes (default: $XDG_STATE_HOME/esimctl/receipts)");
  r.on(cmd, [&ctx, o] { return profileDownload(ctx, *o); });
}

} // namespace esimctl
