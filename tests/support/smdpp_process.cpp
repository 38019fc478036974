#include "support/smdpp_process.hpp"

#include <netinet/in.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

#include "support/esim_env.hpp"

#ifndef SMDPP_EMU_PATH
#define SMDPP_EMU_PATH "smdpp-emu"
#endif

namespace esim::test {

SmdppProcess::SmdppProcess(const std::string &pkiDir, const std::string &workDir, int port,
                           std::vector<std::string> args, std::optional<SmdppDownload> download)
    : log_(workDir + "/smdpp-accepted.jsonl"), out_(workDir + "/smdpp.out"),
      err_(workDir + "/smdpp.err") {
  std::vector<std::string> argv = {SMDPP_EMU_PATH,
                                   "--listen",
                                   "127.0.0.1:" + std::to_string(port),
                                   "--cert",
                                   pkiDir + "/smdp-tls.pem",
                                   "--key",
                                   pkiDir + "/smdp-tls.key",
                                   "--ci",
                                   pkiDir + "/ci.pem",
                                   "--log",
                                   log_};
  if (download) {
    argv.insert(argv.end(), {"--pki", pkiDir});
    if (!download->catalog.empty()) argv.insert(argv.end(), {"--catalog", download->catalog});
    if (!download->address.empty()) argv.insert(argv.end(), {"--address", download->address});
    if (!download->smdsAddress.empty())
      argv.insert(argv.end(), {"--smds-address", download->smdsAddress});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  process_ = std::make_unique<ChildProcess>(argv, std::vector<std::string>{}, out_, err_);
  const std::string prefix = "listening on 127.0.0.1:";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline && process_->running()) {
    std::string text = readText(out_);
    if (text.rfind(prefix, 0) == 0 && text.find('\n') != std::string::npos) {
      port_ = std::stoi(text.substr(prefix.size()));
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  process_->stop();
  throw std::runtime_error("smdpp-emu did not start: " + readText(err_));
}

SmdppProcess::~SmdppProcess() {
  process_->stop();
}

std::vector<nlohmann::json> SmdppProcess::accepted() const {
  std::vector<nlohmann::json> out;
  std::istringstream in(readText(log_));
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    out.push_back(nlohmann::json::parse(line, nullptr, false));
  }
  return out;
}

std::string SmdppProcess::stderrText() const {
  return readText(err_);
}

int SmdppProcess::eventCount(const std::string &kind) const {
  const std::string text = stderrText();
  const std::string needle = "\"kind\":\"" + kind + "\"";
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

nlohmann::json smdsEventCatalog(const std::string &eid,
                                const std::vector<std::pair<std::string, std::string>> &orders,
                                const nlohmann::json &events) {
  nlohmann::json profiles = nlohmann::json::array();
  for (const auto &[matchingId, iccid] : orders) {
    profiles.push_back({{"matchingId", matchingId},
                        {"eid", eid},
                        {"smdsEvent", true},
                        {"profilePackage", "builtin:demo"},
                        {"metadata",
                         {{"iccid", iccid},
                          {"serviceProviderName", "esimctl Events"},
                          {"profileName", "Announced " + matchingId}}}});
  }
  return {{"profiles", profiles}, {"events", events}};
}

int freeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("freeLoopbackPort: socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("freeLoopbackPort: no free port on 127.0.0.1");
  return ntohs(address.sin_port);
}

} // namespace esim::test
