// SmdppServer: the HTTPS side of smdpp-emu. Serves
//   POST /gsma/rsp2/es9plus/initiateAuthentication, authenticateClient,
//        getBoundProfilePackage, cancelSession (SGP.22 5.6.1-5.6.5, with a
//        DownloadService)
//   POST /gsma/rsp2/es9plus/handleNotification  (SGP.22 5.6.4, 6.5.2.x)
//   POST /gsma/rsp2/es11/initiateAuthentication, authenticateClient (SGP.22
//        5.8.1, 5.8.2, with a DiscoveryService); ES11 is also served on the
//        es9plus paths, as LPAs and the GSMA root SM-DS use them: an
//        initiateAuthentication naming the SM-DS address, and an
//        authenticateClient of an SM-DS transaction, go to the SM-DS
//   GET  /healthz                               200 "ok" once serving
//   GET|POST /stats                             {"requests","connections","accepted"}
// and injects faults for tests (FaultOptions).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "discovery_service.hpp"
#include "download_service.hpp"
#include "event_log.hpp"
#include "verifier.hpp"

namespace smdpp {

// FaultOptions makes the server misbehave on purpose.
struct FaultOptions {
  int failStatus = 0;        // answer this HTTP status (with a Failed body)
  bool failFunction = false; // answer 200 with status Failed
  int delayMs = 0;           // wait this long before answering
  bool drop = false;         // close the connection without answering
  long failFirst = -1;       // apply the faults to the first N requests only (-1: all)
  long failAfter = 0;        // spare the first N requests (failFirst counts from there)
};

// SmdsPaths says on which paths the SM-DS role answers ES11: SGP.22 names
// /gsma/rsp2/es11/, while lpac and the GSMA root SM-DS use the ES9+ paths.
enum class SmdsPaths {
  both,    // /gsma/rsp2/es11/ and /gsma/rsp2/es9plus/
  es11,    // an SM-DS call on /gsma/rsp2/es9plus/ gets HTTP 404
  es9plus, // no /gsma/rsp2/es11/ paths (HTTP 404)
};

// ServerOptions configures an SmdppServer.
struct ServerOptions {
  std::string certPath; // TLS certificate chain, PEM
  std::string keyPath;  // its private key, PEM
  FaultOptions faults;
  std::size_t threads = 8; // each keep-alive connection holds one
  // download serves the ES9+ download functions and checks install
  // notifications; null: only handleNotification. Must outlive the server.
  DownloadService *download = nullptr;
  // discovery serves ES11 (the SM-DS role) beside the download; null: no
  // SM-DS. Needs download. Must outlive the server.
  DiscoveryService *discovery = nullptr;
  SmdsPaths smdsPaths = SmdsPaths::both;
};

class SmdppServer {
public:
  // SmdppServer loads the TLS certificate and key. Throws std::runtime_error
  // if they cannot be used. |verifier| and |log| (may be null) must outlive
  // the server.
  SmdppServer(const ServerOptions &options, const NotificationVerifier &verifier, EventLog *log);
  ~SmdppServer();
  SmdppServer(const SmdppServer &) = delete;
  SmdppServer &operator=(const SmdppServer &) = delete;

  // bind binds |host|:|port| (0: any free port) and returns the port. Throws
  // std::runtime_error if the address cannot be bound.
  int bind(const std::string &host, int port);
  // run serves until stop(); returns false if serving failed.
  bool run();
  // stop ends run() and wakes delayed answers; safe from any thread, and
  // harmless before run() (returns whether the server was running).
  bool stop() noexcept;

private:
  void handleNotification(const httplib::Request &req, httplib::Response &res);
  // Routed is a function's answer (without header) and the role that gave it.
  struct Routed {
    nlohmann::json answer;
    const char *role;
  };
  using Route = std::function<Routed(const nlohmann::json &)>;
  void addRoutes();
  void handleFunction(const char *name, const Route &route, const httplib::Request &req,
                      httplib::Response &res);
  // checkRequest answers Failed for a wrong Content-Type/X-Admin-Protocol or
  // a body that is not a JSON object; returns the body otherwise.
  std::optional<nlohmann::json> checkRequest(const httplib::Request &req,
                                             httplib::Response &res) const;
  void answerFailed(httplib::Response &res, int httpStatus, StatusCode code,
                    const std::string &message) const;
  bool injectFault(const httplib::Request &req, httplib::Response &res, std::uint64_t number);
  void logAccepted(const VerifiedNotification &v, const std::string &base64, int clientPort);
  void logEvent(nlohmann::json line);

  ServerOptions options_;
  const NotificationVerifier &verifier_;
  EventLog *log_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> connections_{0};
  std::atomic<std::uint64_t> accepted_{0};
  std::mutex stopMutex_;
  std::condition_variable stopped_;
  bool stopping_ = false;
};

} // namespace smdpp
