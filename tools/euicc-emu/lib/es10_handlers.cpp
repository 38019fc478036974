// handleEs10: which ES10 function a request is, and the status word for each
// way it can fail. The functions themselves are in es10_*.cpp.
#include "es10_handlers.hpp"

#include <algorithm>
#include <exception>
#include <new>
#include <string_view>

#include "codec/der_reader.hpp"
#include "codec/es10_codec.hpp"
#include "download_functions.hpp"
#include "download_messages.hpp"
#include "es10_functions.hpp"
#include "esim/error.hpp"

namespace euicc_emu {

namespace {

namespace codec = esim::codec;

using HandlerFn = esim::Bytes (*)(StateStore &, esim::ByteView);

struct HandlerEntry {
  codec::Es10Function function;
  HandlerFn handler;
};

// kHandlers lists the implemented ES10 functions.
constexpr HandlerEntry kHandlers[] = {
    {codec::Es10Function::getEid, es10::getEid},
    {codec::Es10Function::getEuiccInfo1, es10::getEuiccInfo1},
    {codec::Es10Function::getEuiccInfo2, es10::getEuiccInfo2},
    {codec::Es10Function::getEuiccConfiguredAddresses, es10::getEuiccConfiguredAddresses},
    {codec::Es10Function::getRat, es10::getRat},
    {codec::Es10Function::setDefaultDpAddress, es10::setDefaultDpAddress},
    {codec::Es10Function::getProfilesInfo, es10::getProfilesInfo},
    {codec::Es10Function::enableProfile, es10::enableProfile},
    {codec::Es10Function::disableProfile, es10::disableProfile},
    {codec::Es10Function::deleteProfile, es10::deleteProfile},
    {codec::Es10Function::setNickname, es10::setNickname},
    {codec::Es10Function::euiccMemoryReset, es10::euiccMemoryReset},
    {codec::Es10Function::listNotification, es10::listNotification},
    {codec::Es10Function::retrieveNotificationsList, es10::retrieveNotificationsList},
    {codec::Es10Function::removeNotificationFromList, es10::removeNotificationFromList},
};

constexpr std::uint16_t kNotEnoughMemory = 0x6A84;

Es10Answer failure(std::uint16_t sw, std::string diagnostic) {
  Es10Answer a;
  a.sw = sw;
  a.diagnostic = std::move(diagnostic);
  return a;
}

std::string requestStart(esim::ByteView request) {
  constexpr std::size_t kShown = 8;
  std::string hex = esim::toHex(request.first(std::min(request.size(), kShown)));
  return request.size() > kShown ? hex + "..." : hex;
}

// guarded runs |run| and turns every way it can fail into a status word.
template <typename Run> Es10Answer guarded(const char *name, Run run) noexcept {
  try {
    return run();
  } catch (const esim::Error &e) {
    try {
      // A function that refuses at the APDU level says which status word.
      if (e.statusWord()) {
        std::string text = std::string(name) + ": " + e.what();
        if (!e.hint().empty()) text += " (" + e.hint() + ")";
        return failure(*e.statusWord(), std::move(text));
      }
      switch (e.code()) {
      case esim::Errc::malformedResponse:
      case esim::Errc::invalidArgument:
        // The codec's decoders throw malformedResponse; an LPA's request
        // that decodes to values out of range may give invalidArgument.
        return failure(esim::sw::kWrongData, std::string(name) + ": " + e.what());
      case esim::Errc::ioError:
        return failure(esim::sw::kMemoryFailure,
                       std::string(name) + ": state not saved: " + e.what());
      default: return failure(esim::sw::kNoPreciseDiagnosis, std::string(name) + ": " + e.what());
      }
    } catch (...) {
      return failure(esim::sw::kNoPreciseDiagnosis, {});
    }
  } catch (const std::bad_alloc &) {
    return failure(kNotEnoughMemory, std::string(name) + ": out of memory");
  } catch (const std::exception &e) {
    try {
      return failure(esim::sw::kNoPreciseDiagnosis, std::string(name) + ": " + e.what());
    } catch (...) {
      return failure(esim::sw::kNoPreciseDiagnosis, {});
    }
  } catch (...) {
    return failure(esim::sw::kNoPreciseDiagnosis, std::string(name) + ": unknown failure");
  }
}

using DownloadFn = esim::Bytes (*)(StateStore &, DownloadSession &, esim::ByteView);

struct DownloadEntry {
  esim::codec::TagValue tag;
  const char *name;
  DownloadFn handler;
};

// kDownloadHandlers lists the ES10b functions of profile download, which
// work on the channel's DownloadSession.
constexpr DownloadEntry kDownloadHandlers[] = {
    {dl::kTagGetEuiccChallenge, "GetEuiccChallenge", download::getEuiccChallenge},
    {dl::kTagAuthenticateServer, "AuthenticateServer", download::authenticateServer},
    {dl::kTagPrepareDownload, "PrepareDownload", download::prepareDownload},
    {dl::kTagLoadBoundProfilePackage, "LoadBoundProfilePackage", download::loadBoundProfilePackage},
    {dl::kTagCancelSession, "CancelSession", download::cancelSession},
};

} // namespace

const char *downloadFunctionName(esim::ByteView request, bool bppLoading) noexcept {
  if (bppLoading && !request.empty() &&
      (request[0] == 0xA0 || request[0] == 0xA1 || request[0] == 0xA2 || request[0] == 0xA3 ||
       request[0] == 0x86 || request[0] == 0x88)) {
    return "LoadBoundProfilePackage";
  }
  esim::codec::TagValue tag = 0;
  std::size_t length = 0;
  if (esim::codec::der::readTag(request, tag, length) != esim::codec::der::Status::ok)
    return nullptr;
  for (const DownloadEntry &entry : kDownloadHandlers) {
    if (entry.tag == tag) return entry.name;
  }
  return nullptr;
}

std::vector<std::string> downloadFunctionNames() {
  std::vector<std::string> out;
  for (const DownloadEntry &entry : kDownloadHandlers)
    out.emplace_back(entry.name);
  return out;
}

Es10Answer handleEs10(StateStore &store, DownloadSession &session,
                      esim::ByteView request) noexcept {
  const bool continuation = download::isBppContinuation(session, request);
  const char *name = downloadFunctionName(request, continuation);
  if (!name) return handleEs10(store, request);
  DownloadFn handler = download::loadBoundProfilePackage;
  for (const DownloadEntry &entry : kDownloadHandlers) {
    if (std::string_view(entry.name) == name) handler = entry.handler;
  }
  session.lastDiagnostic.clear();
  Es10Answer answer = guarded(name, [&] {
    Es10Answer a;
    a.response = handler(store, session, request);
    return a;
  });
  if (answer.sw == esim::sw::kOk && !session.lastDiagnostic.empty())
    answer.diagnostic = std::move(session.lastDiagnostic);
  return answer;
}

Es10Answer handleEs10(StateStore &store, esim::ByteView request) noexcept {
  const codec::Es10Function function = codec::identifyRequest(request);
  const char *name = codec::functionName(function);
  return guarded(name, [&] {
    if (function == codec::Es10Function::unknown) {
      return failure(esim::sw::kWrongData, "unknown ES10 request " + requestStart(request) + " (" +
                                               std::to_string(request.size()) + " bytes)");
    }
    for (const HandlerEntry &entry : kHandlers) {
      if (entry.function == function) {
        Es10Answer answer;
        answer.response = entry.handler(store, request);
        return answer;
      }
    }
    return failure(esim::sw::kWrongData,
                   std::string(name) + " is not implemented by this emulator yet");
  });
}

} // namespace euicc_emu
