#include "app_context.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "esim/error.hpp"
#include "esim/pcsc_transport.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/emulator_transport.hpp"
#include "euicc_emu/faults.hpp"
#include "euicc_emu/state.hpp"

namespace esimctl {

namespace {

void traceToStderr(bool outgoing, esim::ByteView apdu) {
  std::fprintf(stderr, "%s %s\n", outgoing ? ">>" : "<<", esim::toHex(apdu).c_str());
}

// Connection owns, in destruction order, the session (closes the channel)
// before the transport it talks through.
class Connection final : public CardConnection {
public:
  Connection(std::unique_ptr<esim::ApduTransport> transport, std::string description, bool trace,
             const esim::IsdrSessionOptions &sessionOptions, std::unique_ptr<euicc_emu::Card> card,
             std::unique_ptr<euicc_emu::FaultInjector> faults = nullptr)
      : card_(std::move(card)), faults_(std::move(faults)), transport_(std::move(transport)),
        description_(std::move(description)) {
    if (trace) transport_->setTrace(traceToStderr);
    session_ = std::make_unique<esim::IsdrSession>(*transport_, sessionOptions);
    euicc_ = std::make_unique<esim::Euicc>(*session_);
  }
  ~Connection() override {
    euicc_.reset();
    session_.reset();
    transport_.reset();
    faults_.reset();
  }
  esim::Euicc &euicc() override { return *euicc_; }
  std::string description() const override { return description_; }
  const esim::Bytes &isdrAid() const override { return session_->aid(); }

private:
  std::unique_ptr<euicc_emu::Card> card_;
  std::unique_ptr<euicc_emu::FaultInjector> faults_; // between transport_ and card_, if any
  std::unique_ptr<esim::ApduTransport> transport_;
  std::unique_ptr<esim::IsdrSession> session_;
  std::unique_ptr<esim::Euicc> euicc_;
  std::string description_;
};

esim::ReaderSelector readerSelector(const std::optional<std::string> &reader) {
  esim::ReaderSelector selector;
  if (!reader) return selector;
  const std::string &r = *reader;
  bool numeric =
      !r.empty() && r.size() <= 3 && r.find_first_not_of("0123456789") == std::string::npos;
  if (numeric) {
    selector.index = std::stoul(r);
  } else {
    selector.name = r;
  }
  return selector;
}

} // namespace

esim::IsdrSessionOptions AppContext::sessionOptions() const {
  esim::IsdrSessionOptions session;
  if (options.aid) {
    esim::Bytes aid = esim::fromHex(*options.aid, "--aid");
    if (aid.size() < 5 || aid.size() > 16) {
      throw esim::Error(esim::Errc::invalidArgument, "--aid " + *options.aid + " is " +
                                                         std::to_string(aid.size()) +
                                                         " bytes; an AID has 5 to 16");
    }
    session.aids = {aid};
  }
  if (options.mss < 1 || options.mss > esim::kMaxShortData) {
    throw esim::Error(esim::Errc::invalidArgument,
                      "--mss " + std::to_string(options.mss) + " is outside 1..255");
  }
  session.maxSegmentSize = options.mss;
  return session;
}

esim::HttpClient &AppContext::http() {
  if (!http_) {
    esim::CurlHttpClientOptions http;
    http.caFile = options.caFile;
    http.resolve = options.resolve;
    auto total = std::chrono::milliseconds(static_cast<long>(options.timeoutSeconds * 1000));
    http.timeout = total;
    http.connectTimeout = std::min(total, std::chrono::milliseconds(10000));
    http.userAgent = std::string("esimctl/") + ESIMCTL_VERSION;
    http.reuseConnections = !options.noConnectionReuse;
    curl_ = std::make_unique<esim::CurlHttpClient>(http);
    http_ = std::make_unique<esim::RetryingHttpClient>(*curl_, esim::RetryPolicy{});
    es9pOptions_.userAgent = http.userAgent;
  }
  return *http_;
}

esim::Es9pClient &AppContext::es9p() {
  if (!es9p_) {
    esim::HttpClient &client = http(); // sets es9pOptions_ first
    es9p_ = std::make_unique<esim::Es9pClient>(client, es9pOptions_);
  }
  return *es9p_;
}

esim::Es11Client &AppContext::es11() {
  if (!es11_) {
    esim::HttpClient &client = http(); // sets es9pOptions_ first
    es11_ = std::make_unique<esim::Es11Client>(client, es9pOptions_);
  }
  return *es11_;
}

CardConnection &AppContext::card() {
  if (!card_) card_ = openCardConnection(options, sessionOptions());
  return *card_;
}

std::unique_ptr<CardConnection> openCardConnection(const GlobalOptions &options,
                                                   const esim::IsdrSessionOptions &session) {
  if (!options.emulatorFaults.empty() && !options.emulator) {
    throw esim::Error(esim::Errc::invalidArgument, "--emulator-fault needs --emulator",
                      "faults of a card in a reader come from euicc-emu --fault");
  }
  if (options.emulator) {
    if (options.reader) {
      throw esim::Error(esim::Errc::invalidArgument, "--reader and --emulator exclude each other");
    }
    // Parsed before the state file is locked: a bad spec changes nothing.
    euicc_emu::FaultPlan plan;
    for (const std::string &spec : options.emulatorFaults)
      euicc_emu::addFaultSpec(plan, spec);
    // The state file stays locked while this esimctl runs (the Card holds
    // the lock, the Connection the Card): another esimctl --emulator or a
    // euicc-emu serving the same file waits instead of losing our changes.
    auto card = std::make_unique<euicc_emu::Card>(*options.emulator,
                                                  euicc_emu::StateFileLocking::wholeLifetime);
    // With --trace the emulator also says why it answered what it did.
    if (options.trace) {
      card->setLog(
          [](const std::string &line) { std::fprintf(stderr, "emu: %s\n", line.c_str()); });
    }
    std::unique_ptr<euicc_emu::FaultInjector> faults;
    std::unique_ptr<esim::ApduTransport> transport;
    if (plan.empty()) {
      transport = std::make_unique<euicc_emu::EmulatorTransport>(*card);
    } else {
      // The faults that fire are logged on stderr, as euicc-emu logs them;
      // the channel changes it also logs only with --trace.
      faults = std::make_unique<euicc_emu::FaultInjector>(
          *card, std::move(plan), [trace = options.trace](const std::string &line) {
            if (trace || line.starts_with("fault:"))
              std::fprintf(stderr, "emu: %s\n", line.c_str());
          });
      transport = std::make_unique<euicc_emu::EmulatorTransport>(*faults);
    }
    return std::make_unique<Connection>(std::move(transport),
                                        "emulator state '" + *options.emulator + "'", options.trace,
                                        session, std::move(card), std::move(faults));
  }
  // Traced from the first APDU: without --reader, the reader's probe opens
  // the channel the session then uses.
  esim::ApduTransport::TraceFn trace;
  if (options.trace) trace = traceToStderr;
  auto transport = esim::PcscTransport::open(readerSelector(options.reader), session.aids, trace);
  std::string description = "reader '" + transport->readerName() + "'";
  return std::make_unique<Connection>(std::move(transport), description, options.trace, session,
                                      nullptr);
}

} // namespace esimctl
