# The GGUF reader (src/local/gguf.cc) and the model summary on top of it.
set(src ${PROJECT_SOURCE_DIR}/src)
pair_add_fuzzer(gguf_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/gguf_fuzzer.cc
    ${src}/local/gguf.cc ${src}/local/gguf_layers.cc ${src}/local/gguf_model.cc ${src}/local/ggml_types.cc
    ${src}/local/kv_cache_size.cc ${src}/local/memory_fit.cc
    ${src}/util/strings.cc ${src}/util/byte_size.cc ${src}/util/token_count.cc)
