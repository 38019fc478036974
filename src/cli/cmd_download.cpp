// esimctl profile download: install a profile from its activation code (the
// text of the operator's QR code) or from --smdp/--matching-id, showing the
// profile and asking before anything is bound to this eUICC, then reporting
// the install notification to the SM-DP+ at once.
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

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

// orderOf turns the command line into a download order; every check runs
// before the card is opened.
esim::DownloadOrder orderOf(const DownloadOptions &o) {
  esim::DownloadOrder order;
  if (!o.activationCode.empty() && !o.smdp.empty()) {
    throw UsageError("profile download: give an activation code or --smdp, not both");
  }
  if (o.activationCode.empty() && o.smdp.empty()) {
    throw UsageError("profile download: which profile?",
                     "give the activation code (LPA:1$...), - to read it from standard input, "
                     "or --smdp HOST --matching-id ID");
  }
  if (!o.smdp.empty()) {
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
    if (o.activationCode == "-") return std::nullopt;
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

int profileDownload(AppContext &ctx, const DownloadOptions &o) {
  esim::DownloadOrder order = orderOf(o);
  std::filesystem::path receiptDir =
      o.receiptDir.empty() ? esim::defaultReceiptDir() : std::filesystem::path(o.receiptDir);
  esim::Es9pClient &es9p = ctx.es9p();
  esim::Euicc &euicc = ctx.card().euicc();

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
        printJsonSuccess({{"preview", true}, {"profileMetadata", printer.offerJson()}});
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
      "download", "download and install a profile from its activation code (shows it, asks first)");
  cmd->add_option("activation-code", o->activationCode,
                  "LPA:1$SM-DP+$MatchingID[$OID[$1]] as the operator sent it, or - to read it "
                  "from standard input (quote it: $ is special to the shell)");
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
