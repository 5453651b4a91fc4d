// locality against a fake cluster view: queue order with head-of-line blocking, data hosts first.
#include "policy/dispatcher.hpp"
#include "policy/locality.hpp"
#include "policy/policy.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <vector>

using namespace dcflow;

namespace {

using Hosts = std::vector<std::size_t>;

QueuedJob job(std::int64_t id, int hosts_needed, Hosts data_hosts)
{
  QueuedJob j;
  j.id           = id;
  j.submit       = static_cast<double>(id);
  j.hosts_needed = hosts_needed;
  j.data_hosts   = std::move(data_hosts);
  return j;
}

} // namespace

TEST_CASE("locality: a single-host job goes to its free data host")
{
  // 4 free hosts, data on host 2 -> {2}, not the lowest free host 0.
  test::FakeCluster view(4);
  view.add_queued(job(0, 1, {2}));
  LocalityPolicy loc;
  auto d = loc.schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].queue_index == 0);
  REQUIRE(d[0].hosts == Hosts{2});
}

TEST_CASE("locality: with its data host busy or inactive a job falls back to the lowest free host")
{
  // Busy: 4 hosts, host 2 busy, data on 2 -> {0}.
  test::FakeCluster busy(4);
  busy.add_running(100, {2}, 0, 10);
  busy.add_queued(job(0, 1, {2}));
  LocalityPolicy loc;
  auto d = loc.schedule(busy);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].hosts == Hosts{0});
  // Inactive: 4 hosts, 0 busy, data host 3 off -> lowest free is 1.
  test::FakeCluster off(4);
  off.add_running(100, {0}, 0, 10);
  off.set_inactive(3);
  off.add_queued(job(0, 1, {3}));
  d = loc.schedule(off);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].hosts == Hosts{1});
}

TEST_CASE("locality: among several data hosts the first free one in the job's order of preference")
{
  // Data on 3 then 1 (3 holds more of it): both free -> {3}; with 3 busy -> {1} (not the lowest free host 0).
  LocalityPolicy loc;
  test::FakeCluster view(4);
  view.add_queued(job(0, 1, {3, 1}));
  auto d = loc.schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].hosts == Hosts{3});
  view.add_running(100, {3}, 0, 10);
  d = loc.schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].hosts == Hosts{1});
}

TEST_CASE("locality: a data host taken earlier in the same call is not given twice")
{
  // 4 free hosts. A (data 2) -> 2; B (data 2, now taken) -> lowest free 0; C (no data) -> 1;
  // D (no data) -> 3, skipping 2, taken by A.
  test::FakeCluster view(4);
  view.add_queued(job(0, 1, {2}));
  view.add_queued(job(1, 1, {2}));
  view.add_queued(job(2, 1, {}));
  view.add_queued(job(3, 1, {}));
  LocalityPolicy loc;
  auto d = loc.schedule(view);
  REQUIRE(d.size() == 4);
  REQUIRE(d[0].hosts == Hosts{2});
  REQUIRE(d[1].hosts == Hosts{0});
  REQUIRE(d[2].hosts == Hosts{1});
  REQUIRE(d[3].hosts == Hosts{3});
  for (std::size_t i = 0; i < 4; ++i)
    REQUIRE(d[i].queue_index == i);
}

TEST_CASE("locality: a job without data takes the lowest free host, even if a later job's data is there")
{
  // Queue order rules: A (no data) -> 0; B (data 0, taken) -> 1.
  test::FakeCluster view(3);
  view.add_queued(job(0, 1, {}));
  view.add_queued(job(1, 1, {0}));
  LocalityPolicy loc;
  auto d = loc.schedule(view);
  REQUIRE(d.size() == 2);
  REQUIRE(d[0].hosts == Hosts{0});
  REQUIRE(d[1].hosts == Hosts{1});
}

TEST_CASE("locality: head-of-line blocking as fifo, the first job that does not fit stops dispatching")
{
  // 3 free hosts. Queue: 1 host (data 1) -> {1}; 5 hosts > 2 left -> blocks; 1 host (data 0) waits.
  test::FakeCluster view(3);
  view.add_queued(job(0, 1, {1}));
  view.add_queued(job(1, 5, {}));
  view.add_queued(job(2, 1, {0}));
  LocalityPolicy loc;
  auto d = loc.schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].queue_index == 0);
  REQUIRE(d[0].hosts == Hosts{1});
}

TEST_CASE("locality: a multi-host job takes its free data hosts first, then the lowest free others")
{
  // 6 hosts, 0 busy: free 1..5. Needs 3, data on 4 then 2 -> data hosts in that order {4, 2}, then the
  // lowest other free host 1: {4, 2, 1} (its first host holds the most data).
  test::FakeCluster view(6);
  view.add_running(100, {0}, 0, 10);
  view.add_queued(job(0, 3, {4, 2}));
  LocalityPolicy loc;
  auto d = loc.schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].hosts == Hosts{4, 2, 1});
}

TEST_CASE("locality: a multi-host job with more data hosts than it needs takes the first free ones")
{
  // 6 hosts, needs 2, data on 1, 5, 3 in that order of preference with 1 busy -> {5, 3}. Then a 1-host job
  // without data -> 0.
  test::FakeCluster view(6);
  view.add_running(100, {1}, 0, 10);
  view.add_queued(job(0, 2, {1, 5, 3}));
  view.add_queued(job(1, 1, {}));
  LocalityPolicy loc;
  auto d = loc.schedule(view);
  REQUIRE(d.size() == 2);
  REQUIRE(d[0].hosts == Hosts{5, 3});
  REQUIRE(d[1].hosts == Hosts{0});
}

TEST_CASE("locality: repeated or out-of-range data hosts are harmless")
{
  // 3 free hosts. Needs 2, data {2, 2, 99}: host 2 once, 99 is not a pool host -> {2, 0}.
  test::FakeCluster view(3);
  view.add_queued(job(0, 2, {2, 2, 99}));
  LocalityPolicy loc;
  auto d = loc.schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].hosts == Hosts{2, 0});
}

TEST_CASE("locality: every host given is free and given once, over a mixed queue")
{
  // 8 hosts, 3 busy and 6 off: free 0, 1, 2, 4, 5, 7 (6 hosts). Queue (needs, data):
  // (1, {5}) -> 5; (2, {5, 7}) -> 7 then 0; (2, {}) -> 1, 2; (1, {3}) -> 3 busy -> 4; (1, {}) -> nothing left.
  test::FakeCluster view(8);
  view.add_running(100, {3}, 0, 10);
  view.set_inactive(6);
  view.add_queued(job(0, 1, {5}));
  view.add_queued(job(1, 2, {5, 7}));
  view.add_queued(job(2, 2, {}));
  view.add_queued(job(3, 1, {3}));
  view.add_queued(job(4, 1, {}));
  LocalityPolicy loc;
  auto d = loc.schedule(view);
  REQUIRE(d.size() == 4);
  REQUIRE(d[0].hosts == Hosts{5});
  REQUIRE(d[1].hosts == Hosts{7, 0});
  REQUIRE(d[2].hosts == Hosts{1, 2});
  REQUIRE(d[3].hosts == Hosts{4});
  std::set<std::size_t> used;
  for (const auto& x : d)
    for (auto h : x.hosts) {
      REQUIRE(view.is_free(h));
      REQUIRE(used.insert(h).second);
    }
}

TEST_CASE("locality: registered as a central-queue policy")
{
  const PolicyInfo* info = find_policy("locality");
  REQUIRE(info != nullptr);
  REQUIRE(info->model == DispatchModel::CentralQueue);
  REQUIRE(info->description.rfind("central queue: ", 0) == 0);
  auto policy = make_policy("locality");
  test::FakeCluster view(3);
  view.add_queued(job(0, 1, {2}));
  auto d = policy->schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].hosts == Hosts{2});
}

TEST_CASE("locality: through the dispatcher, data hosts come from its locator when it has one")
{
  // The job itself says host 1; the locator (the simulation, which knows where data is now) says host 3
  // for job 7 and nothing for others. Job 7 goes to 3; job 8 falls back to the lowest free host, 0.
  Dispatcher d(4, std::make_unique<LocalityPolicy>());
  d.set_data_locator([](const QueuedJob& q) { return q.id == 7 ? Hosts{3} : Hosts{}; });
  d.submit(job(7, 1, {1}));
  d.submit(job(8, 1, {1}));
  auto s = d.dispatch();
  REQUIRE(s.size() == 2);
  REQUIRE(s[0].id == 7);
  REQUIRE(s[0].hosts == Hosts{3});
  REQUIRE(s[1].id == 8);
  REQUIRE(s[1].hosts == Hosts{0});
}

TEST_CASE("locality: without a locator the dispatcher gives the job's own data hosts")
{
  Dispatcher d(4, std::make_unique<LocalityPolicy>());
  d.submit(job(7, 1, {2}));
  auto s = d.dispatch();
  REQUIRE(s.size() == 1);
  REQUIRE(s[0].hosts == Hosts{2});
}
