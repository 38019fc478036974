// RetryingHttpClient (and Es9pClient on top of it) against a scripted fake:
// what is retried, how often, with which delays; what never is.
#include "esim/es9p.hpp"
#include "esim/http.hpp"

#include <gtest/gtest.h>

#include "es9p_fake_http.hpp"

namespace esim {
namespace {

using std::chrono::milliseconds;

using es9p_test::FakeHttpClient;

class RetryTest : public ::testing::Test {
protected:
  void TearDown() override {
    EXPECT_TRUE(inner.steps.empty()) << inner.steps.size() << " scripted answers were not used";
  }
  RetryPolicy policy() {
    RetryPolicy p; // the defaults: 3 attempts, 200 ms, x2
    p.sleep = [this](milliseconds d) { sleeps.push_back(d); };
    return p;
  }
  FakeHttpClient inner;
  std::vector<milliseconds> sleeps;
};

TEST_F(RetryTest, RetriesNetworkErrorsWithBackoffThenSucceeds) {
  inner.fail(Errc::network);
  inner.fail(Errc::network);
  inner.answer(204);
  RetryingHttpClient http(inner, policy());
  EXPECT_EQ(http.post({}).status, 204);
  EXPECT_EQ(static_cast<int>(inner.requests.size()), 3);
  EXPECT_EQ(sleeps, (std::vector<milliseconds>{milliseconds(200), milliseconds(400)}));
}

TEST_F(RetryTest, GivesUpAfterLastAttemptWithLastError) {
  inner.fail(Errc::network);
  inner.fail(Errc::network);
  inner.fail(Errc::network);
  RetryingHttpClient http(inner, policy());
  try {
    http.post({});
    FAIL() << "no exception";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::network);
  }
  EXPECT_EQ(static_cast<int>(inner.requests.size()), 3);
  EXPECT_EQ(sleeps.size(), 2u);
}

TEST_F(RetryTest, RetriesServerErrorsAndReturnsTheLastOne) {
  inner.answer(500);
  inner.answer(503);
  inner.answer(502);
  RetryingHttpClient http(inner, policy());
  EXPECT_EQ(http.post({}).status, 502);
  EXPECT_EQ(static_cast<int>(inner.requests.size()), 3);
}

TEST_F(RetryTest, NeverRetriesTlsOrClientErrors) {
  inner.fail(Errc::tls);
  inner.answer(404);
  inner.answer(200);
  inner.fail(Errc::invalidArgument);
  RetryingHttpClient http(inner, policy());
  EXPECT_THROW(http.post({}), Error);
  EXPECT_EQ(http.post({}).status, 404);
  EXPECT_EQ(http.post({}).status, 200);
  EXPECT_THROW(http.post({}), Error);
  EXPECT_EQ(static_cast<int>(inner.requests.size()), 4);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(RetryTest, HonoursConfiguredAttemptsAndFactor) {
  RetryPolicy p = policy();
  p.attempts = 4;
  p.initialBackoff = milliseconds(10);
  p.backoffFactor = 3.0;
  for (int i = 0; i < 4; ++i) {
    inner.answer(500);
  }
  RetryingHttpClient http(inner, p);
  EXPECT_EQ(http.post({}).status, 500);
  EXPECT_EQ(sleeps,
            (std::vector<milliseconds>{milliseconds(10), milliseconds(30), milliseconds(90)}));
  RetryPolicy none = policy();
  none.attempts = 0;
  EXPECT_THROW(RetryingHttpClient(inner, none), Error);
}

TEST_F(RetryTest, Es9pClientOverRetriesReportsFinal500) {
  inner.answer(500);
  inner.answer(500);
  inner.answer(500);
  RetryingHttpClient http(inner, policy());
  Es9pClient client(http, {});
  const Bytes der = {0x30, 0x00};
  try {
    client.handleNotification("smdp.travel.example", der);
    FAIL() << "no exception";
  } catch (const Es9pError &e) {
    EXPECT_EQ(e.httpStatus(), 500);
  }
  EXPECT_EQ(static_cast<int>(inner.requests.size()), 3);
}

TEST_F(RetryTest, Es9pClientTlsErrorIsTriedOnce) {
  inner.fail(Errc::tls);
  RetryingHttpClient http(inner, policy());
  Es9pClient client(http, {});
  const Bytes der = {0x30, 0x00};
  try {
    client.handleNotification("smdp.travel.example", der);
    FAIL() << "no exception";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), Errc::tls);
  }
  EXPECT_EQ(static_cast<int>(inner.requests.size()), 1);
  EXPECT_TRUE(sleeps.empty());
}

} // namespace
} // namespace esim
