// The clock and network checks of runDoctor, and runDoctor itself. The
// clock is judged only against what is already on the machine (the build
// date, the CA file's certificates): a doctor that needs the network to
// tell the time cannot explain why the network fails.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>

#include "esim/error.hpp"
#include "lpa/doctor.hpp"

namespace esim {

namespace {

constexpr int kHttpsPort = 443;

DoctorCheck check(std::string name, DoctorVerdict verdict, std::string detail,
                  std::string fix = {}) {
  return {std::move(name), verdict, std::move(detail), std::move(fix)};
}

std::string utcText(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return text;
}

// CaValidity is the span in which every certificate of the CA file is valid.
struct CaValidity {
  std::size_t count = 0;
  std::time_t latestNotBefore = 0;
  std::time_t earliestNotAfter = 0;
};

std::optional<CaValidity> caValidity(const std::string &path, std::string &why) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "r"), BIO_free);
  if (!bio) {
    why = "cannot read the CA file '" + path + "'";
    return std::nullopt;
  }
  CaValidity v;
  while (X509 *raw = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    std::unique_ptr<X509, decltype(&X509_free)> cert(raw, X509_free);
    std::tm before{};
    std::tm after{};
    if (ASN1_TIME_to_tm(X509_get0_notBefore(cert.get()), &before) != 1 ||
        ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &after) != 1) {
      continue;
    }
    std::time_t b = timegm(&before);
    std::time_t a = timegm(&after);
    if (v.count == 0 || b > v.latestNotBefore) v.latestNotBefore = b;
    if (v.count == 0 || a < v.earliestNotAfter) v.earliestNotAfter = a;
    ++v.count;
  }
  if (v.count == 0) {
    why = "the CA file '" + path + "' holds no PEM certificate";
    return std::nullopt;
  }
  return v;
}

// HostPort splits "host[:port]".
struct HostPort {
  std::string host;
  int port = kHttpsPort;
};

std::optional<HostPort> splitAddress(const std::string &address) {
  HostPort hp{address, kHttpsPort};
  if (std::size_t colon = address.rfind(':'); colon != std::string::npos) {
    hp.host = address.substr(0, colon);
    const std::string port = address.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos)
      return std::nullopt;
    hp.port = std::stoi(port);
    if (hp.port < 1 || hp.port > 65535) return std::nullopt;
  }
  if (!isValidHostName(hp.host)) return std::nullopt;
  return hp;
}

// resolveAddresses returns the IP literals for |hp|: from --resolve when an
// entry names it (as curl will use them), else from the system resolver.
std::vector<std::string> resolveAddresses(const DoctorOptions &options, const HostPort &hp,
                                          std::string &source, std::string &why) {
  for (const std::string &entry : options.http.resolve) {
    ResolveEntry e = parseResolveEntry(entry);
    if (e.host == hp.host && e.port == hp.port) {
      source = "--resolve";
      return e.addresses;
    }
  }
  source = "DNS";
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo *list = nullptr;
  int rc = getaddrinfo(hp.host.c_str(), nullptr, &hints, &list);
  if (rc != 0) {
    why = gai_strerror(rc);
    return {};
  }
  std::vector<std::string> out;
  for (addrinfo *a = list; a; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void *bytes =
        a->ai_family == AF_INET6
            ? static_cast<const void *>(&reinterpret_cast<sockaddr_in6 *>(a->ai_addr)->sin6_addr)
            : &reinterpret_cast<sockaddr_in *>(a->ai_addr)->sin_addr;
    if (inet_ntop(a->ai_family, bytes, text, sizeof text) != nullptr) out.emplace_back(text);
  }
  freeaddrinfo(list);
  return out;
}

// connectsTo opens and closes a TCP connection to |ip|:|port| within
// |timeout|; false with |why| otherwise.
bool connectsTo(const std::string &ip, int port, std::chrono::milliseconds timeout,
                std::string &why) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const bool v6 = ip.find(':') != std::string::npos;
  if (v6) {
    auto *sa = reinterpret_cast<sockaddr_in6 *>(&storage);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET6, ip.c_str(), &sa->sin6_addr) != 1) return why = "bad address", false;
    length = sizeof *sa;
  } else {
    auto *sa = reinterpret_cast<sockaddr_in *>(&storage);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, ip.c_str(), &sa->sin_addr) != 1) return why = "bad address", false;
    length = sizeof *sa;
  }
  int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return why = std::strerror(errno), false;
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr *>(&storage), length) == 0) {
    ok = true;
  } else if (errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    int rc = poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc == 0) {
      why = "no answer within " + std::to_string(timeout.count()) + " ms";
    } else {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      ok = rc > 0 && err == 0;
      if (!ok) why = std::strerror(err != 0 ? err : errno);
    }
  } else {
    why = std::strerror(errno);
  }
  close(fd);
  return ok;
}

} // namespace

std::string_view doctorVerdictName(DoctorVerdict verdict) noexcept {
  switch (verdict) {
  case DoctorVerdict::ok: return "ok";
  case DoctorVerdict::warn: return "warn";
  case DoctorVerdict::fail: return "fail";
  case DoctorVerdict::skipped: return "skipped";
  }
  return "fail";
}

DoctorCheck checkClock(const DoctorOptions &options) {
  const std::time_t now = std::chrono::system_clock::to_time_t(options.now());
  const std::string nowText = "the clock says " + utcText(now);
  const std::string fix = "set the date and time: `sudo timedatectl set-ntp true`, or `sudo "
                          "date -u -s 'YYYY-MM-DD HH:MM:SS'`";
  const std::time_t built = std::chrono::system_clock::to_time_t(options.notEarlierThan);
  if (now < built) {
    return check("clock", DoctorVerdict::fail,
                 nowText + ", before this esimctl was built (" + utcText(built) +
                     "): TLS rejects certificates that are not yet valid",
                 fix);
  }
  if (options.http.caFile.empty()) {
    return check("clock", DoctorVerdict::ok,
                 nowText + ", after the build date (no --ca-file to compare with)");
  }
  std::string why;
  std::optional<CaValidity> v = caValidity(options.http.caFile, why);
  if (!v) {
    return check("clock", DoctorVerdict::warn, nowText + "; " + why,
                 "pass a PEM file of the trusted CI certificates with --ca-file");
  }
  if (now < v->latestNotBefore) {
    return check("clock", DoctorVerdict::fail,
                 nowText + ", before a certificate of '" + options.http.caFile +
                     "' became valid (" + utcText(v->latestNotBefore) + ")",
                 fix);
  }
  if (now > v->earliestNotAfter) {
    return check("clock", DoctorVerdict::warn,
                 nowText + ", after a certificate of '" + options.http.caFile + "' expired (" +
                     utcText(v->earliestNotAfter) + ")",
                 "check the date; if it is right, get a current CA file");
  }
  return check("clock", DoctorVerdict::ok,
               nowText + ", within the validity of the " + std::to_string(v->count) +
                   " certificate(s) of '" + options.http.caFile + "'");
}

void runServerChecks(const DoctorOptions &options, const std::string &role,
                     const std::string &address, std::vector<DoctorCheck> &checks) {
  const std::string dns = role + " dns";
  const std::string tcp = role + " tcp";
  const std::string tls = role + " tls";
  std::optional<HostPort> hp = splitAddress(address);
  if (!hp) {
    checks.push_back(check(dns, DoctorVerdict::fail,
                           "the card's " + role + " address '" + address + "' is not HOST[:PORT]",
                           "the card's configured address is wrong; ask its issuer"));
    checks.push_back(check(tcp, DoctorVerdict::skipped, "no valid address"));
    checks.push_back(check(tls, DoctorVerdict::skipped, "no valid address"));
    return;
  }
  std::string source;
  std::string why;
  std::vector<std::string> ips;
  try {
    ips = resolveAddresses(options, *hp, source, why);
  } catch (const Error &e) {
    why = e.what();
  }
  if (ips.empty()) {
    checks.push_back(check(dns, DoctorVerdict::fail, "'" + hp->host + "' does not resolve: " + why,
                           "check the network and DNS (`getent hosts " + hp->host +
                               "`); --resolve HOST:PORT:ADDRESS pins an address"));
    checks.push_back(check(tcp, DoctorVerdict::skipped, "the name did not resolve"));
    checks.push_back(check(tls, DoctorVerdict::skipped, "the name did not resolve"));
    return;
  }
  std::string list;
  for (const std::string &ip : ips)
    list += (list.empty() ? "" : ", ") + ip;
  checks.push_back(
      check(dns, DoctorVerdict::ok, "'" + hp->host + "' is " + list + " (" + source + ")"));
  std::string connected;
  std::string failures;
  for (const std::string &ip : ips) {
    std::string err;
    if (connectsTo(ip, hp->port, options.http.connectTimeout, err)) {
      connected = ip;
      break;
    }
    failures += (failures.empty() ? "" : "; ") + ip + ": " + err;
  }
  if (connected.empty()) {
    checks.push_back(
        check(tcp, DoctorVerdict::fail,
              "no TCP connection to port " + std::to_string(hp->port) + ": " + failures,
              "a firewall or proxy may block it, or the server is down; try again "
              "later or from another network"));
    checks.push_back(check(tls, DoctorVerdict::skipped, "no TCP connection"));
    return;
  }
  checks.push_back(check(tcp, DoctorVerdict::ok,
                         "connected to " + connected + " port " + std::to_string(hp->port)));
  try {
    CurlHttpClientOptions http = options.http;
    http.reuseConnections = false;
    CurlHttpClient client(http);
    HttpResponse response = client.post({"https://" + address + "/", {}, {}});
    checks.push_back(check(tls, DoctorVerdict::ok,
                           "TLS handshake and certificate check passed (HTTP " +
                               std::to_string(response.status) + ")"));
  } catch (const Error &e) {
    const bool tlsFailure = e.code() == Errc::tls;
    checks.push_back(check(
        tls, DoctorVerdict::fail, e.what(),
        tlsFailure ? "the server's certificate is not signed by a CA in "
                     "--ca-file (or the system store), has another name, or the clock is "
                     "wrong; pass the right CI certificates with --ca-file"
                   : "the server accepted TCP but no HTTPS answer came; try a longer --timeout"));
  }
}

std::vector<DoctorCheck> runDoctor(const DoctorOptions &options) {
  std::vector<DoctorCheck> checks;
  std::size_t reported = 0;
  auto report = [&] {
    for (; reported < checks.size(); ++reported) {
      if (options.progress) options.progress(checks[reported]);
    }
  };
  DoctorCardFindings card = runCardChecks(options, checks);
  report();
  checks.push_back(checkClock(options));
  report();
  if (!card.addresses) {
    for (const char *role : {"smdp", "smds"}) {
      for (const char *what : {" dns", " tcp", " tls"}) {
        checks.push_back(check(std::string(role) + what, DoctorVerdict::skipped, card.why));
      }
    }
    report();
    return checks;
  }
  if (card.addresses->defaultDpAddress && !card.addresses->defaultDpAddress->empty()) {
    runServerChecks(options, "smdp", *card.addresses->defaultDpAddress, checks);
  } else {
    checks.push_back(check("smdp", DoctorVerdict::skipped, "the card has no default SM-DP+"));
  }
  report();
  runServerChecks(options, "smds", card.addresses->rootDsAddress, checks);
  report();
  return checks;
}

} // namespace esim
