#include "tui/completion.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tui/commands.h"
#include "tui/history.h"

namespace pair::tui {
namespace {
namespace fs = std::filesystem;

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pair-tui-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "src" / "app");
    write("src/app/main.cc", "int main() {}\n");
    write("src/app/engine.cc", "// engine\n");
    write("README.md", "# readme\n");
    write("blob.bin", std::string("a\0b", 3));
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel, std::ios::binary) << text; }
  fs::path dir_;
};

TEST(Commands, PrefixAndParsing) {
  auto m = commands_with_prefix("re");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0]->name, "resume");
  EXPECT_EQ(find_command("quit")->id, CommandId::kExit);
  auto c = parse_command_line("  /model  qwen3 coder ");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "model");
  EXPECT_EQ(c->args, "qwen3 coder");
  EXPECT_FALSE(parse_command_line("a /model"));
  EXPECT_FALSE(parse_command_line("/ x"));
}

TEST_F(TempDir, CompletesCommandsOnlyAtTheStart) {
  auto c = complete("/cl", true, dir_);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->candidates.size(), 1u);
  EXPECT_EQ(c->candidates[0].replacement, "/clear ");
  EXPECT_FALSE(complete("/cl", false, dir_));
  EXPECT_FALSE(complete("plain", true, dir_));
}

TEST_F(TempDir, CompletesPathsByDirectoryAndByName) {
  auto c = complete("@src/a", false, dir_);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->candidates[0].replacement, "@src/app/");
  c = complete("@src/app/", false, dir_);
  ASSERT_TRUE(c);
  ASSERT_EQ(c->candidates.size(), 2u);
  EXPECT_EQ(c->common, "@src/app/");
  c = complete("@mai", false, dir_);  // not at the top: found by name anywhere
  ASSERT_TRUE(c);
  EXPECT_EQ(c->candidates[0].replacement, "@src/app/main.cc ");
  EXPECT_EQ(c->word_length, 4u);
}

TEST_F(TempDir, MentionsAttachTextFilesOnly) {
  std::vector<Attachment> a;
  std::string msg = attach_mentions("see @README.md, @blob.bin and me@example.com @missing", dir_, &a);
  EXPECT_EQ(msg,
            "see @README.md, @blob.bin and me@example.com @missing\n\n<file path=\"README.md\">\n# readme\n</file>");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_TRUE(a[0].attached);
  EXPECT_EQ(a[0].note, "1 line");
  EXPECT_FALSE(a[1].attached);
  EXPECT_EQ(a[1].note, "binary: not attached");
}

TEST_F(TempDir, MentionsTheRulesRefuseAreNotAttached) {
  fs::create_directories(dir_ / "secrets");
  write("secrets/key.txt", "swordfish\n");
  fs::create_symlink(dir_ / "secrets/key.txt", dir_ / "link.txt");
  std::vector<Attachment> a;
  AttachRefusal refusal = [&](const fs::path& p) -> std::optional<std::string> {
    if (p.string().starts_with((dir_ / "secrets").string()) || p.filename() == "link.txt")
      return "denied by the rule read_file(secrets/**)";
    return std::nullopt;
  };
  std::string msg = attach_mentions("see @secrets/key.txt and @link.txt", dir_, &a, refusal);
  EXPECT_EQ(msg, "see @secrets/key.txt and @link.txt");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_FALSE(a[0].attached);
  EXPECT_EQ(a[0].note, "not attached: denied by the rule read_file(secrets/**)");
  EXPECT_FALSE(a[1].attached);
}

TEST_F(TempDir, MentionsOfSymlinksOutOfTheProjectAreNotAttached) {
  fs::create_directories(dir_ / "project");
  fs::create_directories(dir_ / "elsewhere");
  write("project/README.md", "# readme\n");
  write("elsewhere/private.txt", "private\n");
  fs::create_symlink(dir_ / "elsewhere/private.txt", dir_ / "project/notes.txt");
  std::vector<Attachment> a;
  std::string msg = attach_mentions("@notes.txt", dir_ / "project", &a);
  EXPECT_EQ(msg, "@notes.txt");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].note, "outside the project: not attached");
}

TEST_F(TempDir, HistoryPersistsEntriesWithPastes) {
  fs::path file = History::file_for(dir_ / "state", "/some/project");
  EXPECT_EQ(file.parent_path(), dir_ / "state" / "history");
  InputEditor e;
  e.insert_text("first");
  {
    History h(file);
    h.add(e.content());
    e.clear();
    e.insert_text("with ");
    e.paste("a\nb\nc\nd\n");
    h.add(e.content());
    h.add(e.content());  // a repeat is not added
    EXPECT_EQ(h.size(), 2u);
  }
  History h(file);
  ASSERT_EQ(h.size(), 2u);
  EditorContent draft;
  auto last = h.previous(draft);
  ASSERT_TRUE(last);
  InputEditor r;
  r.set_content(*last);
  EXPECT_EQ(r.text(), "with a\nb\nc\nd\n");
  EXPECT_EQ(r.shown_text(), "with [Pasted +4 lines, 8 chars]");
  EXPECT_TRUE(h.previous(draft));
  EXPECT_FALSE(h.previous(draft));
  EXPECT_TRUE(h.next());
  auto back = h.next();
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->atoms.empty()) << "past the newest entry: the draft again";
}

}  // namespace
}  // namespace pair::tui
