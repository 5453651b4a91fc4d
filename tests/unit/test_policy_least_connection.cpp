// least_connection routing against a fake cluster view: running + queued counts, ties, inactive hosts.
#include "policy/least_connection.hpp"
#include "policy/policy.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

using namespace dcflow;

TEST_CASE("least_connection: picks the host with the fewest running plus queued jobs")
{
  // Host: running + queued = total. 0: 1+2 = 3; 1: 0+2 = 2; 2: 1+0 = 1; 3: 1+1 = 2 -> host 2.
  test::FakeCluster view(4);
  view.add_running(10, {0}, 0, 50);
  view.add_running(12, {2}, 0, 50);
  view.add_running(13, {3}, 0, 50);
  view.set_queued_count(0, 2);
  view.set_queued_count(1, 2);
  view.set_queued_count(3, 1);
  LeastConnectionPolicy lc;
  REQUIRE(lc.route(view, QueuedJob{}) == 2);
}

TEST_CASE("least_connection: the running job counts, an idle host beats a busy one")
{
  // 0: running 1, queued 0 = 1; 1: idle = 0 -> host 1.
  test::FakeCluster view(2);
  view.add_running(10, {0}, 0, 50);
  LeastConnectionPolicy lc;
  REQUIRE(lc.route(view, QueuedJob{}) == 1);
}

TEST_CASE("least_connection: ties go to the lowest index")
{
  // All idle: host 0. Then host 0 gets 1 queued: hosts 1, 2, 3 tie at 0 -> host 1.
  test::FakeCluster view(4);
  LeastConnectionPolicy lc;
  REQUIRE(lc.route(view, QueuedJob{}) == 0);
  view.set_queued_count(0, 1);
  REQUIRE(lc.route(view, QueuedJob{}) == 1);
  // Running 1 on host 0 (total 1+0) and 1 queued on host 1 (total 0+1): a tie at 1 with 2, 3 at 2 -> host 0.
  view.set_queued_count(0, 0);
  view.add_running(10, {0}, 0, 50);
  view.set_queued_count(1, 1);
  view.set_queued_count(2, 2);
  view.set_queued_count(3, 2);
  REQUIRE(lc.route(view, QueuedJob{}) == 0);
}

TEST_CASE("least_connection: skips inactive hosts even when they are the least loaded")
{
  // Host 0 off with 0 jobs; 1: 2 queued; 2: 1 queued; 3 off with 0 jobs -> host 2.
  test::FakeCluster view(4);
  view.set_inactive(0);
  view.set_inactive(3);
  view.set_queued_count(1, 2);
  view.set_queued_count(2, 1);
  LeastConnectionPolicy lc;
  REQUIRE(lc.route(view, QueuedJob{}) == 2);
}

TEST_CASE("least_connection: outstanding work is ignored, only job counts matter")
{
  // 0: 1 queued job of 1000 s; 1: 2 queued jobs, 2 s in all -> host 0 (1 job < 2 jobs).
  test::FakeCluster view(2);
  view.set_queued_count(0, 1);
  view.set_outstanding_work(0, 1000);
  view.set_queued_count(1, 2);
  view.set_outstanding_work(1, 2);
  LeastConnectionPolicy lc;
  REQUIRE(lc.route(view, QueuedJob{}) == 0);
}

TEST_CASE("least_connection: registered as a per-host-queue policy")
{
  const PolicyInfo* info = find_policy("least_connection");
  REQUIRE(info != nullptr);
  REQUIRE(info->model == DispatchModel::PerHostQueues);
  REQUIRE(info->description.rfind("per-host queues: ", 0) == 0);
  auto policy = make_policy("least_connection");
  // 0: 1 queued, 1: idle -> host 1.
  test::FakeCluster view(2);
  view.set_queued_count(0, 1);
  REQUIRE(policy->route(view, QueuedJob{}) == 1);
}
