#include "core/tool_runner.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace pair {
namespace {

using nlohmann::json;

/// Records its runs; `name` decides which tool it stands for. With
/// `prepares_write`, its effect carries a prepared write of "proposed\n" to
/// the call's path.
class RecordingTool : public Tool {
 public:
  explicit RecordingTool(std::string name, bool prepares_write = false)
      : spec_{std::move(name), "test",
              R"({"type":"object","properties":{"path":{"type":"string"},"content":{"type":"string"}},"required":["path"]})"},
        prepares_write_(prepares_write) {}
  std::vector<json> runs;
  const ToolSpec& spec() const override { return spec_; }
  Result<ToolEffect> inspect(const json& args, const ToolContext& ctx) const override {
    std::string path = args["path"].get<std::string>();
    ToolEffect e;
    e.access = ToolAccess::kWrite;
    e.paths.push_back(ctx.workspace / path);
    e.summary = spec_.name + " " + path;
    e.detail = "--- diff";
    if (prepares_write_)
      e.write = PreparedWrite{.target = ctx.workspace / path,
                              .shown = path,
                              .content = "proposed\n",
                              .base_sha256 = std::nullopt,
                              .done = spec_.name + " wrote " + path + "."};
    return e;
  }
  ToolOutput run(const json& args, const ToolContext&) override {
    runs.push_back(args);
    return ToolOutput::ok(spec_.name + " ran.");
  }

 private:
  ToolSpec spec_;
  bool prepares_write_;
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
  ToolRunnerTest() : workspace(make_workspace()), permissions(PermissionMode::kDefault, workspace) {
    auto e = std::make_unique<RecordingTool>("edit_file", /*prepares_write=*/true);
    auto w = std::make_unique<RecordingTool>("write_file");
    edit = e.get();
    write = w.get();
    tools.add(std::move(e));
    tools.add(std::move(w));
  }
  ~ToolRunnerTest() override {
    std::error_code ec;
    std::filesystem::remove_all(workspace, ec);
  }
  static std::filesystem::path make_workspace() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pair-runner-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    return tmpl;
  }
  ToolCallResult run(const std::string& tool, std::stop_token stop = {}) {
    ToolRunner runner(tools, permissions, approvals, on_event);
    PreparedCall p = runner.prepare({"call_1", tool, R"({"path": "a.txt"})"});
    ToolContext ctx;
    ctx.workspace = workspace;
    ctx.stop = stop;
    return runner.execute(p, ctx);
  }
  std::string read(const std::string& name) const {
    std::ifstream in(workspace / name, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  std::filesystem::path workspace;
  ToolRegistry tools;
  RecordingTool* edit;
  RecordingTool* write;
  PermissionPolicy permissions;
  AnsweringApprovals approvals;
  std::vector<AgentEvent> events;
  AgentEventHandler on_event = [this](const AgentEvent& e) { events.push_back(e); };
};

TEST_F(ToolRunnerTest, TheApprovalRequestCarriesTheProposedContentAndThePreparedWriteIsApplied) {
  approvals.answer = {ApprovalDecision::kAllowOnce, ""};
  std::stop_source stop;
  ToolCallResult r = run("edit_file", stop.get_token());
  EXPECT_FALSE(r.is_error) << r.output;
  ASSERT_EQ(approvals.asked.size(), 1u);
  EXPECT_EQ(approvals.asked[0].new_content, "proposed\n");
  EXPECT_EQ(approvals.asked[0].path, workspace / "a.txt");
  stop.request_stop();
  EXPECT_TRUE(approvals.asked[0].stop.stop_requested());
  EXPECT_EQ(r.output, "edit_file wrote a.txt.");
  EXPECT_EQ(read("a.txt"), "proposed\n");
  EXPECT_TRUE(edit->runs.empty()) << "what was shown is applied, not worked out again";
}

TEST_F(ToolRunnerTest, AnEditedProposalIsWrittenAsTheUserLeftIt) {
  approvals.answer = {ApprovalDecision::kAllowOnce, ""};
  approvals.answer.content = "the user's version\n";
  ToolCallResult r = run("edit_file");
  EXPECT_FALSE(r.is_error) << r.output;
  EXPECT_TRUE(edit->runs.empty()) << "the model's edit is not applied on top";
  EXPECT_TRUE(write->runs.empty()) << "no other tool writes it";
  EXPECT_EQ(read("a.txt"), "the user's version\n");
  EXPECT_EQ(r.output,
            "Created a.txt with the user's version. The user edited your proposed change before accepting it, so the "
            "file holds their version, not exactly yours: read it before changing it again.");
  bool announced = false;
  for (const auto& e : events)
    if (auto* s = std::get_if<agent_event::ToolStarted>(&e))
      announced = s->summary == "edit_file a.txt (as edited by the user)";
  EXPECT_TRUE(announced);
}

TEST_F(ToolRunnerTest, AnEditedAnswerForAToolWithoutAPreparedWriteChangesNothing) {
  approvals.answer = {ApprovalDecision::kAllowOnce, ""};
  approvals.answer.content = "the user's version\n";
  ToolCallResult r = run("write_file");
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.output,
            "The user edited the proposed change of write_file before accepting it, but pair cannot write an edited "
            "version for this tool; nothing was changed.");
  EXPECT_TRUE(write->runs.empty());
  EXPECT_FALSE(std::filesystem::exists(workspace / "a.txt"));
}

TEST_F(ToolRunnerTest, ARefusalGoesBackToTheModel) {
  approvals.answer = {ApprovalDecision::kDeny, "the user rejected the change in VS Code"};
  ToolCallResult r = run("write_file");
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.output, "The user did not allow this call (write_file a.txt): the user rejected the change in VS Code");
  EXPECT_TRUE(write->runs.empty());
}

TEST_F(ToolRunnerTest, AnAlwaysAnswerWhoseRuleCannotBeAddedIsReportedAndTheCallRunsOnce) {
  // A rule names a tool in lower case: "Fetch-Page(...)" does not parse.
  auto odd = std::make_unique<RecordingTool>("Fetch-Page");
  RecordingTool* fetch = odd.get();
  tools.add(std::move(odd));
  approvals.answer = {ApprovalDecision::kAllowAlways, ""};
  ToolCallResult r = run("Fetch-Page");
  EXPECT_FALSE(r.is_error) << r.output;
  EXPECT_EQ(fetch->runs.size(), 1u);
  std::vector<std::string> notices;
  for (const auto& e : events)
    if (auto* n = std::get_if<agent_event::Notice>(&e)) notices.push_back(n->text);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0],
            "could not allow Fetch-Page from now on: permission rule \"Fetch-Page(a.txt)\" must start with a tool "
            "name such as bash, read_file or edit_file; this call runs once, and the next one asks again");
}

TEST_F(ToolRunnerTest, AnEditThatRunsUnaskedCarriesItsDiffAndAnAskedOneDoesNot) {
  auto started_diff = [this] {
    for (const auto& e : events)
      if (auto* s = std::get_if<agent_event::ToolStarted>(&e)) return s->diff;
    return std::string("(not started)");
  };
  approvals.answer = {ApprovalDecision::kAllowOnce, ""};
  run("edit_file");
  EXPECT_EQ(started_diff(), "") << "the question showed the diff already";
  events.clear();
  permissions.set_mode(PermissionMode::kAcceptEdits);
  run("edit_file");
  EXPECT_EQ(approvals.asked.size(), 1u);
  EXPECT_EQ(started_diff(), "--- diff");
}

TEST_F(ToolRunnerTest, AnAlwaysRuleNamesWhereTheFrontEndSavedIt) {
  approvals.answer = {ApprovalDecision::kAllowAlways, ""};
  approvals.answer.saved_in = "/home/u/.config/pair/projects.json, for this project";
  run("edit_file");
  ASSERT_EQ(permissions.rules().rules().size(), 1u);
  EXPECT_EQ(permissions.rules().rules()[0].source, "/home/u/.config/pair/projects.json, for this project");
  EXPECT_FALSE(approvals.asked[0].outside_workspace);
}

}  // namespace
}  // namespace pair
