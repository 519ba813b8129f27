#pragma once
/// Test support for the format readers: a table row (an answer's text and
/// what recovering it must give) and the check that runs one row through the
/// one entry point, so each family's table also tests the order in which the
/// families are tried.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/text_tool_calls.h"
#include "util/json_parse.h"

namespace pair::tool_call_formats {

struct ExpectedCall {
  std::string name;
  std::string arguments;  ///< JSON, compared as a value
};

struct RecoveryCase {
  std::string label;
  std::string text;
  std::vector<ExpectedCall> calls;  ///< none: nothing recovered and the text unchanged
  std::string remaining;            ///< the answer's text left around the calls
};

/// The tools of llama.cpp's chat tests, offered in every case.
inline const std::vector<std::string> kOfferedInTests = {"special_function",
                                                         "special_function_with_opt",
                                                         "get_time",
                                                         "get_weather",
                                                         "python",
                                                         "empty_args",
                                                         "edit",
                                                         "todo_list",
                                                         "html",
                                                         "toggle",
                                                         "set_config",
                                                         "set_nullable",
                                                         "Calendar.create_event",
                                                         "read_file"};

inline void expect_recovery(const RecoveryCase& c, std::string_view family) {
  SCOPED_TRACE(c.label);
  TextToolCalls r = extract_text_tool_calls(c.text, kOfferedInTests);
  ASSERT_EQ(r.calls.size(), c.calls.size());
  if (c.calls.empty()) {
    EXPECT_EQ(r.remaining_text, c.text);
    EXPECT_EQ(r.format, "");
    return;
  }
  EXPECT_EQ(r.format, family);
  for (size_t i = 0; i < c.calls.size(); ++i) {
    EXPECT_EQ(r.calls[i].name, c.calls[i].name) << "call " << i;
    auto actual = parse_json_text(r.calls[i].arguments);
    auto expected = parse_json_text(c.calls[i].arguments);
    ASSERT_TRUE(actual && expected) << "call " << i;
    EXPECT_EQ(*actual, *expected) << "call " << i;
  }
  EXPECT_EQ(r.remaining_text, c.remaining);
}

}  // namespace pair::tool_call_formats
