// RetryingHttpClient: bounded retries with exponential backoff.
#include "esim/http.hpp"

#include <thread>

#include "esim/error.hpp"

namespace esim {

namespace {
constexpr long kFirstServerError = 500;
constexpr long kLastServerError = 599;

bool isServerError(long status) noexcept {
  return status >= kFirstServerError && status <= kLastServerError;
}
} // namespace

RetryingHttpClient::RetryingHttpClient(HttpClient &inner, RetryPolicy policy)
    : inner_(inner), policy_(std::move(policy)) {
  if (policy_.attempts < 1) {
    throw Error(Errc::invalidArgument, "RetryingHttpClient: attempts must be at least 1, got " +
                                           std::to_string(policy_.attempts));
  }
  if (!policy_.sleep) {
    policy_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  }
}

HttpResponse RetryingHttpClient::post(const HttpRequest &request) {
  std::chrono::milliseconds delay = policy_.initialBackoff;
  for (int attempt = 1;; ++attempt) {
    const bool last = attempt >= policy_.attempts;
    try {
      HttpResponse response = inner_.post(request);
      // 4xx means the request itself is wrong: asking again changes nothing.
      if (!isServerError(response.status) || last) {
        return response;
      }
    } catch (const Error &e) {
      // Only "no answer at all" is worth another try; a TLS failure means the
      // peer is not who it should be, and retrying would only hide that.
      if (e.code() != Errc::network || last) {
        throw;
      }
    }
    policy_.sleep(delay);
    delay = std::chrono::milliseconds(
        static_cast<long long>(static_cast<double>(delay.count()) * policy_.backoffFactor));
  }
}

} // namespace esim
