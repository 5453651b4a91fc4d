// EASY and conservative backfilling: direct schedule() calls on fake cluster states, and hand-worked schedules
// run through the Dispatcher by a tiny discrete-event driver (estimates are exact: estimate = runtime).
#include "policy/conservative_backfilling.hpp"
#include "policy/dispatcher.hpp"
#include "policy/easy_backfilling.hpp"
#include "policy/fifo.hpp"
#include "policy/policy.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

using namespace dcflow;

namespace {

using Hosts = std::vector<std::size_t>;

// ----- the driver ------------------------------------------------------------------------------------------

struct SimJob {
  double submit;
  int hosts;
  double runtime; // also the estimate
};

struct Outcome {
  double start = -1; // -1: never started
  Hosts hosts;
};

// Advances time to the next event (an arrival or a job end at start + runtime). At one instant: every end,
// then every arrival, then one dispatch, as the simulation does; a zero-runtime job ends at the same instant and
// triggers another round there. Job ids are indices into `jobs`, which must be sorted by submit time.
std::vector<Outcome> simulate(std::size_t hosts, std::unique_ptr<SchedulingPolicy> policy,
                              const std::vector<SimJob>& jobs)
{
  Dispatcher dispatcher(hosts, std::move(policy));
  std::vector<Outcome> out(jobs.size());
  std::multimap<double, std::int64_t> ends;
  std::size_t next = 0;
  while (next < jobs.size() || !ends.empty()) {
    double t = std::numeric_limits<double>::infinity();
    if (next < jobs.size())
      t = jobs[next].submit;
    if (!ends.empty())
      t = std::min(t, ends.begin()->first);
    dispatcher.set_now(t);
    while (!ends.empty() && ends.begin()->first == t) {
      dispatcher.finish(ends.begin()->second);
      ends.erase(ends.begin());
    }
    for (; next < jobs.size() && jobs[next].submit == t; ++next) {
      if (next > 0)
        REQUIRE(jobs[next - 1].submit <= jobs[next].submit);
      QueuedJob job;
      job.id           = static_cast<std::int64_t>(next);
      job.submit       = jobs[next].submit;
      job.hosts_needed = jobs[next].hosts;
      job.estimate     = jobs[next].runtime;
      dispatcher.submit(job);
    }
    for (const Start& s : dispatcher.dispatch()) {
      auto k = static_cast<std::size_t>(s.id);
      REQUIRE(out[k].start < 0);
      out[k] = Outcome{t, s.hosts};
      ends.emplace(t + jobs[k].runtime, s.id);
    }
  }
  return out;
}

std::vector<Outcome> simulate(const std::string& policy, std::size_t hosts, const std::vector<SimJob>& jobs)
{
  auto p = make_policy(policy);
  REQUIRE(p != nullptr);
  return simulate(hosts, std::move(p), jobs);
}

void check(const std::vector<Outcome>& got, const std::vector<Outcome>& want)
{
  REQUIRE(got.size() == want.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    INFO("job " << k);
    CHECK(got[k].start == want[k].start);
    CHECK(got[k].hosts == want[k].hosts);
  }
}

// ----- fake states -----------------------------------------------------------------------------------------

// What one schedule() call starts: queue index -> hosts.
std::map<std::size_t, Hosts> starts(SchedulingPolicy& policy, const ClusterView& view)
{
  std::map<std::size_t, Hosts> result;
  for (auto& d : policy.schedule(view)) {
    REQUIRE(result.count(d.queue_index) == 0);
    REQUIRE(d.queue_index < view.queue().size());
    REQUIRE(d.hosts.size() == static_cast<std::size_t>(view.queue()[d.queue_index].hosts_needed));
    for (auto h : d.hosts)
      REQUIRE(view.is_free(h));
    result[d.queue_index] = d.hosts;
  }
  std::set<std::size_t> used;
  for (const auto& entry : result)
    for (auto h : entry.second)
      REQUIRE(used.insert(h).second); // no host given twice
  return result;
}

using Starts = std::map<std::size_t, Hosts>;

} // namespace

// ----- hand-worked schedules ----------------------------------------------------------------------------------

// Scenario 1, 4 hosts: backfilling by the shadow time, a job refused because it would delay the head, and a
// zero-length job.
//   job  submit  hosts  runtime
//   J0     0       2      10
//   J1     1       4       5
//   J2     2       1      12
//   J3     3       1       7
//   J4     3       1       0
//   J5     4       1       6
// EASY:
//   t=0  J0 fits: {0,1}, 0..10.
//   t=1  J1 (4 hosts) does not fit (free {2,3}): head. Releases 10,10,1,1 -> the 4th earliest is 10: shadow 10,
//        reserved {0,1,2,3}.
//   t=2  J2: 2+12 = 14 > 10, and J1 needs every host, so no free host is extra (outside the reservation) -> may
//        NOT backfill (would delay J1).
//   t=3  J2 refused again; J3: 3+7 = 10 <= 10 -> backfills on the lowest free host, {2}, 3..10 (ends by the
//        shadow time); J4: 3+0 <= 10 -> starts on {3} and ends at 3. Second round at t=3: J2 refused again.
//   t=4  J5: 4+6 = 10 <= 10 -> backfills on {3} 4..10.
//   t=10 J0, J3, J5 end: J1 starts on {0..3}, 10..15.   t=15  J2 starts on {0}, 15..27.
// Conservative: J1 reserves [10,15) on {0..3}, J2 [15,27) on {0} (every earlier slot overlaps J1); J3 and J4
// at t=3 and J5 at t=4 fit before 10 on hosts 2 and 3 and start: the same schedule.
// One character per second, the digit is the job (J4 runs for no time on host 3 at t=3):
//   host 3 |....55555511111............|
//   host 2 |...333333311111............|
//   host 1 |000000000011111............|
//   host 0 |000000000011111222222222222|
//           0    5    10   15   20   25
// FIFO: J1 blocks everything until 10; at 15 J2, J3, J4, J5 start on hosts 0, 1, 2, 3.
TEST_CASE("easy_backfilling: backfill by the shadow time, a job that would delay the head waits (FIFO contrast)")
{
  const std::vector<SimJob> jobs = {{0, 2, 10}, {1, 4, 5}, {2, 1, 12}, {3, 1, 7}, {3, 1, 0}, {4, 1, 6}};
  check(simulate("easy_backfilling", 4, jobs),
        {{0, {0, 1}}, {10, {0, 1, 2, 3}}, {15, {0}}, {3, {2}}, {3, {3}}, {4, {3}}});
  check(simulate("fifo", 4, jobs), {{0, {0, 1}}, {10, {0, 1, 2, 3}}, {15, {0}}, {15, {1}}, {15, {2}}, {15, {3}}});
}

TEST_CASE("conservative_backfilling: backfill before the reservations, a job that would delay the head waits")
{
  const std::vector<SimJob> jobs = {{0, 2, 10}, {1, 4, 5}, {2, 1, 12}, {3, 1, 7}, {3, 1, 0}, {4, 1, 6}};
  check(simulate("conservative_backfilling", 4, jobs),
        {{0, {0, 1}}, {10, {0, 1, 2, 3}}, {15, {0}}, {3, {2}}, {3, {3}}, {4, {3}}});
}

// Scenario 2, 8 hosts: a long job backfills because it avoids the reserved hosts.
//   job  submit  hosts  runtime
//   J0     0       1       3
//   J1     0       4      10
//   J2     0       2      20
//   J3     1       5      10
//   J4     1       1      30
//   J5     2       1       9
//   J6     4       1       6
// EASY:
//   t=0  J0 {0} 0..3, J1 {1,2,3,4} 0..10, J2 {5,6} 0..20; host 7 free.
//   t=1  J3 (5 hosts) does not fit: head. Releases 3,10,10,10,10,20,20,1 -> 5th earliest 10: shadow 10; hosts
//        released by 10 are {0,1,2,3,4,7}, reserved the lowest five {0,1,2,3,4}; the extra host is 7. J4:
//        1+30 > 10, but it fits in the extra hosts -> backfills on {7} 1..31.
//   t=2  J5 arrives, no free host.
//   t=3  J0 ends, free {0}. Shadow still 10 on {0..4}. J5: 3+9 = 12 > 10 and no free host is extra -> waits.
//   t=4  J6: 4+6 = 10 <= 10 -> backfills on {0} 4..10.
//   t=10 J1, J6 end: J3 on {0..4} 10..20.   t=20  J2, J3 end: J5 on {0} 20..29.
// Conservative: J3 reserves [10,20) on {0..4}; J4 starts on 7 (free throughout); J5 reserves [20,29) on {0}
// (host 0 is taken by J3 over [10,20), no other host frees before 20); J6 fits [4,10) on host 0: the same.
//   host 7 |.444444444444444444444444444444|
//   host 6 |22222222222222222222...........|
//   host 5 |22222222222222222222...........|
//   host 4 |11111111113333333333...........|
//   host 3 |11111111113333333333...........|
//   host 2 |11111111113333333333...........|
//   host 1 |11111111113333333333...........|
//   host 0 |000.6666663333333333555555555..|
//           0    5    10   15   20   25   30
// FIFO: J3 blocks J4 until 10 (J4 then on 7, 10..40); J5 and J6 start at 20 on 0 and 1.
TEST_CASE("easy_backfilling: a long job backfills on hosts outside the reservation (FIFO contrast)")
{
  const std::vector<SimJob> jobs = {{0, 1, 3}, {0, 4, 10}, {0, 2, 20}, {1, 5, 10}, {1, 1, 30}, {2, 1, 9}, {4, 1, 6}};
  check(simulate("easy_backfilling", 8, jobs),
        {{0, {0}}, {0, {1, 2, 3, 4}}, {0, {5, 6}}, {10, {0, 1, 2, 3, 4}}, {1, {7}}, {20, {0}}, {4, {0}}});
  check(simulate("fifo", 8, jobs),
        {{0, {0}}, {0, {1, 2, 3, 4}}, {0, {5, 6}}, {10, {0, 1, 2, 3, 4}}, {10, {7}}, {20, {0}}, {20, {1}}});
}

TEST_CASE("conservative_backfilling: a long job backfills on hosts no reservation needs")
{
  const std::vector<SimJob> jobs = {{0, 1, 3}, {0, 4, 10}, {0, 2, 20}, {1, 5, 10}, {1, 1, 30}, {2, 1, 9}, {4, 1, 6}};
  check(simulate("conservative_backfilling", 8, jobs),
        {{0, {0}}, {0, {1, 2, 3, 4}}, {0, {5, 6}}, {10, {0, 1, 2, 3, 4}}, {1, {7}}, {20, {0}}, {4, {0}}});
}

// Scenario 3, 4 hosts: EASY lets a backfilled job delay the second queued job; conservative protects it.
//   job  submit  hosts  runtime
//   J0     0       2      10
//   J1     0       1       4
//   J2     1       4       5
//   J3     1       2       6
//   J4     2       1       8
// EASY:
//   t=0  J0 {0,1} 0..10, J1 {2} 0..4.
//   t=1  J2 does not fit (free {3}): head, shadow 10 (4th earliest release), reserved {0..3}. J3 (2 hosts) does
//        not fit.
//   t=2  J4: 2+8 = 10 <= 10 -> backfills on {3} 2..10.
//   t=4  J1 ends, free {2}: J2 still waits for 10; J3 needs 2 hosts, only 1 free -> waits (J4 holds host 3).
//   t=10 J2 on {0..3} 10..15.   t=15  J3 on {0,1} 15..21.
//   host 3 |..4444444422222........|
//   host 2 |1111......22222........|
//   host 1 |000000000022222333333..|
//   host 0 |000000000022222333333..|
//           0    5    10   15   20
// Conservative:
//   t=1  J2 reserves [10,15) on {0..3}. J3: at 1 only host 3 free; at 4 (J1's end) hosts 2 and 3 are free over
//        [4,10) -> reserves [4,10) on {2,3}.
//   t=2  J4: host 3 over [2,10) overlaps J3's reservation; hosts 2 (J3) and 0..3 (J2) are taken until 15 ->
//        reserves [15,23) on {0}. It does not start: J3 is protected.
//   t=4  J1 ends: J3 starts on {2,3} 4..10.   t=10  J2 on {0..3} 10..15.   t=15  J4 on {0} 15..23.
//   host 3 |....33333322222........|
//   host 2 |111133333322222........|
//   host 1 |000000000022222........|
//   host 0 |00000000002222244444444|
//           0    5    10   15   20
// FIFO: J2 at 10; J3 and J4 at 15 on {0,1} and {2}.
TEST_CASE("easy_backfilling: a backfilled job may delay the second queued job (FIFO contrast)")
{
  const std::vector<SimJob> jobs = {{0, 2, 10}, {0, 1, 4}, {1, 4, 5}, {1, 2, 6}, {2, 1, 8}};
  check(simulate("easy_backfilling", 4, jobs), {{0, {0, 1}}, {0, {2}}, {10, {0, 1, 2, 3}}, {15, {0, 1}}, {2, {3}}});
  check(simulate("fifo", 4, jobs), {{0, {0, 1}}, {0, {2}}, {10, {0, 1, 2, 3}}, {15, {0, 1}}, {15, {2}}});
}

TEST_CASE("conservative_backfilling: the second queued job keeps its reservation against a later backfill")
{
  const std::vector<SimJob> jobs = {{0, 2, 10}, {0, 1, 4}, {1, 4, 5}, {1, 2, 6}, {2, 1, 8}};
  check(simulate("conservative_backfilling", 4, jobs),
        {{0, {0, 1}}, {0, {2}}, {10, {0, 1, 2, 3}}, {4, {2, 3}}, {15, {0}}});
}

// Scenario 4, 6 hosts: a long job backfills on the extra hosts, above a reserved free host; a wider long job does
// not fit in the extras and waits.
//   job  submit  hosts  runtime
//   J0     0       1       2
//   J1     0       3      10
//   J2     0       1      20
//   J3     0       1       1
//   J4     1       4       5
//   J5     2       2      30
//   J6     2       1      30
//   J7     2       1       8
// EASY:
//   t=0  J0 {0} 0..2, J1 {1,2,3} 0..10, J2 {4} 0..20, J3 {5} 0..1.
//   t=1  J3 ends, free {5}. J4 (4 hosts) does not fit: head. Releases 2,10,10,10,20,1 -> 4th earliest 10:
//        shadow 10; hosts released by 10 are {0,1,2,3,5}, reserved the lowest four {0,1,2,3}; extra {5}.
//   t=2  J0 ends, free {0,5}. J4 still the head: shadow 10, reserved {0,1,2,3}, extra {5}.
//        J5 (2, 30): fits in the free hosts {0,5}, but 2+30 > 10 and only one extra host -> waits.
//        J6 (1, 30): 2+30 > 10, fits in the extras -> starts on {5} 2..32.
//        J7 (1, 8): 2+8 = 10 <= 10 -> starts on the lowest free host, {0} (reserved; back at 10), 2..10.
//   t=10 J1, J7 end: J4 on {0..3} 10..15; J5 finds no free host.   t=15  J5 on {0,1} 15..45.
//   host 5 |3.666666666666666666666666666666.............|
//   host 4 |22222222222222222222.........................|
//   host 3 |111111111144444..............................|
//   host 2 |111111111144444..............................|
//   host 1 |111111111144444555555555555555555555555555555|
//   host 0 |007777777744444555555555555555555555555555555|
//           0    5    10   15   20   25   30   35   40   45
// Had long jobs been offered only the lowest-numbered free hosts, J6 would have been offered host 0 (reserved)
// at t=2 and waited; at t=10 J5 would have become the head (shadow 15 on {0,1}) and J6 would have started on
// {5} 10..40, with the rest unchanged.
// Conservative: J4 reserves [10,15) on {0..3}; at t=2 J5 finds only host 5 free over [2,32) (J4 takes host 0
// at 10) -> reserves [15,45) on {0,1}; J6 fits host 5 over [2,32) -> starts; J7 fits host 0 over [2,10) ->
// starts: the same schedule.
TEST_CASE("easy_backfilling: a long job starts on the extra hosts above a reserved free host, a wider one waits")
{
  const std::vector<SimJob> jobs  = {{0, 1, 2}, {0, 3, 10}, {0, 1, 20}, {0, 1, 1},
                                     {1, 4, 5}, {2, 2, 30}, {2, 1, 30}, {2, 1, 8}};
  const std::vector<Outcome> want = {{0, {0}},           {0, {1, 2, 3}}, {0, {4}}, {0, {5}},
                                     {10, {0, 1, 2, 3}}, {15, {0, 1}},   {2, {5}}, {2, {0}}};
  check(simulate("easy_backfilling", 6, jobs), want);
  check(simulate("conservative_backfilling", 6, jobs), want);
}

// Zero-length jobs through the Dispatcher, 2 hosts, everything submitted at 0:
//   J0 (1 host, 10), J1 (1, 0), J2 (1, 0), J3 (2, 5), J4 (1, 3).
// Round 1 at t=0: J0 takes {0} 0..10; J1 takes {1}; no free host is left. J1 ends at 0: round 2 at t=0, J2
// takes {1}. J2 ends: round 3 at t=0, J3 (2 hosts) waits for 10 (conservative: reserves [10,15) on {0,1};
// EASY: shadow 10, reserved {0,1}); J4 on {1} ends at 3, before J3 needs host 1 -> starts. t=10: J3 on {0,1}.
TEST_CASE("conservative_backfilling: zero-length jobs run in turn at one instant through the dispatcher")
{
  const std::vector<SimJob> jobs  = {{0, 1, 10}, {0, 1, 0}, {0, 1, 0}, {0, 2, 5}, {0, 1, 3}};
  const std::vector<Outcome> want = {{0, {0}}, {0, {1}}, {0, {1}}, {10, {0, 1}}, {0, {1}}};
  check(simulate("conservative_backfilling", 2, jobs), want);
  check(simulate("easy_backfilling", 2, jobs), want);
}

TEST_CASE("conservative_backfilling: random workloads run to completion without double-booking, as EASY and FIFO")
{
  std::mt19937_64 rng(7);
  for (int round = 0; round < 40; ++round) {
    const std::size_t hosts = 1 + rng() % 8;
    std::vector<SimJob> jobs;
    double t = 0;
    for (int k = 0; k < 30; ++k) {
      t += static_cast<double>(rng() % 4);
      jobs.push_back(SimJob{t, 1 + static_cast<int>(rng() % hosts), static_cast<double>(rng() % 12)});
    }
    for (const char* policy : {"conservative_backfilling", "easy_backfilling", "fifo"}) {
      INFO(policy << " round " << round);
      auto out = simulate(policy, hosts, jobs);
      // Every job ran, on its own hosts, never overlapping another job on a host for a positive time.
      std::vector<std::vector<std::pair<double, double>>> busy(hosts);
      for (std::size_t k = 0; k < jobs.size(); ++k) {
        REQUIRE(out[k].start >= jobs[k].submit);
        REQUIRE(out[k].hosts.size() == static_cast<std::size_t>(jobs[k].hosts));
        for (auto h : out[k].hosts) {
          for (auto [s, e] : busy[h])
            REQUIRE_FALSE((out[k].start < e && s < out[k].start + jobs[k].runtime));
          busy[h].emplace_back(out[k].start, out[k].start + jobs[k].runtime);
        }
      }
    }
  }
}

// ----- single schedule() calls on fake states -----------------------------------------------------------------

TEST_CASE("easy_backfilling: jobs start in queue order on the lowest-numbered free hosts while they fit")
{
  // 6 hosts, host 1 busy: free {0,2,3,4,5}. Needs 1, 2, 2: {0}, {2,3}, {4,5}.
  test::FakeCluster view(6);
  view.add_running(100, {1}, 0, 50);
  view.add_queued(0, 1, 10);
  view.add_queued(1, 2, 10);
  view.add_queued(2, 2, 10);
  EasyBackfillingPolicy easy;
  CHECK(starts(easy, view) == Starts{{0, {0}}, {1, {2, 3}}, {2, {4, 5}}});
  ConservativeBackfillingPolicy conservative;
  CHECK(starts(conservative, view) == Starts{{0, {0}}, {1, {2, 3}}, {2, {4, 5}}});
}

TEST_CASE("easy_backfilling: jobs started ahead of the head in the same call push its shadow time")
{
  // 4 free hosts at 0. A (2 hosts, 10) starts on {0,1} and holds them until 10. B (3 hosts) does not fit:
  // releases 10,10,0,0 -> shadow 10, reserved {0,1,2}, extra {3}. C (1, 10): 0+10 <= 10 -> starts on the lowest
  // free host, {2}. D (1, 11): 11 > 10, fits in the extras -> starts on {3}. (Had A's hosts counted as free, the
  // shadow would be 0 and C would be refused.)
  test::FakeCluster view(4);
  view.add_queued(0, 2, 10);
  view.add_queued(1, 3, 5);
  view.add_queued(2, 1, 10);
  view.add_queued(3, 1, 11);
  EasyBackfillingPolicy easy;
  CHECK(starts(easy, view) == Starts{{0, {0, 1}}, {2, {2}}, {3, {3}}});
}

TEST_CASE("easy_backfilling: a long job backfills on an extra host above a reserved free host")
{
  // 6 hosts at 0: jobs hold {0,1} and {3,4} until 10; free {2,5}. Head H (3 hosts, 10): releases
  // 10,10,0,10,10,0 -> shadow 10; every host is released by 10, reserved the lowest three: {0,1,2}. Extra
  // (free, not reserved): {5}.
  // A (1 host, 20): 0+20 > 10, but it fits in the extras -> starts on {5}, although the lowest free host, 2, is
  // reserved (it used to wait because it was offered only host 2). B (2 hosts, 20): only {2} is free now ->
  // does not fit. C (1 host, 10): ends by 10 -> starts on the lowest free host, {2}, reserved but given back at
  // 10. Conservative backfilling starts the same two (below).
  test::FakeCluster view(6);
  view.add_running(100, {0, 1}, 0, 10);
  view.add_running(101, {3, 4}, 0, 10);
  view.add_queued(0, 3, 10);
  view.add_queued(1, 1, 20);
  view.add_queued(2, 2, 20);
  view.add_queued(3, 1, 10);
  EasyBackfillingPolicy easy;
  CHECK(starts(easy, view) == Starts{{1, {5}}, {3, {2}}});
}

TEST_CASE("conservative_backfilling: a job starting now skips a lower free host that is reserved later")
{
  // The state above. H reserves [10,20) on {0,1,2}. A (1, 20): host 2 overlaps H over [10,20), host 5 is free
  // throughout -> starts on {5}. B (2, 20): at 0 hosts 2 and 5 are taken; at 10 hosts 3 and 4 are free over
  // [10,30) -> reserves there. C (1, 10): at 0 host 2 over [0,10) ends as H starts -> starts on {2}.
  test::FakeCluster view(6);
  view.add_running(100, {0, 1}, 0, 10);
  view.add_running(101, {3, 4}, 0, 10);
  view.add_queued(0, 3, 10);
  view.add_queued(1, 1, 20);
  view.add_queued(2, 2, 20);
  view.add_queued(3, 1, 10);
  ConservativeBackfillingPolicy conservative;
  CHECK(starts(conservative, view) == Starts{{1, {5}}, {3, {2}}});
}

TEST_CASE("easy_backfilling: the extra hosts go in queue order, and a job that fits now but not in them waits")
{
  // 6 hosts at 0: a job holds {0,1,2} until 10; free {3,4,5}. Head H (4 hosts, 5): releases 10,10,10,0,0,0 ->
  // shadow 10; every host is released by 10, reserved the lowest four {0,1,2,3}; extra {4,5}.
  // X (1, 50): 50 > 10, fits in the extras -> {4}; extra left {5}.
  // Y (2, 50): fits in the free hosts {3,5}, but 50 > 10 and one extra host is left -> waits.
  // Z (1, 50): fits in the extras -> {5}.
  // W (1, 7): 7 <= 10 -> the lowest free host, {3}, reserved but given back at 7.
  test::FakeCluster view(6);
  view.add_running(100, {0, 1, 2}, 0, 10);
  view.add_queued(0, 4, 5);
  view.add_queued(1, 1, 50);
  view.add_queued(2, 2, 50);
  view.add_queued(3, 1, 50);
  view.add_queued(4, 1, 7);
  EasyBackfillingPolicy easy;
  CHECK(starts(easy, view) == Starts{{1, {4}}, {3, {5}}, {4, {3}}});
}

TEST_CASE(
    "easy_backfilling: a job ending by the shadow time may take reserved and extra hosts, which leave the free set")
{
  // 8 hosts at 0: a job holds {0,1,2} until 10; free {3,...,7}. Head H (6 hosts, 5): releases 10,10,10,0,0,0,0,0
  // -> shadow 10, reserved the lowest six {0,...,5}, extra {6,7}.
  // S (4, 10): 0+10 <= 10 -> the lowest free hosts {3,4,5,6}: reserved 3, 4, 5 and extra 6.
  // X (2, 50): free now {7} -> does not fit (had S's hosts stayed free, it would have taken the extras {6,7}).
  // Y (1, 50): 50 > 10, fits in the extras {7} -> starts there.
  test::FakeCluster view(8);
  view.add_running(100, {0, 1, 2}, 0, 10);
  view.add_queued(0, 6, 5);
  view.add_queued(1, 4, 10);
  view.add_queued(2, 2, 50);
  view.add_queued(3, 1, 50);
  EasyBackfillingPolicy easy;
  CHECK(starts(easy, view) == Starts{{1, {3, 4, 5, 6}}, {3, {7}}});
}

TEST_CASE("conservative_backfilling: a job that fits now waits when it would overlap a later job's reservation")
{
  // Scenario 3 at t=2: {0,1} busy until 10, {2} until 4, free {3}. Queue J2 (4, 5), J3 (2, 6), J4 (1, 8).
  // Conservative: J2 [10,15) on all, J3 [4,10) on {2,3}, J4 cannot use host 3 over [2,10) -> nothing starts.
  // EASY: only J2 reserves (shadow 10); J4 offered {3} ends at 10 -> starts.
  test::FakeCluster view(4);
  view.set_now(2);
  view.add_running(100, {0, 1}, 0, 10);
  view.add_running(101, {2}, 0, 4);
  view.add_queued(2, 4, 5, 1);
  view.add_queued(3, 2, 6, 1);
  view.add_queued(4, 1, 8, 2);
  ConservativeBackfillingPolicy conservative;
  CHECK(starts(conservative, view).empty());
  EasyBackfillingPolicy easy;
  CHECK(starts(easy, view) == Starts{{2, {3}}});
}

TEST_CASE("easy_backfilling: an overdue running job frees its hosts at now")
{
  // 4 hosts at now = 20: a job on {0,1} expected to end at 15 is still running; free {2,3}. Head H (3 hosts):
  // every release is 20 -> shadow 20, reserved {0,1,2}, extra {3}. X (1, 1): 21 > 20, fits in the extras ->
  // starts on {3} (it used to wait, offered only host 2). Z (1, 0): 20 <= 20 -> starts on the lowest free host,
  // {2}. No free host is left for W (1, 100), which used to take host 3.
  test::FakeCluster view(4);
  view.set_now(20);
  view.add_running(100, {0, 1}, 5, 15);
  view.add_queued(0, 3, 5);
  view.add_queued(1, 1, 1);
  view.add_queued(2, 1, 0);
  view.add_queued(3, 1, 100);
  EasyBackfillingPolicy easy;
  CHECK(starts(easy, view) == Starts{{1, {3}}, {2, {2}}});
}

TEST_CASE("conservative_backfilling: an overdue running job frees its hosts just after now")
{
  // The state above. H: at 20 only {2,3} are free now; counting the overdue job's hosts, {0,1,2} are free from
  // 20 -> H reserves [20,25) there and waits. X (1, 1): host 2 is reserved, host 3 free over [20,21) -> starts.
  // No free host is left for Z and W.
  test::FakeCluster view(4);
  view.set_now(20);
  view.add_running(100, {0, 1}, 5, 15);
  view.add_queued(0, 3, 5);
  view.add_queued(1, 1, 1);
  view.add_queued(2, 1, 0);
  view.add_queued(3, 1, 100);
  ConservativeBackfillingPolicy conservative;
  CHECK(starts(conservative, view) == Starts{{1, {3}}});
}

TEST_CASE("easy_backfilling: oversized, zero-host and never-placeable jobs are passed over, not blocking")
{
  // 4 hosts, host 3 inactive, {1,2} busy until 10, free {0}. Queue: E (5 > 4 hosts), Z (0 hosts), A (4 hosts:
  // only 3 hosts can ever be free), B (2, 100) the head: releases 0,10,10,inf -> shadow 10, reserved {0,1}.
  // No free host is extra. C (1, 20): 20 > 10 -> waits. D (1, 5): 5 <= 10 -> starts on {0}.
  test::FakeCluster view(4);
  view.set_inactive(3);
  view.add_running(100, {1, 2}, 0, 10);
  view.add_queued(0, 5, 1);
  view.add_queued(1, 0, 1);
  view.add_queued(2, 4, 1);
  view.add_queued(3, 2, 100);
  view.add_queued(4, 1, 20);
  view.add_queued(5, 1, 5);
  EasyBackfillingPolicy easy;
  CHECK(starts(easy, view) == Starts{{5, {0}}});
}

TEST_CASE("conservative_backfilling: oversized, zero-host and never-placeable jobs reserve nothing")
{
  // The state above. E, Z, A reserve nothing. B reserves [10,110) on {0,1}. C (1, 20): host 0 over [0,20)
  // overlaps B; at 10 host 2 is free over [10,30) -> reserves there. D (1, 5): host 0 over [0,5) -> starts.
  test::FakeCluster view(4);
  view.set_inactive(3);
  view.add_running(100, {1, 2}, 0, 10);
  view.add_queued(0, 5, 1);
  view.add_queued(1, 0, 1);
  view.add_queued(2, 4, 1);
  view.add_queued(3, 2, 100);
  view.add_queued(4, 1, 20);
  view.add_queued(5, 1, 5);
  ConservativeBackfillingPolicy conservative;
  CHECK(starts(conservative, view) == Starts{{5, {0}}});
}

TEST_CASE("conservative_backfilling: an inactive host running a job is never planned on")
{
  // 2 hosts: host 1 inactive but still running a job until 5; free {0}. A (2 hosts) can never be placed;
  // B (1, 3) starts on {0}. EASY likewise.
  test::FakeCluster view(2);
  view.set_inactive(1);
  view.add_running(100, {1}, 0, 5);
  view.add_queued(0, 2, 1);
  view.add_queued(1, 1, 3);
  ConservativeBackfillingPolicy conservative;
  CHECK(starts(conservative, view) == Starts{{1, {0}}});
  EasyBackfillingPolicy easy;
  CHECK(starts(easy, view) == Starts{{1, {0}}});
}

TEST_CASE("conservative_backfilling: two zero-length jobs cannot share a host in one call")
{
  // 2 hosts: host 1 busy until 10, free {0}. Z1 (1, 0) starts on {0}; Z2 (1, 0) reserves host 0 at 0 but
  // waits for Z1 (the next call, same instant); L (2, 5) reserves [10,15) on {0,1}. EASY likewise starts Z1 only.
  test::FakeCluster view(2);
  view.add_running(100, {1}, 0, 10);
  view.add_queued(0, 1, 0);
  view.add_queued(1, 1, 0);
  view.add_queued(2, 2, 5);
  ConservativeBackfillingPolicy conservative;
  CHECK(starts(conservative, view) == Starts{{0, {0}}});
  EasyBackfillingPolicy easy;
  CHECK(starts(easy, view) == Starts{{0, {0}}});
}

TEST_CASE("easy_backfilling: nothing starts with every host busy or an empty queue")
{
  test::FakeCluster busy(2);
  busy.add_running(100, {0, 1}, 0, 10);
  busy.add_queued(0, 1, 0);
  test::FakeCluster empty(2);
  EasyBackfillingPolicy easy;
  ConservativeBackfillingPolicy conservative;
  CHECK(easy.schedule(busy).empty());
  CHECK(conservative.schedule(busy).empty());
  CHECK(easy.schedule(empty).empty());
  CHECK(conservative.schedule(empty).empty());
}

TEST_CASE("easy_backfilling: both backfilling policies are registered as central-queue policies")
{
  for (const char* name : {"easy_backfilling", "conservative_backfilling"}) {
    INFO(name);
    const PolicyInfo* info = find_policy(name);
    REQUIRE(info != nullptr);
    CHECK(info->model == DispatchModel::CentralQueue);
    CHECK(info->description.rfind("central queue: ", 0) == 0);
    auto policy = info->make(0);
    REQUIRE(policy != nullptr);
    CHECK(policy->model() == DispatchModel::CentralQueue);
  }
}

// ----- the incremental schedule against the from-scratch reference ----------------------------------------------

namespace {

// Runs the incremental policy and, on the same view at every call, the reference: the same starts on the same
// hosts, always.
class CheckedConservative : public SchedulingPolicy {
public:
  DispatchModel model() const override { return DispatchModel::CentralQueue; }
  std::vector<Dispatch> schedule(const ClusterView& view) override
  {
    auto got  = incremental.schedule(view);
    auto want = reference.schedule(view);
    ++calls;
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
      INFO("call " << calls << " at " << view.now() << ", dispatch " << k);
      REQUIRE(got[k].queue_index == want[k].queue_index);
      REQUIRE(got[k].hosts == want[k].hosts);
    }
    return got;
  }
  ConservativeBackfillingPolicy incremental{ConservativeBackfillingPolicy::Mode::Incremental};
  ConservativeBackfillingPolicy reference{ConservativeBackfillingPolicy::Mode::Reference};
  std::size_t calls = 0;
};

struct RealJob {
  double submit;
  int hosts;
  double estimate;
  double runtime; // may differ from the estimate: early ends and overdue jobs
};

// Like simulate(), with runtimes that differ from estimates and, optionally, hosts switched off and on at given
// times (each host's last switch turns it on; a switched-off host keeps its running job until it ends).
// Every job that fits the cluster runs. Returns the number of schedule() calls.
std::size_t simulate_checked(std::size_t hosts, const std::vector<RealJob>& jobs,
                             const std::vector<std::tuple<double, std::size_t, bool>>& toggles,
                             ConservativeBackfillingPolicy::Stats* stats = nullptr)
{
  auto owned   = std::make_unique<CheckedConservative>();
  auto* policy = owned.get();
  Dispatcher dispatcher(hosts, std::move(owned));
  std::multimap<double, std::int64_t> ends;
  std::size_t next = 0, toggle = 0, started = 0;
  while (next < jobs.size() || !ends.empty() || toggle < toggles.size()) {
    double t = std::numeric_limits<double>::infinity();
    if (next < jobs.size())
      t = jobs[next].submit;
    if (!ends.empty())
      t = std::min(t, ends.begin()->first);
    if (toggle < toggles.size())
      t = std::min(t, std::get<0>(toggles[toggle]));
    dispatcher.set_now(t);
    while (!ends.empty() && ends.begin()->first == t) {
      dispatcher.finish(ends.begin()->second);
      ends.erase(ends.begin());
    }
    for (; toggle < toggles.size() && std::get<0>(toggles[toggle]) == t; ++toggle)
      dispatcher.set_active(std::get<1>(toggles[toggle]) % hosts, std::get<2>(toggles[toggle]));
    for (; next < jobs.size() && jobs[next].submit == t; ++next) {
      QueuedJob job;
      job.id           = static_cast<std::int64_t>(next);
      job.submit       = jobs[next].submit;
      job.hosts_needed = jobs[next].hosts;
      job.estimate     = jobs[next].estimate;
      dispatcher.submit(job);
    }
    for (const Start& s : dispatcher.dispatch()) {
      ++started;
      ends.emplace(t + jobs[static_cast<std::size_t>(s.id)].runtime, s.id);
    }
  }
  CHECK(started ==
        jobs.size() - static_cast<std::size_t>(std::count_if(jobs.begin(), jobs.end(), [&](const RealJob& j) {
          return j.hosts < 1 || static_cast<std::size_t>(j.hosts) > hosts;
        })));
  if (stats != nullptr)
    *stats = policy->incremental.stats();
  return policy->calls;
}

} // namespace

TEST_CASE("conservative_backfilling: the incremental schedule equals the from-scratch one at every call")
{
  std::mt19937_64 rng(11);
  std::size_t calls = 0;
  ConservativeBackfillingPolicy::Stats total;
  for (int round = 0; round < 300; ++round) {
    const std::size_t hosts = 1 + rng() % 10;
    const int kind          = round % 5; // 0, 1: exact estimates; 2: early ends; 3: overdue too; 4: host toggles
    std::vector<RealJob> jobs;
    double t    = 0;
    const int n = 20 + static_cast<int>(rng() % 60);
    for (int k = 0; k < n; ++k) {
      t += static_cast<double>(rng() % 4) * (kind == 1 ? 0.5 : 1.0);
      int size = 1 + static_cast<int>(rng() % hosts);
      if (rng() % 25 == 0)
        size = static_cast<int>(hosts) + 1; // never placeable
      double estimate = static_cast<double>(rng() % 15) * (kind == 1 ? 0.25 : 1.0);
      double runtime  = estimate;
      if (kind == 2 || kind == 3)
        runtime = static_cast<double>(rng() % (static_cast<std::uint64_t>(estimate) + 1));
      if (kind == 3 && rng() % 4 == 0)
        runtime = estimate + static_cast<double>(1 + rng() % 5);
      jobs.push_back(RealJob{t, size, estimate, runtime});
    }
    std::vector<std::tuple<double, std::size_t, bool>> toggles;
    if (kind == 4)
      for (int k = 0; k < 3; ++k) { // host k off, then on again
        const double off = static_cast<double>(rng() % static_cast<std::uint64_t>(t + 20));
        toggles.emplace_back(off, static_cast<std::size_t>(k), false);
        toggles.emplace_back(off + static_cast<double>(1 + rng() % 20), static_cast<std::size_t>(k), true);
      }
    // By time; at one instant the switches on last, so that every host's last switch turns it on.
    std::sort(toggles.begin(), toggles.end());
    INFO("round " << round << " kind " << kind << " hosts " << hosts);
    ConservativeBackfillingPolicy::Stats stats;
    calls += simulate_checked(hosts, jobs, toggles, &stats);
    total.calls += stats.calls;
    total.rebuilds += stats.rebuilds;
    total.replans += stats.replans;
  }
  CHECK(calls > 5000);
  // Mostly incremental: only early ends, overdue jobs, toggles and same-instant hand-overs replan.
  CHECK(total.rebuilds < total.calls);
}

TEST_CASE("conservative_backfilling: exact estimates keep the plan: arrivals are placed, nothing is replanned")
{
  // 4 hosts, exact estimates, no zero-length jobs and no two events at one instant needing a hand-over: every
  // call after the first only places arrivals and starts reservations due now.
  const std::vector<RealJob> jobs = {{0, 2, 10, 10}, {1, 4, 5, 5}, {2, 1, 12, 12}, {3, 1, 7, 7}, {4, 1, 6, 6}};
  ConservativeBackfillingPolicy::Stats stats;
  simulate_checked(4, jobs, {}, &stats);
  CHECK(stats.rebuilds == 1);
  CHECK(stats.replans == 0);
  CHECK(stats.placements == jobs.size()); // each job once, on arrival
}

TEST_CASE("conservative_backfilling: a job ending a hair early replans, so nothing waits for the old end")
{
  // 2 hosts at 0: host 0 runs a job until 10. A (2 hosts, 5) reserves [10,15) on {0,1}; B (1, 20) cannot use
  // host 1 over [0,20) (A holds it over [10,15)): it reserves [15,35) on {0}.
  test::FakeCluster at0(2);
  at0.add_running(100, {0}, 0, 10);
  at0.add_queued(0, 2, 5);
  at0.add_queued(1, 1, 20);
  ConservativeBackfillingPolicy policy;
  CHECK(starts(policy, at0).empty());
  // The job ends 1e-12 s early: A starts now. Had that end counted as on time, B's reservation would stay at
  // 15 while A ends at early + 5, and B would wait for a call at 15 that nothing triggers.
  const double early = 10 - 1e-12;
  REQUIRE(early < 10);
  test::FakeCluster at_end(2);
  at_end.set_now(early);
  at_end.add_queued(0, 2, 5);
  at_end.add_queued(1, 1, 20);
  CHECK(starts(policy, at_end) == Starts{{0, {0, 1}}});
  CHECK(policy.stats().rebuilds == 2);
  // A runs until early + 5, as the dispatcher records it: B starts when A ends, from the kept plan.
  test::FakeCluster ended(2);
  ended.set_now(early + 5);
  ended.add_queued(1, 1, 20);
  CHECK(starts(policy, ended) == Starts{{0, {0}}});
  CHECK(policy.stats().rebuilds == 2);
  CHECK(policy.stats().replans == 0);
}
