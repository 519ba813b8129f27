#include "local/server_exit.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(ServerExitCause, OutOfMemoryWhileLoading) {
  EXPECT_EQ(
      server_exit_cause("llama_model_load: loading model\n"
                        "ggml_backend_cpu_buffer_type_alloc_buffer: failed to allocate buffer of size 8000000000\n"
                        "llama_model_load: error loading model: unable to allocate CPU buffer\n"),
      "out of memory while loading");
}

TEST(ServerExitCause, OutOfMemoryAfterTheModelLoaded) {
  EXPECT_EQ(server_exit_cause("srv  main: model loaded\nterminate called after throwing an instance of "
                              "'std::bad_alloc'\n"),
            "out of memory");
}

TEST(ServerExitCause, AModelThatCannotBeLoadedSaysWhy) {
  std::string cause = server_exit_cause(
      "llama_model_load: error loading model: error loading model vocabulary: unknown pre-tokenizer type\n"
      "llama_model_load_from_file_impl: failed to load model\nsrv    load_model: failed to load model, 'x.gguf'\n"
      "srv    operator(): exiting due to model loading error\n");
  EXPECT_EQ(cause.rfind("could not load the model (error loading model: error loading model vocabulary", 0), 0u)
      << cause;
}

TEST(ServerExitCause, APortTakenAndACrash) {
  EXPECT_EQ(server_exit_cause("couldn't bind HTTP server socket: Address already in use\n"),
            "its port was already taken");
  EXPECT_EQ(server_exit_cause("srv  main: model loaded\n/src/ggml.c:1234: GGML_ASSERT(n > 0) failed\n"),
            "crashed (/src/ggml.c:1234: GGML_ASSERT(n > 0) failed)");
}

TEST(ServerExitCause, ASilentLogSaysItGaveNoReason) {
  EXPECT_EQ(server_exit_cause("srv  main: model loaded\nsrv  update_slots: all slots are idle\n"),
            "no reason in its log (killed?)");
  EXPECT_EQ(server_exit_cause(""), "no reason in its log (killed?) while loading");
}

TEST(ServerExitCause, ALongRunningServersTailShowsItWasServing) {
  // The "model loaded" line is long gone from the end of the log; the requests are there.
  EXPECT_EQ(server_exit_cause("srv  log_server_r: request: POST /v1/chat/completions 127.0.0.1 200\n"
                              "slot update_slots: id  0 | task 12 | prompt done\n"),
            "no reason in its log (killed?)");
}

TEST(ServerExitCause, ControlBytesFromTheLogAreNotPassedOn) {
  std::string cause = server_exit_cause("srv  main: model loaded\nerror: \x1b]0;owned\x07 bad file\n");
  EXPECT_EQ(cause.find('\x1b'), std::string::npos) << cause;
  EXPECT_EQ(cause.find('\x07'), std::string::npos) << cause;
  EXPECT_EQ(cause, "the last error in its log: error: ?]0;owned? bad file");
}

TEST(ServerExitNotice, NamesTheProgramTheModelAndTheLogCommand) {
  ServerRecord r;
  r.name = "tiny";
  r.pid = 4242;
  r.log = "/nonexistent/port-1.log";
  EXPECT_EQ(server_exit_notice(r),
            "llama-server for tiny (pid 4242) exited: no reason in its log (killed?) while loading; see `pair server "
            "logs tiny`");
}

}  // namespace
}  // namespace pair
