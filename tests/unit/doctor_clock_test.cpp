// The doctor's clock check against what is on the machine: the build date
// and the validity of the --ca-file certificates (a certificate made here,
// valid 2030..2031, and a clock the test sets).
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>
#include <memory>

#include "lpa/doctor.hpp"
#include "support/esim_env.hpp"

namespace {

using Clock = std::chrono::system_clock;

Clock::time_point utc(int year, int month, int day) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  return Clock::from_time_t(timegm(&tm));
}

// writeCa writes a self-signed certificate valid from |from| to |to|.
void writeCa(const std::string &path, Clock::time_point from, Clock::time_point to) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("prime256v1"), EVP_PKEY_free);
  ASSERT_TRUE(key);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), Clock::to_time_t(from));
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), Clock::to_time_t(to));
  X509_NAME *name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char *>("doctor test CI"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), key.get());
  ASSERT_GT(X509_sign(cert.get(), key.get(), EVP_sha256()), 0);
  std::FILE *f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  PEM_write_X509(f, cert.get());
  std::fclose(f);
}

class DoctorClock : public ::testing::Test {
protected:
  void SetUp() override {
    ca_ = dir_.file("ci.pem");
    writeCa(ca_, utc(2030, 1, 1), utc(2031, 1, 1));
    options_.http.caFile = ca_;
    options_.notEarlierThan = utc(2026, 1, 1);
  }
  esim::DoctorCheck at(Clock::time_point now) {
    options_.now = [now] { return now; };
    return esim::checkClock(options_);
  }

  esim::test::TempDir dir_;
  std::string ca_;
  esim::DoctorOptions options_;
};

TEST_F(DoctorClock, WithinTheCaValidityIsOk) {
  esim::DoctorCheck c = at(utc(2030, 6, 1));
  EXPECT_EQ(c.verdict, esim::DoctorVerdict::ok) << c.detail;
  EXPECT_NE(c.detail.find("2030-06-01"), std::string::npos) << c.detail;
}

TEST_F(DoctorClock, BeforeACertificateIsValidFailsWithTheFix) {
  esim::DoctorCheck c = at(utc(2029, 6, 1));
  EXPECT_EQ(c.verdict, esim::DoctorVerdict::fail) << c.detail;
  EXPECT_NE(c.detail.find("2030-01-01"), std::string::npos) << c.detail;
  EXPECT_NE(c.fix.find("timedatectl"), std::string::npos) << c.fix;
}

TEST_F(DoctorClock, AfterTheCertificatesExpiredWarns) {
  EXPECT_EQ(at(utc(2032, 1, 1)).verdict, esim::DoctorVerdict::warn);
}

TEST_F(DoctorClock, BeforeTheBuildDateFailsEvenWithoutACaFile) {
  options_.http.caFile.clear();
  esim::DoctorCheck c = at(utc(2020, 1, 1));
  EXPECT_EQ(c.verdict, esim::DoctorVerdict::fail) << c.detail;
  EXPECT_NE(c.detail.find("built"), std::string::npos) << c.detail;
  EXPECT_EQ(at(utc(2027, 1, 1)).verdict, esim::DoctorVerdict::ok);
}

} // namespace
