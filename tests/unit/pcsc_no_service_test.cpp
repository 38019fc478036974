// With no pcscd to talk to, the PC/SC entry points say so. The client library
// takes its socket path from PCSCLITE_CSOCK_NAME, so pointing that at a path
// that cannot exist makes "no service" certain whether or not a pcscd runs on
// this machine. pcsc-lite remembers the path after the first call, so this
// process never reaches a real pcscd afterwards either; unit tests must not.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "esim/error.hpp"
#include "esim/pcsc_transport.hpp"

namespace {

class PcscNoService : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    ::setenv("PCSCLITE_CSOCK_NAME", "/nonexistent/esimctl-unit-test/pcscd.comm", 1);
  }
};

TEST_F(PcscNoService, ListReadersReportsPcscNoService) {
  try {
    esim::listReaders();
    FAIL() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::pcscNoService) << e.what();
    EXPECT_NE(std::string(e.what()).find("SCardEstablishContext"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("pcscd"), std::string::npos) << e.hint();
  }
}

TEST_F(PcscNoService, OpenReportsPcscNoServiceForEverySelector) {
  for (const esim::ReaderSelector &selector :
       {esim::ReaderSelector{}, esim::ReaderSelector{.name = "Virtual PCD", .index = {}},
        esim::ReaderSelector{.name = {}, .index = 0}}) {
    try {
      esim::PcscTransport::open(selector);
      FAIL() << "no error";
    } catch (const esim::Error &e) {
      EXPECT_EQ(e.code(), esim::Errc::pcscNoService) << e.what();
    }
  }
}

} // namespace
