#include "loopback_http.hpp"

#include <exception>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "esim/base64.hpp"
#include "esim/profile_download.hpp"
#include "status_code.hpp"

namespace smdpp {

namespace {

constexpr long kHttpOk = 200;
constexpr long kHttpNoContent = 204;
constexpr long kHttpNotFound = 404;
constexpr char kAdminProtocol[] = "gsma/rsp/v2.2.2";
constexpr std::uint8_t kPirFirst = 0xBF;
constexpr std::uint8_t kPirSecond = 0x37;

esim::HttpResponse answer(long status, const nlohmann::json &body) {
  esim::HttpResponse r;
  r.status = status;
  r.headers = {{"X-Admin-Protocol", kAdminProtocol}, {"Content-Type", "application/json"}};
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

esim::HttpResponse failed(StatusCode code, const std::string &message) {
  return answer(kHttpOk, {{"header",
                           {{"functionExecutionStatus",
                             {{"status", "Failed"},
                              {"statusCodeData",
                               {{"subjectCode", code.subjectCode},
                                {"reasonCode", code.reasonCode},
                                {"message", message}}}}}}}});
}

} // namespace

esim::HttpResponse LoopbackHttpClient::post(const esim::HttpRequest &request) {
  ++requests_;
  const std::string function = request.url.substr(request.url.rfind('/') + 1);
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return failed(kFunctionInvalid, "the request body is not a JSON object");
  }
  try {
    nlohmann::json out;
    if (function == "initiateAuthentication") {
      out = service_.initiateAuthentication(body);
    } else if (function == "authenticateClient") {
      out = service_.authenticateClient(body);
    } else if (function == "getBoundProfilePackage") {
      out = service_.getBoundProfilePackage(body);
    } else if (function == "cancelSession") {
      out = service_.cancelSession(body);
    } else if (function == "handleNotification") {
      const esim::Bytes der = requestBytes(body, "pendingNotification");
      if (der.size() >= 2 && der[0] == kPirFirst && der[1] == kPirSecond) {
        const InstallResultCheck check = service_.checkInstallResult(der);
        if (check.sessionKnown && !check.signatureValid) {
          throw VerifyFailure(kEuiccVerificationFailed,
                              "euiccSignPIR does not verify with the session's eUICC certificate");
        }
      }
      esim::HttpResponse r;
      r.status = kHttpNoContent;
      r.headers = {{"X-Admin-Protocol", kAdminProtocol}};
      return r;
    } else {
      esim::HttpResponse r;
      r.status = kHttpNotFound;
      return r;
    }
    out.erase("reason");
    out["header"] = {{"functionExecutionStatus", {{"status", "Executed-Success"}}}};
    return answer(kHttpOk, out);
  } catch (const VerifyFailure &e) {
    return failed(e.code(), e.what());
  } catch (const std::bad_alloc &) {
    throw;
  } catch (const std::exception &e) {
    return failed(kProviderExecutionError, e.what());
  }
}

esim::Bytes prepareBoundProfilePackage(esim::Euicc &euicc, esim::Es9pClient &es9p,
                                       const std::string &smdpAddress,
                                       const std::string &matchingId) {
  const esim::Bytes euiccInfo1 = euicc.getEuiccInfo1Raw();
  const esim::Bytes challenge = euicc.getEuiccChallenge();
  const esim::InitiateAuthenticationResponse auth =
      es9p.initiateAuthentication(smdpAddress, challenge, euiccInfo1);
  esim::AuthenticateServerRequest asReq;
  asReq.serverSigned1 = auth.serverSigned1;
  asReq.serverSignature1 = auth.serverSignature1;
  asReq.euiccCiPKIdToBeUsed = auth.euiccCiPKIdToBeUsed;
  asReq.serverCertificate = auth.serverCertificate;
  asReq.ctxParams1.matchingId = matchingId;
  asReq.ctxParams1.deviceInfo = esim::deviceInfoFromImei("");
  const esim::AuthenticateServerResponse asResp = euicc.authenticateServer(asReq);
  if (asResp.authenticateResponseError) {
    throw std::runtime_error("AuthenticateServer: the card refused the SM-DP+");
  }
  const esim::AuthenticateClientResponse client =
      es9p.authenticateClient(smdpAddress, auth.transactionId, asResp.raw);
  esim::PrepareDownloadRequest pdReq;
  pdReq.smdpSigned2 = client.smdpSigned2;
  pdReq.smdpSignature2 = client.smdpSignature2;
  pdReq.smdpCertificate = client.smdpCertificate;
  const esim::PrepareDownloadResponse pdResp = euicc.prepareDownload(pdReq);
  if (pdResp.downloadResponseError) {
    throw std::runtime_error("PrepareDownload: the card refused the SM-DP+'s offer");
  }
  return es9p.getBoundProfilePackage(smdpAddress, auth.transactionId, pdResp.raw)
      .boundProfilePackage;
}

} // namespace smdpp
