// Workload generator: scenarios built in C++ (no YAML), checked against arrival processes worked by hand.
#include "jobs/generator.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

using namespace dcflow;

namespace {

Stage make_stage(const std::string& name, StageKind kind, Distribution amount)
{
  Stage s;
  s.name   = name;
  s.kind   = kind;
  s.amount = amount;
  s.params = stage_params_for(kind);
  return s;
}

// read 1 GB -> transfer 2 GB -> compute 1 Tf: constant amounts unless a test changes them.
JobClass pipeline_class(const std::string& name = "train", double weight = 1)
{
  JobClass c;
  c.name   = name;
  c.weight = weight;
  c.stages.push_back(make_stage("read", StageKind::Read, Distribution::constant(1e9)));
  c.stages.push_back(make_stage("send", StageKind::Transfer, Distribution::constant(2e9)));
  c.stages.push_back(make_stage("train", StageKind::Compute, Distribution::constant(1e12)));
  c.stages[1].after = {0};
  c.stages[2].after = {1};
  return c;
}

Scenario make_scenario(Arrival arrival, double rate, std::optional<std::int64_t> jobs, std::optional<double> duration,
                       std::uint64_t seed = 42)
{
  Scenario s;
  s.name              = "unit";
  s.seed              = seed;
  s.workload.arrival  = arrival;
  s.workload.rate     = rate;
  s.workload.jobs     = jobs;
  s.workload.duration = duration;
  s.workload.classes.push_back(pipeline_class());
  return s;
}

} // namespace

TEST_CASE("generator: arrival all submits N jobs at t = 0 with ids 0..N-1")
{
  auto jobs = generate_jobs(make_scenario(Arrival::All, 0, 5, std::nullopt));
  REQUIRE(jobs.size() == 5);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    REQUIRE(jobs[i].id == static_cast<std::int64_t>(i));
    REQUIRE(jobs[i].submit == 0.0);
    REQUIRE(jobs[i].job_class == 0);
    // One amount per stage, in stage order: 1 GB read, 2 GB transfer, 1 Tf compute.
    REQUIRE(jobs[i].amounts == std::vector<double>{1e9, 2e9, 1e12});
  }
}

TEST_CASE("generator: interval arrival submits job i at exactly i / rate")
{
  auto jobs = generate_jobs(make_scenario(Arrival::Interval, 4.0, 10, std::nullopt));
  REQUIRE(jobs.size() == 10);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    REQUIRE(jobs[i].id == static_cast<std::int64_t>(i));
    REQUIRE(jobs[i].submit == static_cast<double>(i) * 0.25); // 1 / (4 jobs/s) = 0.25 s, exact in binary
  }
  // A rate whose interval is not a binary fraction: still i / rate, no accumulated error.
  auto tenths = generate_jobs(make_scenario(Arrival::Interval, 10.0, 1000, std::nullopt));
  REQUIRE(tenths.size() == 1000);
  for (std::size_t i = 0; i < tenths.size(); ++i)
    REQUIRE(tenths[i].submit == static_cast<double>(i) / 10.0);
}

TEST_CASE("generator: interval arrival with a duration submits only while t < duration")
{
  // rate 4/s, duration 1 s: t = 0, 0.25, 0.5, 0.75; t = 1.0 is not < 1.
  auto jobs = generate_jobs(make_scenario(Arrival::Interval, 4.0, std::nullopt, 1.0));
  REQUIRE(jobs.size() == 4);
  REQUIRE(jobs.back().submit == 0.75);
}

TEST_CASE("generator: jobs and duration together stop at whichever comes first")
{
  // rate 10/s, 5 jobs, 100 s: the 5 jobs run out first (t = 0 .. 0.4).
  auto by_count = generate_jobs(make_scenario(Arrival::Interval, 10.0, 5, 100.0));
  REQUIRE(by_count.size() == 5);
  // rate 10/s, 1000 jobs, 2 s: t = i/10 < 2 for i = 0..19 -> 20 jobs (20/10 = 2.0 exactly is not < 2).
  auto by_time = generate_jobs(make_scenario(Arrival::Interval, 10.0, 1000, 2.0));
  REQUIRE(by_time.size() == 20);
  // Poisson, rate 1/s, 1e6 jobs, 50 s: the duration stops it, near 50 jobs (SD sqrt(50) = 7.1; 5 SD = 36).
  auto poisson = generate_jobs(make_scenario(Arrival::Poisson, 1.0, 1000000, 50.0));
  REQUIRE(poisson.size() > 14);
  REQUIRE(poisson.size() < 86);
  for (const auto& j : poisson)
    REQUIRE(j.submit < 50.0);
}

TEST_CASE("generator: poisson inter-arrival times average 1 / rate")
{
  // rate 50/s: mean gap 0.02 s; the gaps are exponential, SD = mean = 0.02; over 200000 gaps
  // SE = 0.02/447.2 = 4.47e-5; 5 SE = 2.24e-4.
  const std::int64_t n = 200000;
  auto jobs            = generate_jobs(make_scenario(Arrival::Poisson, 50.0, n, std::nullopt));
  REQUIRE(jobs.size() == static_cast<std::size_t>(n));
  for (std::size_t i = 1; i < jobs.size(); ++i) {
    REQUIRE(jobs[i].submit >= jobs[i - 1].submit);
    REQUIRE(jobs[i].id == static_cast<std::int64_t>(i));
  }
  // The first job arrives after one gap (not at 0), so the last submit is the sum of n gaps.
  REQUIRE(jobs.front().submit > 0.0);
  double mean_gap = jobs.back().submit / static_cast<double>(n);
  REQUIRE(mean_gap == Approx(0.02).margin(2.24e-4));
  // Gap variability: for an exponential, the gap SD equals the mean (a fixed interval would give 0).
  double sum2 = 0;
  double prev = 0;
  for (const auto& j : jobs) {
    double gap = j.submit - prev;
    sum2 += (gap - 0.02) * (gap - 0.02);
    prev = j.submit;
  }
  // SE of the sample SD: Var(S^2) ~ (mu4 - sigma^4)/n with mu4 = 9 m^4 for an exponential, so
  // SE(S) ~ sqrt(8/n) m^2 / (2m) = m sqrt(2/n) = 0.02 * 0.00316 = 6.3e-5; 5 SE = 3.2e-4.
  REQUIRE(std::sqrt(sum2 / static_cast<double>(n)) == Approx(0.02).margin(3.2e-4));
}

TEST_CASE("generator: poisson count under a duration is about rate x duration")
{
  // rate 100/s over 2000 s: Poisson count with mean 200000 and SD sqrt(200000) = 447; 5 SD = 2236.
  auto jobs = generate_jobs(make_scenario(Arrival::Poisson, 100.0, std::nullopt, 2000.0));
  REQUIRE(static_cast<double>(jobs.size()) == Approx(200000).margin(2236));
  REQUIRE(jobs.back().submit < 2000.0);
}

TEST_CASE("generator: class weights 3:1 give about 75% and 25% of the jobs")
{
  auto s                       = make_scenario(Arrival::All, 0, 200000, std::nullopt);
  s.workload.classes[0].weight = 3;
  JobClass small;
  small.name   = "small";
  small.weight = 1;
  small.stages.push_back(make_stage("only", StageKind::Compute, Distribution::constant(5e9)));
  s.workload.classes.push_back(small);

  auto jobs       = generate_jobs(s);
  std::size_t big = 0;
  for (const auto& j : jobs) {
    REQUIRE((j.job_class == 0 || j.job_class == 1));
    // Each job carries one amount per stage of its own class.
    if (j.job_class == 0) {
      ++big;
      REQUIRE(j.amounts.size() == 3);
    } else {
      REQUIRE(j.amounts == std::vector<double>{5e9});
    }
  }
  // p = 3/4; SE = sqrt(0.75*0.25/200000) = 0.00097; 5 SE = 0.0049.
  REQUIRE(static_cast<double>(big) / 200000.0 == Approx(0.75).margin(0.0049));
}

TEST_CASE("generator: per-stage amounts are drawn from each stage's distribution")
{
  auto s           = make_scenario(Arrival::All, 0, 20000, std::nullopt);
  auto& stages     = s.workload.classes[0].stages;
  stages[0].amount = Distribution::constant(7);
  stages[1].amount = Distribution::uniform(10, 20);
  stages[2].amount = Distribution::constant(3);
  auto jobs        = generate_jobs(s);
  REQUIRE(jobs.size() == 20000);
  double sum = 0;
  std::set<double> distinct;
  for (const auto& j : jobs) {
    REQUIRE(j.amounts.size() == 3);
    REQUIRE(j.amounts[0] == 7.0);
    REQUIRE(j.amounts[2] == 3.0);
    REQUIRE(j.amounts[1] >= 10.0);
    REQUIRE(j.amounts[1] < 20.0);
    sum += j.amounts[1];
    distinct.insert(j.amounts[1]);
  }
  // Each job draws its own value: uniform(10, 20) has SD 10/sqrt(12) = 2.887; SE = 2.887/141.4 = 0.0204;
  // 5 SE = 0.102.
  REQUIRE(distinct.size() > 19000); // 53-bit draws: practically no repeats
  REQUIRE(sum / 20000.0 == Approx(15.0).margin(0.102));
}

TEST_CASE("generator: the same seed gives an identical job list, another seed a different one")
{
  auto build = [](std::uint64_t seed) {
    auto s                                 = make_scenario(Arrival::Poisson, 5.0, 500, std::nullopt, seed);
    s.workload.classes[0].stages[0].amount = Distribution::lognormal(1e9, 0.7);
    s.workload.classes.push_back(pipeline_class("other", 2));
    s.workload.jitter = 0.1;
    return generate_jobs(s);
  };
  auto a = build(7);
  auto b = build(7);
  auto c = build(8);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    REQUIRE(a[i].id == b[i].id);
    REQUIRE(a[i].job_class == b[i].job_class);
    REQUIRE(a[i].submit == b[i].submit);
    REQUIRE(a[i].amounts == b[i].amounts);
  }
  bool differs = false;
  for (std::size_t i = 0; i < std::min(a.size(), c.size()); ++i)
    differs = differs || a[i].submit != c[i].submit || a[i].amounts != c[i].amounts;
  REQUIRE(differs);
}

TEST_CASE("generator: jitter keeps the list sorted and each submit between t and t + jitter")
{
  // Interval 0.1 s (rate 10) with a 1 s jitter: jobs overtake each other, so the sort matters.
  auto s            = make_scenario(Arrival::Interval, 10.0, 1000, std::nullopt);
  s.workload.jitter = 1.0;
  auto jobs         = generate_jobs(s);
  REQUIRE(jobs.size() == 1000);
  std::set<std::int64_t> ids;
  bool reordered = false;
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    const auto& j = jobs[k];
    ids.insert(j.id);
    double t = static_cast<double>(j.id) / 10.0; // the unjittered submit time of job id
    REQUIRE(j.submit >= t);
    REQUIRE(j.submit < t + 1.0);
    if (k > 0) {
      const auto& p = jobs[k - 1];
      REQUIRE((p.submit < j.submit || (p.submit == j.submit && p.id < j.id)));
    }
    reordered = reordered || j.id != static_cast<std::int64_t>(k);
  }
  REQUIRE(ids.size() == 1000);
  REQUIRE(*ids.begin() == 0);
  REQUIRE(*ids.rbegin() == 999);
  REQUIRE(reordered); // with 10 jobs per jitter window, order by id and by time must differ somewhere
}

TEST_CASE("generator: input_bytes counts read stages, else the first transfer, else nothing")
{
  JobSpec job;
  SECTION("read stages are summed")
  {
    JobClass c;
    c.stages.push_back(make_stage("r1", StageKind::Read, Distribution::constant(0)));
    c.stages.push_back(make_stage("t", StageKind::Transfer, Distribution::constant(0)));
    c.stages.push_back(make_stage("r2", StageKind::Read, Distribution::constant(0)));
    c.stages.push_back(make_stage("c", StageKind::Compute, Distribution::constant(0)));
    job.amounts = {1e9, 5e9, 2e9, 1e12};
    REQUIRE(input_bytes(c, job) == 3e9); // 1e9 + 2e9; the transfer and the flops do not count
  }
  SECTION("without reads, the first transfer")
  {
    JobClass c;
    c.stages.push_back(make_stage("c", StageKind::Compute, Distribution::constant(0)));
    c.stages.push_back(make_stage("t1", StageKind::Transfer, Distribution::constant(0)));
    c.stages.push_back(make_stage("t2", StageKind::Transfer, Distribution::constant(0)));
    c.stages.push_back(make_stage("w", StageKind::Write, Distribution::constant(0)));
    job.amounts = {1e12, 4e9, 6e9, 7e9};
    REQUIRE(input_bytes(c, job) == 4e9);
  }
  SECTION("neither reads nor transfers: zero")
  {
    JobClass c;
    c.stages.push_back(make_stage("c", StageKind::Compute, Distribution::constant(0)));
    c.stages.push_back(make_stage("w", StageKind::Write, Distribution::constant(0)));
    job.amounts = {1e12, 7e9};
    REQUIRE(input_bytes(c, job) == 0.0);
  }
}

// The simulation takes generated jobs one at a time from job_source: the same jobs as generate_jobs, field for
// field and in the same order, whatever the arrival process, class mix and sampled amounts.
TEST_CASE("generator: job_source streams exactly the jobs generate_jobs lists")
{
  auto check_same = [](const Scenario& s, bool streamed) {
    auto listed = generate_jobs(s);
    auto source = job_source(s);
    CHECK((source->list() == nullptr) == streamed);
    std::size_t n = 0;
    while (const JobSpec* ahead = source->peek()) {
      REQUIRE(n < listed.size());
      std::int64_t id = ahead->id;
      auto job        = source->next();
      REQUIRE(job);
      CHECK(job->id == id);
      CHECK(job->id == listed[n].id);
      CHECK(job->job_class == listed[n].job_class);
      CHECK(job->submit == listed[n].submit);
      CHECK(job->amounts == listed[n].amounts);
      CHECK(job->objects == listed[n].objects);
      CHECK(job->hosts_needed == listed[n].hosts_needed);
      CHECK(job->estimate == listed[n].estimate);
      ++n;
    }
    CHECK(n == listed.size());
    CHECK(!source->next()); // stays at its end
    CHECK(source->peek() == nullptr);
    // times(): the submission times of the jobs not taken yet, from a fresh source, after a peek, and after
    // some jobs were taken, without making them.
    for (std::size_t taken : {std::size_t{0}, std::size_t{1}, listed.size() / 3}) {
      auto fresh = job_source(s);
      for (std::size_t k = 0; k < taken; ++k)
        fresh->next();
      fresh->peek();
      auto times    = fresh->times();
      std::size_t k = taken;
      while (auto t = times->next()) {
        REQUIRE(k < listed.size());
        CHECK(*t == listed[k].submit);
        ++k;
      }
      CHECK(k == listed.size());
      REQUIRE(fresh->peek() != nullptr); // the jobs are still there to take
      CHECK(fresh->peek()->id == listed[taken].id);
    }
  };
  auto poisson = make_scenario(Arrival::Poisson, 3.0, std::nullopt, 500.0);
  poisson.workload.bursts = Bursts{30.0, 5.0, 20.0, {}}; // a Markov-modulated process: its own stream, copied too
  JobClass small;
  small.name   = "small";
  small.weight = 2;
  small.stages.push_back(make_stage("only", StageKind::Compute, Distribution::uniform(1e9, 5e9)));
  poisson.workload.classes.push_back(small);
  check_same(poisson, true);
  CHECK(job_source(poisson)->expected() == 0); // a duration ends it: the count is not known in advance
  auto all = make_scenario(Arrival::All, 0, 1000, std::nullopt);
  check_same(all, true);
  CHECK(job_source(all)->expected() == 1000);
  check_same(make_scenario(Arrival::Interval, 4.0, 100, 10.0), true); // the duration stops it at 40 jobs
  auto jittered            = make_scenario(Arrival::Interval, 10.0, 500, std::nullopt);
  jittered.workload.jitter = 0.5; // reorders jobs: listed up front, sorted by their jittered times
  check_same(jittered, false);
}
