#pragma once
/// libcurl, loaded on first use (internal to src/http). Its dependencies (two
/// TLS stacks, Kerberos, LDAP, SSH, ...) spend about 3.5 ms in their
/// initializers at process start; commands that make no request (`--version`,
/// reaching the interactive prompt) should not pay that.

#include <curl/curl.h>

#include "util/error.h"

namespace pair {

struct CurlApi {
  decltype(&curl_global_init) global_init;
  decltype(&curl_easy_init) easy_init;
  decltype(&curl_easy_cleanup) easy_cleanup;
  decltype(&curl_easy_reset) easy_reset;
  decltype(&curl_easy_setopt) easy_setopt;
  decltype(&curl_easy_getinfo) easy_getinfo;
  decltype(&curl_easy_strerror) easy_strerror;
  decltype(&curl_multi_init) multi_init;
  decltype(&curl_multi_cleanup) multi_cleanup;
  decltype(&curl_multi_add_handle) multi_add_handle;
  decltype(&curl_multi_remove_handle) multi_remove_handle;
  decltype(&curl_multi_perform) multi_perform;
  decltype(&curl_multi_poll) multi_poll;
  decltype(&curl_multi_wakeup) multi_wakeup;
  decltype(&curl_multi_info_read) multi_info_read;
  decltype(&curl_slist_append) slist_append;
  decltype(&curl_slist_free_all) slist_free_all;
};

/// The loaded and globally initialized library, or an error that names the
/// package to install. Thread-safe; loads once.
Result<const CurlApi*> curl_api();

}  // namespace pair
