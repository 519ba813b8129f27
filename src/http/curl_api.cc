#include "http/curl_api.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace pair {
namespace {

template <class F>
bool resolve(void* lib, const char* name, F* out) {
  *out = reinterpret_cast<F>(dlsym(lib, name));
  return *out != nullptr;
}

Result<CurlApi> load() {
  void* lib = nullptr;
  std::string why;
  for (const char* soname : {"libcurl.so.4", "libcurl-gnutls.so.4"}) {
    lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (lib) break;
    if (why.empty()) why = dlerror();
  }
  if (!lib)
    return fail(ErrorCode::kNotFound, "cannot load libcurl (" + why + "); install it with: apt-get install libcurl4");
  CurlApi api{};
  bool ok =
      resolve(lib, "curl_global_init", &api.global_init) && resolve(lib, "curl_easy_init", &api.easy_init) &&
      resolve(lib, "curl_easy_cleanup", &api.easy_cleanup) && resolve(lib, "curl_easy_reset", &api.easy_reset) &&
      resolve(lib, "curl_easy_setopt", &api.easy_setopt) && resolve(lib, "curl_easy_getinfo", &api.easy_getinfo) &&
      resolve(lib, "curl_easy_strerror", &api.easy_strerror) && resolve(lib, "curl_multi_init", &api.multi_init) &&
      resolve(lib, "curl_multi_cleanup", &api.multi_cleanup) &&
      resolve(lib, "curl_multi_add_handle", &api.multi_add_handle) &&
      resolve(lib, "curl_multi_remove_handle", &api.multi_remove_handle) &&
      resolve(lib, "curl_multi_perform", &api.multi_perform) && resolve(lib, "curl_multi_poll", &api.multi_poll) &&
      resolve(lib, "curl_multi_wakeup", &api.multi_wakeup) &&
      resolve(lib, "curl_multi_info_read", &api.multi_info_read) &&
      resolve(lib, "curl_slist_append", &api.slist_append) && resolve(lib, "curl_slist_free_all", &api.slist_free_all);
  if (!ok)
    return fail(ErrorCode::kNotFound,
                "the installed libcurl is too old (pair needs 7.68 or newer for curl_multi_wakeup)");
  if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return fail(ErrorCode::kInternal, "libcurl failed to initialize");
  return api;
}

}  // namespace

Result<const CurlApi*> curl_api() {
  static std::once_flag once;
  static Result<CurlApi> api = fail(ErrorCode::kInternal, "libcurl not loaded");
  std::call_once(once, [] { api = load(); });
  if (!api) return std::unexpected(api.error());
  return &*api;
}

}  // namespace pair
