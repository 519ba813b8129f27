# The terminal UI's streaming Markdown renderer (with syntax highlighting).
set(src ${PROJECT_SOURCE_DIR}/src)
pair_add_fuzzer(markdown_fuzzer
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/markdown_fuzzer.cc ${src}/tui/markdown.cc ${src}/tui/markdown_blocks.cc
    ${src}/tui/markdown_inline.cc ${src}/tui/highlight.cc ${src}/tui/style.cc ${src}/tui/text_width.cc
    ${src}/tui/wrap.cc ${src}/util/strings.cc ${src}/util/utf8.cc
  LIBS fmt::fmt)
