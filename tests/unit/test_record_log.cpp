// RunRecords' logs (report/record_log.hpp): records that outgrow a block go to a temporary file and come back
// unchanged, in order, by iteration and by index.
#include "report/records.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace dcflow;

namespace {

ActivityRecord activity(std::size_t i)
{
  ActivityRecord a;
  a.kind       = static_cast<StageKind>(i % 3);
  a.start      = static_cast<double>(i) * 0.5;
  a.end        = a.start + 1.0 / static_cast<double>(i + 1);
  a.amount     = static_cast<double>(i) * 1e6 + 0.25;
  a.resource   = static_cast<int>(i % 97);
  a.uses       = ResourceClass::Route;
  a.requests   = static_cast<std::int64_t>(i);
  a.wire_bytes = 3.0 * static_cast<double>(i);
  return a;
}

JobRecord job(std::size_t i)
{
  JobRecord r;
  r.id        = static_cast<std::int64_t>(i);
  r.job_class = static_cast<int>(i % 4);
  r.submit    = static_cast<double>(i);
  r.start     = r.submit + 0.125;
  r.end       = r.start + 7.0;
  r.bytes     = 1e8;
  r.flops     = 1e12 + static_cast<double>(i);
  r.status    = i % 5 == 0 ? JobStatus::Failed : JobStatus::Completed;
  r.retries   = static_cast<int>(i % 3);
  r.lost_work = 0.5 * static_cast<double>(i % 7);
  r.retry_at  = -1;
  for (std::size_t h = 0; h < i % 4; ++h) // zero to three hosts
    r.hosts.push_back(static_cast<int>(i + h));
  if (i % 5 == 0)
    r.cause = "host node-" + std::to_string(i) + " failed at 1.0 s";
  return r;
}

bool same(const JobRecord& a, const JobRecord& b)
{
  return a.id == b.id && a.job_class == b.job_class && a.submit == b.submit && a.start == b.start && a.end == b.end &&
         a.hosts == b.hosts && a.bytes == b.bytes && a.flops == b.flops && a.status == b.status &&
         a.retries == b.retries && a.cause == b.cause && a.lost_work == b.lost_work && a.retry_at == b.retry_at;
}

} // namespace

TEST_CASE("record log: fewer records than a block stay in memory")
{
  RecordLog<ActivityRecord> log;
  for (std::size_t i = 0; i < 100; ++i)
    log.push_back(activity(i));
  CHECK_FALSE(log.spilled());
  CHECK(log.size() == 100);
  CHECK(log[42].amount == activity(42).amount);
}

TEST_CASE("record log: activities beyond a block are spilled and read back bit for bit")
{
  const std::size_t n = 2 * RecordLog<ActivityRecord>::block() + 1234; // two blocks on file, a tail in memory
  RecordLog<ActivityRecord> log;
  for (std::size_t i = 0; i < n; ++i)
    log.push_back(activity(i));
  REQUIRE(log.spilled());
  REQUIRE(log.size() == n);
  std::size_t i = 0;
  for (const auto& a : log) {
    ActivityRecord want = activity(i);
    REQUIRE(a.start == want.start);
    REQUIRE(a.end == want.end);
    REQUIRE(a.amount == want.amount);
    REQUIRE(a.resource == want.resource);
    REQUIRE(a.requests == want.requests);
    REQUIRE(a.wire_bytes == want.wire_bytes);
    ++i;
  }
  CHECK(i == n);
  // By index, across block boundaries and back (each lookup decodes the block it needs).
  for (std::size_t k : {std::size_t{0}, RecordLog<ActivityRecord>::block() - 1, RecordLog<ActivityRecord>::block(),
                        std::size_t{5}, n - 1})
    CHECK(log[k].amount == activity(k).amount);
  CHECK(log.back().requests == static_cast<std::int64_t>(n - 1));
  CHECK_THROWS_AS(log.at(n), std::out_of_range);
}

TEST_CASE("record log: job records with their hosts and causes survive the round trip")
{
  const std::size_t n = RecordLog<JobRecord>::block() + 777;
  RecordLog<JobRecord> log;
  for (std::size_t i = 0; i < n; ++i)
    log.push_back(job(i));
  REQUIRE(log.spilled());
  std::size_t i = 0;
  for (const auto& r : log)
    REQUIRE(same(r, job(i++)));
  CHECK(i == n);
  CHECK(same(log[5], job(5)));
  CHECK(same(log[n - 1], job(n - 1)));
  // A copy of the log reads the same records (it shares the file).
  RecordLog<JobRecord> copy = log;
  CHECK(same(copy[RecordLog<JobRecord>::block()], job(RecordLog<JobRecord>::block())));
}
