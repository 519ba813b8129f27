#include "tui/picker.h"

#include <gtest/gtest.h>

#include "tui/text_width.h"

namespace pair::tui {
namespace {

/// The display column where `needle` starts in a rendered row.
int column_of(const Row& row, const std::string& needle) {
  std::string text = strip_escapes(row.text);
  size_t at = text.find(needle);
  if (at == std::string::npos) return -1;
  return display_width(std::string_view(text).substr(0, at));
}

TEST(Picker, StatusColumnLinesUpAcrossNamesAndWideCharacters) {
  std::vector<PickerItem> items = {
      {"a", "http://127.0.0.1:8080/v1", "a"},
      {"a-much-longer-name (current)", "http://h/v1", "b"},
      {"模型", "http://例え.jp:9/v1  vision", "c"},
  };
  items[0].status = "● reachable (3 ms)";
  items[1].status = "○ connection refused";
  items[2].status = "· checking…";
  Picker picker("Switch model", items, 0);
  Rows rows = picker.rows(100, 10);
  ASSERT_EQ(rows.size(), 5u);  // title, three items, the key hint
  int col = column_of(rows[1], "●");
  ASSERT_GT(col, 0);
  EXPECT_EQ(column_of(rows[2], "○"), col);
  EXPECT_EQ(column_of(rows[3], "·"), col);
  for (const auto& r : rows) EXPECT_LE(r.width, 100);
}

TEST(Picker, NarrowTerminalsCutTheDetailBeforeTheStatus) {
  std::vector<PickerItem> items = {{"a", std::string(80, 'u'), "a"}, {"b", "http://h/v1", "b"}};
  items[0].status = "○ connection refused";
  items[1].status = "● reachable (3 ms)";
  Rows rows = Picker("Switch model", items, 0).rows(60, 10);
  EXPECT_GT(column_of(rows[1], "○ connection refused"), 0);
  EXPECT_EQ(column_of(rows[1], "○"), column_of(rows[2], "●"));
  for (const auto& r : rows) EXPECT_LE(r.width, 60);
}

}  // namespace
}  // namespace pair::tui
