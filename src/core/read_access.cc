#include "core/read_access.h"

#include "core/permissions.h"
#include "util/paths.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

int strictness(ReadVerdict v) {
  switch (v) {
    case ReadVerdict::kAllow: return 0;
    case ReadVerdict::kAsk: return 1;
    case ReadVerdict::kDeny: return 2;
  }
  return 2;
}

/// Lexically normal, without a trailing separator.
fs::path normal(const fs::path& path) {
  fs::path p = path.lexically_normal();
  if (!p.has_filename() && p.has_relative_path()) p = p.parent_path();
  return p;
}

}  // namespace

ReadFilter::ReadFilter(ReadCheck check, const fs::path& root, fs::path workspace)
    : check_(std::move(check)), root_(normal(root)), workspace_(normal(workspace)) {
  if (!check_) return;
  std::error_code ec;
  real_workspace_ = fs::weakly_canonical(workspace_, ec);
  if (ec) real_workspace_ = workspace_;
  real_root_ = resolved(root_);
}

fs::path ReadFilter::resolved(const fs::path& path) const {
  std::error_code ec;
  fs::path real = fs::weakly_canonical(path, ec);
  if (ec) return path;
  real = normal(real);
  if (!is_within(real_workspace_, real)) return real;
  if (real == real_workspace_) return workspace_;
  return (workspace_ / real.lexically_relative(real_workspace_)).lexically_normal();
}

bool ReadFilter::consider(const fs::path& path, const fs::path& root, ReadDecision& best) const {
  for (fs::path p = path;; p = p.parent_path()) {
    ReadDecision d = check_(p);
    if (strictness(d.verdict) > strictness(best.verdict)) best = std::move(d);
    if (best.verdict == ReadVerdict::kDeny) return true;
    if (p == root || !is_within(root, p) || p == p.parent_path()) return false;
  }
}

ReadDecision ReadFilter::decide(const fs::path& path) const {
  ReadDecision best;
  if (!check_) return best;
  fs::path written = normal(path);
  if (consider(written, root_, best)) return best;
  fs::path real = resolved(written);
  if (real != written) consider(real, real_root_, best);
  return best;
}

ReadAccess read_access_of(const PermissionPolicy& policy) {
  std::vector<std::string> patterns = policy.read_rule_patterns();
  if (patterns.empty()) return {};  // no rule: everything readable
  ReadCheck check = [&policy](const fs::path& path) {
    PermissionCheck c = policy.check_read(path);
    switch (c.verdict) {
      case PermissionVerdict::kAllow: return ReadDecision{};
      case PermissionVerdict::kAsk: return ReadDecision{ReadVerdict::kAsk, std::move(c.reason)};
      case PermissionVerdict::kDeny: break;
    }
    return ReadDecision{ReadVerdict::kDeny, std::move(c.reason)};
  };
  return {std::move(check), std::move(patterns)};
}

}  // namespace pair
