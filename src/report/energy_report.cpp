// Energy from the records (README "Energy and cost"). A resource with figures idle, busy and off draws
//   idle x (powered time) + off x (time switched off) + (busy - idle) x (busy time),
// where a pool host's busy time is the union of its compute records (dcflow's computations use all its cores:
// SimGrid's host plugin then draws `full`), and a link's or disk's is its work at full bandwidth (bytes /
// bandwidth: the time integral of its load, which SimGrid's link plugin charges linearly).
#include "report/energy_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace dcflow {
namespace {

constexpr double kJoulesPerKWh = 3.6e6;

struct Interval {
  double start = 0, end = 0;
};

// Sorted, disjoint intervals covering the given ones, clipped to [0, T].
std::vector<Interval> merged(std::vector<Interval> intervals, double T)
{
  std::sort(intervals.begin(), intervals.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> out;
  for (Interval i : intervals) {
    i.start = std::max(0.0, i.start);
    i.end   = std::min(T, i.end);
    if (i.end <= i.start)
      continue;
    if (!out.empty() && i.start <= out.back().end)
      out.back().end = std::max(out.back().end, i.end);
    else
      out.push_back(i);
  }
  return out;
}

// Busy time of a host within [a, b], from its merged busy intervals and their prefix sums.
struct BusyTime {
  std::vector<Interval> busy;
  std::vector<double> before; // busy time before busy[i].start
  explicit BusyTime(std::vector<Interval> intervals) : busy(std::move(intervals))
  {
    double sum = 0;
    for (const auto& i : busy) {
      before.push_back(sum);
      sum += i.end - i.start;
    }
    before.push_back(sum);
  }
  // Busy time in [0, t].
  double upto(double t) const
  {
    auto it = std::upper_bound(busy.begin(), busy.end(), t, [](double v, const Interval& i) { return v < i.start; });
    if (it == busy.begin())
      return 0;
    auto k = static_cast<std::size_t>(it - busy.begin()) - 1;
    return before[k] + std::min(t, busy[k].end) - busy[k].start;
  }
  double within(double a, double b) const { return b > a ? upto(b) - upto(a) : 0; }
  double total() const { return before.back(); }
};

double disk_bytes_time(const RunRecords& records, const ActivityRecord& a)
{
  const DiskInfo& disk = records.disks[static_cast<std::size_t>(a.resource)];
  double bw            = a.uses == ResourceClass::DiskRead ? disk.read_bandwidth : disk.write_bandwidth;
  return bw > 0 ? a.amount / bw : 0;
}

// Pool hosts: per host, energy in total, and per job class while jobs held it (holdings that overlap, such as
// an inference replica's requests, share the host's energy evenly).
void pool_energy(const RunRecords& records, EnergySummary& e, std::vector<double>& by_class, double& gpu_J,
                 double& host_J, int& gpus, int& hosts)
{
  const double T = records.simulated_time;
  const std::size_t n = records.pool.size();
  // Only hosts with power figures are accounted: their busy intervals and holdings are the ones collected.
  auto given = [&records, n](int h) { return h >= 0 && static_cast<std::size_t>(h) < n && records.pool[static_cast<std::size_t>(h)].power.given; };
  std::vector<std::vector<Interval>> busy(n), powered(n);
  for (const auto& a : records.activities)
    if (a.uses == ResourceClass::Host && given(a.resource))
      busy[static_cast<std::size_t>(a.resource)].push_back({a.start, a.end});
  for (const auto& p : records.power)
    if (p.host >= 0 && static_cast<std::size_t>(p.host) < n)
      powered[static_cast<std::size_t>(p.host)].push_back({p.on, p.off});
  // Holdings: per host, (start, end, class) of every job that ran on it.
  struct Holding {
    double start, end;
    int job_class;
  };
  std::vector<std::vector<Holding>> held(n);
  for (const auto& job : records.jobs)
    if (job.start >= 0)
      for (int h : job.hosts)
        if (given(h))
          held[static_cast<std::size_t>(h)].push_back({job.start, job.end >= 0 ? job.end : T, job.job_class});
  for (std::size_t h = 0; h < n; ++h) {
    const PowerFigures& w = records.pool[h].power;
    if (!w.given)
      continue;
    BusyTime b(merged(busy[h], T));
    double on = 0;
    if (powered[h].empty())
      on = records.autoscaled ? 0 : T;
    for (const auto& i : merged(powered[h], T))
      on += i.end - i.start;
    double joules = w.idle * on + w.off * (T - on) + (w.busy - w.idle) * b.total();
    (records.pool[h].gpu ? gpu_J : host_J) += joules;
    ++(records.pool[h].gpu ? gpus : hosts);
    // Sweep the holdings: between consecutive events, the host's energy goes to the classes holding it.
    std::vector<std::pair<double, int>> events; // time, +/-(class + 1)
    for (const auto& k : held[h]) {
      events.emplace_back(k.start, k.job_class + 1);
      events.emplace_back(k.end, -(k.job_class + 1));
    }
    std::sort(events.begin(), events.end());
    std::map<int, int> holders;
    int total_holders = 0;
    double prev       = 0;
    for (const auto& [t, delta] : events) {
      if (total_holders > 0 && t > prev) {
        double seg = w.idle * (t - prev) + (w.busy - w.idle) * b.within(prev, t);
        for (const auto& [c, count] : holders)
          if (static_cast<std::size_t>(c) < by_class.size())
            by_class[static_cast<std::size_t>(c)] += seg * count / total_holders;
      }
      prev  = t;
      int c = std::abs(delta) - 1;
      holders[c] += delta > 0 ? 1 : -1;
      total_holders += delta > 0 ? 1 : -1;
      if (holders[c] == 0)
        holders.erase(c);
    }
  }
  (void)e;
}

} // namespace

EnergySummary energy_summary(const RunRecords& records, const TrainingSummaries& training,
                             const InferenceSummary& inference)
{
  EnergySummary e;
  const double T = records.simulated_time;
  std::vector<double> by_class(records.class_names.size(), 0.0);
  double gpu_J = 0, host_J = 0;
  int gpus = 0, hosts = 0;
  pool_energy(records, e, by_class, gpu_J, host_J, gpus, hosts);

  double other_J = 0;
  for (const auto& h : records.other_hosts)
    other_J += h.power.idle * T;

  // Links: bytes on every link of each route; disks: their work at full bandwidth.
  std::vector<double> link_bytes(records.links.size(), 0.0);
  std::vector<double> disk_time(records.disks.size(), 0.0);
  double moved = 0, stored = 0;
  auto account = [&](const ActivityRecord& a) {
    if (a.uses == ResourceClass::Route && a.resource >= 0 &&
        static_cast<std::size_t>(a.resource) < records.routes.size()) {
      moved += a.wire_bytes;
      for (int l : records.routes[static_cast<std::size_t>(a.resource)])
        if (l >= 0 && static_cast<std::size_t>(l) < link_bytes.size())
          link_bytes[static_cast<std::size_t>(l)] += a.wire_bytes;
    } else if ((a.uses == ResourceClass::DiskRead || a.uses == ResourceClass::DiskWrite) && a.resource >= 0 &&
               static_cast<std::size_t>(a.resource) < records.disks.size())
      disk_time[static_cast<std::size_t>(a.resource)] += disk_bytes_time(records, a);
  };
  for (const auto& a : records.activities)
    account(a);
  for (const auto& a : records.side_work)
    account(a);
  for (const auto& a : records.activities)
    if (a.kind == StageKind::Write)
      stored += a.amount;
  double link_J = 0, disk_J = 0;
  int links = 0, disks = 0;
  for (std::size_t l = 0; l < records.links.size(); ++l) {
    const LinkInfo& link = records.links[l];
    if (!link.power.given)
      continue;
    ++links;
    double busy = link.bandwidth > 0 ? std::min(T, link_bytes[l] / link.bandwidth) : 0;
    link_J += link.power.idle * T + (link.power.busy - link.power.idle) * busy;
  }
  for (std::size_t d = 0; d < records.disks.size(); ++d) {
    const DiskInfo& disk = records.disks[d];
    if (!disk.power.given)
      continue;
    ++disks;
    disk_J += disk.power.idle * T + (disk.power.busy - disk.power.idle) * std::min(T, disk_time[d]);
  }
  auto add = [&](const char* name, int count, double joules) {
    if (count > 0)
      e.resources.push_back({name, count, joules});
  };
  add("gpus", gpus, gpu_J);
  add("pool_hosts", hosts, host_J);
  add("other_hosts", static_cast<int>(records.other_hosts.size()), other_J);
  add("links", links, link_J);
  add("disks", disks, disk_J);
  e.enabled = !e.resources.empty();
  for (const auto& p : e.resources)
    e.total_J += p.joules;

  std::vector<std::int64_t> completed(records.class_names.size(), 0);
  for (const auto& job : records.jobs)
    if (job.status == JobStatus::Completed && job.job_class >= 0 &&
        static_cast<std::size_t>(job.job_class) < completed.size()) {
      ++completed[static_cast<std::size_t>(job.job_class)];
      ++e.completed;
    }
  double attributed = 0;
  for (std::size_t c = 0; c < records.class_names.size(); ++c) {
    e.classes.push_back({records.class_names[c], completed[c], by_class[c]});
    attributed += by_class[c];
  }
  e.unattributed_J = e.total_J - attributed;
  e.samples        = training.all.samples;
  e.tokens         = training.all.tokens + (inference.ran ? inference.output_tokens : 0);

  const CostSpec& price = records.cost;
  if (price.given) {
    e.cost        = true;
    e.currency    = price.currency;
    e.pue         = price.pue;
    e.facility_kWh = e.total_J / kJoulesPerKWh * price.pue;
    e.cost_energy = e.facility_kWh * price.per_kWh;
    // Host-hours per role: the compute pool's powered hours (booting included), any other role's hosts for
    // the whole run.
    double pool_seconds = records.pool.size() * T;
    if (!records.power.empty() || records.autoscaled) {
      pool_seconds = 0;
      for (const auto& p : records.power)
        pool_seconds += p.off - p.on;
    }
    for (const auto& [role, per_hour] : price.per_hour) {
      double seconds = 0;
      for (const auto& [name, size] : records.role_sizes)
        if (name == role)
          seconds = role == "compute" ? pool_seconds : size * T;
      e.cost_hours.emplace_back(role, per_hour * seconds / 3600.0);
    }
    e.tb_stored   = stored / 1e12;
    e.tb_moved    = moved / 1e12;
    e.cost_stored = e.tb_stored * price.per_TB_stored;
    e.cost_moved  = e.tb_moved * price.per_TB_moved;
    e.cost_total  = e.cost_energy + e.cost_stored + e.cost_moved;
    for (const auto& [role, money] : e.cost_hours)
      e.cost_total += money;
  }
  return e;
}

namespace {

// `total` per completed job, per 1,000 samples and per 1,000 tokens (0 where there are none), as the keys
// per_job<suffix>, per_1000_samples<suffix> and per_1000_tokens<suffix>.
void per_unit_of_work(nlohmann::json& j, const EnergySummary& e, double total, const std::string& suffix)
{
  j["per_job" + suffix]          = e.completed > 0 ? total / static_cast<double>(e.completed) : 0.0;
  j["per_1000_samples" + suffix] = e.samples > 0 ? total / e.samples * 1000 : 0.0;
  j["per_1000_tokens" + suffix]  = e.tokens > 0 ? total / e.tokens * 1000 : 0.0;
}

} // namespace

nlohmann::json energy_json(const EnergySummary& e)
{
  nlohmann::json j;
  j["total_J"]   = e.total_J;
  j["total_kWh"] = e.total_J / kJoulesPerKWh;
  for (const auto& p : e.resources)
    j["resources"][p.name] = {{"count", p.count}, {"joules", p.joules}, {"kWh", p.joules / kJoulesPerKWh}};
  for (const auto& c : e.classes)
    j["classes"][c.name] = {{"jobs", c.jobs},
                            {"joules", c.joules},
                            {"kWh", c.joules / kJoulesPerKWh},
                            {"per_job_J", c.jobs > 0 ? c.joules / static_cast<double>(c.jobs) : 0.0}};
  j["unattributed_J"]     = e.unattributed_J;
  per_unit_of_work(j, e, e.total_J, "_J");
  return j;
}

nlohmann::json cost_json(const EnergySummary& e)
{
  nlohmann::json j;
  j["currency"]     = e.currency;
  j["pue"]          = e.pue;
  j["facility_kWh"] = e.facility_kWh;
  j["energy"]       = e.cost_energy;
  j["hours"]        = nlohmann::json::object();
  for (const auto& [role, money] : e.cost_hours)
    j["hours"][role] = money;
  j["stored_TB"]           = e.tb_stored;
  j["stored"]              = e.cost_stored;
  j["moved_TB"]            = e.tb_moved;
  j["moved"]               = e.cost_moved;
  j["total"]               = e.cost_total;
  per_unit_of_work(j, e, e.cost_total, "");
  return j;
}

std::string energy_console(const EnergySummary& e)
{
  std::string out;
  if (e.enabled) {
    out += fmt::format("\n  energy     {:.4g} kWh", e.total_J / kJoulesPerKWh);
    std::vector<std::string> parts;
    for (const auto& p : e.resources)
      out += fmt::format("{} {} {:.4g} kWh ({} with figures)", p.name == e.resources.front().name ? ":" : ",",
                         p.name, p.joules / kJoulesPerKWh, p.count);
    out += "\n";
    if (e.completed > 0)
      out += fmt::format("             per job {:.1f} kJ", e.total_J / static_cast<double>(e.completed) / 1e3);
    if (e.samples > 0)
      out += fmt::format(", per 1,000 samples {:.1f} kJ", e.total_J / e.samples);
    if (e.tokens > 0)
      out += fmt::format(", per 1,000 tokens {:.3f} kJ", e.total_J / e.tokens);
    out += "\n";
    for (const auto& c : e.classes)
      out += fmt::format("             class {}: {:.4g} kWh over {} job(s) held on the pool\n", c.name,
                         c.joules / kJoulesPerKWh, c.jobs);
  }
  if (e.cost) {
    out += fmt::format("  cost       {:.2f} {} (energy {:.2f} at PUE {:g}", e.cost_total, e.currency, e.cost_energy, e.pue);
    for (const auto& [role, money] : e.cost_hours)
      out += fmt::format(", {}-hours {:.2f}", role, money);
    out += fmt::format(", stored {:.2f}, moved {:.2f})\n", e.cost_stored, e.cost_moved);
    std::string per;
    if (e.completed > 0)
      per += fmt::format("per job {:.4f}", e.cost_total / static_cast<double>(e.completed));
    if (e.samples > 0)
      per += fmt::format(", per 1,000 samples {:.4f}", e.cost_total / e.samples * 1000);
    if (e.tokens > 0)
      per += fmt::format(", per 1,000 tokens {:.6f}", e.cost_total / e.tokens * 1000);
    if (!per.empty())
      out += "             " + per + " " + e.currency + "\n";
  }
  return out;
}

} // namespace dcflow
