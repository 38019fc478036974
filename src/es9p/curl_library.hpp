// CurlLibrary: libcurl, loaded the first time an ES9+ request is made.
//
// Most esimctl commands never speak HTTP (profile list, chip info), yet
// linking libcurl loads its whole shared-library closure (HTTP/2, SSH, LDAP,
// Kerberos, IDN, ...) at start: about 5 MiB of a 10 MiB process. Loading it
// with dlopen on first use keeps those commands small; the functions are the
// ones of <curl/curl.h>, resolved by name. Internal to src/es9p.
#pragma once

#include <curl/curl.h>

namespace esim::es9p {

// CurlLibrary holds the libcurl functions the ES9+ client uses.
struct CurlLibrary {
  decltype(&curl_easy_init) easyInit = nullptr;
  decltype(&curl_easy_setopt) easySetopt = nullptr;
  decltype(&curl_easy_perform) easyPerform = nullptr;
  decltype(&curl_easy_getinfo) easyGetinfo = nullptr;
  decltype(&curl_easy_cleanup) easyCleanup = nullptr;
  decltype(&curl_easy_strerror) easyStrerror = nullptr;
  decltype(&curl_slist_append) slistAppend = nullptr;
  decltype(&curl_slist_free_all) slistFreeAll = nullptr;
};

// curlLibrary loads libcurl (once per process, thread-safe), resolves its
// functions and runs curl_global_init, then returns them; the library stays
// loaded until the process ends. Throws esim::Error(Errc::internal) naming
// the library and the dynamic loader's message if it cannot be loaded, lacks
// a function or fails to initialise; every later call throws the same.
const CurlLibrary &curlLibrary();

} // namespace esim::es9p
