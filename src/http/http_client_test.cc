#include "http/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace pair {
namespace {

/// One connection on 127.0.0.1: answers any request with `events` one-byte chunks, `gap` apart.
class DrippingServer {
 public:
  DrippingServer(int events, std::chrono::milliseconds gap) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), len), 0);
    EXPECT_EQ(::listen(listener_, 1), 0);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, events, gap] {
      int c = ::accept(listener_, nullptr, nullptr);
      if (c < 0) return;
      char buf[4096];
      (void)::read(c, buf, sizeof buf);  // the request; its content does not matter
      std::string head = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(events) + "\r\n\r\n";
      (void)::write(c, head.data(), head.size());
      for (int i = 0; i < events; ++i) {
        (void)::write(c, "x", 1);
        std::this_thread::sleep_for(gap);
      }
      ::close(c);
    });
  }
  ~DrippingServer() {
    thread_.join();
    ::close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(HttpClient, StreamBatchGathersAFastStreamIntoFewReads) {
  // 300 bytes, one every millisecond: read as they come, that is hundreds of reads. In batches of
  // 20 ms, pair wakes up once per 20 ms, however slowly a loaded machine runs the server, and libcurl
  // hands on what one wake-up finds in a read or two (it reads again when more has arrived).
  DrippingServer server(300, std::chrono::milliseconds(1));
  HttpRequest request;
  request.method = "GET";
  request.url = server.url();
  request.stream_batch = std::chrono::milliseconds(20);
  int reads = 0;
  std::string body;
  HttpClient http;
  auto start = std::chrono::steady_clock::now();
  auto response = http.send(request, [&](std::string_view bytes) -> Result<void> {
    ++reads;
    body += bytes;
    return {};
  });
  ASSERT_TRUE(response.has_value()) << response.error().message;
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(body, std::string(300, 'x'));
  EXPECT_LE(reads, 3 * (elapsed / std::chrono::milliseconds(20)) + 3);
  EXPECT_LT(reads, 300);
}

}  // namespace
}  // namespace pair
