#pragma once
/// Tests only: an HTTP server on 127.0.0.1 that answers requests in order
/// from a script (status, headers, body sent in pieces), records each request
/// (method, head, body), and can hold a piece back until the test releases
/// it, to prove a client acts on the first part of a reply before the rest
/// exists. One connection per request (`Connection: close` delimits bodies).

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "http/canned_http_server.h"

namespace pair::mcp::testing {

class ScriptedHttpServer {
 public:
  struct Reply {
    int status = 200;
    std::vector<std::string> headers;  ///< "Name: value"
    /// The body, written piece by piece; with `hold`, each piece after the
    /// first waits for release() (at most 5 s).
    std::vector<std::string> pieces;
    bool hold = false;
  };
  struct Request {
    std::string method;
    std::string head;  ///< request line and headers
    std::string body;
    /// The value of header `name` (case-insensitive), or empty.
    std::string header(const std::string& name) const {
      std::string lower_head = lower(head), key = "\r\n" + lower(name) + ":";
      size_t at = lower_head.find(key);
      if (at == std::string::npos) return "";
      size_t start = head.find_first_not_of(' ', at + key.size());
      return head.substr(start, head.find("\r\n", start) - start);
    }
  };

  /// Replies in order; requests past the script get 500.
  explicit ScriptedHttpServer(std::vector<Reply> script) : script_(script.begin(), script.end()) {
    listener_ = pair::testing::listen_on_loopback(&port_);
    // Without a socket the port stays 0 and the test's requests fail to connect, saying so.
    if (port_ == 0) return;
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedHttpServer() {
    stop_ = true;
    release();
    if (thread_.joinable()) thread_.join();
    if (listener_ >= 0) ::close(listener_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/mcp"; }
  std::vector<Request> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  /// Lets the next held piece go.
  void release() {
    {
      std::lock_guard lock(mu_);
      ++releases_;
    }
    cv_.notify_all();
  }
  /// Whether every held piece was released before its wait ran out.
  bool all_released_in_time() const { return !hold_timed_out_; }

 private:
  static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  void serve() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept(listener_, nullptr, nullptr);
      if (c < 0) continue;
      handle(c);
      ::close(c);
    }
  }

  void handle(int c) {
    Request r = read_request(c);
    Reply reply{500, {}, {"script exhausted"}, false};
    {
      std::lock_guard lock(mu_);
      requests_.push_back(r);
      if (!script_.empty()) {
        reply = std::move(script_.front());
        script_.pop_front();
      }
    }
    std::string head = "HTTP/1.1 " + std::to_string(reply.status) + " Scripted\r\nConnection: close\r\n";
    for (const auto& h : reply.headers) head += h + "\r\n";
    head += "\r\n";
    write_all(c, head);
    for (size_t i = 0; i < reply.pieces.size(); ++i) {
      if (i > 0 && reply.hold) {
        std::unique_lock lock(mu_);
        if (!cv_.wait_for(lock, std::chrono::seconds(5), [&] { return releases_ > 0 || stop_; }))
          hold_timed_out_ = true;
        if (releases_ > 0) --releases_;
      }
      write_all(c, reply.pieces[i]);
    }
  }

  static void write_all(int c, const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
      // A client that hung up must not end the test process with SIGPIPE.
      ssize_t n = ::send(c, s.data() + done, s.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return;
      done += static_cast<size_t>(n);
    }
  }

  static Request read_request(int c) {
    std::string data;
    char buf[8192];
    size_t end = std::string::npos;
    while ((end = data.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) return {};
      data.append(buf, static_cast<size_t>(n));
    }
    Request r;
    r.head = data.substr(0, end);
    r.method = r.head.substr(0, r.head.find(' '));
    size_t length = 0;
    if (std::string v = r.header("Content-Length"); !v.empty()) length = std::stoul(v);
    r.body = data.substr(end + 4);
    while (r.body.size() < length) {
      ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) break;
      r.body.append(buf, static_cast<size_t>(n));
    }
    return r;
  }

  std::deque<Reply> script_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> hold_timed_out_{false};
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  int releases_ = 0;
  std::vector<Request> requests_;
};

}  // namespace pair::mcp::testing
