// cpp-download-profile: downloads and installs a profile from its
// activation code into the eUICC of a PC/SC reader with esim::downloadProfile,
// the way a device maker's own program would.
//
//   cpp-download-profile [--reader NAME] [--ca-file PEM] [--resolve HOST:PORT:ADDR]
//                        [--yes] ACTIVATION_CODE
//
// Shows the SM-DP+'s offer and asks before anything is bound to the eUICC
// (--yes accepts it), asks for a confirmation code on standard input if the
// SM-DP+ wants one, and prints "installed <ICCID>", "isdpAid <hex>",
// "seqNumber <n>" and "notification delivered|kept". Exit status 0 on
// success; 1 with "error <id>: <message>" and a hint on stderr on any
// failure; 2 for a bad command line; 3 when declined.
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "esim/activation_code.hpp"
#include "esim/error.hpp"
#include "esim/es9p.hpp"
#include "esim/euicc.hpp"
#include "esim/http.hpp"
#include "esim/isdr_session.hpp"
#include "esim/pcsc_transport.hpp"
#include "esim/profile_download.hpp"
#include "esim/secret_string.hpp"

namespace {

struct Args {
  esim::ReaderSelector reader;
  esim::CurlHttpClientOptions http;
  bool yes = false;
  std::string code;
};

int usage(const char *why) {
  if (why != nullptr) std::fprintf(stderr, "cpp-download-profile: %s\n", why);
  std::fprintf(stderr, "usage: cpp-download-profile [--reader NAME] [--ca-file PEM] "
                       "[--resolve HOST:PORT:ADDR] [--yes] ACTIVATION_CODE\n");
  return why != nullptr ? 2 : 0;
}

// parse fills |args|; returns an exit code when the program should stop.
std::optional<int> parse(int argc, char **argv, Args &args) {
  const std::vector<std::string> a(argv + 1, argv + argc);
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool hasValue = i + 1 < a.size();
    if (a[i] == "--help") return usage(nullptr);
    if (a[i] == "--yes")
      args.yes = true;
    else if (a[i] == "--reader" && hasValue)
      args.reader.name = a[++i];
    else if (a[i] == "--ca-file" && hasValue)
      args.http.caFile = a[++i];
    else if (a[i] == "--resolve" && hasValue)
      args.http.resolve.push_back(a[++i]);
    else if (a[i].starts_with("-"))
      return usage("unknown option or missing value");
    else if (args.code.empty())
      args.code = a[i];
    else
      return usage("one activation code only");
  }
  if (args.code.empty()) return usage("no activation code");
  return std::nullopt;
}

} // namespace

int main(int argc, char **argv) {
  Args args;
  if (std::optional<int> stop = parse(argc, argv, args)) return *stop;
  try {
    // Checked before the card is touched: a typo costs no APDU.
    const esim::ActivationCode ac = esim::parseActivationCode(args.code);
    esim::wipe(args.code);

    auto card = esim::PcscTransport::open(args.reader);
    esim::IsdrSession session(*card);
    esim::Euicc euicc(session);
    // ES9+ over HTTPS: libcurl with retries; a device maker with its own
    // HTTP stack implements esim::HttpClient instead.
    esim::CurlHttpClient curl(args.http);
    esim::RetryingHttpClient http(curl, {});
    esim::Es9pClient es9p(http, {});

    esim::DownloadOrder order{ac.smdpAddress, ac.matchingId, ac.smdpOid,
                              ac.confirmationCodeRequired, esim::deviceInfoFromImei({})};
    esim::DownloadCallbacks cb;
    cb.progress = [](esim::DownloadStage stage, std::size_t done, std::size_t total) {
      if (stage != esim::DownloadStage::loading)
        std::fprintf(stderr, "%s...\n", esim::downloadStageName(stage));
      else if (done == 0 || done == total)
        std::fprintf(stderr, "loading %zu/%zu bytes\n", done, total);
    };
    // Consent comes before PrepareDownload: a "no" binds nothing to the card.
    cb.consent = [&](const esim::DownloadOffer &offer) {
      const esim::ProfileMetadata &m = offer.profileMetadata;
      std::printf("offer %s \"%s\" of \"%s\" from %s\n", m.iccid.c_str(), m.profileName.c_str(),
                  m.serviceProviderName.c_str(), offer.smdpAddress.c_str());
      std::fflush(stdout);
      if (args.yes) return esim::Consent::accepted;
      std::fprintf(stderr, "Install it? [y/N] ");
      std::string answer;
      std::getline(std::cin, answer);
      return answer.starts_with("y") || answer.starts_with("Y") ? esim::Consent::accepted
                                                                : esim::Consent::rejected;
    };
    cb.confirmationCode = []() -> std::optional<esim::SecretString> {
      std::fprintf(stderr, "Confirmation code: ");
      std::string line;
      if (!std::getline(std::cin, line) || line.empty()) return std::nullopt;
      return esim::SecretString(std::move(line)); // wipes |line|
    };

    const esim::DownloadOutcome out = esim::downloadProfile(euicc, es9p, order, cb, {});
    std::printf("installed %s\nisdpAid %s\nseqNumber %lld\n", out.iccid.c_str(),
                esim::toHex(out.isdpAid).c_str(),
                static_cast<long long>(out.seqNumber.value_or(-1)));
    // A report that failed is no failure of the download: the notification
    // stays on the eUICC for esim::processNotifications.
    if (out.delivery && out.delivery->removed)
      std::printf("notification delivered\n");
    else
      std::printf("notification kept (%s)\n",
                  out.delivery ? out.delivery->errorMessage.c_str() : "not sent");
    return 0;
  } catch (const esim::Error &e) {
    std::fprintf(stderr, "error %.*s: %s\nhint: %s\n", static_cast<int>(e.id().size()),
                 e.id().data(), e.what(), e.hint().c_str());
    return e.code() == esim::Errc::aborted ? 3 : 1;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  return 1;
}
