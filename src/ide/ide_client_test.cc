// The editor protocol's client against a scripted editor window (tests/support/scripted_ide.py).
#include "ide/ide_client.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "ide/ide_bridge.h"
#include "util/subprocess.h"

namespace pair {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* kScript = R"json({
  "context": {
    "activeFile": {"path": "WS/src/a.py", "language": "python", "cursor": {"line": 3, "character": 5},
                   "selection": {"start": {"line": 2, "character": 1}, "end": {"line": 3, "character": 5},
                                 "text": "x = 1\ny = 2"},
                   "visibleRanges": [{"startLine": 1, "endLine": 20}], "isDirty": true},
    "queued": [{"path": "WS/b.py", "language": "python", "startLine": 7, "endLine": 7, "text": "z()"}]},
  "diagnostics": [{"path": "WS/src/a.py", "diagnostics": [
    {"severity": "error", "message": "undefined name", "source": "pyflakes",
     "range": {"start": {"line": 4, "character": 1}, "end": {"line": 4, "character": 3}}},
    {"severity": "warning", "message": "unused", "range": {"start": {"line": 1, "character": 1}, "end": {"line": 1, "character": 2}}}]}],
  "openDiff": [{"decision": "accepted", "content": "mine\n", "edited": true}, {"wait": true}],
  "notifications": [{"method": "selectionChanged", "params": {"activeFile": {"path": "WS/src/a.py", "language": "python",
                     "cursor": {"line": 9, "character": 1}, "visibleRanges": [], "isDirty": false}}}]
})json";

class ScriptedIde {
 public:
  ScriptedIde(const fs::path& root, const fs::path& lock_dir, std::vector<std::string> extra = {},
              std::string text = kScript) {
    static int n = 0;
    fs::path script = root / ("script" + std::to_string(++n) + ".json");
    for (size_t p = text.find("WS/"); p != std::string::npos; p = text.find("WS/", p))
      text.replace(p, 2, (root / "ws").string());
    std::ofstream(script) << text;
    port_file_ = root / ("port" + std::to_string(n));
    log_ = root / ("log" + std::to_string(n) + ".jsonl");
    std::vector<std::string> argv = {"python3",     std::string(PAIR_SOURCE_DIR) + "/tests/support/scripted_ide.py",
                                     "--lock-dir",  lock_dir.string(),
                                     "--folder",    (root / "ws").string(),
                                     "--script",    script.string(),
                                     "--log",       log_.string(),
                                     "--port-file", port_file_.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    server_ = std::jthread([argv](std::stop_token stop) {
      ProcessOptions o;
      o.argv = argv;
      (void)run_process(o, stop);
    });
    for (int i = 0; i < 3000 && !fs::exists(port_file_); ++i) std::this_thread::sleep_for(10ms);
  }
  void stop() { server_ = {}; }
  std::string log() const {
    std::stringstream s;
    s << std::ifstream(log_).rdbuf();
    return s.str();
  }
  int port() const {
    int p = 0;
    std::ifstream(port_file_) >> p;
    return p;
  }

 private:
  fs::path port_file_, log_;
  std::jthread server_;
};

class IdeClientTest : public ::testing::Test {
 protected:
  IdeClientTest() {
    char tmpl[] = "/tmp/pair-ide-client-XXXXXX";
    root_ = ::mkdtemp(tmpl);
    fs::create_directories(root_ / "ws" / "src");
  }
  ~IdeClientTest() override { fs::remove_all(root_); }

  IdeLock only_lock() {
    IdeLockScan scan = find_ide_locks(root_ / "ide", root_ / "ws");
    EXPECT_EQ(scan.usable.size(), 1u);
    return scan.usable.empty() ? IdeLock{} : scan.usable.front();
  }

  fs::path root_;
};

TEST_F(IdeClientTest, ReadsTheContextAndDiagnostics) {
  ScriptedIde ide(root_, root_ / "ide");
  auto client = IdeClient::connect(only_lock());
  ASSERT_TRUE(client.has_value()) << client.error().message;
  EXPECT_EQ((*client)->ide_name(), "Scripted IDE");

  auto c = (*client)->get_context(/*take_queued=*/true);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  ASSERT_TRUE(c->active.has_value());
  EXPECT_EQ(c->active->path, (root_ / "ws/src/a.py").string());
  EXPECT_EQ(c->active->language, "python");
  EXPECT_EQ(c->active->cursor, (TextPosition{3, 5}));
  ASSERT_TRUE(c->active->selection.has_value());
  EXPECT_EQ(c->active->selection->text, "x = 1\ny = 2");
  EXPECT_TRUE(c->active->dirty);
  ASSERT_EQ(c->queued.size(), 1u);
  EXPECT_EQ(c->queued[0].text, "z()");
  EXPECT_TRUE((*client)->get_context(true)->queued.empty()) << "queued selections are handed over once";

  auto d = (*client)->get_diagnostics((root_ / "ws/src/a.py").string());
  ASSERT_TRUE(d.has_value()) << d.error().message;
  ASSERT_EQ(d->diagnostics.size(), 2u);
  EXPECT_EQ(d->diagnostics[0].message, "undefined name");
  EXPECT_EQ(d->diagnostics[0].start.line, 4);
  EXPECT_EQ(d->diagnostics[0].source, "pyflakes");
}

TEST_F(IdeClientTest, AnswersWithWrongTypesGiveDefaultsNotExceptions) {
  ScriptedIde ide(root_, root_ / "ide", {}, R"json({
    "context": {"activeFile": {"path": "WS/a.py", "language": 3, "cursor": "3:5",
                               "selection": {"start": 5, "end": [1], "text": {"t": 1}, "truncated": "no"},
                               "visibleRanges": "all", "isDirty": "yes"},
                "queued": [5, {"path": 1, "startLine": "7", "endLine": 1e30, "text": null}]},
    "diagnostics": [{"path": "WS/a.py", "diagnostics": [7, {"severity": 2, "message": "m", "range": "1:1"},
                                                        {"message": "n", "range": {"start": [4]}}]}]
  })json");
  auto client = IdeClient::connect(only_lock());
  ASSERT_TRUE(client.has_value()) << client.error().message;
  auto c = (*client)->get_context(/*take_queued=*/true);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  ASSERT_TRUE(c->active.has_value());
  EXPECT_EQ(c->active->language, "");
  EXPECT_EQ(c->active->cursor, (TextPosition{0, 0}));
  ASSERT_TRUE(c->active->selection.has_value());
  EXPECT_EQ(c->active->selection->start, (TextPosition{0, 0}));
  EXPECT_EQ(c->active->selection->text, "");
  EXPECT_TRUE(c->active->visible.empty());
  EXPECT_FALSE(c->active->dirty);
  ASSERT_EQ(c->queued.size(), 1u);
  EXPECT_EQ(c->queued[0].path, "");
  EXPECT_EQ(c->queued[0].start_line, 0);
  EXPECT_EQ(c->queued[0].end_line, 0);
  auto d = (*client)->get_diagnostics((root_ / "ws/a.py").string());
  ASSERT_TRUE(d.has_value()) << d.error().message;
  ASSERT_EQ(d->diagnostics.size(), 2u);
  EXPECT_EQ(d->diagnostics[0].severity, "");
  EXPECT_EQ(d->diagnostics[0].start, (TextPosition{0, 0}));
  EXPECT_EQ(d->diagnostics[1].message, "n");
}

TEST_F(IdeClientTest, AWrongTokenIsRefused) {
  ScriptedIde ide(root_, root_ / "ide", {"--lock-token", "not-the-token"});
  auto client = IdeClient::connect(only_lock());
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, ErrorCode::kPermission);
  EXPECT_NE(client.error().message.find("refused pair's token"), std::string::npos) << client.error().message;
}

TEST_F(IdeClientTest, NobodyListeningIsAConnectionError) {
  IdeLock lock;
  lock.port = 1;  // nothing listens on port 1
  lock.token = "t";
  lock.ide_name = "Code";
  auto client = IdeClient::connect(lock);
  ASSERT_FALSE(client.has_value());
  EXPECT_EQ(client.error().code, ErrorCode::kConnection);
}

TEST_F(IdeClientTest, OpenDiffWaitsForTheDecisionAndCanBeCancelled) {
  ScriptedIde ide(root_, root_ / "ide");
  auto client = IdeClient::connect(only_lock());
  ASSERT_TRUE(client.has_value()) << client.error().message;
  DiffRequest request{"d1", (root_ / "ws/a.txt").string(), "proposed\n", "edit a.txt"};
  auto outcome = (*client)->open_diff(request, {});
  ASSERT_TRUE(outcome.has_value()) << outcome.error().message;
  EXPECT_EQ(outcome->decision, DiffOutcome::Decision::kAccepted);
  EXPECT_EQ(outcome->content, "mine\n");
  EXPECT_TRUE(outcome->edited);

  // The second answer never comes: cancelling returns at once and the editor sees pair go away.
  std::stop_source stop;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(100ms);
    stop.request_stop();
  });
  auto start = std::chrono::steady_clock::now();
  auto waiting = (*client)->open_diff({"d2", request.path, "x", ""}, stop.get_token());
  ASSERT_FALSE(waiting.has_value());
  EXPECT_EQ(waiting.error().code, ErrorCode::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  for (int i = 0; i < 1000 && ide.log().find("diff_abandoned") == std::string::npos; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_NE(ide.log().find(R"("event": "diff_abandoned", "diffId": "d2")"), std::string::npos) << ide.log();
  auto closed = (*client)->close_diff("d2");
  ASSERT_TRUE(closed.has_value());
  EXPECT_FALSE(*closed);
  EXPECT_NE(ide.log().find(R"("newContent": "proposed\n")"), std::string::npos) << ide.log();
}

TEST_F(IdeClientTest, NotificationsArriveAndTheEndOfTheWindowIsNoticed) {
  auto ide = std::make_unique<ScriptedIde>(root_, root_ / "ide");
  auto client = IdeClient::connect(only_lock());
  ASSERT_TRUE(client.has_value()) << client.error().message;
  std::mutex mu;
  std::vector<IdeNotification> got;
  (*client)->start_events([&](const IdeNotification& n) {
    std::lock_guard lock(mu);
    got.push_back(n);
  });
  auto count = [&] {
    std::lock_guard lock(mu);
    return got.size();
  };
  for (int i = 0; i < 3000 && count() < 1; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(count(), 1u);
  EXPECT_EQ(got[0].kind, IdeNotification::Kind::kSelectionChanged);
  ASSERT_TRUE(got[0].active.has_value());
  EXPECT_EQ(got[0].active->cursor.line, 9);
  EXPECT_TRUE((*client)->connected());
  EXPECT_NE(ide->log().find("events_open"), std::string::npos);

  ide->stop();
  for (int i = 0; i < 3000 && count() < 2; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(count(), 2u);
  EXPECT_EQ(got[1].kind, IdeNotification::Kind::kDisconnected);
  EXPECT_FALSE((*client)->connected());
}

TEST_F(IdeClientTest, TheBridgePicksThisWorkspacesWindowAndAttachesChangesOnly) {
  fs::create_directories(root_ / "other" / "ws");
  ScriptedIde other(root_ / "other", root_ / "ide");  // a window on another folder
  ScriptedIde ide(root_, root_ / "ide");
  IdeBridgeOptions o;
  o.workspace = root_ / "ws";
  o.mode = IdeMode::kRequired;
  o.lock_dir = root_ / "ide";
  std::vector<std::string> notices;
  auto bridge = IdeBridge::connect(o, &notices);
  ASSERT_TRUE(bridge) << (notices.empty() ? "" : notices[0]);
  ASSERT_NE(bridge->client(), nullptr);
  EXPECT_EQ(bridge->client()->lock().port, ide.port());
  std::string block = bridge->message_context();
  EXPECT_NE(block.find("Open in Scripted IDE: src/a.py (python), cursor at line 3"), std::string::npos) << block;
  EXPECT_NE(block.find("Selected (lines 2-3):\n```python\nx = 1\ny = 2\n```"), std::string::npos) << block;
  EXPECT_NE(block.find("- line 4: undefined name (pyflakes)"), std::string::npos) << block;
  EXPECT_EQ(block.find("unused"), std::string::npos) << "warnings are left out";
  EXPECT_NE(block.find("The user sent from Scripted IDE: b.py line 7:"), std::string::npos) << block;
  EXPECT_EQ(bridge->message_context(), "") << "nothing changed, nothing queued";
  EXPECT_EQ(other.log().find("getContext"), std::string::npos);
}

TEST(IdeModeTest, FlagsSettingAndWherePairRuns) {
  ::unsetenv("PAIR_IDE_PORT");
  ::unsetenv("TERM_PROGRAM");
  EXPECT_EQ(ide_mode(true, false, false), IdeMode::kRequired);
  EXPECT_EQ(ide_mode(false, true, true), IdeMode::kOff);
  EXPECT_EQ(ide_mode(std::nullopt, true, true), IdeMode::kAuto);
  EXPECT_EQ(ide_mode(std::nullopt, false, true), IdeMode::kOff);
  EXPECT_EQ(ide_mode(std::nullopt, true, false), IdeMode::kOff) << "headless outside an editor's terminal";
  ::setenv("TERM_PROGRAM", "vscode", 1);
  EXPECT_EQ(ide_mode(std::nullopt, true, false), IdeMode::kAuto);
  ::unsetenv("TERM_PROGRAM");
}

}  // namespace
}  // namespace pair
