// RunRecords' logs (report/record_log.hpp): records that outgrow a block go to a temporary file and come back
// unchanged, in order, by iteration and by index; where the file cannot be written, they stay in memory.
#include "report/records.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <string>
#include <sys/resource.h>

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

namespace {

// Every record of `log`, by iteration and by index, is activity(i).
void check_activities(const RecordLog<ActivityRecord>& log, std::size_t n)
{
  REQUIRE(log.size() == n);
  std::size_t i = 0;
  for (const auto& a : log) {
    REQUIRE(a.amount == activity(i).amount);
    REQUIRE(a.requests == activity(i).requests);
    ++i;
  }
  CHECK(i == n);
  for (std::size_t k : {std::size_t{0}, RecordLog<ActivityRecord>::block() - 1, RecordLog<ActivityRecord>::block(),
                        RecordLog<ActivityRecord>::block() + 1, n - 1})
    CHECK(log[k].amount == activity(k).amount);
}

} // namespace

TEST_CASE("record log: without a writable temporary folder the records stay in memory, and the reason is kept")
{
  // Each test case runs in a process of its own (catch_discover_tests): the environment is this case's.
  REQUIRE(setenv("TMPDIR", "/nonexistent/dcflow-test", 1) == 0);
  const std::size_t n = 2 * RecordLog<ActivityRecord>::block() + 11;
  RecordLog<ActivityRecord> log;
  for (std::size_t i = 0; i < n; ++i)
    log.push_back(activity(i));
  CHECK_FALSE(log.spilled());
  check_activities(log, n);
  CHECK(record_spill_failure() ==
        "cannot create a temporary file in /nonexistent/dcflow-test for the run's records (set TMPDIR): No such file "
        "or directory");
}

TEST_CASE("record log: a block that cannot be written (a full disk) stays in memory with every later record")
{
  // A file size limit of one and a half blocks' bytes stands in for a disk that fills: the first block is
  // written, the second is refused (EFBIG; SIGXFSZ ignored so that the write fails instead of killing the
  // process). The log keeps the second block and what follows in memory and reads back every record in order.
  const std::size_t block = RecordLog<ActivityRecord>::block();
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit limit{};
  limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(block * sizeof(ActivityRecord) * 3 / 2);
  REQUIRE(setrlimit(RLIMIT_FSIZE, &limit) == 0);
  const std::size_t n = 3 * block + 5;
  RecordLog<ActivityRecord> log;
  for (std::size_t i = 0; i < n; ++i)
    log.push_back(activity(i));
  CHECK(log.spilled()); // the first block
  check_activities(log, n);
  CHECK(record_spill_failure().find("cannot write the run's records to a temporary file in") == 0);
}
