#include "local/process_info.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "local/server_state.h"
#include "util/atomic_file.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

TEST(ProcessInfo, FindsTheListeningSocket) {
  const char* table =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 0100007F:1F44 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 424242 1 0\n"
      "   1: 0100007F:1F44 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 555 1 0\n"
      "   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0\n";
  EXPECT_EQ(listening_socket_inode(table, 8004), 424242u);
  EXPECT_EQ(listening_socket_inode(table, 22), 777u);
  EXPECT_FALSE(listening_socket_inode(table, 8005).has_value());
}

TEST(ProcessInfo, SpawnsDetachedAndTerminates) {
  fs::path log = fs::temp_directory_path() / ("pair-spawn-" + std::to_string(::getpid()) + ".log");
  auto pid = spawn_detached({"/bin/sh", "-c", "echo started; exec sleep 30"}, log);
  ASSERT_TRUE(pid.has_value()) << pid.error().message;
  EXPECT_TRUE(process_running(*pid));
  EXPECT_NE(::getpgid(*pid), ::getpgid(0));  // its own session: Ctrl+C in pair does not reach it
  // Polled (up to 10 s on a loaded machine): the shell writes its line, then becomes `sleep`.
  auto ready = [&] {
    auto cmd = process_cmdline(*pid);
    return !read_file_to_string(log).value_or("").empty() && !cmd.empty() && cmd.front() == "sleep";
  };
  for (int i = 0; i < 500 && !ready(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(read_file_to_string(log).value_or(""), "started\n");
  EXPECT_EQ(process_cmdline(*pid).front(), "sleep");
  EXPECT_TRUE(terminate_process(*pid, std::chrono::seconds(5)));
  EXPECT_FALSE(process_running(*pid));
  auto missing = spawn_detached({"/nonexistent/llama-server"}, log);
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("cannot run /nonexistent/llama-server"), std::string::npos);
  fs::remove(log);
}

TEST(ServerState, RecordRoundTrips) {
  ServerRecord r;
  r.name = "qwen";
  r.pid = 1234;
  r.port = 8004;
  r.model = "/m/q.gguf";
  r.alias = "qwen3";
  r.context = 32768;
  r.argv = {"llama-server", "--port", "8004"};
  r.settings = "ctx=auto";
  r.log = "/s/port-8004.log";
  r.slot_save_path = "/s/slots";
  auto back = server_record_from_json(server_record_to_json(r), "x.json");
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(back->argv, r.argv);
  EXPECT_EQ(back->slot_save_path, r.slot_save_path);
  EXPECT_EQ(back->settings, "ctx=auto");
  EXPECT_FALSE(server_record_from_json("{\"pid\": 0, \"port\": 1}", "x.json").has_value());
  EXPECT_FALSE(server_record_from_json("{", "x.json").has_value());
}

TEST(ServerRecord, WrongTypesAreAClearErrorOrADefault) {
  // A record damaged by hand: the pid as text is refused by name, not with a library message.
  auto bad = server_record_from_json(R"({"pid": "1234", "port": 8004})", "x.json");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "x.json: bad pid or port (not a whole number in range)");
  EXPECT_FALSE(server_record_from_json(R"({"pid": 1234, "port": 70000000000})", "x.json").has_value());
  EXPECT_FALSE(server_record_from_json("[1, 2]", "x.json").has_value());
  // Fields that only describe the server fall back to their defaults.
  auto r = server_record_from_json(
      R"({"pid": 1234, "port": 8004, "kind": 5, "argv": "llama-server", "context": "big", "log": [], "name": null})",
      "x.json");
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->kind, "llama.cpp");
  EXPECT_TRUE(r->argv.empty());
  EXPECT_EQ(r->context, 0u);
  EXPECT_TRUE(r->log.empty());
}

}  // namespace
}  // namespace pair
