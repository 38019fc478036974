// What `esimctl profile download` shows: the offer the user consents to (on
// stdout, like remove's plan), and the progress of the download on stderr
// (a bar on a terminal, plain lines in a log).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "esim/profile_download.hpp"

namespace esimctl {

// DownloadPrinter prints a download's progress and offer.
class DownloadPrinter {
public:
  // DownloadPrinter prints nothing but the offer's JSON when |json|.
  explicit DownloadPrinter(bool json);

  // progress reports |stage| (and for loading, bytes |done| of |total|).
  void progress(esim::DownloadStage stage, std::size_t done, std::size_t total,
                const std::string &smdpAddress);
  // offer shows what the SM-DP+ offers and who will be told of what.
  void offer(const esim::DownloadOffer &offer);
  // offerJson returns the last offer's metadata as JSON (null before one).
  const nlohmann::json &offerJson() const noexcept { return offerJson_; }
  // finishLine ends a progress bar's line so that the next output starts
  // on its own.
  void finishLine();

private:
  bool json_;
  bool bar_;
  bool barOpen_ = false;
  int lastPercent_ = -1;
  nlohmann::json offerJson_;
};

// metadataJson describes profile metadata for --json.
nlohmann::json metadataJson(const esim::ProfileMetadata &metadata);

} // namespace esimctl
