// VpcdLink against a fake vpcd: a listening socket on 127.0.0.1 (ephemeral
// port) that frames control codes and APDUs as vpcd does (2-byte big-endian
// length, then the payload, in two writes).
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "esim/bytes.hpp"
#include "esim/error.hpp"
#include "euicc_emu/card.hpp"
#include "euicc_emu/demo_state.hpp"
#include "euicc_emu/vpcd.hpp"

namespace {

using esim::Bytes;
using namespace std::chrono_literals;

constexpr int kTimeoutMs = 2000;

// Fd closes a descriptor.
struct Fd {
  int fd = -1;
  explicit Fd(int f = -1) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(Fd &&o) noexcept : fd(o.fd) { o.fd = -1; }
  Fd &operator=(Fd &&o) noexcept {
    std::swap(fd, o.fd);
    return *this;
  }
};

// FakeVpcd is the reader side: it listens, accepts the card and talks to it.
class FakeVpcd {
public:
  // FakeVpcd binds 127.0.0.1:0; listens right away unless |listenNow| is false.
  explicit FakeVpcd(bool listenNow = true) : server_(::socket(AF_INET, SOCK_STREAM, 0)) {
    int one = 1;
    ::setsockopt(server_.fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(server_.fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ::getsockname(server_.fd, reinterpret_cast<sockaddr *>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (listenNow) listen();
  }

  void listen() { ASSERT_EQ(::listen(server_.fd, 4), 0); }
  std::uint16_t port() const { return port_; }

  // accept waits for the card to connect.
  bool accept() {
    pollfd p{server_.fd, POLLIN, 0};
    if (::poll(&p, 1, kTimeoutMs) != 1) return false;
    client_ = Fd(::accept(server_.fd, nullptr, nullptr));
    return client_.fd >= 0;
  }
  void dropClient() { client_ = Fd(); }

  // send frames |payload| in two writes, length first, as vpcd does.
  void send(const Bytes &payload) {
    std::uint8_t length[2] = {static_cast<std::uint8_t>(payload.size() >> 8),
                              static_cast<std::uint8_t>(payload.size() & 0xFF)};
    ASSERT_EQ(::write(client_.fd, length, 2), 2);
    ASSERT_EQ(::write(client_.fd, payload.data(), payload.size()),
              static_cast<ssize_t>(payload.size()));
  }
  void sendRaw(const Bytes &bytes) {
    ASSERT_EQ(::write(client_.fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }
  void control(std::uint8_t code) { send(Bytes{code}); }

  // receive reads one framed message; empty on timeout or close.
  Bytes receive() {
    Bytes header = readExactly(2);
    if (header.size() != 2) return {};
    return readExactly((std::size_t{header[0]} << 8) | header[1]);
  }
  std::string transmit(const std::string &hex) {
    send(esim::fromHex(hex));
    return esim::toHex(receive());
  }
  // nothingPending reports whether no message arrives within |ms|.
  bool nothingPending(int ms) {
    pollfd p{client_.fd, POLLIN, 0};
    return ::poll(&p, 1, ms) == 0;
  }

private:
  Bytes readExactly(std::size_t n) {
    Bytes out;
    while (out.size() < n) {
      pollfd p{client_.fd, POLLIN, 0};
      if (::poll(&p, 1, kTimeoutMs) != 1) return {};
      std::uint8_t buf[512];
      ssize_t got = ::read(client_.fd, buf, std::min(sizeof buf, n - out.size()));
      if (got <= 0) return {};
      out.insert(out.end(), buf, buf + got);
    }
    return out;
  }

  Fd server_;
  Fd client_;
  std::uint16_t port_ = 0;
};

// LinkRunner runs a VpcdLink on its own thread and collects its log.
class LinkRunner {
public:
  LinkRunner(euicc_emu::Card &card, std::uint16_t port) {
    euicc_emu::VpcdOptions options;
    options.host = "127.0.0.1";
    options.port = port;
    options.initialBackoff = 10ms;
    options.maxBackoff = 40ms;
    options.log = [this](const std::string &line) {
      std::lock_guard lock(mutex_);
      lines_.push_back(line);
    };
    link_ = std::make_unique<euicc_emu::VpcdLink>(card, options);
    thread_ = std::thread([this] { link_->run(); });
  }
  ~LinkRunner() { stop(); }

  // stop stops the link and returns how long run() took to return.
  std::chrono::milliseconds stop() {
    auto start = std::chrono::steady_clock::now();
    if (thread_.joinable()) {
      link_->stop();
      thread_.join();
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
  }
  euicc_emu::VpcdLink &link() { return *link_; }
  bool logged(const std::string &fragment) {
    std::lock_guard lock(mutex_);
    for (const auto &l : lines_) {
      if (l.find(fragment) != std::string::npos) return true;
    }
    return false;
  }

private:
  std::unique_ptr<euicc_emu::VpcdLink> link_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

euicc_emu::Card demoCard() {
  return euicc_emu::Card(euicc_emu::parseState(euicc_emu::demoStateJson(), "demo"));
}

constexpr const char *kSelectIsdr = "01A4040010A0000005591010FFFFFFFF8900000100";

TEST(EmuVpcd, ParseAddress) {
  EXPECT_EQ(euicc_emu::parseVpcdAddress("127.0.0.1:35963"),
            (std::pair<std::string, std::uint16_t>{"127.0.0.1", 35963}));
  EXPECT_EQ(euicc_emu::parseVpcdAddress("[::1]:1").first, "::1");
  EXPECT_EQ(euicc_emu::parseVpcdAddress("localhost:65535").second, 65535);
  for (const char *bad : {"localhost", "localhost:", ":35963", "h:0", "h:65536", "h:12x", "h:-1"}) {
    EXPECT_THROW(euicc_emu::parseVpcdAddress(bad), esim::Error) << bad;
  }
}

TEST(EmuVpcd, ServesControlCodesAndApdus) {
  FakeVpcd vpcd;
  euicc_emu::Card card = demoCard();
  LinkRunner runner(card, vpcd.port());
  ASSERT_TRUE(vpcd.accept());
  vpcd.control(1); // power on: no answer
  vpcd.control(4); // ATR request
  EXPECT_EQ(esim::toHex(vpcd.receive()), "3B179680318073FE211B");
  EXPECT_EQ(vpcd.transmit("0070000001"), "019000");
  EXPECT_EQ(vpcd.transmit(kSelectIsdr), "6121");
  EXPECT_EQ(vpcd.transmit("01C0000021").substr(0, 4), "6F1F");
  EXPECT_EQ(vpcd.transmit("81E2910006BF3E035C015A"), "6115");
  EXPECT_EQ(vpcd.transmit("81C0000015"), "BF3E125A10890490321234512345123456789012359000");
  vpcd.control(9); // unknown control code: ignored, no answer
  vpcd.control(2); // reset: closes channel 1
  EXPECT_TRUE(vpcd.nothingPending(50));
  EXPECT_EQ(vpcd.transmit("81E2910006BF3E035C015A"), "6881");
  vpcd.control(0); // power off
  vpcd.control(4);
  EXPECT_EQ(vpcd.receive().size(), card.atr().size());
  EXPECT_LT(runner.stop(), 500ms);
  EXPECT_TRUE(runner.logged("connected to vpcd at 127.0.0.1:"));
  EXPECT_TRUE(runner.logged("disconnected from vpcd"));
  EXPECT_TRUE(runner.logged("unknown vpcd control code 9"));
}

TEST(EmuVpcd, HandlesSplitAndCoalescedMessages) {
  FakeVpcd vpcd;
  euicc_emu::Card card = demoCard();
  LinkRunner runner(card, vpcd.port());
  ASSERT_TRUE(vpcd.accept());
  // One message in single bytes, with pauses: partial reads.
  for (std::uint8_t b : esim::fromHex("0005"
                                      "0070000001")) {
    vpcd.sendRaw(Bytes{b});
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(esim::toHex(vpcd.receive()), "019000");
  // Three messages in one write.
  vpcd.sendRaw(esim::fromHex("0001"
                             "04"
                             "0005"
                             "0070000001"
                             "0004"
                             "00708002"));
  EXPECT_EQ(esim::toHex(vpcd.receive()), "3B179680318073FE211B");
  EXPECT_EQ(esim::toHex(vpcd.receive()), "029000");
  EXPECT_EQ(esim::toHex(vpcd.receive()), "9000");
}

TEST(EmuVpcd, ReconnectsAfterVpcdDropsTheConnection) {
  FakeVpcd vpcd;
  euicc_emu::Card card = demoCard();
  LinkRunner runner(card, vpcd.port());
  ASSERT_TRUE(vpcd.accept());
  EXPECT_EQ(vpcd.transmit("0070000001"), "019000");
  vpcd.dropClient(); // pcscd restarts
  ASSERT_TRUE(vpcd.accept());
  // A new session: the channel opened before is gone.
  EXPECT_EQ(vpcd.transmit(kSelectIsdr), "6881");
  EXPECT_EQ(vpcd.transmit("0070000001"), "019000");
  EXPECT_EQ(runner.link().connections(), 2u);
  EXPECT_TRUE(runner.logged("connection closed by vpcd"));
}

TEST(EmuVpcd, WaitsForVpcdToStartListening) {
  FakeVpcd vpcd(/*listenNow=*/false); // bound, not listening: connections are refused
  euicc_emu::Card card = demoCard();
  LinkRunner runner(card, vpcd.port());
  std::this_thread::sleep_for(60ms); // a few refused attempts
  EXPECT_EQ(runner.link().connections(), 0u);
  vpcd.listen();
  ASSERT_TRUE(vpcd.accept());
  EXPECT_EQ(vpcd.transmit("0070000001"), "019000");
  EXPECT_TRUE(runner.logged("waiting for vpcd at 127.0.0.1:"));
}

TEST(EmuVpcd, StopEndsRunWhileWaitingOrIdle) {
  FakeVpcd vpcd(/*listenNow=*/false);
  euicc_emu::Card card = demoCard();
  {
    LinkRunner waiting(card, vpcd.port());
    std::this_thread::sleep_for(30ms);
    EXPECT_LT(waiting.stop(), 200ms);
  }
  vpcd.listen();
  LinkRunner idle(card, vpcd.port());
  ASSERT_TRUE(vpcd.accept());
  EXPECT_LT(idle.stop(), 200ms);
}

TEST(EmuVpcd, StopBeforeRunReturnsAtOnce) {
  euicc_emu::Card card = demoCard();
  euicc_emu::VpcdOptions options;
  options.port = 1;
  euicc_emu::VpcdLink link(card, options);
  link.stop();
  link.run();
  EXPECT_EQ(link.connections(), 0u);
}

} // namespace
