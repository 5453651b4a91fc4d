// least_loaded routing against a fake cluster view: outstanding work, ties, inactive hosts; and through
// the dispatcher, whose outstanding_work() counts queued estimates plus the running job's remainder.
#include "policy/dispatcher.hpp"
#include "policy/least_loaded.hpp"
#include "policy/policy.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

#include <memory>

using namespace dcflow;

TEST_CASE("least_loaded: picks the host with the least outstanding work")
{
  // Work 5, 2.5, 7, 3 s -> host 1.
  test::FakeCluster view(4);
  view.set_outstanding_work(0, 5);
  view.set_outstanding_work(1, 2.5);
  view.set_outstanding_work(2, 7);
  view.set_outstanding_work(3, 3);
  LeastLoadedPolicy ll;
  REQUIRE(ll.route(view, QueuedJob{}) == 1);
}

TEST_CASE("least_loaded: ties go to the lowest index")
{
  // Work 4, 2, 2, 9 -> hosts 1 and 2 tie -> host 1. All zero -> host 0.
  test::FakeCluster view(4);
  LeastLoadedPolicy ll;
  REQUIRE(ll.route(view, QueuedJob{}) == 0);
  view.set_outstanding_work(0, 4);
  view.set_outstanding_work(1, 2);
  view.set_outstanding_work(2, 2);
  view.set_outstanding_work(3, 9);
  REQUIRE(ll.route(view, QueuedJob{}) == 1);
}

TEST_CASE("least_loaded: skips inactive hosts even with no work")
{
  // Host 1 off with 0 s; others 6, 8, 3 -> host 3.
  test::FakeCluster view(4);
  view.set_inactive(1);
  view.set_outstanding_work(0, 6);
  view.set_outstanding_work(2, 8);
  view.set_outstanding_work(3, 3);
  LeastLoadedPolicy ll;
  REQUIRE(ll.route(view, QueuedJob{}) == 3);
}

TEST_CASE("least_loaded: work, not job count, decides")
{
  // 0: 3 queued jobs worth 1 s; 1: one running job with 2 s left and nothing queued -> host 0.
  test::FakeCluster view(2);
  view.set_queued_count(0, 3);
  view.set_outstanding_work(0, 1);
  view.add_running(7, {1}, 0, 2);
  view.set_outstanding_work(1, 2);
  LeastLoadedPolicy ll;
  REQUIRE(ll.route(view, QueuedJob{}) == 0);
}

TEST_CASE("least_loaded: through the dispatcher, jobs spread by remaining estimated work")
{
  // 2 hosts at t = 0. Job 1 (10 s) -> both hosts hold 0 s -> host 0 (tie), starts there.
  // Job 2 (4 s) -> host 0 has 10 s, host 1 0 s -> host 1, starts there.
  // At t = 3: host 0 has 7 s left, host 1 has 1 s. Job 3 (5 s) -> host 1 (queued behind job 2; 1 + 5 = 6 s).
  // Job 4 (1 s) -> host 0 holds 7 s, host 1 6 s -> host 1 again. Job 5 -> 7 vs 7: tie -> host 0.
  Dispatcher d(2, std::make_unique<LeastLoadedPolicy>());
  auto job = [](std::int64_t id, double estimate) {
    QueuedJob j;
    j.id       = id;
    j.estimate = estimate;
    return j;
  };
  d.submit(job(1, 10));
  auto s = d.dispatch();
  REQUIRE(s.size() == 1);
  REQUIRE(s[0].hosts == std::vector<std::size_t>{0});
  d.submit(job(2, 4));
  s = d.dispatch();
  REQUIRE(s.size() == 1);
  REQUIRE(s[0].hosts == std::vector<std::size_t>{1});
  d.set_now(3);
  d.submit(job(3, 5));
  REQUIRE(d.queued_count(1) == 1);
  REQUIRE(d.outstanding_work(1) == Approx(6));
  d.submit(job(4, 1));
  REQUIRE(d.queued_count(1) == 2);
  REQUIRE(d.queued_count(0) == 0);
  d.submit(job(5, 1));
  REQUIRE(d.queued_count(0) == 1);
  REQUIRE(d.dispatch().empty()); // both hosts are still busy
}

TEST_CASE("least_loaded: registered as a per-host-queue policy")
{
  const PolicyInfo* info = find_policy("least_loaded");
  REQUIRE(info != nullptr);
  REQUIRE(info->model == DispatchModel::PerHostQueues);
  REQUIRE(info->description.rfind("per-host queues: ", 0) == 0);
  auto policy = make_policy("least_loaded");
  test::FakeCluster view(3);
  view.set_outstanding_work(0, 1);
  view.set_outstanding_work(1, 1);
  view.set_outstanding_work(2, 0.5);
  REQUIRE(policy->route(view, QueuedJob{}) == 2);
}
