# Tool calls a server left in the answer's text, in every model family's format (src/core/tool_call_formats).
set(src ${PROJECT_SOURCE_DIR}/src)
set(formats ${src}/core/tool_call_formats)
pair_add_fuzzer(text_tool_calls_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/text_tool_calls_fuzzer.cc ${src}/core/text_tool_calls.cc
    ${formats}/broken_calls.cc ${formats}/call_scan.cc ${formats}/functionary.cc ${formats}/harmony.cc ${formats}/json_calls.cc
    ${formats}/mistral.cc ${formats}/python_literal.cc ${formats}/pythonic.cc ${formats}/token_sections.cc
    ${formats}/xml_calls.cc ${src}/util/strings.cc ${src}/util/utf8.cc ${src}/util/json_parse.cc ${src}/util/fnv1a.cc
  LIBS nlohmann_json::nlohmann_json fmt::fmt)
