#include "es9p/curl_library.hpp"

#include <mutex>
#include <string>

#include <dlfcn.h>

#include "esim/error.hpp"

#ifndef ESIM_CURL_SONAME
#define ESIM_CURL_SONAME "libcurl.so.4"
#endif

namespace esim::es9p {

namespace {

constexpr const char *kSoname = ESIM_CURL_SONAME;

// Loaded is the outcome of the one load attempt: the functions or the error.
struct Loaded {
  CurlLibrary library;
  std::string error;
};

template <typename F> void resolve(void *handle, const char *name, F &out, std::string &error) {
  // POSIX guarantees that a data pointer from dlsym converts to a function
  // pointer; the cast goes through the object representation.
  void *symbol = ::dlsym(handle, name);
  if (symbol == nullptr) {
    if (error.empty()) error = std::string(kSoname) + " has no " + name;
    return;
  }
  out = reinterpret_cast<F>(symbol);
}

Loaded load() {
  Loaded out;
  // RTLD_LOCAL: its symbols stay out of the global namespace; RTLD_NOW:
  // a broken library fails here, not in the middle of a request.
  void *handle = ::dlopen(kSoname, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char *why = ::dlerror();
    out.error = std::string("cannot load ") + kSoname + ": " + (why ? why : "unknown error");
    return out;
  }
  CurlLibrary &l = out.library;
  decltype(&curl_global_init) globalInit = nullptr;
  resolve(handle, "curl_global_init", globalInit, out.error);
  resolve(handle, "curl_easy_init", l.easyInit, out.error);
  resolve(handle, "curl_easy_setopt", l.easySetopt, out.error);
  resolve(handle, "curl_easy_perform", l.easyPerform, out.error);
  resolve(handle, "curl_easy_getinfo", l.easyGetinfo, out.error);
  resolve(handle, "curl_easy_cleanup", l.easyCleanup, out.error);
  resolve(handle, "curl_easy_strerror", l.easyStrerror, out.error);
  resolve(handle, "curl_slist_append", l.slistAppend, out.error);
  resolve(handle, "curl_slist_free_all", l.slistFreeAll, out.error);
  if (!out.error.empty()) return out;
  // curl_global_init is not thread-safe; it runs here, under call_once.
  const CURLcode rc = globalInit(CURL_GLOBAL_DEFAULT);
  if (rc != CURLE_OK) {
    out.error = std::string("curl_global_init failed: ") + l.easyStrerror(rc);
  }
  // The handle is never closed: libcurl keeps global state (OpenSSL, DNS
  // threads) for the life of the process.
  return out;
}

} // namespace

const CurlLibrary &curlLibrary() {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  if (!loaded.error.empty()) {
    throw Error(Errc::internal, "libcurl: " + loaded.error,
                "install libcurl (Debian: apt-get install libcurl4) to reach an SM-DP+");
  }
  return loaded.library;
}

} // namespace esim::es9p
