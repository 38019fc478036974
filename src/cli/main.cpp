// esimctl: list, enable, disable, rename and delete eSIM profiles on an
// eUICC, and report its notifications to the operator's SM-DP+.
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <string_view>

#include "app_context.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "validate.hpp"

namespace {

using namespace esimctl;

// run parses the command line, checks it, and runs the chosen command.
// Returns the exit code.
int run(int argc, char **argv) {
  AppContext ctx;
  CLI::App app{"esimctl: manage eSIM profiles on an eUICC (GSMA SGP.22 LPA)", "esimctl"};
  app.set_version_flag("--version", std::string("esimctl ") + ESIMCTL_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  auto &o = ctx.options;
  app.add_option("--reader", o.reader,
                 "PC/SC reader to use: its name, part of it, or its index "
                 "(default: the first reader holding an eUICC)");
  app.add_option("--emulator", o.emulator,
                 "use the built-in eUICC emulator with this state file instead of a reader");
  app.add_option("--emulator-fault", o.emulatorFaults,
                 "make the built-in emulator misbehave as euicc-emu --fault SPEC does "
                 "(repeatable; needs --emulator; see docs/emulator.md)");
  app.add_option("--aid", o.aid,
                 "ISD-R AID in hex (default: try the standard AID, then known alternatives)");
  app.add_option("--mss", o.mss,
                 "largest STORE DATA block in bytes, 1..255 (try 120 for old cards)")
      ->check(CLI::Range(1, 255));
  app.add_flag("--trace", o.trace, "print every C-APDU and R-APDU in hex on stderr");
  app.add_flag("--json", o.json, "print one JSON object for scripts");
  app.add_option("--ca-file", o.caFile,
                 "PEM file of CA certificates to trust for SM-DP+ TLS (default: the system store)")
      ->check(CLI::ExistingFile);
  app.add_option("--resolve", o.resolve,
                 "HOST:PORT:ADDRESS, as curl has it: connect to ADDRESS for HOST:PORT "
                 "(certificate checks still use HOST)");
  app.add_option("--timeout", o.timeoutSeconds, "seconds allowed per SM-DP+ request")
      ->check(CLI::Range(0.1, 600.0));
  app.add_flag("--no-connection-reuse", o.noConnectionReuse,
               "open a new TLS connection for every SM-DP+ request (diagnostics and "
               "benchmarks; slower)");

  Action chosen;
  Registrar reg{app, ctx, &chosen};
  addChipCommands(reg);
  addProfileCommands(reg);
  addNotificationCommands(reg);
  addReaderCommands(reg);
  addRemoveCommands(reg);
  addDoctorCommand(reg);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    // CLI11 assigns options in the order they were declared, so a value that
    // fails its check (--mss 300) can abort the parse before --json is set:
    // look at the words themselves.
    const bool json = ctx.options.json || std::any_of(argv + 1, argv + argc, [](const char *arg) {
                        return std::string_view(arg) == "--json";
                      });
    if (json && e.get_exit_code() != 0) {
      return printError(UsageError(e.what()), true);
    }
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (!chosen) {
      std::cerr << app.help();
      return kExitUsage;
    }
    // Every global option is checked here, and each command checks its own
    // arguments first thing: a usage error never reaches the card.
    checkGlobalOptions(ctx.options);
    return chosen();
  } catch (const esim::Error &e) {
    return printError(e, ctx.options.json);
  } catch (const std::exception &e) {
    return printError(esim::Error(esim::Errc::internal, e.what(),
                                  "this is a bug in esimctl; please report it with --trace output"),
                      ctx.options.json);
  }
}

// finishOutput flushes and closes standard output: a result that could not
// be written (a full disk, a closed stdout) is a failure, reported on
// stderr. Returns |rc|, or kExitError if the command had succeeded.
int finishOutput(int rc) {
  errno = 0;
  std::cout.flush();
  int error = errno;
  bool failed = !std::cout;
  if (std::fflush(stdout) != 0) {
    failed = true;
    error = errno;
  }
  if (std::ferror(stdout) != 0) failed = true;
  if (std::fclose(stdout) != 0) {
    failed = true;
    error = errno;
  }
  if (!failed) return rc;
  std::cerr << "esimctl: error: cannot write the result to standard output: "
            << (error != 0 ? std::strerror(error) : "write error") << '\n';
  return rc == kExitOk ? kExitError : rc;
}

// keepStandardDescriptorsOpen puts /dev/null on fds 0..2 if they are closed,
// so that no file esimctl opens (the emulator's state) becomes its stdout.
// stdout gets it read-only: writing the result then fails (EBADF) and is
// reported, instead of the result vanishing.
void keepStandardDescriptorsOpen() noexcept {
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      int opened = open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY);
      if (opened != fd && opened >= 0) close(opened); // fd was taken meanwhile: cannot happen
    }
  }
}

} // namespace

int main(int argc, char **argv) {
  keepStandardDescriptorsOpen();
  return finishOutput(run(argc, argv));
}
