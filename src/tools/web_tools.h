#pragma once
/// The web tools, configured from settings.json (keys under "web"; see
/// README.md). What decides where requests go or what they may reach (the
/// search backend, its endpoint and key, the fetch allowances, ask_first) is
/// read from the user's settings only: a cloned repository's
/// .pair/settings.json cannot send an API key elsewhere or open the network.

#include <optional>
#include <string>
#include <vector>

#include "config/settings_view.h"
#include "core/tool_registry.h"
#include "tools/web_fetch.h"
#include "tools/web_search.h"

namespace pair {

struct WebToolsConfig {
  std::optional<WebSearchOptions> search;  ///< nullopt: no backend configured (or no key)
  std::optional<WebFetchOptions> fetch;    ///< nullopt: turned off
  bool ask_first = true;                   ///< network calls need approval
  std::vector<std::string> notes;          ///< for the user: settings that could not be used
};

/// The web tools as `settings.web` configures them; `notes` says what could
/// not be used (a backend without its key, an allowance that does not parse).
WebToolsConfig read_web_tools_config(const SettingsView& settings);

/// Adds web_search and web_fetch as configured, in that order.
void add_web_tools(ToolRegistry& registry, const WebToolsConfig& config);

}  // namespace pair
