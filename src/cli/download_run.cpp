// The download both `profile download` and `profile discovery --download`
// run: consent, confirmation code, receipt, report, --enable/--nickname.
#include "download_run.hpp"

#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "download_output.hpp"
#include "esim/profile_deletion.hpp"
#include "esim/receipt.hpp"
#include "json_model.hpp"
#include "output.hpp"
#include "prompt.hpp"
#include "report.hpp"
#include "result_errors.hpp"
#include "stop_signals.hpp"
#include "validate.hpp"

namespace esimctl {

namespace {

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
  std::string line = readInputLine(std::cin);
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
confirmationCodeSource(const DownloadChoices &c) {
  return [c]() -> std::optional<esim::SecretString> {
    if (!c.confirmationCodeFile.empty()) {
      std::ifstream in(c.confirmationCodeFile);
      if (!in) {
        throw esim::Error(esim::Errc::ioError,
                          "cannot read --confirmation-code-file " + c.confirmationCodeFile,
                          "check the path and its permissions");
      }
      std::string line = readInputLine(in);
      esim::SecretString code(line);
      esim::wipe(line);
      return code;
    }
    if (::isatty(STDIN_FILENO)) return askHidden("Confirmation code (from your operator): ");
    if (c.stdinTaken) return std::nullopt;
    std::string line = readInputLine(std::cin);
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

} // namespace

std::string readInputLine(std::istream &in) {
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
    line.pop_back();
  return line;
}

void addDownloadChoiceOptions(CLI::App *cmd, const std::shared_ptr<DownloadChoices> &c) {
  cmd->add_option("--confirmation-code-file", c->confirmationCodeFile,
                  "read the confirmation code from this file (else it is asked for, without echo)");
  cmd->add_flag("--yes,-y", c->yes, "do not ask for confirmation");
  cmd->add_flag("--preview", c->preview,
                "show the profile the SM-DP+ offers, then cancel (reason: postponed)");
  cmd->add_flag("--enable", c->enable, "enable the profile once it is installed");
  cmd->add_option("--nickname", c->nickname, "set this nickname once it is installed")
      ->each([c](const std::string &) { c->nicknameGiven = true; });
  cmd->add_flag("--no-report", c->noReport,
                "leave the install notification on the eUICC instead of sending it now");
  cmd->add_option("--receipt-dir", c->receiptDir,
                  "where the install receipt goes (default: $XDG_STATE_HOME/esimctl/receipts)");
}

void checkDownloadChoices(const DownloadChoices &c) {
  if (c.nicknameGiven) checkNickname(c.nickname, "--nickname");
  if (c.preview && (c.yes || c.enable || c.nicknameGiven)) {
    throw UsageError("--preview installs nothing: it excludes --yes, --enable and --nickname");
  }
}

DownloadRun runDownload(AppContext &ctx, const DownloadChoices &c, const esim::DownloadOrder &order,
                        const std::function<void(nlohmann::json &)> &addSource) {
  std::filesystem::path receiptDir =
      c.receiptDir.empty() ? esim::defaultReceiptDir() : std::filesystem::path(c.receiptDir);
  esim::Es9pClient &es9p = ctx.es9p();
  esim::Euicc &euicc = ctx.card().euicc();

  DownloadPrinter printer(ctx.options.json);
  esim::DownloadCallbacks cb;
  cb.progress = [&](esim::DownloadStage stage, std::size_t done, std::size_t total) {
    printer.progress(stage, done, total, order.smdpAddress);
  };
  std::optional<esim::Error> declined;
  // From the user's yes on, SIGINT and SIGTERM stop the download between two
  // steps, as they stop a removal: before the load, the session ends on the
  // eUICC and at the SM-DP+ (CancelSession); once the load has begun, the
  // eUICC finishes it and the install is still reported, so that the card,
  // the receipt and the SM-DP+ agree. A second signal ends the process at
  // once. Before the yes nothing is bound to this eUICC: a signal ends the
  // process as it always does.
  std::optional<StopSignals> signals;
  cb.cancelled = [&signals] { return signals.has_value() && StopSignals::requested(); };
  cb.consent = [&](const esim::DownloadOffer &offer) {
    printer.offer(offer);
    if (c.preview) return esim::Consent::postponed;
    try {
      confirm("Install " + offer.profileMetadata.iccid + " (" +
                  offer.profileMetadata.serviceProviderName + ") on this eUICC?",
              c.yes, "--yes");
    } catch (const esim::Error &e) {
      declined = e;
      return esim::Consent::rejected;
    }
    signals.emplace();
    return esim::Consent::accepted;
  };
  cb.confirmationCode = confirmationCodeSource(c);

  esim::DownloadOptions options;
  options.report = !c.noReport;
  options.receiptDir = receiptDir;
  options.eid = euicc.getEid();
  esim::DownloadOutcome out;
  DownloadRun run;
  try {
    out = esim::downloadProfile(euicc, es9p, order, cb, options);
  } catch (const esim::Error &e) {
    printer.finishLine();
    if (c.preview && e.code() == esim::Errc::aborted) {
      run.data = {{"preview", true}, {"profileMetadata", printer.offerJson()}};
      addSource(run.data);
      if (!ctx.options.json) {
        std::cout
            << "Preview only: nothing was installed; the session was cancelled (postponed).\n";
      }
      return run;
    }
    if (declined) throw *declined;
    if (signals && StopSignals::requested() && e.code() == esim::Errc::aborted) {
      throw esim::Error(esim::Errc::aborted,
                        std::string("stopped by ") + StopSignals::signalName() + ": " + e.what(),
                        e.hint());
    }
    throw;
  }
  printer.finishLine();
  run.data = {{"iccid", out.iccid},
              {"isdpAid", esim::toHex(out.isdpAid)},
              {"profileMetadata", printer.offerJson()},
              {"receipt", out.receiptPath.string()}};
  if (out.seqNumber) run.data["seqNumber"] = *out.seqNumber;
  addSource(run.data);
  if (out.delivery) {
    run.data["notification"] = deliveryJson(*out.delivery);
    if (!out.delivery->delivered) run.exitCode = kExitIncomplete;
  }
  if (!ctx.options.json) {
    std::cout << "Installed " << terminalSafe(out.iccid) << " (ISD-P " << esim::toHex(out.isdpAid)
              << ").\n";
    if (out.delivery) deliveryPrinter()(*out.delivery);
    if (c.noReport && out.seqNumber)
      std::cout << "Not reported (--no-report): the install notification #" << *out.seqNumber
                << " stays on the eUICC; send it with `esimctl notification process "
                << *out.seqNumber << "`.\n";
  }
  if (signals && StopSignals::requested() && (c.nicknameGiven || c.enable)) {
    // The signal came during the load: it finished and was reported, but
    // nothing more is done.
    run.data["stoppedBy"] = StopSignals::signalName();
    run.exitCode = kExitIncomplete;
    if (!ctx.options.json) {
      std::cout << "Stopped by " << StopSignals::signalName()
                << " during the load: the profile is installed and reported; --enable and "
                   "--nickname were not done.\n";
    }
    return run;
  }
  if (c.nicknameGiven) {
    esim::SetNicknameResult r = euicc.setNickname(out.iccid, c.nickname);
    if (r != esim::SetNicknameResult::ok) throw refusal("SetNickname", out.iccid, r);
    run.data["profileNickname"] = c.nickname;
  }
  if (c.enable) {
    run.data["enable"] = enableInstalled(ctx, out.iccid, c.noReport, run.exitCode);
  }
  return run;
}

} // namespace esimctl
