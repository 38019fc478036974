// The state one esimctl invocation shares between its subcommands: global
// options, the output mode, and the connection to the eUICC (opened lazily,
// so `--help` and usage errors never touch the card).
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "esim/es11.hpp"
#include "esim/es9p.hpp"
#include "esim/euicc.hpp"
#include "esim/http.hpp"
#include "esim/isdr_session.hpp"
#include "esim/transport.hpp"

namespace esimctl {

// GlobalOptions are the options accepted before any subcommand.
struct GlobalOptions {
  std::optional<std::string> reader;   // --reader NAME (or index)
  std::optional<std::string> emulator; // --emulator STATE.json
  std::optional<std::string> aid;      // --aid HEX
  std::size_t mss = 255;               // --mss N
  bool trace = false;                  // --trace
  bool json = false;                   // --json
  // --emulator-fault SPEC (repeatable): euicc-emu's --fault, in-process.
  std::vector<std::string> emulatorFaults;
  // ES9+ (SM-DP+) connection options.
  std::string caFile;               // --ca-file PEM
  std::vector<std::string> resolve; // --resolve HOST:PORT:ADDR (repeatable)
  double timeoutSeconds = 30;       // --timeout
  bool noConnectionReuse = false;   // --no-connection-reuse (benchmarks)
};

// CardConnection is an open transport with a selected ISD-R.
class CardConnection {
public:
  virtual ~CardConnection() = default;
  // euicc returns the ES10 API of the connected card.
  virtual esim::Euicc &euicc() = 0;
  // description says where the card is ("reader 'Virtual PCD 00 00'").
  virtual std::string description() const = 0;
  // isdrAid returns the AID of the ISD-R in use.
  virtual const esim::Bytes &isdrAid() const = 0;
};

// AppContext is created once in main and passed to every command.
class AppContext {
public:
  GlobalOptions options;

  // card opens the connection on first use and returns it. Throws
  // esim::Error (no pcscd, no reader, no ISD-R, bad state file, ...).
  CardConnection &card();

  // sessionOptions returns the ISD-R session options from --aid and --mss.
  // Throws Error(Errc::invalidArgument) on a bad AID or segment size.
  esim::IsdrSessionOptions sessionOptions() const;

  // es9p returns the ES9+ client, built on first use from --ca-file,
  // --resolve and --timeout (one HTTPS connection reused for the run).
  // Throws Error(Errc::invalidArgument) for a bad --resolve entry.
  esim::Es9pClient &es9p();
  // es11 returns the ES11 client (SM-DS), on the same HTTPS connection and
  // options as es9p. Throws as es9p does.
  esim::Es11Client &es11();

private:
  // http builds the HTTPS client of es9p and es11 on first use.
  esim::HttpClient &http();

  std::unique_ptr<CardConnection> card_;
  std::unique_ptr<esim::CurlHttpClient> curl_;
  std::unique_ptr<esim::RetryingHttpClient> http_;
  std::unique_ptr<esim::Es9pClient> es9p_;
  std::unique_ptr<esim::Es11Client> es11_;
  esim::Es9pClientOptions es9pOptions_;
};

// openCardConnection builds the connection the global options ask for.
std::unique_ptr<CardConnection> openCardConnection(const GlobalOptions &options,
                                                   const esim::IsdrSessionOptions &session);

} // namespace esimctl
