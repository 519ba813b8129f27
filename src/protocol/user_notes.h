#pragma once
/// Notes pair puts ahead of a user's message for the model (after /undo, the
/// files that are back as they were), written and read in one place: the
/// engine writes them, a front-end replaying a session shows them as notices,
/// not as something the user typed.

#include <string>
#include <string_view>
#include <vector>

namespace pair {

/// "[The user undid the file changes of the previous turn (a.txt, b.txt are
/// back as they were before it); changes made by commands were not undone.]"
std::string undo_note(const std::vector<std::string>& files);

/// A user message's text without the undo note ahead of it (and the blank
/// line after the note). `files` gets the note's list ("a.txt, b.txt") when
/// there was one, and is cleared otherwise.
std::string_view strip_undo_note(std::string_view text, std::string* files);

}  // namespace pair
