# The AWS event-stream decoder and the ConverseStream decoding on top of it.
find_package(ZLIB REQUIRED)
set(src ${PROJECT_SOURCE_DIR}/src)
pair_add_fuzzer(bedrock_event_stream_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bedrock_event_stream_fuzzer.cc
    ${src}/providers/bedrock_event_stream.cc ${src}/providers/bedrock_converse_stream.cc
    ${src}/providers/bedrock_errors.cc ${src}/providers/provider_error.cc ${src}/util/strings.cc ${src}/util/utf8.cc
    ${src}/util/json_parse.cc ${src}/util/url.cc ${src}/util/ip_address.cc
  LIBS ZLIB::ZLIB nlohmann_json::nlohmann_json)
