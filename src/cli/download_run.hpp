// One download as `profile download` and `profile discovery --download` run
// it: the options they share (consent, confirmation code, receipts,
// --preview, --enable, --nickname, --no-report), the offer shown and the
// question asked, the install notification reported, and the result in text
// or as the JSON `profile download --json` gives.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "app_context.hpp"
#include "esim/profile_download.hpp"

namespace esimctl {

// DownloadChoices are the options both commands share.
struct DownloadChoices {
  std::string confirmationCodeFile;
  std::string nickname;
  bool nicknameGiven = false;
  bool yes = false;
  bool preview = false;
  bool enable = false;
  bool noReport = false;
  std::string receiptDir;
  // stdinTaken: standard input carries the activation code (or the QR
  // image), so a confirmation code cannot be read from it.
  bool stdinTaken = false;
};

// readInputLine reads one line from |in| without its line end ("" at EOF).
std::string readInputLine(std::istream &in);

// addDownloadChoiceOptions adds the shared options to |cmd|, filling |c|.
void addDownloadChoiceOptions(CLI::App *cmd, const std::shared_ptr<DownloadChoices> &c);

// checkDownloadChoices throws UsageError for a bad --nickname and for
// --preview with --yes, --enable or --nickname.
void checkDownloadChoices(const DownloadChoices &c);

// DownloadRun is a download's result: the exit code and the JSON `data`
// of `profile download --json` (printed by the caller).
struct DownloadRun {
  int exitCode = 0;
  nlohmann::json data;
};

// runDownload downloads |order| from its SM-DP+ with the user's |c|hoices:
// progress on stderr, the offer and the question, then the result in text
// (unless --json); |addSource| adds to data where the order came from.
// --preview ends with data {"preview": true, "profileMetadata": ...}. Throws
// the download's errors (esim::Error; a declined question as the prompt's
// error).
DownloadRun runDownload(AppContext &ctx, const DownloadChoices &c, const esim::DownloadOrder &order,
                        const std::function<void(nlohmann::json &)> &addSource);

} // namespace esimctl
