#pragma once
/// The split of an untrusted project's settings.json into the harmless
/// preferences that apply and the rest, which is withheld and described in
/// words ("allow every bash command without asking", "turn the command
/// sandbox off") for the notice and the trust question.

#include <nlohmann/json_fwd.hpp>

#include <vector>

#include "config/settings.h"

namespace pair {

/// Copies into `applied` what `file` sets under `project_preference_pointers()`
/// and appends everything else to `withheld`, one entry per rule or value.
void split_project_settings(const nlohmann::json& file, nlohmann::json& applied,
                            std::vector<WithheldSetting>& withheld);

}  // namespace pair
