// The emulator's PKI: what `euicc-emu --init` makes (a complete bench whose
// delete notification verifies up to pki/ci.pem), --pki DIR, the script's
// failures, and every check of the "pki" key (readable files, PEM or DER,
// key matches the certificate, P-256 only, EUM issued the eUICC certificate).
#include <gtest/gtest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "emu_bench_fixture.hpp"
#include "esim/error.hpp"
#include "euicc_emu/demo_state.hpp"
#include "support/signature_check.hpp"

namespace {

using namespace emu_test;
using esim::Iccid;
using nlohmann::json;

// expectPkiError expects |f| to throw Error(Errc::emulator) whose message
// starts with "state file |source|: pki.|field|: " and contains |fragment|.
template <typename F>
void expectPkiError(F &&f, const std::string &source, const std::string &field,
                    const std::string &fragment) {
  SCOPED_TRACE(field + " / " + fragment);
  try {
    f();
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::emulator);
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind("state file " + source + ": pki." + field + ": ", 0), 0u) << msg;
    EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
    EXPECT_FALSE(e.hint().empty());
  }
}

// stateWithPki writes the demo state to DIR/card.json with |pki| (as the file
// says it) and returns the path.
fs::path stateWithPki(const fs::path &dir, const json &pki) {
  json doc = json::parse(euicc_emu::stateToJson(demoWithPki()));
  doc["pki"] = pki;
  const fs::path path = dir / "card.json";
  std::ofstream(path) << doc.dump(2);
  return path;
}

json sharedPkiJson(const std::string &key = "euicc.key", const std::string &cert = "euicc.pem",
                   const std::string &eum = "eum.pem") {
  const fs::path pki = sharedBench().pki;
  return {{"euiccKey", (pki / key).string()},
          {"euiccCertificate", (pki / cert).string()},
          {"eumCertificate", (pki / eum).string()}};
}

// writeKey writes |key| to |path| as PEM (or DER).
void writeKey(EVP_PKEY *key, const fs::path &path, bool der) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "wb"), BIO_free);
  ASSERT_TRUE(bio);
  if (der) {
    ASSERT_EQ(i2d_PrivateKey_bio(bio.get(), key), 1);
  } else {
    ASSERT_EQ(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  }
}

std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> readPemKey(const fs::path &path) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "rb"), BIO_free);
  return {bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr,
          EVP_PKEY_free};
}

TEST(EmuBench, InitMakesACompleteBenchWhoseNotificationsVerify) {
  const SharedBench &bench = sharedBench();
  for (const char *f : {"ci.pem", "smdp-tls.pem", "smdp-tls.key", "euicc.key", "eum.pem"})
    EXPECT_TRUE(fs::is_regular_file(bench.pki / f)) << f;
  // The state names the PKI relative to itself, so the bench can be moved.
  json doc = json::parse(readText(bench.statePath));
  EXPECT_EQ(doc["pki"], (json{{"euiccKey", "pki/euicc.key"},
                              {"euiccCertificate", "pki/euicc.pem"},
                              {"eumCertificate", "pki/eum.pem"},
                              {"ciCertificates", {"pki/ci.pem"}}}));
  // EUICCInfo lists the bench's own CI (its SubjectKeyIdentifier).
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file((bench.pki / "ci.pem").c_str(), "r"),
                                                BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> ci(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  ASSERT_TRUE(ci);
  const ASN1_OCTET_STRING *ski = X509_get0_subject_key_id(ci.get());
  ASSERT_TRUE(ski);
  esim::Bytes skiBytes(ASN1_STRING_get0_data(ski),
                       ASN1_STRING_get0_data(ski) + ASN1_STRING_length(ski));
  euicc_emu::EmulatorState s = euicc_emu::loadState(bench.statePath);
  EXPECT_EQ(s.euiccInfo2.euiccCiPKIdListForVerification, std::vector<esim::Bytes>{skiBytes});
  EXPECT_EQ(s.euiccInfo1.euiccCiPKIdListForSigning, std::vector<esim::Bytes>{skiBytes});

  // The travel profile's delete notification verifies up to pki/ci.pem.
  Lpa lpa(s); // in memory: the shared bench stays as --init left it
  ASSERT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false), esim::DisableProfileResult::ok);
  ASSERT_EQ(lpa.euicc().deleteProfile(Iccid{kTravelIccid}), esim::DeleteProfileResult::ok);
  auto deletes = lpa.euicc().listNotification(esim::NotificationEvent::notificationDelete);
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(deletes[0].notificationAddress, "smdp.travel.example");
  auto n = lpa.euicc().retrieveNotificationsList(deletes[0].seqNumber);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(esim::test::verifyNotification(n[0], (bench.pki / "ci.pem").string()), "");
}

TEST(EmuBench, InitRunsTheScriptWhenThereIsNoPki) {
  // The one test that always makes a PKI of its own, as `--init` does on a
  // fresh directory (the shared bench may reuse a cached one).
  ScratchDir dir;
  euicc_emu::BenchOptions options;
  options.statePath = dir.path() / "bench" / "card.json";
  std::vector<std::string> log;
  options.log = [&](const std::string &line) { log.push_back(line); };
  euicc_emu::initBench(options);
  ASSERT_FALSE(log.empty());
  EXPECT_NE(log[0].find("making a test PKI"), std::string::npos) << log[0];
  const fs::path pki = dir.path() / "bench" / "pki";
  for (const auto &f : euicc_emu::kPkiBenchFiles)
    EXPECT_TRUE(fs::is_regular_file(pki / f)) << f;
  Lpa lpa(euicc_emu::loadState(options.statePath));
  ASSERT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false), esim::DisableProfileResult::ok);
  EXPECT_EQ(esim::test::verifyNotification(lpa.euicc().retrieveNotificationsList().at(0),
                                           (pki / "ci.pem").string()),
            "");
}

TEST(EmuBench, InitRefusesToOverwriteAndReusesAnExistingPki) {
  ScratchDir dir;
  fs::copy(sharedBench().pki, dir.path() / "pki");
  euicc_emu::BenchOptions options;
  options.statePath = dir.path() / "card.json";
  options.pkiScript = "/nonexistent/make-test-pki.sh"; // must not be needed
  std::vector<std::string> log;
  options.log = [&](const std::string &line) { log.push_back(line); };
  euicc_emu::initBench(options);
  EXPECT_NE(log.at(0).find("reusing"), std::string::npos) << log.at(0);
  try {
    euicc_emu::initBench(options);
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::invalidArgument);
    EXPECT_NE(e.hint().find("--force"), std::string::npos);
  }
  options.force = true;
  euicc_emu::initBench(options);
  EXPECT_EQ(readText(dir.path() / "pki" / "euicc.key"), readText(sharedBench().pki / "euicc.key"));
}

TEST(EmuBench, IncompletePkiDirectoryIsRefused) {
  ScratchDir dir;
  fs::create_directory(dir.path() / "pki");
  fs::copy_file(sharedBench().pki / "euicc.key", dir.path() / "pki" / "euicc.key");
  euicc_emu::BenchOptions options;
  options.statePath = dir.path() / "card.json";
  try {
    euicc_emu::initBench(options);
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::invalidArgument);
    EXPECT_NE(std::string(e.what()).find("missing euicc.pem, eum.pem, ci.pem"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(options.statePath));
}

TEST(EmuBench, PkiOptionUsesAnExistingDirectoryByAbsolutePath) {
  ScratchDir dir;
  euicc_emu::BenchOptions options;
  options.statePath = dir.path() / "card.json";
  options.pkiDirectory = sharedBench().pki;
  euicc_emu::initBench(options);
  EXPECT_FALSE(fs::exists(dir.path() / "pki"));
  json doc = json::parse(readText(options.statePath));
  EXPECT_EQ(doc["pki"]["euiccKey"], (sharedBench().pki / "euicc.key").string());
  EXPECT_NO_THROW(euicc_emu::loadState(options.statePath));

  ScratchDir empty;
  options.pkiDirectory = empty.path();
  options.force = true;
  try {
    euicc_emu::initBench(options);
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(e.code(), esim::Errc::invalidArgument);
    EXPECT_NE(std::string(e.what()).find("missing euicc.key, euicc.pem, eum.pem"),
              std::string::npos)
        << e.what();
  }
}

TEST(EmuBench, ScriptFailuresAreClear) {
  ScratchDir dir;
  euicc_emu::BenchOptions options;
  options.statePath = dir.path() / "card.json";
  for (const char *script : {"/bin/false", "/nonexistent/make-test-pki.sh"}) {
    options.pkiScript = script;
    try {
      euicc_emu::initBench(options);
      ADD_FAILURE() << "no error with " << script;
    } catch (const esim::Error &e) {
      EXPECT_EQ(e.code(), esim::Errc::emulator);
      EXPECT_NE(std::string(e.what()).find(script), std::string::npos) << e.what();
    }
  }
  EXPECT_FALSE(fs::exists(options.statePath));
}

TEST(EmuBench, DefaultScriptComesFromTheEnvironmentOrTheSourceTree) {
  const char *saved = std::getenv("ESIM_PKI_SCRIPT");
  const std::string keep = saved ? saved : "";
  ::setenv("ESIM_PKI_SCRIPT", "/opt/pki.sh", 1);
  EXPECT_EQ(euicc_emu::defaultPkiScript(), "/opt/pki.sh");
  ::unsetenv("ESIM_PKI_SCRIPT");
  EXPECT_EQ(euicc_emu::defaultPkiScript().filename(), "make-test-pki.sh");
  EXPECT_TRUE(fs::exists(euicc_emu::defaultPkiScript()));
  if (saved) ::setenv("ESIM_PKI_SCRIPT", keep.c_str(), 1);
}

TEST(EmuPki, RelativePathsAreRelativeToTheStateFile) {
  ScratchDir dir;
  fs::copy(sharedBench().pki, dir.path() / "keys");
  const fs::path path =
      stateWithPki(dir.path(), {{"euiccKey", "keys/euicc.key"},
                                {"euiccCertificate", "keys/euicc.der"}, // DER works as well as PEM
                                {"eumCertificate", "keys/eum.der"}});
  euicc_emu::EmulatorState s = euicc_emu::loadState(path);
  EXPECT_EQ(s.pki->baseDirectory, dir.path());
  EXPECT_EQ(s.pki->euiccCertificate, "keys/euicc.der");
  // The text round trip keeps the paths as written.
  EXPECT_EQ(euicc_emu::parseState(euicc_emu::stateToJson(s), "x"), s);
  // The Card finds them through the state file's directory as well.
  euicc_emu::EmulatorState fromText = euicc_emu::parseState(readText(path), path.string());
  EXPECT_NO_THROW(euicc_emu::Card card(fromText, path));
  EXPECT_THROW(euicc_emu::Card card(fromText), esim::Error); // relative to the cwd: not there
}

TEST(EmuPki, DerKeyIsAccepted) {
  ScratchDir dir;
  auto key = readPemKey(sharedBench().pki / "euicc.key");
  ASSERT_TRUE(key);
  writeKey(key.get(), dir.path() / "euicc.key.der", true);
  const fs::path path = stateWithPki(dir.path(), sharedPkiJson());
  json doc = json::parse(readText(path));
  doc["pki"]["euiccKey"] = (dir.path() / "euicc.key.der").string();
  std::ofstream(path) << doc.dump();
  Lpa lpa(euicc_emu::loadState(path));
  ASSERT_EQ(lpa.euicc().disableProfile(Iccid{kTravelIccid}, false), esim::DisableProfileResult::ok);
  EXPECT_EQ(esim::test::verifyNotification(lpa.euicc().retrieveNotificationsList().at(0), ciPem()),
            "");
}

TEST(EmuPki, EveryProblemNamesTheField) {
  ScratchDir dir;
  auto load = [&](const json &pki) {
    const fs::path path = stateWithPki(dir.path(), pki);
    return [path] { euicc_emu::loadState(path); };
  };
  const std::string source = (dir.path() / "card.json").string();
  expectPkiError(load(sharedPkiJson("missing.key")), source, "euiccKey", "cannot open");
  expectPkiError(load(sharedPkiJson("euicc.key", "missing.pem")), source, "euiccCertificate",
                 "cannot open");
  expectPkiError(load(sharedPkiJson("euicc.key", "euicc.pem", "missing.pem")), source,
                 "eumCertificate", "cannot open");
  // A certificate where the key belongs, and the other way round.
  expectPkiError(load(sharedPkiJson("euicc.pem")), source, "euiccKey", "not a private key");
  expectPkiError(load(sharedPkiJson("euicc.key", "euicc.key")), source, "euiccCertificate",
                 "not an X.509 certificate");
  // Another P-256 key: the CI's.
  expectPkiError(load(sharedPkiJson("ci.key")), source, "euiccKey",
                 "does not belong to the eUICC certificate");
  // The CI did not sign the eUICC certificate; the EUM did.
  expectPkiError(load(sharedPkiJson("euicc.key", "euicc.pem", "ci.pem")), source, "eumCertificate",
                 "did not issue the eUICC certificate");

  // A P-384 key is refused for the curve, before the certificate is compared.
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> p384(EVP_EC_gen("P-384"), EVP_PKEY_free);
  ASSERT_TRUE(p384);
  writeKey(p384.get(), dir.path() / "p384.key", false);
  json pki = sharedPkiJson();
  pki["euiccKey"] = (dir.path() / "p384.key").string();
  expectPkiError(load(pki), source, "euiccKey", "P-256");
  // An RSA key is not even EC.
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> rsa(EVP_RSA_gen(1024), EVP_PKEY_free);
  ASSERT_TRUE(rsa);
  writeKey(rsa.get(), dir.path() / "rsa.key", false);
  pki["euiccKey"] = (dir.path() / "rsa.key").string();
  expectPkiError(load(pki), source, "euiccKey", "not an EC key");
  // An empty file.
  std::ofstream(dir.path() / "empty.key").close();
  pki["euiccKey"] = (dir.path() / "empty.key").string();
  expectPkiError(load(pki), source, "euiccKey", "is empty");
}

TEST(EmuPki, CardChecksThePkiOfAStateBuiltInCode) {
  euicc_emu::EmulatorState s = demoWithPki();
  s.pki->euiccKey = (sharedBench().pki / "eum.key").string();
  expectPkiError([&] { euicc_emu::Card card(s); }, "(in memory)", "euiccKey", "does not belong");
}

TEST(EmuPki, PkiKeyFormatErrors) {
  json doc = json::parse(euicc_emu::demoStateJson());
  doc["pki"] = {{"euiccKey", "k"}, {"euiccCertificate", "c"}};
  try {
    euicc_emu::parseState(doc.dump(), "t.json");
    ADD_FAILURE() << "no error";
  } catch (const esim::Error &e) {
    EXPECT_EQ(std::string(e.what()), "state file t.json: pki.eumCertificate: missing required key");
  }
  doc["pki"]["eumCertificate"] = "";
  EXPECT_THROW(euicc_emu::parseState(doc.dump(), "t.json"), esim::Error);
  doc["pki"] = "pki/";
  EXPECT_THROW(euicc_emu::parseState(doc.dump(), "t.json"), esim::Error);
  // parseState reads text only; the files are checked on load.
  doc["pki"] = {{"euiccKey", "k"}, {"euiccCertificate", "c"}, {"eumCertificate", "e"}};
  euicc_emu::EmulatorState s = euicc_emu::parseState(doc.dump(), "t.json");
  ASSERT_TRUE(s.pki);
  EXPECT_EQ(s.pki->eumCertificate, "e");
}

} // namespace
