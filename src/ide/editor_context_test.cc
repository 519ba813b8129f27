#include "ide/editor_context.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

EditorContext with_selection(const std::string& text) {
  ActiveFile a;
  a.path = "/ws/src/app.py";
  a.language = "python";
  a.cursor = {14, 1};
  a.visible = {{1, 40}};
  a.selection = EditorSelection{{12, 1}, {14, 1}, text};
  return {a, {}, {}};
}

TEST(EditorContextTest, DescribesTheActiveFileAndSelection) {
  EditorContextTracker t;
  EXPECT_EQ(t.next_block(with_selection("def f():\n    return 1\n"), "/ws", "VS Code"),
            "<editor>\n"
            "Open in VS Code: src/app.py (python), cursor at line 14, lines 1-40 visible.\n"
            "Selected (lines 12-13):\n"
            "```python\ndef f():\n    return 1\n```\n"
            "</editor>");
}

TEST(EditorContextTest, OnlyWhatChangedSinceTheLastBlockIsAttached) {
  EditorContextTracker t;
  EXPECT_FALSE(t.next_block(with_selection("x"), "/ws", "VS Code").empty());
  EXPECT_EQ(t.next_block(with_selection("x"), "/ws", "VS Code"), "") << "unchanged: nothing to add";
  EXPECT_NE(t.next_block(with_selection("y"), "/ws", "VS Code").find("```python\ny\n```"), std::string::npos);
  EXPECT_EQ(t.next_block({}, "/ws", "VS Code"), "<editor>\nNo file is open in VS Code now.\n</editor>");
  EXPECT_EQ(t.next_block({}, "/ws", "VS Code"), "");
}

TEST(EditorContextTest, NothingOpenAtFirstAddsNothing) {
  EditorContextTracker t;
  EXPECT_EQ(t.next_block({}, "/ws", "VS Code"), "");
}

TEST(EditorContextTest, QueuedSelectionsAlwaysGoAlong) {
  EditorContextTracker t;
  EditorContext c = with_selection("x");
  (void)t.next_block(c, "/ws", "VS Code");
  c.queued.push_back({"/elsewhere/util.h", "cpp", 5, 9, "int g();"});
  EXPECT_EQ(t.next_block(c, "/ws", "VS Code"),
            "<editor>\nThe user sent from VS Code: /elsewhere/util.h lines 5-9:\n```cpp\nint g();\n```\n</editor>");
}

TEST(EditorContextTest, ErrorsOfTheActiveFileAreListedAndCapped) {
  EditorContextTracker t;
  EditorContext c = with_selection("");
  c.active->selection.reset();
  c.active->dirty = true;
  for (int i = 1; i <= 12; ++i) c.active_errors.push_back({"error", "bad " + std::to_string(i), "pyright", {i, 1}});
  std::string block = t.next_block(c, "/ws", "VS Code");
  EXPECT_NE(block.find("lines 1-40 visible, unsaved changes.\n"), std::string::npos) << block;
  EXPECT_NE(block.find("Errors the editor reports in src/app.py:\n- line 1: bad 1 (pyright)\n"), std::string::npos);
  EXPECT_NE(block.find("- line 10: bad 10 (pyright)\n- and 2 more\n"), std::string::npos) << block;
  EXPECT_EQ(block.find("bad 11"), std::string::npos);
}

TEST(EditorContextTest, LongSelectionsAreCutAndFencesHoldBackticks) {
  EditorContextTracker t;
  std::string big;
  for (int i = 0; i < 1000; ++i) big += "line " + std::to_string(i) + "\n";
  std::string block = t.next_block(with_selection(big), "/ws", "VS Code");
  EXPECT_NE(block.find("line 399\n[... selection cut here, 600 more lines; read the file for the rest]\n"),
            std::string::npos);
  EXPECT_EQ(block.find("line 400\n"), std::string::npos);

  std::string md = "```js\nx\n```";
  block = t.next_block(with_selection(md), "/ws", "VS Code");
  EXPECT_NE(block.find("````python\n```js\nx\n```\n````\n"), std::string::npos) << block;
}

TEST(EditorContextTest, OneLineSelection) {
  EditorContextTracker t;
  EditorContext c = with_selection("return 1");
  c.active->selection->start = {13, 5};
  c.active->selection->end = {13, 13};
  EXPECT_NE(t.next_block(c, "/ws", "VS Code").find("Selected (line 13):\n"), std::string::npos);
}

TEST(EditorContextTest, StripsTheBlockForDisplay) {
  EditorContextTracker t;
  std::string message = "fix it\n\n" + t.next_block(with_selection("x"), "/ws", "VS Code");
  EXPECT_EQ(strip_editor_block(message), "fix it");
  EXPECT_EQ(strip_editor_block("no block here"), "no block here");
  EXPECT_EQ(strip_editor_block("mentions </editor>"), "mentions </editor>");
}

}  // namespace
}  // namespace pair
