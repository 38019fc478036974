// euicc-emu's pseudo-terminal server: a client opens the link like a serial
// port and talks AT over it; lines end with CR or LF, and a line that never
// ends within the limit is answered ERROR without growing the buffer.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "emu_bench_fixture.hpp"
#include "esim/error.hpp"
#include "euicc_emu/at_command.hpp"
#include "euicc_emu/at_pty.hpp"
#include "euicc_emu/demo_state.hpp"

namespace {

constexpr int kReadTimeoutMs = 5000;

// PtyBench is a demo card served on a pty from a thread.
class PtyBench : public ::testing::Test {
protected:
  PtyBench()
      : card(euicc_emu::parseState(euicc_emu::demoStateJson(), "demo")), faults(card, {}),
        modem(faults), server(modem, {link, false, {}}), thread([this] { server.run(); }) {}
  ~PtyBench() override {
    if (fd >= 0) ::close(fd);
    server.stop();
    thread.join();
  }
  void SetUp() override {
    fd = ::open(link.c_str(), O_RDWR | O_NOCTTY);
    ASSERT_GE(fd, 0) << link;
  }
  void send(const std::string &text) {
    ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  // readUntil reads until the text received ends with |suffix|.
  std::string readUntil(const std::string &suffix) {
    std::string got;
    while (!got.ends_with(suffix)) {
      pollfd pfd{fd, POLLIN, 0};
      if (::poll(&pfd, 1, kReadTimeoutMs) <= 0) break;
      char buffer[256];
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n <= 0) break;
      got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
  }

  emu_test::ScratchDir dir;
  std::string link = (dir.path() / "modem").string();
  euicc_emu::Card card;
  euicc_emu::FaultInjector faults;
  euicc_emu::AtModem modem;
  euicc_emu::AtPtyServer server;
  std::thread thread;
  int fd = -1;
};

TEST_F(PtyBench, AnswersLinesEndedByCrOrLf) {
  EXPECT_EQ(std::filesystem::read_symlink(link), server.slaveName());
  send("ATE0\r");
  EXPECT_EQ(readUntil("OK\r\n"), "ATE0\r\r\nOK\r\n");
  send("AT\nAT+CSIM=10,\"0070000001\"\r\n");
  EXPECT_EQ(readUntil("+CSIM: 6,\"019000\"\r\n\r\nOK\r\n"),
            "\r\nOK\r\n\r\n+CSIM: 6,\"019000\"\r\n\r\nOK\r\n");
}

TEST_F(PtyBench, AnOverlongLineIsErrorAndTheNextLineWorks) {
  send("ATE0\r");
  readUntil("OK\r\n");
  send("AT+CSIM=" + std::string(3 * euicc_emu::kMaxAtLineLength, '0') + "\rAT\r");
  EXPECT_EQ(readUntil("\r\nERROR\r\n\r\nOK\r\n"), "\r\nERROR\r\n\r\nOK\r\n");
}

TEST(AtPty, RefusesToReplaceARegularFile) {
  emu_test::ScratchDir dir;
  const auto path = dir.path() / "not-a-link";
  { std::ofstream(path) << "keep me"; }
  euicc_emu::Card card(euicc_emu::parseState(euicc_emu::demoStateJson(), "demo"));
  euicc_emu::FaultInjector faults(card, {});
  euicc_emu::AtModem modem(faults);
  try {
    euicc_emu::AtPtyServer server(modem, {path, false, {}});
    FAIL() << "replaced " << path;
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::ioError);
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(emu_test::readText(path), "keep me");
}

} // namespace
