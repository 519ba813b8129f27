// The slash commands and the pickers they open (part of App; see app.h).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "tui/app.h"
#include "tui/commands.h"
#include "tui/text_width.h"
#include "tui/think_command.h"
#include "util/strings.h"

namespace pair::tui {

namespace {

constexpr const char* kInitPrompt =
    "Write an AGENTS.md file at the root of this repository, for coding agents like you: the exact commands to "
    "build, test and lint; the layout (the main directories and what lives where); conventions and style that are "
    "not obvious from the code; and anything a new contributor would trip over. Look at the repository first "
    "(README, build files, CI configuration, a few source files). Keep it short and concrete (under 80 lines). If "
    "AGENTS.md exists already, improve it rather than starting over.";

std::string help_text() {
  std::string out = "**Commands**\n\n";
  for (const auto& c : commands())
    out += fmt::format("- `/{}{}{}` {}\n", c.name, c.args.empty() ? "" : " ", c.args, c.help);
  out +=
      "\n**Keys**\n\n"
      "- `enter` send · `shift+enter`, `alt+enter`, `ctrl+j` or a trailing `\\` new line\n"
      "- `↑` `↓` move between lines, or through history at the first/last line (`ctrl+p` `ctrl+n` always)\n"
      "- `ctrl+a` `ctrl+e` `home` `end` line start/end · `alt+b` `alt+f` `ctrl+←` `ctrl+→` words\n"
      "- `ctrl+u` `ctrl+k` delete to line start/end · `ctrl+w` the word before · `ctrl+y` paste it back\n"
      "- `tab` complete `/commands` and `@path` mentions (the file's content goes with the message)\n"
      "- `esc` or `ctrl+c` interrupt the model or the running command · `ctrl+c` twice or `ctrl+d` exit\n"
      "- `ctrl+o` show the latest shortened diff, or the latest reasoning, in full · `ctrl+l` redraw · `ctrl+z` "
      "suspend\n"
      "\nA large paste shows as `[Pasted +N lines]` and is sent in full. Settings: `/settings`, or "
      "`~/.config/pair/settings.json` and `.pair/settings.json` (`/ui/tool_output`, `/ui/reasoning`, "
      "`/ui/syntax_highlighting`, `/permissions/allow`).\n";
  return out;
}

std::string permissions_text(const PermissionsView& view) {
  std::string out = fmt::format("**Permissions** · mode `{}`\n\n", view.mode);
  if (view.rules.empty()) {
    out += "No rules: reads inside the workspace run; writes, commands and reads elsewhere ask.\n";
  } else {
    out += "Rules, as they apply (deny, then ask, then allow):\n\n```\n";
    for (const auto& r : view.rules) out += r + "\n";
    out += "```\n";
  }
  out += "\n**Sandbox** " + view.sandbox +
         "\n\nRules live in `/permissions/{allow,ask,deny}` of `~/.config/pair/settings.json` and "
         "`.pair/settings.json` (whose allow rules apply only in a trusted project: `pair trust`); \"don't ask "
         "again\" answers are kept for this project in `~/.config/pair/projects.json`.\n";
  return out;
}

std::string mcp_text(const std::vector<McpServerView>& servers) {
  std::string out = "**MCP servers**\n\n";
  if (servers.empty())
    return out +
           "None in this session. Add one with `pair mcp add NAME -- COMMAND [ARGS...]` (or edit "
           "`~/.config/pair/mcp.json`); `pair mcp list` shows what is configured.\n";
  for (const auto& s : servers) {
    out += fmt::format("- **{}** · {} · `{}`\n", s.name, s.state, s.target);
    if (s.tools.empty()) {
      out += "  - no tools offered\n";
    } else {
      out += fmt::format("  - {} tool{}, about {} tokens per request: ", s.tools.size(), s.tools.size() == 1 ? "" : "s",
                         s.tokens);
      for (size_t i = 0; i < s.tools.size(); ++i) out += (i ? ", `" : "`") + s.tools[i] + "`";
      out += "\n";
    }
    if (!s.note.empty()) out += "  - " + s.note + "\n";
  }
  return out +
         "\nThe tools are fixed for the session, so the prompt stays the same; configuration changes and "
         "changed tool lists apply from the next session, or now with `/mcp reload` (the prompt then changes "
         "once).\n";
}

}  // namespace

void App::run_command(const std::string& name, const std::string& args) {
  const Command* cmd = find_command(name);
  if (!cmd) {
    transcript_.note("Unknown command /" + name + "; /help lists the commands.", theme::warning());
    return;
  }
  switch (cmd->id) {
    case CommandId::kHelp: transcript_.markdown(help_text()); return;
    case CommandId::kExit: quit(); return;
    case CommandId::kStats: transcript_.markdown(stats_.report(model_, now())); return;
    case CommandId::kThink: {
      auto choice = think_choice(args, backend_.reasoning(), backend_.configured_reasoning());
      if (!choice) {
        transcript_.note(choice.error().message, theme::warning());
        return;
      }
      backend_.set_reasoning(*choice);
      transcript_.note(describe_reasoning(backend_.reasoning()) + " (for this session; the prompt stays the same)",
                       theme::muted());
      return;
    }
    case CommandId::kSettings: open_settings_picker(); return;
    case CommandId::kModel:
      if (!args.empty())
        switch_model(args);
      else
        open_model_picker();
      return;
    case CommandId::kInit: start_turn(kInitPrompt, "/init: write AGENTS.md for this repository", {}); return;
    case CommandId::kClear:
      engine_job([this] {
        backend_.clear();
        post_ui([this] {
          stats_ = SessionStats();
          transcript_.note("Started a new conversation (the previous one is saved; /resume finds it).", theme::muted(),
                           true);
        });
      });
      return;
    case CommandId::kCompact: {
      turn_running_ = true;
      stats_.turn_started(now());
      stop_ = std::stop_source();
      std::stop_token token = stop_.get_token();
      engine_job([this, args, token] {
        auto r = backend_.compact(args, token);
        post_ui([this, r] {
          turn_running_ = false;
          if (r)
            transcript_.note("✓ " + *r, theme::success());
          else
            transcript_.note("Could not compact: " + r.error().message, theme::warning());
        });
      });
      return;
    }
    case CommandId::kUndo:
      engine_job([this] {
        auto r = backend_.undo();
        post_ui([this, r] {
          if (!r) {
            transcript_.note(r.error().message, theme::warning());
            return;
          }
          for (const auto& f : r->restored) transcript_.note("↺ restored " + f, theme::success());
          for (const auto& f : r->deleted)
            transcript_.note("↺ removed " + f + " (the turn created it)", theme::success());
          for (const auto& f : r->failed) transcript_.note("✗ " + f, theme::error());
          if (!r->commands.empty()) {
            std::string list;
            for (const auto& c : r->commands) list += (list.empty() ? "" : ", ") + truncate_to_width(c, 60);
            transcript_.note("Not undone: whatever these commands changed: " + list, theme::warning());
          }
          transcript_.note(r->turns_left > 0 ? "/undo again goes back one more turn." : "Nothing more to undo.");
        });
      });
      return;
    case CommandId::kPermissions:
      engine_job([this] {
        auto view = backend_.permissions();
        post_ui([this, view] { transcript_.markdown(permissions_text(view)); });
      });
      return;
    case CommandId::kMcp:
      if (args == "reload") {
        transcript_.note("Reloading the MCP servers…");
        engine_job([this] {
          auto r = backend_.reload_mcp({});
          auto servers = backend_.mcp_servers();
          post_ui([this, r, servers] {
            if (!r) {
              transcript_.note("/mcp reload: " + r.error().message, theme::error());
              return;
            }
            transcript_.markdown(mcp_text(servers));
            transcript_.note(*r, theme::success());
          });
        });
      } else if (!args.empty()) {
        transcript_.note("/mcp takes no argument but `reload`; /mcp lists the servers.", theme::warning());
      } else {
        // On a thread of its own: the list shows servers still starting, while the engine waits for them.
        probes_.emplace_back([this] {
          auto servers = backend_.mcp_servers();
          post_ui([this, servers] { transcript_.markdown(mcp_text(servers)); });
        });
      }
      return;
    case CommandId::kDiff:
      engine_job([this] {
        auto diffs = backend_.session_diff();
        post_ui([this, diffs] {
          if (diffs.empty()) {
            transcript_.note("No file changes in this session.");
            return;
          }
          for (const auto& d : diffs) {
            transcript_.note(d.path, Style{}.with_bold(), true);
            if (d.diff.empty())
              transcript_.note("(too large or unreadable to show)");
            else
              transcript_.diff(d.diff);
          }
        });
      });
      return;
    case CommandId::kResume:
      engine_job([this] {
        auto sessions = backend_.sessions();
        post_ui([this, sessions] { open_resume_picker(sessions); });
      });
      return;
  }
}

void App::switch_model(const std::string& name) {
  engine_job([this, name] {
    auto r = backend_.switch_model(name);
    post_ui([this, r] {
      if (!r) {
        transcript_.note(r.error().message, theme::warning());
        return;
      }
      model_ = *r;
      transcript_.note("Model: " + model_.name + " (" + model_.url + "). The conversation goes on with it.",
                       theme::success());
      warn_if_unreachable(model_.name);
    });
  });
}

void App::warn_if_unreachable(const std::string& name) {
  // A quick probe on a thread of its own: the warning comes now, not as the next prompt's failure.
  probes_.emplace_back([this, name] {
    Reachability r = backend_.probe(name);
    if (!r.checked || r.reachable) return;  // unchecked: a managed server starts with the next prompt
    post_ui([this, name, r] {
      if (model_.name != name) return;  // switched again meanwhile
      transcript_.note(
          name + " is not reachable (" + r.detail + "): " + r.advice + ", or choose another model (/model).",
          theme::warning());
      render_now_ = true;
    });
  });
}

void App::open_model_picker() {
  // models.json may have changed since start: read it again, on the engine thread like every engine call.
  engine_job([this] {
    auto reloaded = backend_.reload_models();
    post_ui([this, reloaded] {
      if (!reloaded)
        transcript_.note("models.json was not read again: " + reloaded.error().message +
                             ". The list shows the models as read before.",
                         theme::warning());
      show_model_picker();
    });
  });
}

void App::show_model_picker() {
  std::vector<ModelChoice> models = backend_.models();
  if (models.empty()) {
    transcript_.note("No models in models.json.", theme::warning());
    return;
  }
  std::vector<PickerItem> items;
  size_t current = 0;
  for (size_t i = 0; i < models.size(); ++i) {
    const auto& m = models[i];
    if (m.info.name == model_.name) current = i;
    std::string label = m.info.name + (m.info.name == model_.name ? " (current)" : "");
    PickerItem item{label, m.info.url + (m.vision ? "  vision" : ""), m.info.name};
    item.status = "· checking…";
    items.push_back(std::move(item));
  }
  picker_ = std::make_unique<Picker>("Switch model: the conversation stays", std::move(items), current);
  picker_kind_ = PickerKind::kModel;
  mode_ = Mode::kPicker;
  int generation = ++picker_generation_;
  for (size_t i = 0; i < models.size(); ++i) {
    std::string name = models[i].info.name;
    probes_.emplace_back([this, name, i, generation] {
      Reachability r = backend_.probe(name);
      post_ui([this, r, i, generation] {
        if (!picker_ || picker_generation_ != generation || i >= picker_->items().size()) return;
        auto& item = picker_->items()[i];
        if (!r.checked) {
          item.status = "· " + r.detail;
        } else if (r.reachable) {
          item.status = fmt::format("● reachable ({:.0f} ms)", r.ms);
          item.status_style = theme::success();
        } else {
          item.status = "○ " + r.detail;
          item.status_style = theme::error();
        }
        render_now_ = true;
      });
    });
  }
}

void App::open_settings_picker() {
  std::vector<PickerItem> items = {
      {"Tool output", std::string(tool_output_name(ui_settings_.tool_output)) + "  (limited 2 lines · some 10 · all)",
       "tool_output"},
      {"Reasoning", std::string(reasoning_name(ui_settings_.reasoning)) + "  (collapsed · shown · hidden)",
       "reasoning"},
      {"Syntax highlighting", ui_settings_.syntax_highlighting ? "on" : "off", "syntax_highlighting"},
  };
  size_t selected = picker_ && picker_kind_ == PickerKind::kSettings ? picker_->selected_index() : 0;
  picker_ = std::make_unique<Picker>(
      "Settings (enter changes, saved to " + settings_.path(SettingsScope::kUser).string() + ")", std::move(items),
      selected);
  picker_->stays_open = true;
  picker_kind_ = PickerKind::kSettings;
  mode_ = Mode::kPicker;
}

void App::open_resume_picker(std::vector<SessionSummary> sessions) {
  if (sessions.empty()) {
    transcript_.note("No earlier sessions in this project.");
    return;
  }
  std::vector<PickerItem> items;
  for (const auto& s : sessions) items.push_back({s.when, s.title + fmt::format("  ({} messages)", s.messages), s.id});
  picker_ = std::make_unique<Picker>("Resume a session", std::move(items), 0);
  picker_kind_ = PickerKind::kResume;
  mode_ = Mode::kPicker;
}

void App::picker_key(const Key& k) {
  if (!picker_) {
    mode_ = Mode::kPrompt;
    return;
  }
  switch (picker_->on_key(k)) {
    case Picker::Result::kNone: return;
    case Picker::Result::kClosed:
      picker_.reset();
      mode_ = Mode::kPrompt;
      run_next_queued();
      return;
    case Picker::Result::kChosen: {
      PickerItem item = picker_->selected();
      if (!picker_->stays_open) {
        picker_.reset();
        mode_ = Mode::kPrompt;
      }
      picked(item);
      return;
    }
  }
}

void App::picked(const PickerItem& item) {
  switch (picker_kind_) {
    case PickerKind::kModel:
      if (item.value != model_.name) switch_model(item.value);
      return;
    case PickerKind::kResume:
      engine_job([this, id = item.value] {
        auto r = backend_.resume(id);
        post_ui([this, r, id] {
          if (!r) {
            transcript_.note(r.error().message, theme::warning());
            return;
          }
          stats_ = SessionStats();
          transcript_.note("Resumed session " + id + ":", theme::muted(), true);
          transcript_.replay(*r);
        });
      });
      return;
    case PickerKind::kSettings: {
      std::string key = item.value;
      if (key == "tool_output")
        ui_settings_.tool_output = static_cast<ToolOutput>((static_cast<int>(ui_settings_.tool_output) + 1) % 3);
      else if (key == "reasoning")
        ui_settings_.reasoning = static_cast<ReasoningView>((static_cast<int>(ui_settings_.reasoning) + 1) % 3);
      else
        ui_settings_.syntax_highlighting = !ui_settings_.syntax_highlighting;
      Result<void> saved;
      if (key == "tool_output")
        saved = settings_.set(SettingsScope::kUser, "/ui/tool_output",
                              std::string(tool_output_name(ui_settings_.tool_output)));
      else if (key == "reasoning")
        saved =
            settings_.set(SettingsScope::kUser, "/ui/reasoning", std::string(reasoning_name(ui_settings_.reasoning)));
      else
        saved = settings_.set(SettingsScope::kUser, "/ui/syntax_highlighting", ui_settings_.syntax_highlighting);
      if (!saved) transcript_.note("Not saved: " + saved.error().message, theme::warning());
      transcript_.set_settings(ui_settings_);
      open_settings_picker();
      return;
    }
  }
}

}  // namespace pair::tui
