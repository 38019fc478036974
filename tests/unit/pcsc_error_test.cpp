// The PC/SC return-code mapping, checked with the code values of the PC/SC
// specification (Microsoft's SCARD_* values, which pcsc-lite uses), written
// out by hand rather than taken from winscard.h.
#include <gtest/gtest.h>

#include <string>

#include "esim/error.hpp"
#include "transport/pcsc_error.hpp"

namespace {

using esim::Errc;
using esim::pcsc::pcscError;
using esim::pcsc::Stage;

constexpr long kInternalError = 0x80100001L;     // SCARD_F_INTERNAL_ERROR
constexpr long kUnknownReader = 0x80100009L;     // SCARD_E_UNKNOWN_READER
constexpr long kTimeout = 0x8010000AL;           // SCARD_E_TIMEOUT
constexpr long kSharingViolation = 0x8010000BL;  // SCARD_E_SHARING_VIOLATION
constexpr long kNoSmartcard = 0x8010000CL;       // SCARD_E_NO_SMARTCARD
constexpr long kReaderUnavailable = 0x80100017L; // SCARD_E_READER_UNAVAILABLE
constexpr long kNoService = 0x8010001DL;         // SCARD_E_NO_SERVICE
constexpr long kServiceStopped = 0x8010001EL;    // SCARD_E_SERVICE_STOPPED
constexpr long kNoReaders = 0x8010002EL;         // SCARD_E_NO_READERS_AVAILABLE
constexpr long kResetCard = 0x80100068L;         // SCARD_W_RESET_CARD
constexpr long kRemovedCard = 0x80100069L;       // SCARD_W_REMOVED_CARD

struct Case {
  long rc;
  Stage stage;
  Errc expected;
};

class PcscErrorMapping : public ::testing::TestWithParam<Case> {};

TEST_P(PcscErrorMapping, MapsToErrc) {
  const Case c = GetParam();
  const esim::Error e = pcscError(c.rc, "SCardConnect(\"Reader 00 00\")", c.stage);
  EXPECT_EQ(e.code(), c.expected) << e.what();
  // The message names the call and carries the code in hex.
  EXPECT_EQ(std::string(e.what()).rfind("SCardConnect(\"Reader 00 00\"): ", 0), 0U) << e.what();
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(c.rc));
  EXPECT_NE(std::string(e.what()).find(hex), std::string::npos) << e.what();
  EXPECT_FALSE(e.hint().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Codes, PcscErrorMapping,
    ::testing::Values(Case{kNoService, Stage::setup, Errc::pcscNoService},
                      Case{kServiceStopped, Stage::connected, Errc::pcscNoService},
                      Case{kNoReaders, Stage::setup, Errc::noReader},
                      Case{kUnknownReader, Stage::setup, Errc::readerNotFound},
                      Case{kNoSmartcard, Stage::setup, Errc::noCard},
                      Case{kRemovedCard, Stage::setup, Errc::noCard},
                      Case{kNoSmartcard, Stage::connected, Errc::cardRemoved},
                      Case{kRemovedCard, Stage::connected, Errc::cardRemoved},
                      Case{kReaderUnavailable, Stage::setup, Errc::readerNotFound},
                      Case{kReaderUnavailable, Stage::connected, Errc::cardRemoved},
                      Case{kSharingViolation, Stage::setup, Errc::readerBusy},
                      Case{kResetCard, Stage::connected, Errc::pcscFailure},
                      Case{kTimeout, Stage::connected, Errc::pcscFailure},
                      Case{kInternalError, Stage::setup, Errc::pcscFailure}));

TEST(PcscError, NoServiceSaysHowToStartPcscd) {
  const esim::Error e = pcscError(kNoService, "SCardEstablishContext", Stage::setup);
  EXPECT_NE(std::string(e.what()).find("pcscd is not running"), std::string::npos) << e.what();
  EXPECT_NE(e.hint().find("systemctl start pcscd.socket"), std::string::npos) << e.hint();
}

TEST(PcscError, UnknownCodeCarriesPcscLiteText) {
  const esim::Error e = pcscError(kInternalError, "SCardTransmit", Stage::connected);
  // pcsc_stringify_error's text for SCARD_F_INTERNAL_ERROR.
  EXPECT_NE(std::string(e.what()).find("Internal error"), std::string::npos) << e.what();
}

TEST(PcscError, CheckPassesSuccessAndThrowsTheMappedError) {
  EXPECT_NO_THROW(esim::pcsc::check(esim::pcsc::kSuccess, "SCardTransmit", Stage::connected));
  try {
    esim::pcsc::check(kSharingViolation, "SCardConnect", Stage::setup);
    FAIL() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), Errc::readerBusy);
  }
}

} // namespace
