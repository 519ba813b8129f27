# `pair acp`'s input: the editor's JSON-RPC messages and the prompts' content blocks.
set(src ${PROJECT_SOURCE_DIR}/src)
pair_add_fuzzer(acp_messages_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/acp_messages_fuzzer.cc ${src}/acp/json_rpc.cc ${src}/acp/prompt_content.cc
    ${src}/util/json_parse.cc ${src}/util/utf8.cc ${src}/util/strings.cc
  LIBS nlohmann_json::nlohmann_json fmt::fmt)
