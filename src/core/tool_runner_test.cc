#include "core/tool_runner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pair {
namespace {

using nlohmann::json;

/// Records its runs; `name` decides which tool it stands for.
class RecordingTool : public Tool {
 public:
  explicit RecordingTool(std::string name)
      : spec_{std::move(name), "test",
              R"({"type":"object","properties":{"path":{"type":"string"},"content":{"type":"string"}},"required":["path"]})"} {
  }
  std::vector<json> runs;
  const ToolSpec& spec() const override { return spec_; }
  Result<ToolEffect> inspect(const json& args, const ToolContext& ctx) const override {
    ToolEffect e;
    e.access = ToolAccess::kWrite;
    e.paths.push_back(ctx.workspace / args["path"].get<std::string>());
    e.summary = spec_.name + " " + args["path"].get<std::string>();
    e.detail = "--- diff";
    e.new_content = "proposed\n";
    return e;
  }
  ToolOutput run(const json& args, const ToolContext&) override {
    runs.push_back(args);
    return ToolOutput::ok(spec_.name + " ran.");
  }

 private:
  ToolSpec spec_;
};

class AnsweringApprovals : public ApprovalHandler {
 public:
  ApprovalAnswer answer;
  std::vector<ApprovalRequest> asked;
  ApprovalAnswer ask(const ApprovalRequest& r) override {
    asked.push_back(r);
    return answer;
  }
};

class ToolRunnerTest : public ::testing::Test {
 protected:
  ToolRunnerTest() : permissions(PermissionMode::kDefault, "/ws") {
    auto e = std::make_unique<RecordingTool>("edit_file");
    auto w = std::make_unique<RecordingTool>("write_file");
    edit = e.get();
    write = w.get();
    tools.add(std::move(e));
    tools.add(std::move(w));
  }
  ToolCallResult run(const std::string& tool, std::stop_token stop = {}) {
    ToolRunner runner(tools, permissions, approvals, on_event);
    PreparedCall p = runner.prepare({"call_1", tool, R"({"path": "a.txt"})"});
    ToolContext ctx;
    ctx.workspace = "/ws";
    ctx.stop = stop;
    return runner.execute(p, ctx);
  }

  ToolRegistry tools;
  RecordingTool* edit;
  RecordingTool* write;
  PermissionPolicy permissions;
  AnsweringApprovals approvals;
  std::vector<AgentEvent> events;
  AgentEventHandler on_event = [this](const AgentEvent& e) { events.push_back(e); };
};

TEST_F(ToolRunnerTest, TheApprovalRequestCarriesTheProposedContentAndTheStopToken) {
  approvals.answer = {ApprovalDecision::kAllowOnce, ""};
  std::stop_source stop;
  ToolCallResult r = run("edit_file", stop.get_token());
  EXPECT_FALSE(r.is_error) << r.output;
  ASSERT_EQ(approvals.asked.size(), 1u);
  EXPECT_EQ(approvals.asked[0].new_content, "proposed\n");
  EXPECT_EQ(approvals.asked[0].path, "/ws/a.txt");
  stop.request_stop();
  EXPECT_TRUE(approvals.asked[0].stop.stop_requested());
  EXPECT_EQ(edit->runs.size(), 1u);
  EXPECT_TRUE(write->runs.empty());
}

TEST_F(ToolRunnerTest, AnEditedProposalIsWrittenAsTheUserLeftIt) {
  approvals.answer = {ApprovalDecision::kAllowOnce, ""};
  approvals.answer.content = "the user's version\n";
  ToolCallResult r = run("edit_file");
  EXPECT_FALSE(r.is_error) << r.output;
  EXPECT_TRUE(edit->runs.empty()) << "the model's edit is not applied on top";
  ASSERT_EQ(write->runs.size(), 1u);
  EXPECT_EQ(write->runs[0], (json{{"path", "/ws/a.txt"}, {"content", "the user's version\n"}}));
  EXPECT_NE(r.output.find("write_file ran. The user edited your proposed change"), std::string::npos) << r.output;
  bool announced = false;
  for (const auto& e : events)
    if (auto* s = std::get_if<agent_event::ToolStarted>(&e))
      announced = s->summary == "edit_file a.txt (as edited by the user)";
  EXPECT_TRUE(announced);
}

TEST_F(ToolRunnerTest, ARefusalGoesBackToTheModel) {
  approvals.answer = {ApprovalDecision::kDeny, "the user rejected the change in VS Code"};
  ToolCallResult r = run("write_file");
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.output, "The user did not allow this call (write_file a.txt): the user rejected the change in VS Code");
  EXPECT_TRUE(write->runs.empty());
}

}  // namespace
}  // namespace pair
