#pragma once
/// Tests only: an HTTP server on 127.0.0.1 that answers each request with a
/// canned status and body chosen by the request's path (or one answer for
/// every path), for as many connections as a test makes, recording each
/// request's head. One connection per request (`Connection: close`).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace pair::testing {

/// A listening socket on 127.0.0.1 at a port the system picks (stored in
/// `*port`); -1 with `*port` 0 when that fails.
inline int listen_on_loopback(int* port) {
  *port = 0;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd, 8) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

class CannedHttpServer {
 public:
  struct Answer {
    int status = 200;
    std::string body;
  };
  /// Paths (without the query) not in `routes` get 404.
  explicit CannedHttpServer(std::map<std::string, Answer> routes) : routes_(std::move(routes)) { start(); }
  /// The same answer for every request.
  CannedHttpServer(int status, std::string body) : fallback_(Answer{status, std::move(body)}), every_path_(true) {
    start();
  }
  ~CannedHttpServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  /// The heads of the requests answered so far.
  std::vector<std::string> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  void start() {
    listener_ = listen_on_loopback(&port_);
    // Without a socket the port stays 0: the test's requests then fail to connect, and say so.
    if (port_ == 0) return;
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        int c = ::accept(listener_, nullptr, nullptr);
        if (c >= 0) answer(c);
      }
    });
  }

  void answer(int c) {
    std::string request;
    char buf[8192];
    while (request.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) break;
      request.append(buf, static_cast<size_t>(n));
    }
    std::string head = request.substr(0, request.find("\r\n\r\n"));
    std::string path = head.substr(0, head.find("\r\n"));  // "GET /props HTTP/1.1"
    path = path.substr(path.find(' ') + 1);
    path = path.substr(0, path.find_first_of(" ?"));
    Answer a = fallback_;
    if (!every_path_) {
      auto it = routes_.find(path);
      a = it == routes_.end() ? Answer{404, "{\"error\":\"not found\"}"} : it->second;
    }
    {
      std::lock_guard lock(mu_);
      requests_.push_back(head);
    }
    std::string out = "HTTP/1.1 " + std::to_string(a.status) +
                      " X\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(a.body.size()) +
                      "\r\nConnection: close\r\n\r\n" + a.body;
    (void)::write(c, out.data(), out.size());
    ::close(c);
  }

  std::map<std::string, Answer> routes_;
  Answer fallback_{404, ""};
  bool every_path_ = false;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> requests_;
};

}  // namespace pair::testing
