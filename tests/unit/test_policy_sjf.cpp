// sjf against a fake cluster view: shortest estimate first, skipping what does not fit; and its cost on a
// 100k-job queue.
#include "policy/dispatcher.hpp"
#include "policy/policy.hpp"
#include "policy/sjf.hpp"
#include "util/rng.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <numeric>
#include <set>
#include <vector>

using namespace dcflow;

namespace {

using Hosts = std::vector<std::size_t>;

// Every host once at most, every queue index once at most, every host free.
void require_consistent(const ClusterView& view, const std::vector<Dispatch>& d)
{
  std::set<std::size_t> hosts;
  std::set<std::size_t> indices;
  for (const auto& x : d) {
    REQUIRE(indices.insert(x.queue_index).second);
    REQUIRE(x.hosts.size() == static_cast<std::size_t>(view.queue()[x.queue_index].hosts_needed));
    for (auto h : x.hosts) {
      REQUIRE(view.is_free(h));
      REQUIRE(hosts.insert(h).second);
    }
  }
}

} // namespace

TEST_CASE("sjf: with estimates 5, 1, 3 and one free host the 1 starts")
{
  test::FakeCluster view(1);
  view.add_queued(0, 1, 5);
  view.add_queued(1, 1, 1);
  view.add_queued(2, 1, 3);
  SjfPolicy sjf;
  auto d = sjf.schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].queue_index == 1);
  REQUIRE(d[0].hosts == Hosts{0});
}

TEST_CASE("sjf: jobs start shortest first on the lowest-numbered free hosts")
{
  // 4 hosts, host 1 busy: free 0, 2, 3. Estimates 5, 1, 3 -> the 1 (index 1) on 0, the 3 (index 2) on 2,
  // the 5 (index 0) on 3.
  test::FakeCluster view(4);
  view.add_running(100, {1}, 0, 50);
  view.add_queued(0, 1, 5);
  view.add_queued(1, 1, 1);
  view.add_queued(2, 1, 3);
  SjfPolicy sjf;
  auto d = sjf.schedule(view);
  REQUIRE(d.size() == 3);
  REQUIRE(d[0].queue_index == 1);
  REQUIRE(d[0].hosts == Hosts{0});
  REQUIRE(d[1].queue_index == 2);
  REQUIRE(d[1].hosts == Hosts{2});
  REQUIRE(d[2].queue_index == 0);
  REQUIRE(d[2].hosts == Hosts{3});
  require_consistent(view, d);
}

TEST_CASE("sjf: equal estimates go by earlier submit, then by lower id")
{
  // All estimate 2. Index 0: id 7, submit 5; index 1: id 3, submit 5; index 2: id 9, submit 1.
  // Order: index 2 (submit 1), then index 1 (submit 5, id 3), then index 0 (submit 5, id 7).
  test::FakeCluster view(2);
  view.add_queued(7, 1, 2, 5);
  view.add_queued(3, 1, 2, 5);
  view.add_queued(9, 1, 2, 1);
  SjfPolicy sjf;
  auto d = sjf.schedule(view);
  REQUIRE(d.size() == 2);
  REQUIRE(d[0].queue_index == 2);
  REQUIRE(d[0].hosts == Hosts{0});
  REQUIRE(d[1].queue_index == 1);
  REQUIRE(d[1].hosts == Hosts{1});
}

TEST_CASE("sjf: a job that does not fit is skipped and smaller ones go around it")
{
  // 3 hosts, host 1 busy: free {0, 2}. Queue (needs, estimate): A (3, 1), B (1, 2), C (2, 4), D (1, 3).
  // By estimate: A needs 3 > 2 free -> skipped; B -> host 0; D -> host 2; C needs 2 > 0 free -> waits.
  test::FakeCluster view(3);
  view.add_running(100, {1}, 0, 50);
  view.add_queued(0, 3, 1);
  view.add_queued(1, 1, 2);
  view.add_queued(2, 2, 4);
  view.add_queued(3, 1, 3);
  SjfPolicy sjf;
  auto d = sjf.schedule(view);
  REQUIRE(d.size() == 2);
  REQUIRE(d[0].queue_index == 1);
  REQUIRE(d[0].hosts == Hosts{0});
  REQUIRE(d[1].queue_index == 3);
  REQUIRE(d[1].hosts == Hosts{2});
}

TEST_CASE("sjf: a large job at the head does not block (it can starve), unlike fifo")
{
  // 2 hosts, host 0 busy. Head job needs 2 hosts (estimate 10), the next needs 1 (estimate 20): the head
  // cannot fit, the longer but smaller job starts on host 1.
  test::FakeCluster view(2);
  view.add_running(100, {0}, 0, 50);
  view.add_queued(0, 2, 10);
  view.add_queued(1, 1, 20);
  SjfPolicy sjf;
  auto d = sjf.schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].queue_index == 1);
  REQUIRE(d[0].hosts == Hosts{1});
}

TEST_CASE("sjf: a multi-host job gets the lowest free hosts, skipping busy and inactive ones")
{
  // 7 hosts, 1 and 3 busy, 4 inactive: free 0, 2, 5, 6. Queue (needs, estimate): X (1, 5), Y (2, 2).
  // Y first -> {0, 2}; X -> {5}.
  test::FakeCluster view(7);
  view.add_running(100, {1}, 0, 50);
  view.add_running(101, {3}, 0, 50);
  view.set_inactive(4);
  view.add_queued(0, 1, 5);
  view.add_queued(1, 2, 2);
  SjfPolicy sjf;
  auto d = sjf.schedule(view);
  REQUIRE(d.size() == 2);
  REQUIRE(d[0].queue_index == 1);
  REQUIRE(d[0].hosts == Hosts{0, 2});
  REQUIRE(d[1].queue_index == 0);
  REQUIRE(d[1].hosts == Hosts{5});
  require_consistent(view, d);
}

TEST_CASE("sjf: nothing starts with an empty queue or no free host")
{
  test::FakeCluster empty(3);
  SjfPolicy sjf;
  REQUIRE(sjf.schedule(empty).empty());
  test::FakeCluster full(2);
  full.add_running(100, {0, 1}, 0, 50);
  full.add_queued(0, 1, 1);
  REQUIRE(sjf.schedule(full).empty());
}

TEST_CASE("sjf: a 100k-job queue is scheduled in well under a second, and correctly")
{
  // 64 hosts, 8 busy; 100k jobs of 1..8 hosts with random estimates. Checked against a direct reference:
  // walk the jobs by (estimate, submit, id) and start each that fits.
  const std::size_t hosts = 64;
  test::FakeCluster view(hosts);
  for (std::size_t h = 0; h < hosts; h += 8)
    view.add_running(static_cast<std::int64_t>(1000000 + h), {h}, 0, 50);
  Rng rng(4242);
  for (std::int64_t id = 0; id < 100000; ++id) {
    // Coarse estimates so that many jobs tie and the submit/id tie-breaks are exercised too.
    double estimate = static_cast<double>(rng.below(1000));
    int needed      = 1 + static_cast<int>(rng.below(8));
    view.add_queued(id, needed, estimate, static_cast<double>(rng.below(50000)));
  }
  SjfPolicy sjf;
  auto t0      = std::chrono::steady_clock::now();
  auto d       = sjf.schedule(view);
  double taken = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO("schedule() took " << taken << " s");
  REQUIRE(taken < 2.0);

  const auto& q = view.queue();
  std::vector<std::size_t> order(q.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (q[a].estimate != q[b].estimate)
      return q[a].estimate < q[b].estimate;
    if (q[a].submit != q[b].submit)
      return q[a].submit < q[b].submit;
    return q[a].id < q[b].id;
  });
  std::size_t free = view.free_count();
  REQUIRE(free == 56);
  std::vector<std::size_t> expected;
  for (std::size_t i : order) {
    auto needed = static_cast<std::size_t>(q[i].hosts_needed);
    if (needed <= free) {
      expected.push_back(i);
      free -= needed;
    }
  }
  std::vector<std::size_t> got;
  for (const auto& x : d)
    got.push_back(x.queue_index);
  REQUIRE(got == expected);
  require_consistent(view, d);
}

TEST_CASE("sjf: through the dispatcher, one host runs the jobs shortest first")
{
  // One host; estimates 5, 1, 3 submitted at once. Starts: the 1 (id 2), then the 3 (id 3), then the 5 (id 1).
  Dispatcher dispatcher(1, std::make_unique<SjfPolicy>());
  for (auto [id, estimate] : {std::pair<std::int64_t, double>{1, 5}, {2, 1}, {3, 3}}) {
    QueuedJob j;
    j.id       = id;
    j.estimate = estimate;
    dispatcher.submit(j);
  }
  std::vector<std::int64_t> started;
  for (int round = 0; round < 3; ++round) {
    auto s = dispatcher.dispatch();
    REQUIRE(s.size() == 1);
    started.push_back(s[0].id);
    dispatcher.finish(s[0].id);
  }
  REQUIRE(started == std::vector<std::int64_t>{2, 3, 1});
  REQUIRE(dispatcher.queued_total() == 0);
}

TEST_CASE("sjf: registered as a central-queue policy")
{
  const PolicyInfo* info = find_policy("sjf");
  REQUIRE(info != nullptr);
  REQUIRE(info->model == DispatchModel::CentralQueue);
  REQUIRE(info->description.rfind("central queue: ", 0) == 0);
  auto policy = make_policy("sjf");
  REQUIRE(policy->model() == DispatchModel::CentralQueue);
  test::FakeCluster view(1);
  view.add_queued(0, 1, 2);
  view.add_queued(1, 1, 1);
  auto d = policy->schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].queue_index == 1);
}
