// esimctl doctor: runs the library's setup checks (lpa/doctor.hpp) with the
// global options and prints each with its verdict and fix, as it comes.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "lpa/doctor.hpp"
#include "output.hpp"

namespace esimctl {

namespace {

// buildDate is the day this esimctl was built (UTC midnight): the clock
// cannot be earlier. CMake sets ESIMCTL_BUILD_DATE (honouring
// SOURCE_DATE_EPOCH); without it the check has only the CA file to go by.
std::chrono::system_clock::time_point buildDate() {
#ifdef ESIMCTL_BUILD_DATE
  std::tm tm{};
  std::istringstream in(ESIMCTL_BUILD_DATE);
  in >> std::get_time(&tm, "%Y-%m-%d");
  if (!in.fail()) return std::chrono::system_clock::from_time_t(timegm(&tm));
#endif
  return {};
}

nlohmann::json checkJson(const esim::DoctorCheck &c) {
  return {{"name", c.name},
          {"verdict", std::string(esim::doctorVerdictName(c.verdict))},
          {"detail", c.detail},
          {"fix", c.fix}};
}

void printCheck(const esim::DoctorCheck &c) {
  std::ostringstream line;
  line << std::left << std::setw(8) << esim::doctorVerdictName(c.verdict) << std::setw(18) << c.name
       << terminalSafeLines(c.detail) << "\n";
  if (!c.fix.empty()) line << std::string(26, ' ') << "fix: " << terminalSafeLines(c.fix) << "\n";
  std::cout << line.str() << std::flush;
}

int doctor(AppContext &ctx) {
  const GlobalOptions &o = ctx.options;
  if (o.emulator) {
    throw UsageError("doctor checks the PC/SC path; --emulator does not go through it",
                     "run `esimctl doctor` without --emulator (euicc-emu serves vpcd)");
  }
  esim::DoctorOptions options;
  options.reader = o.reader;
  options.aids = ctx.sessionOptions().aids;
  options.http.caFile = o.caFile;
  options.http.resolve = o.resolve;
  auto total = std::chrono::milliseconds(static_cast<long>(o.timeoutSeconds * 1000));
  options.http.timeout = total;
  options.http.connectTimeout = std::min(total, std::chrono::milliseconds(10000));
  options.http.userAgent = std::string("esimctl/") + ESIMCTL_VERSION;
  options.notEarlierThan = buildDate();
  if (!o.json) options.progress = printCheck;

  std::vector<esim::DoctorCheck> checks = esim::runDoctor(options);
  std::vector<const esim::DoctorCheck *> failed;
  for (const esim::DoctorCheck &c : checks) {
    if (c.verdict == esim::DoctorVerdict::fail) failed.push_back(&c);
  }
  std::string names;
  for (const esim::DoctorCheck *c : failed)
    names += (names.empty() ? "" : ", ") + c->name;
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const esim::DoctorCheck &c : checks)
      list.push_back(checkJson(c));
    nlohmann::json data = {{"checks", list}};
    if (failed.empty()) {
      printJsonSuccess(data);
    } else {
      printJsonFailure(data,
                       {{"code", "checks-failed"},
                        {"message", std::to_string(failed.size()) + " check(s) failed: " + names},
                        {"hint", failed.front()->fix}});
    }
  } else if (failed.empty()) {
    std::cout << "All checks passed.\n";
  } else {
    std::cout << failed.size() << " check(s) failed: " << names
              << ". The first failure is the one to fix.\n";
  }
  return failed.empty() ? kExitOk : kExitError;
}

} // namespace

void addDoctorCommand(const Registrar &r) {
  AppContext &ctx = r.ctx;
  r.on(r.app.add_subcommand("doctor", "check pcscd, reader, card, ISD-R, block size, clock and the "
                                      "SM-DP+/SM-DS connections; print each verdict and its fix"),
       [&ctx] { return doctor(ctx); });
}

} // namespace esimctl
