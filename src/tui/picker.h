#pragma once
/// A list to choose from in the live area (/model, /resume, /settings):
/// Up/Down (or Ctrl+P/N) move, Enter chooses, Esc closes, digits jump.

#include <functional>
#include <string>
#include <vector>

#include "tui/keys.h"
#include "tui/style.h"

namespace pair::tui {

struct PickerItem {
  std::string label;
  std::string detail;  ///< muted, after the label
  std::string value;
  Style detail_style = theme::muted();
  /// A last column ("● reachable (3 ms)"), lined up across the items: the
  /// details before it are padded to the widest one.
  std::string status{};
  Style status_style = theme::muted();
};

class Picker {
 public:
  enum class Result { kNone, kChosen, kClosed };

  Picker(std::string title, std::vector<PickerItem> items, size_t selected = 0);
  /// Handles a key; kChosen: `selected()` is the choice.
  Result on_key(const Key& key);
  Rows rows(int width, int max_rows) const;

  const PickerItem& selected() const { return items_[selected_]; }
  size_t selected_index() const { return selected_; }
  std::vector<PickerItem>& items() { return items_; }
  /// Settings pickers stay open when something is chosen.
  bool stays_open = false;

 private:
  std::string title_;
  std::vector<PickerItem> items_;
  size_t selected_;
};

}  // namespace pair::tui
