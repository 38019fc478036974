#include "server.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <iostream>

#include <nlohmann/json.hpp>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include "esim/base64.hpp"
#include "esim/error.hpp"

namespace smdpp {

namespace {

constexpr char kHandleNotificationPath[] = "/gsma/rsp2/es9plus/handleNotification";
constexpr char kEs9PlusPrefix[] = "/gsma/rsp2/es9plus/";
constexpr char kEs11Prefix[] = "/gsma/rsp2/es11/";
constexpr char kRoleSmdp[] = "SM-DP+";
constexpr char kRoleSmds[] = "SM-DS";
constexpr char kJsonContentType[] = "application/json;charset=UTF-8";
constexpr char kAdminProtocol[] = "gsma/rsp/v2.2.2";
// X-Admin-Protocol of the request must name an RSP version: "gsma/rsp/vX.Y.Z".
constexpr char kAdminProtocolPrefix[] = "gsma/rsp/v";
constexpr int kHttpOk = 200;
constexpr int kHttpNoContent = 204;
constexpr int kHttpNotFound = 404;

// NotServedHere is thrown by a route whose function this server does not
// offer on the requested path: the answer is HTTP 404, as from a server
// that has no such path.
struct NotServedHere {};
constexpr int kDefaultInjectedStatus = 503;
constexpr std::size_t kMaxRequestBytes = 1024 * 1024;
// Enough for any batch a test or benchmark sends over one connection
// (httplib's default closes a keep-alive connection after 5 requests).
constexpr std::size_t kKeepAliveMaxRequests = 100000;

bool startsWithIgnoreCase(const std::string &text, const std::string &prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

// utcNow returns the time as ISO 8601 UTC with milliseconds.
std::string utcNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof(buf) - n, ".%03dZ", static_cast<int>(millis));
  return buf;
}

// CountingTaskQueue is httplib's thread pool, counting what it is given:
// the server enqueues one task per accepted connection, so the count is the
// number of TLS connections (a benchmark uses it to prove connection reuse).
class CountingTaskQueue : public httplib::TaskQueue {
public:
  CountingTaskQueue(std::size_t threads, std::atomic<std::uint64_t> &counter)
      : pool_(threads), counter_(counter) {}
  void enqueue(std::function<void()> fn) override {
    ++counter_;
    pool_.enqueue(std::move(fn));
  }
  void shutdown() override { pool_.shutdown(); }

private:
  httplib::ThreadPool pool_;
  std::atomic<std::uint64_t> &counter_;
};

} // namespace

SmdppServer::SmdppServer(const ServerOptions &options, const NotificationVerifier &verifier,
                         EventLog *log)
    : options_(options), verifier_(verifier), log_(log) {
  server_ =
      std::make_unique<httplib::SSLServer>(options_.certPath.c_str(), options_.keyPath.c_str());
  if (!server_->is_valid()) {
    throw std::runtime_error("cannot use the TLS certificate " + options_.certPath + " and key " +
                             options_.keyPath);
  }
  server_->new_task_queue = [this] {
    return new CountingTaskQueue(options_.threads, connections_);
  };
  server_->set_keep_alive_max_count(kKeepAliveMaxRequests);
  server_->set_payload_max_length(kMaxRequestBytes);

  server_->Post(kHandleNotificationPath,
                [this](const httplib::Request &req, httplib::Response &res) {
                  handleNotification(req, res);
                });
  addRoutes();
  server_->Get("/healthz", [](const httplib::Request &, httplib::Response &res) {
    res.set_content("ok\n", "text/plain");
  });
  const auto stats = [this](const httplib::Request &, httplib::Response &res) {
    const nlohmann::json body = {{"requests", requests_.load()},
                                 {"connections", connections_.load()},
                                 {"accepted", accepted_.load()}};
    res.set_content(body.dump(), kJsonContentType);
  };
  server_->Get("/stats", stats);
  server_->Post("/stats", stats);
}

void SmdppServer::addRoutes() {
  DownloadService *dp = options_.download;
  DiscoveryService *ds = options_.discovery;
  if (dp == nullptr) {
    return;
  }
  const auto smdp = [dp](nlohmann::json (DownloadService::*f)(const nlohmann::json &)) -> Route {
    return [dp, f](const nlohmann::json &body) { return Routed{(dp->*f)(body), kRoleSmdp}; };
  };
  std::vector<std::pair<std::string, Route>> routes = {
      {"initiateAuthentication", smdp(&DownloadService::initiateAuthentication)},
      {"authenticateClient", smdp(&DownloadService::authenticateClient)},
      {"getBoundProfilePackage", smdp(&DownloadService::getBoundProfilePackage)},
      {"cancelSession", smdp(&DownloadService::cancelSession)}};
  if (ds != nullptr) {
    // On the es9plus paths the SM-DS answers what is addressed to it: its
    // address in initiateAuthentication, its transactions afterwards; an
    // SM-DS on the es11 paths only is not found there.
    const bool here = options_.smdsPaths != SmdsPaths::es11;
    routes[0].second = [dp, ds, here](const nlohmann::json &body) {
      if (!ds->isSmdsAddress(body)) return Routed{dp->initiateAuthentication(body), kRoleSmdp};
      if (!here) throw NotServedHere();
      return Routed{ds->initiateAuthentication(body), kRoleSmds};
    };
    routes[1].second = [dp, ds, here](const nlohmann::json &body) {
      if (!ds->knows(body)) return Routed{dp->authenticateClient(body), kRoleSmdp};
      if (!here) throw NotServedHere();
      return Routed{ds->authenticateClient(body), kRoleSmds};
    };
  }
  for (const auto &[function, route] : routes) {
    server_->Post(std::string(kEs9PlusPrefix) + function,
                  [this, name = function, route = route](const httplib::Request &req,
                                                         httplib::Response &res) {
                    handleFunction(name.c_str(), route, req, res);
                  });
  }
  if (ds == nullptr || options_.smdsPaths == SmdsPaths::es9plus) {
    return;
  }
  // The es11 paths are the SM-DS's only: an SM-DP+ address or transaction
  // gets the SM-DS's refusal (8.9.1/3.8, 8.10.1/3.9).
  const std::pair<const char *, Route> es11[] = {
      {"initiateAuthentication",
       [ds](const nlohmann::json &body) {
         return Routed{ds->initiateAuthentication(body), kRoleSmds};
       }},
      {"authenticateClient", [ds](const nlohmann::json &body) {
         return Routed{ds->authenticateClient(body), kRoleSmds};
       }}};
  for (const auto &[name, route] : es11) {
    server_->Post(
        std::string(kEs11Prefix) + name,
        [this, name = name, route = route](const httplib::Request &req, httplib::Response &res) {
          handleFunction(name, route, req, res);
        });
  }
}

SmdppServer::~SmdppServer() {
  stop();
}

int SmdppServer::bind(const std::string &host, int port) {
  if (port == 0) {
    const int chosen = server_->bind_to_any_port(host);
    if (chosen <= 0) {
      throw std::runtime_error("cannot bind " + host + " to a free port");
    }
    return chosen;
  }
  if (!server_->bind_to_port(host, port)) {
    throw std::runtime_error("cannot bind " + host + ":" + std::to_string(port));
  }
  return port;
}

bool SmdppServer::run() {
  return server_->listen_after_bind();
}

bool SmdppServer::stop() noexcept {
  {
    std::lock_guard<std::mutex> lock(stopMutex_);
    stopping_ = true;
  }
  stopped_.notify_all();
  const bool wasRunning = server_ && server_->is_running();
  if (server_) {
    server_->stop();
  }
  return wasRunning;
}

void SmdppServer::answerFailed(httplib::Response &res, int httpStatus, StatusCode code,
                               const std::string &message) const {
  const nlohmann::json body = {{"header",
                                {{"functionExecutionStatus",
                                  {{"status", "Failed"},
                                   {"statusCodeData",
                                    {{"subjectCode", code.subjectCode},
                                     {"reasonCode", code.reasonCode},
                                     {"message", message}}}}}}}};
  res.status = httpStatus;
  res.set_header("X-Admin-Protocol", kAdminProtocol);
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  kJsonContentType);
}

// injectFault applies the configured faults to request |number| (1-based);
// returns true when the answer is decided (or the connection dropped).
bool SmdppServer::injectFault(const httplib::Request &req, httplib::Response &res,
                              std::uint64_t number) {
  const FaultOptions &f = options_.faults;
  // Requests failAfter+1 .. failAfter+failFirst (or every one after failAfter).
  const auto after = static_cast<std::uint64_t>(f.failAfter);
  const bool inScope =
      number > after &&
      (f.failFirst < 0 || number - after <= static_cast<std::uint64_t>(f.failFirst));
  if (!inScope) {
    return false;
  }
  if (f.delayMs > 0) {
    std::unique_lock<std::mutex> lock(stopMutex_);
    stopped_.wait_for(lock, std::chrono::milliseconds(f.delayMs), [this] { return stopping_; });
  }
  if (f.drop) {
    // Close the TCP connection under httplib: the client sees the connection
    // end with no answer; httplib's write then fails and it cleans up.
    const int fd = req.ssl != nullptr ? SSL_get_fd(req.ssl) : -1;
    if (fd >= 0) {
      ::shutdown(fd, SHUT_RDWR);
    }
    res.status = kDefaultInjectedStatus;
    return true;
  }
  int status = f.failStatus;
  if (status == 0 && !f.failFunction && f.delayMs == 0 && (f.failFirst >= 0 || f.failAfter > 0)) {
    status = kDefaultInjectedStatus; // --fail-first or --fail-after alone
  }
  if (status != 0) {
    answerFailed(res, status, kProviderExecutionError,
                 "injected fault: HTTP " + std::to_string(status) + " (request " +
                     std::to_string(number) + ")");
    return true;
  }
  if (f.failFunction) {
    answerFailed(res, kHttpOk, kProviderExecutionError,
                 "injected fault: Failed (request " + std::to_string(number) + ")");
    return true;
  }
  return false; // a delay alone: answer normally afterwards
}

void SmdppServer::handleNotification(const httplib::Request &req, httplib::Response &res) {
  const std::uint64_t number = ++requests_;
  try {
    if (injectFault(req, res, number)) {
      return;
    }
    const std::optional<nlohmann::json> parsed = checkRequest(req, res);
    if (!parsed) {
      return;
    }
    const nlohmann::json &body = *parsed;
    const auto field = body.find("pendingNotification");
    if (field == body.end()) {
      answerFailed(res, kHttpOk, kFunctionMissing, "pendingNotification is missing");
      return;
    }
    if (!field->is_string()) {
      answerFailed(res, kHttpOk, kFunctionInvalid, "pendingNotification is not a string");
      return;
    }
    const std::string base64 = field->get<std::string>();
    esim::Bytes der;
    try {
      der = esim::base64Decode(base64, "pendingNotification");
    } catch (const esim::Error &e) {
      answerFailed(res, kHttpOk, kFunctionInvalid, e.what());
      return;
    }
    VerifiedNotification verified = verifier_.verify(der);
    if (verified.notification.kind == esim::PendingNotificationKind::profileInstallationResult &&
        options_.download != nullptr) {
      // euiccSignPIR is checked with the eUICC certificate of the session.
      const InstallResultCheck check = options_.download->checkInstallResult(der);
      verified.signatureValid = check.signatureValid;
      verified.eid = check.eid;
      if (check.sessionKnown && !check.signatureValid) {
        throw VerifyFailure(kEuiccVerificationFailed,
                            "euiccSignPIR does not verify with the session's eUICC certificate");
      }
    }
    logAccepted(verified, base64, req.remote_port);
    ++accepted_;
    res.status = kHttpNoContent;
  } catch (const VerifyFailure &e) {
    std::cerr << "smdpp-emu: request " << number << " rejected: " << e.code().subjectCode << "/"
              << e.code().reasonCode << " " << e.what() << std::endl;
    answerFailed(res, kHttpOk, e.code(), e.what());
  } catch (const std::exception &e) {
    std::cerr << "smdpp-emu: request " << number << " failed: " << e.what() << std::endl;
    answerFailed(res, kHttpOk, kProviderExecutionError, e.what());
  }
}

std::optional<nlohmann::json> SmdppServer::checkRequest(const httplib::Request &req,
                                                        httplib::Response &res) const {
  if (!startsWithIgnoreCase(req.get_header_value("Content-Type"), "application/json")) {
    answerFailed(res, kHttpOk, kFunctionInvalid,
                 "Content-Type must be application/json, got \"" +
                     req.get_header_value("Content-Type") + "\"");
    return std::nullopt;
  }
  if (!startsWithIgnoreCase(req.get_header_value("X-Admin-Protocol"), kAdminProtocolPrefix)) {
    answerFailed(res, kHttpOk, kFunctionInvalid,
                 "X-Admin-Protocol must be gsma/rsp/v<x.y.z>, got \"" +
                     req.get_header_value("X-Admin-Protocol") + "\"");
    return std::nullopt;
  }
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    answerFailed(res, kHttpOk, kFunctionInvalid, "the request body is not a JSON object");
    return std::nullopt;
  }
  return body;
}

void SmdppServer::handleFunction(const char *name, const Route &route, const httplib::Request &req,
                                 httplib::Response &res) {
  const std::uint64_t number = ++requests_;
  try {
    if (injectFault(req, res, number)) {
      return;
    }
    const std::optional<nlohmann::json> body = checkRequest(req, res);
    if (!body) {
      return;
    }
    Routed routed = route(*body);
    nlohmann::json &out = routed.answer;
    nlohmann::json line = {{"time", utcNow()},
                           {"kind", name},
                           {"role", routed.role},
                           {"path", req.path},
                           {"transactionId", out.value("transactionId", "")},
                           {"reason", out.value("reason", -1)},
                           {"clientPort", req.remote_port}};
    if (out.contains("eventEntries")) {
      line["eventEntries"] = out["eventEntries"].size();
    }
    logEvent(std::move(line));
    out.erase("reason");
    out["header"] = {{"functionExecutionStatus", {{"status", "Executed-Success"}}}};
    res.status = kHttpOk;
    res.set_header("X-Admin-Protocol", kAdminProtocol);
    res.set_content(out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    kJsonContentType);
  } catch (const NotServedHere &) {
    std::cerr << "smdpp-emu: " << name << " (request " << number << ") on " << req.path
              << ": not served on this path (--smds-paths)" << std::endl;
    res.status = kHttpNotFound;
    res.set_content("not found\n", "text/plain");
  } catch (const VerifyFailure &e) {
    std::cerr << "smdpp-emu: " << name << " (request " << number
              << ") refused: " << e.code().subjectCode << "/" << e.code().reasonCode << " "
              << e.what() << std::endl;
    logEvent({{"time", utcNow()},
              {"kind", std::string(name) + "Failed"},
              {"path", req.path},
              {"subjectCode", e.code().subjectCode},
              {"reasonCode", e.code().reasonCode},
              {"message", e.what()},
              {"clientPort", req.remote_port}});
    answerFailed(res, kHttpOk, e.code(), e.what());
  } catch (const std::exception &e) {
    std::cerr << "smdpp-emu: " << name << " (request " << number << ") failed: " << e.what()
              << std::endl;
    answerFailed(res, kHttpOk, kProviderExecutionError, e.what());
  }
}

// logEvent reports a download step on stderr (the --log file holds the
// accepted notifications only, one line each, as tests and tools expect).
void SmdppServer::logEvent(nlohmann::json line) {
  std::cerr << "smdpp-emu: event "
            << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
}

void SmdppServer::logAccepted(const VerifiedNotification &v, const std::string &base64,
                              int clientPort) {
  if (log_ == nullptr) {
    return;
  }
  const esim::NotificationMetadata &m = v.notification.metadata;
  nlohmann::json line = {
      {"time", utcNow()},
      {"kind", v.notification.kind == esim::PendingNotificationKind::otherSignedNotification
                   ? "otherSignedNotification"
                   : "profileInstallationResult"},
      {"seqNumber", m.seqNumber},
      {"profileManagementOperation", esim::notificationEventName(m.profileManagementOperation)},
      {"iccid", m.iccid ? nlohmann::json(*m.iccid) : nlohmann::json()},
      {"notificationAddress", m.notificationAddress},
      {"eid", v.eid},
      {"signatureValid", v.signatureValid},
      {"clientPort", clientPort},
      {"pendingNotification", base64}};
  // error_handler::replace: a hostile notification address must not make
  // the log line (or the server) fail on invalid UTF-8.
  log_->append(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace smdpp
