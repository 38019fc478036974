// What the tests of the ES9+ and ES11 clients share: a recording fake
// HttpClient with scripted answers, the mutual authentication's values
// shaped like the real ones (trace-5ber's transactionId; see
// ../shared/docs/sgp22-download-facts.md), shortened where only the outer
// tag matters to the client, and the answers built from them.
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "esim/base64.hpp"
#include "esim/es9p.hpp"

namespace esim::es9p_test {

// FakeHttpClient records each request and answers with the next scripted
// step: an answer, or an Error thrown as the real client throws it; an
// unscripted request fails the test. Fixtures check in TearDown that every
// step was used.
class FakeHttpClient : public HttpClient {
public:
  using Step = std::function<HttpResponse()>;
  HttpResponse post(const HttpRequest &request) override {
    requests.push_back(request);
    if (steps.empty()) {
      ADD_FAILURE() << "unexpected request " << requests.size() << " to " << request.url;
      return HttpResponse{599, {}, {}};
    }
    Step step = std::move(steps.front());
    steps.pop_front();
    return step();
  }
  void answer(long status, std::string body = {}) {
    steps.emplace_back([status, body] { return HttpResponse{status, {}, body}; });
  }
  void answer(const nlohmann::json &body) { answer(200, body.dump()); }
  void fail(Errc code, std::string message = "scripted failure", std::string hint = {}) {
    steps.emplace_back(
        [code, message, hint]() -> HttpResponse { throw Error(code, message, hint); });
  }

  std::vector<HttpRequest> requests;
  std::deque<Step> steps;
};

inline const std::string kTid = "00000000188DD217";
inline const Bytes kTidBinary = fromHex(kTid);
inline const Bytes kChallenge = fromHex("000102030405060708090A0B0C0D0E0F");
inline const Bytes kEuiccInfo1 = fromHex("BF20058203020202");
inline const Bytes kServerSigned1 = fromHex("300E800800000000188DD2178102AABB");
inline const Bytes kServerSignature1 = fromHex("5F370401020304");
inline const Bytes kCiPkId = fromHex("0414F54172BDF98A95D65CBEB88A38A1C11D800A85C3");
inline const Bytes kCertificate = fromHex("3003020101");
inline const Bytes kAuthServerResponse = fromHex("BF3805A103020102");

inline const nlohmann::json kSuccess = {
    {"functionExecutionStatus", {{"status", "Executed-Success"}}}};

// initiateAuthenticationOk is a well-formed initiateAuthentication answer.
inline nlohmann::json initiateAuthenticationOk() {
  return {{"header", kSuccess},
          {"transactionId", kTid},
          {"serverSigned1", base64Encode(kServerSigned1)},
          {"serverSignature1", base64Encode(kServerSignature1)},
          {"euiccCiPKIdToBeUsed", base64Encode(kCiPkId)},
          {"serverCertificate", base64Encode(kCertificate)}};
}

// failed is an answer with |status| and the codes (and |message|).
inline nlohmann::json failed(const std::string &status, const std::string &subject,
                             const std::string &reason, const std::string &message = {}) {
  nlohmann::json data = {{"subjectCode", subject}, {"reasonCode", reason}};
  if (!message.empty()) data["message"] = message;
  return {
      {"header", {{"functionExecutionStatus", {{"status", status}, {"statusCodeData", data}}}}}};
}

inline void expectIn(const std::string &text, const std::string &part) {
  EXPECT_NE(text.find(part), std::string::npos) << "\"" << part << "\" not in: " << text;
}

// es9pError runs |call| and returns its Es9pError (failing the test if it
// throws anything else or nothing).
template <typename F> Es9pError es9pError(F call) {
  try {
    call();
  } catch (const Es9pError &e) {
    EXPECT_EQ(e.code(), Errc::serverError);
    return e;
  } catch (const std::exception &e) {
    ADD_FAILURE() << "not an Es9pError: " << e.what();
    return Es9pError("", "", 0, std::nullopt);
  }
  ADD_FAILURE() << "no exception";
  return Es9pError("", "", 0, std::nullopt);
}

} // namespace esim::es9p_test
