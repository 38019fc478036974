// The download examples of docs/examples (c-download-profile on the C API,
// cpp-download-profile on esim::downloadProfile) work as their comments
// say, through pcscd + vpcd + euicc-emu and smdpp-emu over TLS: a "no" on
// standard input installs nothing and cancels the session, --yes installs
// the demo profile and reports its install notification. The C example
// also downloads the event an SM-DS holds for the card (--smds).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

// Without ESIM_BUILD_EXAMPLES there is nothing to run.
#if defined(C_DOWNLOAD_PROFILE_PATH) || defined(CPP_DOWNLOAD_PROFILE_PATH)

// runExample runs |program| with the bench's reader, --resolve entries and
// test CI, then |args|, feeding |input|.
CommandResult runExample(SmdppBench &bench, const std::string &program,
                         std::vector<std::string> args, const std::string &input = {}) {
  // esimctlArgv: {esimctl, --reader, R, --resolve, E, [--resolve, S,]
  // --timeout, 2, --ca-file, F}: every option but --timeout, with its value.
  const std::vector<std::string> bench_args = bench.esimctlArgv({});
  std::vector<std::string> argv = {program};
  for (std::size_t i = 1; i + 1 < bench_args.size(); i += 2) {
    if (bench_args[i] != "--timeout") argv.insert(argv.end(), {bench_args[i], bench_args[i + 1]});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return runCommand(argv, {}, std::chrono::seconds(30), input);
}

void checkExample(const std::string &program) {
  SmdppBench bench;
  bench.start();
  const std::string code = bench.activationCode();

  const CommandResult no = runExample(bench, program, {code}, "n\n");
  EXPECT_EQ(no.exitCode, 3) << no.stdoutText << no.stderrText;
  EXPECT_NE(no.stdoutText.find(std::string("offer ").append(kDemoIccid)), std::string::npos)
      << no.stdoutText;
  EXPECT_FALSE(bench.installed(kDemoIccid));
  EXPECT_NE(bench.smdpp().stderrText().find("\"kind\":\"cancelSession\""), std::string::npos);

  const CommandResult yes = runExample(bench, program, {"--yes", code});
  ASSERT_EQ(yes.exitCode, 0) << yes.stdoutText << yes.stderrText << bench.smdpp().stderrText();
  EXPECT_NE(yes.stdoutText.find(std::string("installed ").append(kDemoIccid)), std::string::npos)
      << yes.stdoutText;
  EXPECT_NE(yes.stdoutText.find("notification delivered"), std::string::npos) << yes.stdoutText;
  EXPECT_TRUE(bench.installed(kDemoIccid));

  const CommandResult bad = runExample(bench, program, {});
  EXPECT_EQ(bad.exitCode, 2) << bad.stderrText;
  EXPECT_NE(bad.stderrText.find("usage:"), std::string::npos) << bad.stderrText;
}

#endif

#ifdef C_DOWNLOAD_PROFILE_PATH
TEST(CapiDownloadExamples, CExampleDeclinesAndInstalls) {
  checkExample(C_DOWNLOAD_PROFILE_PATH);
}

TEST(CapiDownloadExamples, CExampleDownloadsTheEventWaitingAtAnSmds) {
  constexpr char kIccid[] = "8944476500000000047";
  SmdppBench bench;
  const std::string eid = nlohmann::json::parse(readText(bench.statePath()))["eid"];
  const nlohmann::json order = {{"matchingId", "EVENT-C-EXAMPLE"},
                                {"eid", eid},
                                {"smdsEvent", true},
                                {"profilePackage", "builtin:demo"},
                                {"metadata",
                                 {{"iccid", kIccid},
                                  {"serviceProviderName", "esimctl Events"},
                                  {"profileName", "Announced"}}}};
  const std::string catalog = bench.dir().file("catalog.json");
  std::ofstream(catalog) << nlohmann::json{{"profiles", {order}}}.dump(2);
  SmdppDownload download{catalog, ""};
  download.smdsAddress = kSmdsHost;
  bench.setDownload(download);
  bench.start();

  const CommandResult yes =
      runExample(bench, C_DOWNLOAD_PROFILE_PATH, {"--yes", "--smds", bench.smdsAddress()});
  ASSERT_EQ(yes.exitCode, 0) << yes.stdoutText << yes.stderrText << bench.smdpp().stderrText();
  EXPECT_NE(yes.stdoutText.find("event EVENT-C-EXAMPLE at " + bench.smdpAddress()),
            std::string::npos)
      << yes.stdoutText;
  EXPECT_NE(yes.stdoutText.find(std::string("installed ") + kIccid), std::string::npos)
      << yes.stdoutText;
  EXPECT_NE(yes.stdoutText.find("notification delivered"), std::string::npos) << yes.stdoutText;
  EXPECT_TRUE(bench.installed(kIccid));

  // Installed and reported, the event left the SM-DS.
  const CommandResult again =
      runExample(bench, C_DOWNLOAD_PROFILE_PATH, {"--yes", "--smds", bench.smdsAddress()});
  EXPECT_EQ(again.exitCode, 0) << again.stdoutText << again.stderrText;
  EXPECT_NE(again.stdoutText.find("no event at " + bench.smdsAddress()), std::string::npos)
      << again.stdoutText;
}
#endif

#ifdef CPP_DOWNLOAD_PROFILE_PATH
TEST(CapiDownloadExamples, CppExampleDeclinesAndInstalls) {
  checkExample(CPP_DOWNLOAD_PROFILE_PATH);
}
#endif

} // namespace
} // namespace esim::test
