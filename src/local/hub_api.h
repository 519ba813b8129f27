#pragma once
/// Requests to the Hugging Face Hub's JSON API ({HF_ENDPOINT or
/// https://huggingface.co}/api/...; `Authorization: Bearer $HF_TOKEN` when
/// set), and the real download size of a quant, read when a recommendation is
/// made (the catalog's sizes are approximations):
///   GET /api/models/REPO/tree/main?recursive=true
/// the quant's files (shards included) summed. The size lookup is quick by
/// design: a short timeout, so an offline machine falls back to the catalog's
/// figure without a long wait.
///
/// Thread affinity: any thread; blocking for at most the timeouts per page.

#include <chrono>
#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

#include "local/hf_repo.h"
#include "util/error.h"

namespace pair {

class HttpClient;

/// GET `url` (a Hub API address) with the token when there is one. The
/// answer's body; the next page's URL (Link header) in `*next` when given.
/// Errors: the transport's (kConnection, kTimeout, kCancelled), kHttp with
/// the status, the URL and, for 401/403/404, what to do.
Result<std::string> hub_get_json(HttpClient& http, const std::string& url, std::chrono::milliseconds connect_timeout,
                                 std::chrono::milliseconds total_timeout, std::stop_token stop = {},
                                 std::string* next = nullptr);

/// Every file of `repo` at `revision` (a branch or commit) from the tree API,
/// following its pages (at most 100). Errors: hub_get_json's, kParse for an
/// answer that is not a tree listing.
Result<std::vector<HfFile>> hub_tree(HttpClient& http, const std::string& repo, const std::string& revision,
                                     std::chrono::milliseconds connect_timeout, std::chrono::milliseconds total_timeout,
                                     std::stop_token stop = {});

/// True when $HF_HUB_OFFLINE asks not to contact the Hub (1, true, yes, on).
bool hub_offline();

/// The bytes of the files of `ref`'s quant on the main branch, `timeout` for
/// each page. Errors: hub_tree's, kNotFound when the quant is not there.
Result<uint64_t> hub_quant_bytes(HttpClient& http, const HfModelRef& ref,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(4));

}  // namespace pair
