#pragma once
/// Tests only: tests/support/web_server.py (pages, a Tavily stand-in, a
/// SearXNG stand-in) started on 127.0.0.1 for one test and stopped after it.

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace pair::testing {

class WebTestServer {
 public:
  WebTestServer() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pair-web-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    dir_ = tmpl;
    std::string script = std::string(PAIR_SOURCE_DIR) + "/tests/support/web_server.py";
    std::string port_file = (dir_ / "port").string(), log = (dir_ / "requests.jsonl").string();
    pid_ = ::fork();
    if (pid_ == 0) {
      const char* python = ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
      ::execlp(python, python, script.c_str(), "--port-file", port_file.c_str(), "--log", log.c_str(), nullptr);
      ::_exit(127);
    }
    for (int i = 0; i < 500 && port_ == 0; ++i) {
      std::ifstream in(port_file);
      if (!(in >> port_)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (port_ == 0) ADD_FAILURE() << "web_server.py did not start";
  }
  ~WebTestServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  WebTestServer(const WebTestServer&) = delete;
  WebTestServer& operator=(const WebTestServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  /// The request log: one JSON object per line.
  std::string log() const {
    std::ifstream in(dir_ / "requests.jsonl");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace pair::testing
