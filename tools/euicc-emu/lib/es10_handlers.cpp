// handleEs10: which ES10 function a request is, and the status word for each
// way it can fail. The functions themselves are in es10_*.cpp.
#include "es10_handlers.hpp"

#include <algorithm>
#include <exception>
#include <new>

#include "codec/es10_codec.hpp"
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

} // namespace

Es10Answer handleEs10(StateStore &store, esim::ByteView request) noexcept {
  const codec::Es10Function function = codec::identifyRequest(request);
  const char *name = codec::functionName(function);
  try {
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

} // namespace euicc_emu
