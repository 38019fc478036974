// The C API on a real PC/SC stack: esim_euicc_open_pcsc against pcscd with a
// vpcd reader and euicc-emu as the card (tests/support/emulated_reader).
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "esim/esim.h"
#include "support/emulated_reader.hpp"
#include "support/esim_env.hpp"
#include "support/process.hpp"

namespace esim::test {
namespace {

constexpr const char *kEid = "89049032123451234512345678901235";

TEST(CapiPcsc, OpensTheReaderByNameAndByDefaultAndReadsTheCard) {
  TempDir dir;
  EmulatedReader reader(dir);
  // By its full name, by a part of it (all but the first character), and by
  // default; esim_euicc_reader_name tells which reader was chosen.
  const std::string part = reader.readerName().substr(1);
  for (const char *name :
       {reader.readerName().c_str(), part.c_str(), static_cast<const char *>(nullptr)}) {
    esim_euicc *euicc = nullptr;
    esim_error error;
    ASSERT_EQ(esim_euicc_open_pcsc(name, nullptr, &euicc, &error), ESIM_OK) << error.message;
    EXPECT_EQ(std::string(esim_euicc_reader_name(euicc)), reader.readerName());
    char eid[ESIM_EID_BUFFER_SIZE];
    EXPECT_EQ(esim_euicc_get_eid(euicc, eid, sizeof eid), ESIM_OK)
        << esim_euicc_last_error_message(euicc);
    EXPECT_STREQ(eid, kEid);
    esim_profile_list *profiles = nullptr;
    ASSERT_EQ(esim_euicc_list_profiles(euicc, &profiles), ESIM_OK)
        << esim_euicc_last_error_message(euicc);
    EXPECT_EQ(esim_profile_list_count(profiles), 2u);
    esim_profile_list_free(profiles);
    esim_euicc_close(euicc);
  }
}

TEST(CapiPcsc, UnknownReaderAndRemovedCardAreErrorsNotCrashes) {
  TempDir dir;
  EmulatedReader reader(dir);
  esim_euicc *euicc = nullptr;
  esim_error error;
  EXPECT_EQ(esim_euicc_open_pcsc("no such reader", nullptr, &euicc, &error), ESIM_READER_NOT_FOUND);
  EXPECT_EQ(euicc, nullptr);
  EXPECT_NE(std::strstr(error.message, reader.readerName().c_str()), nullptr)
      << "the message lists the readers there are: " << error.message;

  ASSERT_EQ(esim_euicc_open_pcsc(reader.readerName().c_str(), nullptr, &euicc, &error), ESIM_OK)
      << error.message;
  reader.stopCard();
  char eid[ESIM_EID_BUFFER_SIZE];
  const esim_status status = esim_euicc_get_eid(euicc, eid, sizeof eid);
  EXPECT_NE(status, ESIM_OK);
  EXPECT_EQ(esim_euicc_last_error_status(euicc), status);
  EXPECT_STRNE(esim_euicc_last_error_message(euicc), "");
  esim_euicc_close(euicc);
}

#ifdef C_LIST_PROFILES_PATH
// The C example consumer (docs/examples/c-list-profiles) works as its
// comment says, on the reader it is given and on the default one.
TEST(CapiPcsc, CExampleListsTheProfiles) {
  TempDir dir;
  EmulatedReader reader(dir);
  for (const std::vector<std::string> &argv :
       {std::vector<std::string>{C_LIST_PROFILES_PATH, reader.readerName()},
        std::vector<std::string>{C_LIST_PROFILES_PATH}}) {
    const CommandResult r = runCommand(argv, {}, std::chrono::seconds(20));
    EXPECT_EQ(r.exitCode, 0) << r.stderrText;
    EXPECT_NE(r.stdoutText.find(std::string("EID ").append(kEid)), std::string::npos)
        << r.stdoutText;
    EXPECT_NE(r.stdoutText.find("profile 8981100000000000002 enabled"), std::string::npos)
        << r.stdoutText;
    EXPECT_NE(r.stdoutText.find("profile 89490000000000000007 disabled"), std::string::npos)
        << r.stdoutText;
  }
  const CommandResult missing =
      runCommand({C_LIST_PROFILES_PATH, "no such reader"}, {}, std::chrono::seconds(20));
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.stderrText.find("reader-not-found"), std::string::npos) << missing.stderrText;
}
#endif

} // namespace
} // namespace esim::test
