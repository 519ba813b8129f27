#include "core/session_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/message_codec.h"
#include "util/atomic_file.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

class SessionStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root = fs::temp_directory_path() / ("pair-sessions-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
  }
  void TearDown() override { fs::remove_all(root); }

  SessionInfo info(const std::string& id, const std::string& cwd = "/work/proj") {
    return {id, cwd, "2026-11-25T00:00:00Z", "local", {}};
  }
  fs::path root;
};

TEST_F(SessionStoreTest, RoundTripsMessagesExactly) {
  auto w = SessionWriter::create(root, info("s1"));
  ASSERT_TRUE(w.has_value()) << w.error().message;
  Message a;
  a.role = Role::kAssistant;
  a.content = "line\n\"quoted\" \xC3\xA9";
  a.reasoning = "hmm";
  a.tool_calls = {{"c1", "read_file", "{\"path\":  \"a\"}"}};
  Message typed = Message::user("hi\n<pasted text>");
  typed.shown = "hi\n[Pasted +1 line, 13 chars]";
  std::vector<Message> msgs{typed, a, Message::tool_result(a.tool_calls[0], "out", true)};
  for (const auto& m : msgs) ASSERT_TRUE((*w)->append_message(m).has_value());
  auto loaded = load_session((*w)->path());
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ(loaded->info.id, "s1");
  EXPECT_EQ(loaded->info.cwd, "/work/proj");
  ASSERT_EQ(loaded->messages.size(), 3u);
  EXPECT_EQ(loaded->messages[0].shown, typed.shown);
  EXPECT_EQ(loaded->messages[1].shown, "");
  EXPECT_EQ(loaded->messages[1].content, a.content);
  EXPECT_EQ(loaded->messages[1].reasoning, "hmm");
  EXPECT_EQ(loaded->messages[1].tool_calls[0].arguments, "{\"path\":  \"a\"}");  // byte for byte
  EXPECT_TRUE(loaded->messages[2].is_error);
  EXPECT_EQ(loaded->messages[2].tool_name, "read_file");
  struct stat st {};
  ASSERT_EQ(::stat((*w)->path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(SessionStoreTest, ToolResultImagesAreStoredAndReplayed) {
  auto w = SessionWriter::create(root, info("s1"));
  ASSERT_TRUE(w.has_value()) << w.error().message;
  Message result = Message::tool_result({"c1", "mcp__s__shot", "{}"}, "[image 1: image/png, about 3 bytes]", false);
  result.images = {{"image/png", "AAAA"}, {"image/jpeg", "BBBB"}};
  ASSERT_TRUE((*w)->append_message(result).has_value());
  auto loaded = load_session((*w)->path());
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  ASSERT_EQ(loaded->messages.size(), 1u);
  const Message& m = loaded->messages[0];
  EXPECT_EQ(m.role, Role::kTool);
  EXPECT_EQ(m.tool_call_id, "c1");
  ASSERT_EQ(m.images.size(), 2u);
  EXPECT_EQ(m.images[0].mime_type, "image/png");
  EXPECT_EQ(m.images[0].data_base64, "AAAA");
  EXPECT_EQ(m.images[1].mime_type, "image/jpeg");
}

TEST_F(SessionStoreTest, CutOffLastLineIsSkippedAndRepairedOnReopen) {
  auto w = SessionWriter::create(root, info("s2"));
  ASSERT_TRUE(w.has_value());
  ASSERT_TRUE((*w)->append_message(Message::user("one")).has_value());
  fs::path file = (*w)->path();
  w->reset();
  {
    std::ofstream out(file, std::ios::app);
    out << R"({"type":"message","message":{"role":"assistant","content":"half wri)";
  }
  auto loaded = load_session(file);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->messages.size(), 1u);
  EXPECT_EQ(loaded->skipped_lines, 0u);

  auto again = SessionWriter::reopen(file);
  ASSERT_TRUE(again.has_value());
  ASSERT_TRUE((*again)->append_message(Message::user("two")).has_value());
  auto reloaded = load_session(file);
  ASSERT_TRUE(reloaded.has_value());
  ASSERT_EQ(reloaded->messages.size(), 2u);
  EXPECT_EQ(reloaded->messages[1].content, "two");
}

TEST_F(SessionStoreTest, LatestSessionIsPerDirectory) {
  auto a = SessionWriter::create(root, info("20260101-000000-aaaaaa", "/p/one"));
  auto b = SessionWriter::create(root, info("20260101-000001-bbbbbb", "/p/two"));
  ASSERT_TRUE(a && b);
  auto latest = latest_session(root, "/p/one");
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->stem(), "20260101-000000-aaaaaa");
  EXPECT_FALSE(latest_session(root, "/p/three").has_value());
  auto found = find_session(root, "20260101-000001");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->stem(), "20260101-000001-bbbbbb");
  EXPECT_FALSE(find_session(root, "2026").has_value());  // ambiguous
}

TEST_F(SessionStoreTest, CompactionReplacesWhatCameBeforeAndLaterMessagesFollow) {
  auto w = SessionWriter::create(root, info("s3"));
  ASSERT_TRUE(w.has_value());
  for (const char* t : {"one", "two", "three"}) ASSERT_TRUE((*w)->append_message(Message::user(t)).has_value());
  Message summary;
  summary.role = Role::kAssistant;
  summary.content = "Summary: one, two";
  ASSERT_TRUE((*w)->append_compaction({Message::system("sys"), Message::user("one"), summary}).has_value());
  ASSERT_TRUE((*w)->append_message(Message::user("four")).has_value());
  ASSERT_TRUE((*w)->append_prompt_cache({"s3-abc.bin", "abc", 4, 1234}).has_value());
  auto loaded = load_session((*w)->path());
  ASSERT_TRUE(loaded.has_value());
  ASSERT_EQ(loaded->messages.size(), 3u);  // the system prompt is not stored
  EXPECT_EQ(loaded->messages[0].content, "one");
  EXPECT_EQ(loaded->messages[1].content, "Summary: one, two");
  EXPECT_EQ(loaded->messages[2].content, "four");
  EXPECT_EQ(loaded->compactions, 1u);
  ASSERT_TRUE(loaded->prompt_cache.has_value());
  EXPECT_EQ(loaded->prompt_cache->file, "s3-abc.bin");
  EXPECT_EQ(loaded->prompt_cache->messages, 4u);
  EXPECT_EQ(loaded->prompt_cache->tokens, 1234);
}

TEST_F(SessionStoreTest, ARewindTakesTheLatestMessagesOut) {
  auto w = SessionWriter::create(root, info("s4"));
  ASSERT_TRUE(w.has_value());
  for (const char* t : {"one", "two", "refused", "half an answer"})
    ASSERT_TRUE((*w)->append_message(Message::user(t)).has_value());
  ASSERT_TRUE((*w)->append_rewind(2).has_value());
  ASSERT_TRUE((*w)->append_message(Message::user("three")).has_value());
  ASSERT_TRUE((*w)->append_rewind(99).has_value());  // more than there are: all of them, no more
  ASSERT_TRUE((*w)->append_message(Message::user("four")).has_value());
  auto loaded = load_session((*w)->path());
  ASSERT_TRUE(loaded.has_value());
  ASSERT_EQ(loaded->messages.size(), 1u);
  EXPECT_EQ(loaded->messages[0].content, "four");
}

TEST(ConversationFingerprint, StableAndSensitiveToEveryByteOfThePrefix) {
  std::vector<ToolSpec> tools{{"read_file", "Read.", "{}"}};
  std::vector<Message> m{Message::system("sys"), Message::user("hello"), Message::user("later")};
  std::string a = conversation_fingerprint(m, 2, "model", tools);
  EXPECT_EQ(a, conversation_fingerprint(m, 2, "model", tools));
  EXPECT_EQ(a.size(), 16u);
  m[2].content = "changed after the prefix";
  EXPECT_EQ(a, conversation_fingerprint(m, 2, "model", tools));
  m[1].content = "hellO";
  EXPECT_NE(a, conversation_fingerprint(m, 2, "model", tools));
  m[1].content = "hello";
  EXPECT_NE(a, conversation_fingerprint(m, 2, "other-model", tools));
  tools[0].description = "Read a file.";
  EXPECT_NE(a, conversation_fingerprint(m, 2, "model", tools));
}

TEST_F(SessionStoreTest, NewerFormatAndForeignFilesAreRefusedClearly) {
  fs::create_directories(root);
  ASSERT_TRUE(write_file_atomically(root / "x.jsonl", "{\"type\":\"session\",\"format\":99,\"id\":\"x\"}\n"));
  auto r = load_session(root / "x.jsonl");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("newer pair"), std::string::npos);
  ASSERT_TRUE(write_file_atomically(root / "y.jsonl", "hello\n"));
  EXPECT_FALSE(load_session(root / "y.jsonl").has_value());
}

TEST(MessageCodec, WrongTypesAreRefusedNamingTheField) {
  auto content = message_from_json(nlohmann::json::parse(R"({"role": "user", "content": 5})"));
  ASSERT_FALSE(content.has_value());
  EXPECT_EQ(content.error().message, "message field \"content\" is number, expected a string");
  auto call = message_from_json(
      nlohmann::json::parse(R"({"role": "assistant", "tool_calls": [{"id": "c1", "name": "x", "arguments": {}}]})"));
  ASSERT_FALSE(call.has_value());
  EXPECT_EQ(call.error().message, "tool call field \"arguments\" is object, expected a string");
  auto role = message_from_json(nlohmann::json::parse(R"({"content": "hi"})"));
  ASSERT_FALSE(role.has_value());
  EXPECT_EQ(role.error().message, "message field \"role\" is missing, expected a string");
  EXPECT_FALSE(message_from_json(nlohmann::json::parse(R"({"role": "user", "tool_calls": "x"})")).has_value());
  EXPECT_FALSE(message_from_json(nlohmann::json::parse(R"({"role": "user", "images": [{"data": 1}]})")).has_value());
  EXPECT_FALSE(message_from_json(nlohmann::json::parse(R"({"role": "user", "is_error": "yes"})")).has_value());
  EXPECT_FALSE(message_from_json(nlohmann::json::parse(R"("user")")).has_value());
}

TEST_F(SessionStoreTest, LinesWithWrongTypesAreSkippedAndTheRestLoads) {
  fs::create_directories(root);
  std::string text =
      "{\"type\":\"session\",\"format\":1,\"id\":\"s\",\"cwd\":7,\"model\":[\"m\"]}\n"
      "{\"type\":\"message\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n"
      "{\"type\":\"message\",\"message\":{\"role\":7,\"content\":\"x\"}}\n"
      "{\"type\":\"message\",\"message\":{\"role\":\"user\",\"content\":{\"a\":1}}}\n"
      "{\"type\":\"message\",\"message\":\"hello\"}\n"
      "{\"type\":\"compaction\",\"messages\":[{\"role\":\"user\",\"content\":null}]}\n"
      "{\"type\":\"prompt_cache\",\"file\":1,\"fingerprint\":{},\"messages\":\"3\",\"tokens\":1e300}\n"
      "{\"type\":[\"message\"]}\n"
      "{\"type\":\"message\",\"message\":{\"role\":\"assistant\",\"content\":\"\xff ok\"}}\n";
  ASSERT_TRUE(write_file_atomically(root / "s.jsonl", text));
  auto s = load_session(root / "s.jsonl");
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->info.cwd, "");
  EXPECT_EQ(s->info.model, "");
  ASSERT_EQ(s->messages.size(), 2u);
  EXPECT_EQ(s->messages[0].content, "hi");
  EXPECT_EQ(s->messages[1].content, "\xEF\xBF\xBD ok");
  EXPECT_EQ(s->skipped_lines, 4u);
}

}  // namespace
}  // namespace pair
