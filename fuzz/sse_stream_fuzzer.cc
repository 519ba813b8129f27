// The SSE parser, the chat-completions stream decoder and the tool-call
// assembler on arbitrary bytes, cut into pieces the input itself chooses.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/sse_parser.h"
#include "providers/openai_stream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t piece = 1 + data[0] % 64;  // the first byte picks the read size
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  size_t events = 0;
  pair::OpenAIStreamDecoder decoder([&](const pair::ModelEvent&) { ++events; }, "http://fuzz/v1");
  bool failed = false;
  pair::SseParser parser(
      [&](const pair::SseEvent& e) {
        if (!failed && !decoder.saw_done()) failed = !decoder.on_data(e.data).has_value();
      },
      1 << 20);
  for (size_t i = 0; i < input.size() && !failed; i += piece)
    if (!parser.feed(input.substr(i, piece))) break;
  parser.finish();
  (void)decoder.finish();
  return 0;
}
