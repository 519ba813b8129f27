#pragma once
/// Tests only: sets an environment variable for the lifetime of the object
/// and puts back what was there (or unsets it) afterwards, so a test can
/// point pair's directories (XDG_CONFIG_HOME, ...) at its own.

#include <stdlib.h>

#include <optional>
#include <string>

namespace pair::testing {

class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) saved_ = old;
    ::setenv(name_.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (saved_)
      ::setenv(name_.c_str(), saved_->c_str(), 1);
    else
      ::unsetenv(name_.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> saved_;
};

}  // namespace pair::testing
