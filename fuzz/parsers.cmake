# The parsers that see bytes pair does not control: the model server's stream, the model's tool
# arguments, configuration files, and the commands the model asks to run.
set(src ${PROJECT_SOURCE_DIR}/src)
set(pair_fuzz_util ${src}/util/strings.cc ${src}/util/utf8.cc ${src}/util/json_parse.cc ${src}/util/fnv1a.cc)

pair_add_fuzzer(sse_stream_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/sse_stream_fuzzer.cc ${src}/http/sse_parser.cc
    ${src}/providers/openai_stream.cc ${src}/providers/tool_call_assembler.cc
    ${src}/providers/server_error.cc ${src}/providers/provider_error.cc ${src}/protocol/model_event.cc
    ${src}/util/url.cc ${src}/util/ip_address.cc ${pair_fuzz_util}
  LIBS nlohmann_json::nlohmann_json fmt::fmt)

pair_add_fuzzer(tool_arguments_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/tool_arguments_fuzzer.cc ${src}/core/tool_arguments.cc
    ${pair_fuzz_util}
  LIBS nlohmann_json::nlohmann_json fmt::fmt)

find_package(PkgConfig REQUIRED)
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)
pair_add_fuzzer(models_json_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/models_json_fuzzer.cc ${src}/config/models_config.cc
    ${src}/config/settings.cc ${src}/config/json_locator.cc ${src}/config/project_trust.cc
    ${src}/config/project_settings_split.cc ${src}/config/model_entry_trust.cc ${src}/util/url.cc
    ${src}/util/ip_address.cc ${src}/util/paths.cc ${src}/util/sha256.cc
    ${src}/util/atomic_file.cc ${pair_fuzz_util}
  LIBS nlohmann_json::nlohmann_json fmt::fmt PkgConfig::NETTLE)

pair_add_fuzzer(shell_commands_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/shell_commands_fuzzer.cc ${src}/core/shell_commands.cc
    ${src}/core/command_words.cc ${src}/core/command_line.cc ${src}/core/command_wrappers.cc
    ${src}/core/command_options.cc ${src}/core/command_scripts.cc
    ${src}/core/permission_rules.cc ${src}/util/paths.cc ${src}/util/url.cc ${src}/util/ip_address.cc
    ${pair_fuzz_util}
  LIBS nlohmann_json::nlohmann_json fmt::fmt)
