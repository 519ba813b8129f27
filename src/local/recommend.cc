#include "local/recommend.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace pair {
namespace {

// Typical memory bandwidth, bytes per second: decoding reads every active weight once per token.
constexpr double kCpuBandwidthLow = 30e9, kCpuBandwidthHigh = 60e9;    // dual-channel DDR4 to DDR5
constexpr double kGpuBandwidthLow = 300e9, kGpuBandwidthHigh = 800e9;  // consumer to workstation GPUs

ModelChoice choice_of(const CatalogModel& c) {
  ModelChoice r;
  r.label = c.label;
  r.hf = c.hf;
  r.name = c.name;
  r.approx_bytes = c.bytes;
  r.parameters = c.parameters;
  r.active_parameters = c.active_parameters;
  r.tier_gb = c.tier_gb;
  r.note = c.note;
  r.shape = catalog_model_info(c);
  return r;
}

/// Runs the fit for `r` at its size; records where it would run.
bool fits(ModelChoice& r, const MemoryReadings& memory, bool gpu_backend) {
  r.shape.tensor_bytes = r.shape.file_bytes = r.approx_bytes;
  FitRequest rq;
  rq.context = r.context;
  rq.gpu_backend = gpu_backend;
  FitPlan plan = plan_fit(r.shape, rq, memory);
  r.placement = plan.verdict;
  return plan.fits();
}

/// "36B", "3.6B", "494M".
std::string short_count(uint64_t n) {
  char buf[32];
  double b = static_cast<double>(n) / 1e9;
  if (b >= 1) {
    double rounded = b >= 20 ? std::round(b) : std::round(b * 10) / 10;
    std::snprintf(buf, sizeof buf, rounded == std::floor(rounded) ? "%.0fB" : "%.1fB", rounded);
  } else {
    std::snprintf(buf, sizeof buf, "%.0fM", static_cast<double>(n) / 1e6);
  }
  return buf;
}

/// A rate in tokens per second, to two significant figures ("17", "450", "2.5").
std::string rate(double r) {
  char buf[32];
  if (r < 10)
    std::snprintf(buf, sizeof buf, "%.1f", r);
  else if (r < 100)
    std::snprintf(buf, sizeof buf, "%.0f", r);
  else
    std::snprintf(buf, sizeof buf, "%.0f", std::round(r / 10) * 10);
  return buf;
}

}  // namespace

std::optional<ModelRecommendation> recommend_coding_model(const std::vector<CatalogModel>& catalog,
                                                          const MemoryReadings& memory, bool gpu_backend,
                                                          const HubSizeLookup& hub_size) {
  std::vector<CatalogModel> order = catalog;
  std::stable_sort(order.begin(), order.end(),
                   [](const CatalogModel& a, const CatalogModel& b) { return a.tier_gb > b.tier_gb; });
  std::optional<ModelRecommendation> out;
  for (const auto& c : order) {
    ModelChoice r = choice_of(c);
    if (!fits(r, memory, gpu_backend)) continue;
    if (hub_size)
      if (auto real = hub_size(r.hf)) {
        r.approx_bytes = *real;
        r.bytes_from_hub = true;
        if (!fits(r, memory, gpu_backend)) continue;
      }
    if (!out) {
      out = ModelRecommendation{std::move(r), std::nullopt};
      continue;
    }
    out->smaller = std::move(r);
    break;
  }
  return out;
}

SpeedEstimate expected_speed(const ModelChoice& m) {
  SpeedEstimate s;
  if (m.parameters == 0 || m.approx_bytes == 0) return s;
  double active = static_cast<double>(std::min(m.active_parameters, m.parameters));
  double per_token = static_cast<double>(m.approx_bytes) * active / static_cast<double>(m.parameters);
  if (per_token <= 0) return s;
  s.cpu_low = kCpuBandwidthLow / per_token;
  s.cpu_high = kCpuBandwidthHigh / per_token;
  s.gpu_low = kGpuBandwidthLow / per_token;
  s.gpu_high = kGpuBandwidthHigh / per_token;
  return s;
}

std::vector<std::string> recommendation_reasons(const ModelChoice& m) {
  std::vector<std::string> out;
  std::string params = short_count(m.parameters) + " parameters";
  params += m.active_parameters < m.parameters ? ", " + short_count(m.active_parameters) + " active per token (MoE)"
                                               : " (dense: all active per token)";
  const char* where = m.placement == FitVerdict::kFitsGpu            ? "all on the GPU here"
                      : m.placement == FitVerdict::kFitsExpertsInRam ? "on the GPU with some experts in RAM here"
                      : m.placement == FitVerdict::kFitsPartial      ? "split between the GPU and RAM here"
                                                                     : "on the CPU from RAM here";
  out.push_back("the ~" + std::to_string(m.tier_gb) + " GB tier; " + params + "; " + where);
  SpeedEstimate s = expected_speed(m);
  out.push_back("expect about " + rate(s.cpu_low) + "-" + rate(s.cpu_high) + " tokens/s on a CPU, " + rate(s.gpu_low) +
                "-" + rate(s.gpu_high) + " on a GPU that holds it (estimated from memory bandwidth)");
  if (!m.note.empty()) out.push_back(m.note);
  return out;
}

}  // namespace pair
