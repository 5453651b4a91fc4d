#include "report/inference_report.hpp"

#include "report/results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace dcflow {

InferenceSummary inference_summary(const RunRecords& records)
{
  const InferenceRecords& inf = records.inference;
  InferenceSummary s;
  if (!inf.ran)
    return s;
  const double T      = records.simulated_time;
  s.ran               = true;
  s.replicas          = inf.replicas;
  s.tensor_parallel   = inf.tensor_parallel;
  s.gpus_unused       = inf.gpus_unused;
  s.batching          = inf.batching;
  s.kv_capacity       = inf.kv_capacity;
  s.weight_bytes      = inf.weight_bytes;
  s.ttft_objective    = inf.ttft_objective;
  s.tpot_objective    = inf.tpot_objective;
  std::int64_t good   = 0;
  double in_system    = 0; // request-seconds in the system
  for (const auto& q : inf.requests) {
    ++s.requests;
    s.payload_bytes += q.payload;
    if (q.ingested >= 0) {
      s.ingest = true;
      s.ingest_time.push_back(q.ingested - q.arrival);
    }
    s.retries += q.retries;
    s.requests_retried += q.retries > 0 ? 1 : 0;
    s.tokens_lost += q.tokens_lost;
    if (!q.rejected.empty()) {
      ++s.rejected;
      ++s.rejected_by_cause[q.rejected];
      continue;
    }
    if (!q.failed.empty()) {
      ++s.failed;
      ++s.failed_by_cause[q.failed];
      continue;
    }
    if (q.end < 0)
      continue;
    ++s.served;
    double ttft = q.first_token - q.arrival;
    double tpot = q.output > 1 ? (q.end - q.first_token) / static_cast<double>(q.output - 1) : 0;
    s.ttft.push_back(ttft);
    if (q.output > 1)
      s.tpot.push_back(tpot);
    s.e2e.push_back(q.end - q.arrival);
    in_system += q.end - q.arrival;
    s.output_tokens += static_cast<double>(q.output);
    bool ok = (s.ttft_objective <= 0 || ttft <= s.ttft_objective) && (s.tpot_objective <= 0 || tpot <= s.tpot_objective);
    good += ok ? 1 : 0;
  }
  s.tokens_per_s   = T > 0 ? s.output_tokens / T : 0;
  s.requests_per_s = T > 0 ? static_cast<double>(s.served) / T : 0;
  s.goodput        = s.requests > 0 ? static_cast<double>(good) / static_cast<double>(s.requests) : 0;
  s.goodput_per_s  = T > 0 ? static_cast<double>(good) / T : 0;
  s.in_system_mean = T > 0 ? in_system / T : 0;
  double kv_time = 0, fleet = inf.kv_capacity * inf.replicas;
  for (const auto& st : inf.steps) {
    if (st.prefill)
      ++s.prefill_steps;
    else {
      ++s.decode_steps;
      s.step_batch.push_back(st.batch);
    }
    kv_time += st.kv_used * (st.end - st.start);
    if (fleet > 0)
      s.kv_occupancy_peak = std::max(s.kv_occupancy_peak, st.kv_used / inf.kv_capacity);
  }
  s.kv_occupancy_mean = T > 0 && fleet > 0 ? kv_time / (fleet * T) : 0;
  double cold = 0, load = 0;
  for (const auto& c : inf.cold_starts)
    if (c.serving >= 0) {
      ++s.cold_starts;
      cold += c.serving - c.on;
      load += c.serving - c.booted;
    }
  if (s.cold_starts > 0) {
    s.cold_start_mean_s  = cold / static_cast<double>(s.cold_starts);
    s.weight_load_mean_s = load / static_cast<double>(s.cold_starts);
  }
  for (const auto& p : records.power) // the replicas' GPUs are the only pool hosts a serving run powers
    s.gpu_hours += (p.off - p.on) / 3600;
  s.busy_gpu_hours = inf.busy_gpu_seconds / 3600;
  s.failures       = records.failures_enabled;
  double reload = 0;
  std::int64_t reloads = 0;
  for (const auto& o : inf.outages) {
    ++s.replica_outages;
    s.replica_downtime_s += (o.back >= 0 ? o.back : T) - o.down;
    s.replica_unavailable_s += (o.serving >= 0 ? o.serving : T) - o.down;
    if (o.back >= 0 && o.serving >= 0) {
      reload += o.serving - o.back;
      ++reloads;
    }
  }
  s.reload_mean_s = reloads > 0 ? reload / static_cast<double>(reloads) : 0;
  s.availability  = T > 0 && s.replicas > 0 ? 1 - s.replica_unavailable_s / (s.replicas * T) : 1;
  return s;
}

std::vector<double> kv_occupancy_bins(const RunRecords& records, int nbins, double width)
{
  const InferenceRecords& inf = records.inference;
  std::vector<double> bins(static_cast<std::size_t>(std::max(nbins, 1)), 0.0);
  double fleet = inf.kv_capacity * inf.replicas;
  if (fleet <= 0 || width <= 0)
    return bins;
  auto last = static_cast<double>(bins.size() - 1);
  for (const auto& st : inf.steps) {
    // The cache held by a step, over the step (kv_used is at its end; within a step it differs by one token per
    // request at most).
    auto b0 = static_cast<std::size_t>(std::clamp(std::floor(st.start / width), 0.0, last));
    auto b1 = static_cast<std::size_t>(std::clamp(std::floor(st.end / width), 0.0, last));
    for (std::size_t b = b0; b <= b1; ++b) {
      double lo = std::max(st.start, static_cast<double>(b) * width);
      double hi = b == bins.size() - 1 ? st.end : std::min(st.end, static_cast<double>(b + 1) * width);
      if (hi > lo)
        bins[b] += st.kv_used * (hi - lo);
    }
  }
  for (double& v : bins)
    v /= fleet * width;
  return bins;
}

namespace {

nlohmann::json stats_json(const std::vector<double>& values)
{
  Stats st = summarize(values);
  return nlohmann::json{{"mean", st.mean}, {"p50", st.p50}, {"p95", st.p95}, {"p99", st.p99}, {"max", st.max}};
}

} // namespace

nlohmann::json inference_json(const InferenceSummary& s)
{
  nlohmann::json causes = nlohmann::json::object();
  for (const auto& [cause, n] : s.rejected_by_cause)
    causes[cause] = n;
  nlohmann::json cold{{"count", s.cold_starts}, {"mean_s", s.cold_start_mean_s},
                      {"weight_load_mean_s", s.weight_load_mean_s}};
  nlohmann::json out{
      {"replicas", s.replicas},
      {"tensor_parallel", s.tensor_parallel},
      {"gpus_unused", s.gpus_unused},
      {"batching", s.batching},
      {"weight_bytes", s.weight_bytes},
      {"kv_capacity_bytes", s.kv_capacity},
      {"requests", s.requests},
      {"served", s.served},
      {"rejected", nlohmann::json{{"count", s.rejected}, {"causes", causes}}},
      {"ttft_s", stats_json(s.ttft)},
      {"tpot_s", stats_json(s.tpot)},
      {"e2e_s", stats_json(s.e2e)},
      {"tokens_per_s", s.tokens_per_s},
      {"requests_per_s", s.requests_per_s},
      {"objectives", nlohmann::json{{"ttft_s", s.ttft_objective}, {"tpot_s", s.tpot_objective}}},
      {"goodput", s.goodput},
      {"goodput_requests_per_s", s.goodput_per_s},
      {"batch_size", stats_json(s.step_batch)},
      {"steps", nlohmann::json{{"prefill", s.prefill_steps}, {"decode", s.decode_steps}}},
      {"kv_occupancy", nlohmann::json{{"mean", s.kv_occupancy_mean}, {"peak", s.kv_occupancy_peak}}},
      {"in_system_mean", s.in_system_mean},
      {"cold_starts", cold},
      {"gpu_hours", nlohmann::json{{"powered", s.gpu_hours}, {"busy", s.busy_gpu_hours}}},
      {"ingest", nlohmann::json{{"payload_bytes", s.payload_bytes}, {"time_s", stats_json(s.ingest_time)}}}};
  if (s.failures) {
    nlohmann::json failed = nlohmann::json::object();
    for (const auto& [cause, n] : s.failed_by_cause)
      failed[cause] = n;
    out["failures"] = nlohmann::json{{"latency_counted_from", "first arrival (retries included)"},
                                     {"requests_retried", s.requests_retried},
                                     {"retries", s.retries},
                                     {"requests_failed", nlohmann::json{{"count", s.failed}, {"causes", failed}}},
                                     {"tokens_lost", s.tokens_lost},
                                     {"replica_outages", s.replica_outages},
                                     {"replica_downtime_s", s.replica_downtime_s},
                                     {"replica_unavailable_s", s.replica_unavailable_s},
                                     {"weight_reload_mean_s", s.reload_mean_s},
                                     {"replica_availability", s.availability}};
  }
  return out;
}

std::string inference_console(const InferenceSummary& s)
{
  if (!s.ran)
    return "";
  Stats ttft = summarize(s.ttft), tpot = summarize(s.tpot), e2e = summarize(s.e2e), batch = summarize(s.step_batch);
  std::string out = fmt::format("\n  inference           {} replica(s) of {} GPU(s), {} batching, KV cache {:.1f} GB "
                                "per replica\n",
                                s.replicas, s.tensor_parallel, s.batching, s.kv_capacity / 1e9);
  out += fmt::format("  requests            {} served, {} rejected", s.served, s.rejected);
  for (const auto& [cause, n] : s.rejected_by_cause)
    out += fmt::format(" ({}: {})", cause, n);
  out += "\n";
  out += fmt::format("  TTFT (s)            mean {:.4f}  p50 {:.4f}  p95 {:.4f}  p99 {:.4f}\n", ttft.mean, ttft.p50,
                     ttft.p95, ttft.p99);
  out += fmt::format("  TPOT (s)            mean {:.4f}  p50 {:.4f}  p95 {:.4f}  p99 {:.4f}\n", tpot.mean, tpot.p50,
                     tpot.p95, tpot.p99);
  out += fmt::format("  end to end (s)      mean {:.3f}  p50 {:.3f}  p95 {:.3f}  p99 {:.3f}\n", e2e.mean, e2e.p50,
                     e2e.p95, e2e.p99);
  out += fmt::format("  throughput          {:.1f} tokens/s, {:.3f} requests/s; goodput {:.1f}% (TTFT <= {:g} s, "
                     "TPOT <= {:g} s)\n",
                     s.tokens_per_s, s.requests_per_s, 100 * s.goodput, s.ttft_objective, s.tpot_objective);
  out += fmt::format("  batch size          mean {:.1f}  p50 {:.0f}  p95 {:.0f}  max {:.0f} over {:.0f} decode steps; "
                     "KV cache in use {:.1f}% (peak {:.1f}% of a replica)\n",
                     batch.mean, batch.p50, batch.p95, batch.max, s.decode_steps, 100 * s.kv_occupancy_mean,
                     100 * s.kv_occupancy_peak);
  if (s.cold_starts > 0)
    out += fmt::format("  cold starts         {} replica(s), {:.2f} s each on average ({:.2f} s loading weights)\n",
                       s.cold_starts, s.cold_start_mean_s, s.weight_load_mean_s);
  if (s.ingest) {
    Stats in = summarize(s.ingest_time);
    out += fmt::format("  ingest (s)          mean {:.4f}  p50 {:.4f}  p95 {:.4f}  p99 {:.4f}  ({:.1f} MB of payloads)\n",
                       in.mean, in.p50, in.p95, in.p99, s.payload_bytes / 1e6);
  }
  if (s.failures)
    out += fmt::format("  replica failures    {} outage(s), {:.1f} s down, {:.1f} s not serving (availability {:.4f}); "
                       "{} request(s) retried ({} retries), {} failed, {} token(s) lost\n",
                       s.replica_outages, s.replica_downtime_s, s.replica_unavailable_s, s.availability,
                       s.requests_retried, s.retries, s.failed, s.tokens_lost);
  out += fmt::format("  GPU-hours           {:.2f} powered, {:.2f} stepping ({:.1f}%)\n", s.gpu_hours, s.busy_gpu_hours,
                     s.gpu_hours > 0 ? 100 * s.busy_gpu_hours / s.gpu_hours : 0.0);
  return out;
}

} // namespace dcflow
