#pragma once
/// Tests only: the editor's end of an acp::Connection. It keeps every
/// message pair writes, and answers each of pair's requests on a thread of
/// its own (as the connection's reader would) with what `answer` returns: a
/// result, or {"error": ...} for an error; a null answer is never sent (a
/// request the editor leaves waiting).

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "acp/json_rpc.h"
#include "util/json_parse.h"

namespace pair::testing {

class AcpTestEditor {
 public:
  /// `answer(method, params)` runs on the editor's thread, one request at a time.
  using Answer = std::function<nlohmann::json(const std::string& method, const nlohmann::json& params)>;

  explicit AcpTestEditor(Answer answer)
      : answer_(std::move(answer)), thread_([this](std::stop_token stop) { serve(stop); }) {}
  ~AcpTestEditor() {
    {
      std::lock_guard lock(mu_);  // so the thread cannot miss the wake-up between its check and its wait
      thread_.request_stop();
    }
    cv_.notify_all();
  }
  acp::Connection& connection() { return conn_; }

  /// Waits (up to 20 s) for pair's answer to request `id`; null when none came.
  nlohmann::json response(int id) {
    std::unique_lock lock(mu_);
    nlohmann::json found;
    cv_.wait_for(lock, std::chrono::seconds(20), [&] {
      for (const auto& m : seen_)
        if (m.contains("id") && m["id"] == id && !m.contains("method")) found = m;
      return !found.is_null();
    });
    return found;
  }
  /// The params of each message of `method` pair sent, in order.
  std::vector<nlohmann::json> seen(std::string_view method) {
    std::lock_guard lock(mu_);
    std::vector<nlohmann::json> out;
    for (const auto& m : seen_)
      if (json_string_or(m, "method") == method) out.push_back(json_member(m, "params"));
    return out;
  }
  /// The methods of pair's messages, in order ("" for answers).
  std::vector<std::string> methods() {
    std::lock_guard lock(mu_);
    std::vector<std::string> out;
    for (const auto& m : seen_) out.push_back(json_string_or(m, "method"));
    return out;
  }

 private:
  void serve(std::stop_token stop) {
    std::unique_lock lock(mu_);
    while (!stop.stop_requested()) {
      cv_.wait(lock, [&] { return stop.stop_requested() || !inbox_.empty(); });
      while (!inbox_.empty()) {
        nlohmann::json m = std::move(inbox_.front());
        inbox_.pop_front();
        lock.unlock();
        nlohmann::json answer = answer_(json_string_or(m, "method"), json_member(m, "params"));
        if (!answer.is_null()) {
          nlohmann::json reply{{"jsonrpc", "2.0"}, {"id", m["id"]}};
          if (answer.is_object() && answer.contains("error"))
            reply["error"] = answer["error"];
          else
            reply["result"] = answer;
          conn_.receive(dump_json(reply));
        }
        lock.lock();
      }
    }
  }

  Answer answer_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<nlohmann::json> seen_;
  std::deque<nlohmann::json> inbox_;
  acp::Connection conn_{[this](const std::string& line) {
    std::lock_guard lock(mu_);
    seen_.push_back(parse_json(line, "a message from pair").value_or(nlohmann::json()));
    // Requests only: pair's answers and notifications need no reply.
    if (seen_.back().contains("method") && seen_.back().contains("id")) inbox_.push_back(seen_.back());
    cv_.notify_all();
  }};
  std::jthread thread_;
};

}  // namespace pair::testing
