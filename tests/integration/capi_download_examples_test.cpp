// The download examples of docs/examples (c-download-profile on the C API,
// cpp-download-profile on esim::downloadProfile) work as their comments
// say, through pcscd + vpcd + euicc-emu and smdpp-emu over TLS: a "no" on
// standard input installs nothing and cancels the session, --yes installs
// the demo profile and reports its install notification.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/smdpp_bench.hpp"

namespace esim::test {
namespace {

// Without ESIM_BUILD_EXAMPLES there is nothing to run.
#if defined(C_DOWNLOAD_PROFILE_PATH) || defined(CPP_DOWNLOAD_PROFILE_PATH)

// runExample runs |program| with the bench's reader, --resolve and test CI,
// then |args|, feeding |input|.
CommandResult runExample(SmdppBench &bench, const std::string &program,
                         std::vector<std::string> args, const std::string &input = {}) {
  // esimctlArgv: {esimctl, --reader, R, --resolve, E, --timeout, 2, --ca-file, F}
  const std::vector<std::string> bench_args = bench.esimctlArgv({});
  std::vector<std::string> argv = {program,          "--reader",  bench_args.at(2), "--resolve",
                                   bench_args.at(4), "--ca-file", bench_args.at(8)};
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
#endif

#ifdef CPP_DOWNLOAD_PROFILE_PATH
TEST(CapiDownloadExamples, CppExampleDeclinesAndInstalls) {
  checkExample(CPP_DOWNLOAD_PROFILE_PATH);
}
#endif

} // namespace
} // namespace esim::test
