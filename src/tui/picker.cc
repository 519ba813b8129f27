#include "tui/picker.h"

#include <algorithm>

#include "tui/text_width.h"

namespace pair::tui {

Picker::Picker(std::string title, std::vector<PickerItem> items, size_t selected)
    : title_(std::move(title)), items_(std::move(items)), selected_(std::min(selected, items_.size() - 1)) {}

Picker::Result Picker::on_key(const Key& k) {
  if (items_.empty()) return Result::kClosed;
  if (k.is(KeyCode::kUp) || k.is_ctrl('p')) {
    selected_ = selected_ == 0 ? items_.size() - 1 : selected_ - 1;
  } else if (k.is(KeyCode::kDown) || k.is_ctrl('n') || k.is(KeyCode::kTab)) {
    selected_ = (selected_ + 1) % items_.size();
  } else if (k.is(KeyCode::kEnter) || (k.code == KeyCode::kChar && k.mods == kNoMod && k.ch == U' ' && stays_open)) {
    return Result::kChosen;
  } else if (k.is(KeyCode::kEscape) || k.is_ctrl('c') || k.is_ctrl('d') ||
             (k.code == KeyCode::kChar && k.mods == kNoMod && k.ch == U'q')) {
    return Result::kClosed;
  } else if (k.code == KeyCode::kChar && k.mods == kNoMod && k.ch >= U'1' && k.ch <= U'9') {
    size_t i = k.ch - U'1';
    if (i < items_.size()) {
      selected_ = i;
      return Result::kChosen;
    }
  } else if (k.is(KeyCode::kHome)) {
    selected_ = 0;
  } else if (k.is(KeyCode::kEnd)) {
    selected_ = items_.size() - 1;
  }
  return Result::kNone;
}

Rows Picker::rows(int width, int max_rows) const {
  Rows out;
  out.push_back(styled_row(truncate_to_width(title_, width), theme::accent().with_bold()));
  size_t room = static_cast<size_t>(std::max(1, max_rows - 2));
  size_t first = selected_ >= room ? selected_ - room + 1 : 0;
  size_t label_width = 0;
  for (const auto& it : items_) label_width = std::max(label_width, static_cast<size_t>(display_width(it.label)));
  label_width = std::min<size_t>(label_width, static_cast<size_t>(std::max(8, width / 2)));
  int used = 2 + 3 + static_cast<int>(label_width) + 2;
  // The status column starts where the widest detail ends (within the room left), on every row alike.
  int detail_width = 0;
  bool any_status = false;
  for (const auto& it : items_) {
    detail_width = std::max(detail_width, display_width(it.detail));
    any_status = any_status || !it.status.empty();
  }
  int status_width = 0;
  for (const auto& it : items_) status_width = std::max(status_width, display_width(it.status));
  if (any_status) detail_width = std::max(0, std::min(detail_width, width - used - 2 - status_width));
  for (size_t i = first; i < items_.size() && i < first + room; ++i) {
    const auto& it = items_[i];
    bool sel = i == selected_;
    std::string number = i < 9 ? std::to_string(i + 1) + ". " : "   ";
    std::string label = truncate_to_width(it.label, static_cast<int>(label_width));
    label += std::string(label_width - static_cast<size_t>(display_width(label)), ' ');
    Spans spans{{sel ? "❯ " : "  ", theme::accent()},
                {number, theme::muted()},
                {label, sel ? theme::accent().with_bold() : Style{}}};
    if (!any_status) {
      if (!it.detail.empty() && width - used > 3)
        spans.push_back({"  " + truncate_to_width(it.detail, width - used), it.detail_style});
    } else {
      std::string detail = truncate_to_width(it.detail, detail_width);
      detail += std::string(static_cast<size_t>(std::max(0, detail_width - display_width(detail))), ' ');
      spans.push_back({"  " + detail, it.detail_style});
      int room_left = width - used - detail_width - 2;
      if (!it.status.empty() && room_left > 3)
        spans.push_back({"  " + truncate_to_width(it.status, room_left), it.status_style});
    }
    out.push_back(make_row(spans));
  }
  out.push_back(styled_row("↑↓ move · enter choose · esc close", theme::muted()));
  return out;
}

}  // namespace pair::tui
