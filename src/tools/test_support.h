#pragma once
/// Test helpers for the tools: a real temporary workspace and shortcuts to
/// call a tool the way the core does. Tests only.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/tool.h"
#include "core/tool_runner.h"
#include "util/json_parse.h"

namespace pair::testing {

/// A fresh directory under $TMPDIR, removed (whatever its permissions) at the end.
class TempWorkspace {
 public:
  TempWorkspace() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "pair-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    root_ = std::filesystem::path(tmpl);
    ctx_.workspace = root_;
  }
  ~TempWorkspace() {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(root_, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      if (it->is_directory(ec) && !it->is_symlink(ec)) ::chmod(it->path().c_str(), 0755);
    std::filesystem::remove_all(root_, ec);
  }
  TempWorkspace(const TempWorkspace&) = delete;
  TempWorkspace& operator=(const TempWorkspace&) = delete;

  const std::filesystem::path& root() const { return root_; }
  ToolContext& ctx() { return ctx_; }

  std::filesystem::path write(const std::string& relative, const std::string& content) const {
    std::filesystem::path p = root_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::string read(const std::string& relative) const {
    std::ifstream in(root_ / relative, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  bool exists(const std::string& relative) const { return std::filesystem::exists(root_ / relative); }

 private:
  std::filesystem::path root_;
  ToolContext ctx_;
};

/// Runs `tool` with `args` after inspect, as the core would (inspect errors
/// come back as error output).
inline ToolOutput call(Tool& tool, const nlohmann::json& args, const ToolContext& ctx) {
  auto effect = tool.inspect(args, ctx);
  if (!effect) return ToolOutput::error(effect.error().message);
  return tool.run(args, ctx);
}

/// Answers every question with `answer`, after running `before_answer` (a
/// test's stand-in for what happens while the user decides).
class AnsweringApprovals : public ApprovalHandler {
 public:
  ApprovalAnswer answer{ApprovalDecision::kAllowOnce, ""};
  std::function<void()> before_answer;
  int asked = 0;
  ApprovalAnswer ask(const ApprovalRequest&) override {
    ++asked;
    if (before_answer) before_answer();
    return answer;
  }
};

/// Runs one call of the tool T the whole way the core does (ToolRunner, the
/// default permission mode, so writes ask `approvals`), with T the only
/// tool offered.
template <class T>
ToolCallResult call_with_approval(const nlohmann::json& args, const ToolContext& ctx, ApprovalHandler& approvals) {
  ToolRegistry tools;
  auto owned = std::make_unique<T>();
  std::string name = owned->spec().name;
  tools.add(std::move(owned));
  PermissionPolicy permissions(PermissionMode::kDefault, ctx.workspace);
  AgentEventHandler on_event = [](const AgentEvent&) {};
  ToolRunner runner(tools, permissions, approvals, on_event);
  PreparedCall prepared = runner.prepare({"call_1", name, dump_json(args)});
  return runner.execute(prepared, ctx);
}

}  // namespace pair::testing
