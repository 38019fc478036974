// What the tests of the ES9+ and ES11 clients share: a recording fake
// HttpClient with scripted answers, the mutual authentication's values
// shaped like the real ones (trace-5ber's transactionId; see
// ../shared/docs/sgp22-download-facts.md), shortened where only the outer
// tag matters to the client, and the answers built from them.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "esim/base64.hpp"
#include "esim/es9p.hpp"

namespace esim::es9p_test {

// FakeHttpClient records each request and answers with the next scripted
// response; an unscripted request fails the test. Fixtures check in
// TearDown that every answer was used.
class FakeHttpClient : public HttpClient {
public:
  HttpResponse post(const HttpRequest &request) override {
    requests.push_back(request);
    if (answers.empty()) {
      ADD_FAILURE() << "unexpected request " << requests.size() << " to " << request.url;
      return HttpResponse{599, {}, {}};
    }
    HttpResponse r = std::move(answers.front());
    answers.pop_front();
    return r;
  }
  void answer(long status, std::string body) {
    answers.push_back(HttpResponse{status, {}, std::move(body)});
  }
  void answer(const nlohmann::json &body) { answer(200, body.dump()); }

  std::vector<HttpRequest> requests;
  std::deque<HttpResponse> answers;
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
