#include "local/hf_repo.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <regex>

#include "util/json_parse.h"
#include "util/strings.h"

namespace pair {
using nlohmann::json;

namespace {

bool valid_repo_part(std::string_view s) {
  if (s.empty() || s.size() > 96 || s == "." || s == "..") return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

/// "dir/name-00001-of-00003.gguf" -> ("dir/name", 1, 3); plain files -> (stem, 1, 1).
struct SplitName {
  std::string base;
  int index = 1;
  int count = 1;
};
SplitName split_name(const std::string& path) {
  static const std::regex kSplit(R"((.*)-(\d{5})-of-(\d{5})\.gguf)", std::regex::icase);
  std::smatch m;
  if (std::regex_match(path, m, kSplit)) return {m[1].str(), std::stoi(m[2].str()), std::stoi(m[3].str())};
  return {path.substr(0, path.size() - 5), 1, 1};
}

std::string fs_basename(const std::string& p) {
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

bool is_model_gguf(const std::string& path) {
  std::string lower = to_lower(path);
  return lower.ends_with(".gguf") && lower.find("mmproj") == std::string::npos;
}

/// True when `quant` appears in `path` as a whole token (between '-', '.', '_'... boundaries).
bool names_quant(const std::string& path, const std::string& quant) {
  std::string p = upper(path), q = upper(quant);
  for (size_t pos = p.find(q); pos != std::string::npos; pos = p.find(q, pos + 1)) {
    bool left = pos == 0 || std::string_view("-._/ ").find(p[pos - 1]) != std::string_view::npos;
    size_t end = pos + q.size();
    bool right = end == p.size() || std::string_view("-./ ").find(p[end]) != std::string_view::npos;
    if (left && right) return true;
  }
  return false;
}

}  // namespace

Result<HfModelRef> parse_hf_ref(std::string_view text) {
  std::string t(trim(text));
  for (std::string_view prefix :
       {"https://huggingface.co/", "http://huggingface.co/", "huggingface.co/", "hf.co/", "https://hf.co/", "hf://"})
    if (t.starts_with(prefix)) t = t.substr(prefix.size());
  HfModelRef ref;
  if (size_t colon = t.find(':'); colon != std::string::npos) {
    ref.quant = t.substr(colon + 1);
    t.resize(colon);
  }
  auto parts = split(t, '/');
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  if (parts.size() != 2 || !valid_repo_part(parts[0]) || !valid_repo_part(parts[1]) ||
      (!ref.quant.empty() && (ref.quant.find('/') != std::string::npos || ref.quant.find("..") != std::string::npos)))
    return fail(ErrorCode::kInvalidArgument, "\"" + std::string(text) +
                                                 "\" is not a Hugging Face model; write org/repo or org/repo:QUANT, "
                                                 "e.g. unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF:Q4_K_M");
  ref.repo = parts[0] + "/" + parts[1];
  return ref;
}

Result<std::string> parse_hf_refs(std::string_view text) {
  auto parsed = parse_json(text, "the Hub's answer");
  if (!parsed) return fail(ErrorCode::kProtocol, "unexpected answer from the Hub (refs): " + parsed.error().message);
  if (!json_member(*parsed, "branches").is_array())
    return fail(ErrorCode::kProtocol, "unexpected answer from the Hub (refs): no list of branches");
  std::string first;
  for (const auto& b : json_array_member(*parsed, "branches")) {
    std::string name = json_string_or(b, "name"), commit = json_string_or(b, "targetCommit");
    if (commit.size() != 40 || commit.find_first_not_of("0123456789abcdef") != std::string::npos) continue;
    if (name == "main") return commit;
    if (first.empty()) first = commit;
  }
  if (!first.empty()) return first;
  return fail(ErrorCode::kProtocol, "the repository has no branch");
}

Result<std::vector<HfFile>> parse_hf_tree(std::string_view text) {
  auto parsed = parse_json(text, "the Hub's answer");
  if (!parsed) return fail(ErrorCode::kProtocol, "unexpected answer from the Hub (tree): " + parsed.error().message);
  const json& j = *parsed;
  if (!j.is_array()) return fail(ErrorCode::kProtocol, "unexpected answer from the Hub (tree): not a list");
  std::vector<HfFile> files;
  for (const auto& item : j) {
    if (json_string_or(item, "type") != "file") continue;
    HfFile f;
    f.path = json_string_or(item, "path");
    if (f.path.empty() || f.path.starts_with("/") || f.path.find("..") != std::string::npos) continue;
    f.size = static_cast<uint64_t>(std::max<int64_t>(0, json_int_or(item, "size")));
    if (const json& lfs = json_member(item, "lfs"); lfs.is_object()) {
      f.sha256 = to_lower(json_string_or(lfs, "oid"));
      f.size = static_cast<uint64_t>(std::max<int64_t>(0, json_int_or(lfs, "size", static_cast<int64_t>(f.size))));
      if (f.sha256.size() != 64 || f.sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
        f.sha256.clear();
    }
    files.push_back(std::move(f));
  }
  return files;
}

std::optional<std::string> next_page_link(std::string_view header) {
  // <https://huggingface.co/api/models/x/tree/main?cursor=...>; rel="next"
  for (const auto& part : split(header, ',')) {
    std::string_view p = trim(part);
    if (p.find("rel=\"next\"") == std::string_view::npos) continue;
    size_t open = p.find('<'), close = p.find('>');
    if (open != std::string_view::npos && close != std::string_view::npos && close > open)
      return std::string(p.substr(open + 1, close - open - 1));
  }
  return std::nullopt;
}

std::string quant_of_filename(std::string_view path) {
  static const std::regex kQuant(
      R"((?:^|[-._/])((?:UD-)?(?:I?Q\d_[A-Z0-9_]*?|Q\d_\d|F16|BF16|F32|MXFP4(?:_MOE)?))(?:[-.]|$))", std::regex::icase);
  std::string p(path);
  std::smatch m;
  std::string last;
  for (auto it = std::sregex_iterator(p.begin(), p.end(), kQuant); it != std::sregex_iterator(); ++it)
    last = (*it)[1].str();
  return upper(last);
}

Result<std::vector<HfFile>> select_quant_files(const std::vector<HfFile>& files, const HfModelRef& ref) {
  std::vector<const HfFile*> models;
  for (const auto& f : files)
    if (is_model_gguf(f.path)) models.push_back(&f);
  if (models.empty()) return fail(ErrorCode::kNotFound, ref.repo + " has no GGUF files (is it a GGUF repository?)");

  auto matching = [&](const std::string& quant) {
    std::vector<const HfFile*> out;
    for (const auto* f : models) {
      std::string name = f->path;
      bool exact = to_lower(quant).ends_with(".gguf") && (name == quant || name.ends_with("/" + quant));
      if (exact || (!to_lower(quant).ends_with(".gguf") && names_quant(name, quant))) out.push_back(f);
    }
    return out;
  };
  std::vector<const HfFile*> chosen;
  if (!ref.quant.empty()) {
    chosen = matching(ref.quant);
  } else {
    for (const char* q : {"Q4_K_M", "Q4_K_S", "Q4_0", "Q5_K_M", "Q8_0"})
      if (!(chosen = matching(q)).empty()) break;
    if (chosen.empty()) chosen = models;
  }
  // Group split parts into models.
  std::map<std::string, std::vector<std::pair<SplitName, const HfFile*>>> groups;
  for (const auto* f : chosen) {
    SplitName s = split_name(f->path);
    groups[s.base].push_back({s, f});
  }
  if (groups.size() != 1) {
    std::vector<std::string> names;
    std::map<std::string, bool> seen;
    for (const auto* f : (chosen.empty() ? models : chosen)) {
      std::string q = quant_of_filename(f->path);
      std::string label = q.empty() ? f->path : q;
      if (!seen[label]) names.push_back(label);
      seen[label] = true;
    }
    if (chosen.empty())
      return fail(ErrorCode::kNotFound, ref.repo + " has no " + ref.quant + " file; it has: " + join(names, ", "));
    std::vector<std::string> files_found;
    for (const auto& [base, parts] : groups) files_found.push_back(parts.front().second->path);
    return fail(ErrorCode::kInvalidArgument, ref.repo + (ref.quant.empty() ? "" : ":" + ref.quant) +
                                                 " matches several models: " + join(files_found, ", ") +
                                                 "; name one of them, e.g. " + ref.repo + ":" +
                                                 fs_basename(files_found.front()));
  }
  auto& parts = groups.begin()->second;
  std::sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first.index < b.first.index; });
  int count = parts.front().first.count;
  if (static_cast<int>(parts.size()) != count)
    return fail(ErrorCode::kProtocol, ref.repo + ": the model " + parts.front().first.base + " is split in " +
                                          std::to_string(count) + " parts but the repository lists " +
                                          std::to_string(parts.size()));
  std::vector<HfFile> out;
  for (int i = 0; i < count; ++i) {
    if (parts[static_cast<size_t>(i)].first.index != i + 1)
      return fail(ErrorCode::kProtocol,
                  ref.repo + ": part " + std::to_string(i + 1) + " of " + parts.front().first.base + " is missing");
    out.push_back(*parts[static_cast<size_t>(i)].second);
  }
  return out;
}

std::string hf_endpoint() {
  const char* e = std::getenv("MODEL_ENDPOINT");
  if (!e || !*e) e = std::getenv("HF_ENDPOINT");
  std::string endpoint = e && *e ? e : "https://huggingface.co";
  while (endpoint.ends_with("/")) endpoint.pop_back();
  return endpoint;
}

std::string hf_auth_header() {
  const char* t = std::getenv("HF_TOKEN");
  if (!t || !*t) t = std::getenv("HUGGING_FACE_HUB_TOKEN");
  if (!t || !*t) return "";
  return std::string("Authorization: Bearer ") + t;
}

std::string url_path_escape(std::string_view path) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || std::string_view("-._~/").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace pair
