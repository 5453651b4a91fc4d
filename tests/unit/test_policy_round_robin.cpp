// round_robin routing against a fake cluster view: the cycle, inactive hosts, and load being ignored.
#include "policy/policy.hpp"
#include "policy/round_robin.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace dcflow;
using test::route_n;

namespace {

using Hosts = std::vector<std::size_t>;

} // namespace

TEST_CASE("round_robin: cycles over the hosts in index order, starting at host 0")
{
  // 3 active hosts, 7 jobs: 0 1 2, 0 1 2, 0.
  test::FakeCluster view(3);
  RoundRobinPolicy rr;
  REQUIRE(route_n(rr, view, 7) == Hosts{0, 1, 2, 0, 1, 2, 0});
}

TEST_CASE("round_robin: skips inactive hosts")
{
  // 5 hosts, 1 and 3 off: the cycle is 0 2 4.
  test::FakeCluster view(5);
  view.set_inactive(1);
  view.set_inactive(3);
  RoundRobinPolicy rr;
  REQUIRE(route_n(rr, view, 5) == Hosts{0, 2, 4, 0, 2});
}

TEST_CASE("round_robin: with host 0 inactive the first job and every wrap go to host 1")
{
  // 4 hosts, 0 off: 1 2 3, then wrapping past the end skips 0: 1.
  test::FakeCluster view(4);
  view.set_inactive(0);
  RoundRobinPolicy rr;
  REQUIRE(route_n(rr, view, 4) == Hosts{1, 2, 3, 1});
}

TEST_CASE("round_robin: remembers the last host across changes of the active set")
{
  // 4 hosts: 0, 1; host 2 switches off -> 3 (not back to 0); then 0; host 2 back on -> 1, 2.
  test::FakeCluster view(4);
  RoundRobinPolicy rr;
  REQUIRE(route_n(rr, view, 2) == Hosts{0, 1});
  view.set_inactive(2);
  REQUIRE(route_n(rr, view, 2) == Hosts{3, 0});
  view.set_inactive(2, false);
  REQUIRE(route_n(rr, view, 3) == Hosts{1, 2, 3});
}

TEST_CASE("round_robin: the last host chosen switching off moves the cycle on, not back")
{
  // 3 hosts: 0, 1; host 1 (the last chosen) switches off: next is 2, then 0, then 2.
  test::FakeCluster view(3);
  RoundRobinPolicy rr;
  REQUIRE(route_n(rr, view, 2) == Hosts{0, 1});
  view.set_inactive(1);
  REQUIRE(route_n(rr, view, 3) == Hosts{2, 0, 2});
}

TEST_CASE("round_robin: a single active host takes every job")
{
  test::FakeCluster view(4);
  view.set_inactive(0);
  view.set_inactive(1);
  view.set_inactive(3);
  RoundRobinPolicy rr;
  REQUIRE(route_n(rr, view, 3) == Hosts{2, 2, 2});
}

TEST_CASE("round_robin: load is ignored")
{
  // Host 0 busy with 5 queued and 100 s of work, host 1 idle: the cycle still starts at 0.
  test::FakeCluster view(2);
  view.add_running(1, {0}, 0, 100);
  view.set_queued_count(0, 5);
  view.set_outstanding_work(0, 100);
  RoundRobinPolicy rr;
  REQUIRE(route_n(rr, view, 3) == Hosts{0, 1, 0});
}

TEST_CASE("round_robin: registered as a per-host-queue policy")
{
  const PolicyInfo* info = find_policy("round_robin");
  REQUIRE(info != nullptr);
  REQUIRE(info->model == DispatchModel::PerHostQueues);
  REQUIRE(info->description.rfind("per-host queues: ", 0) == 0);
  auto policy = make_policy("round_robin", 7);
  REQUIRE(policy->model() == DispatchModel::PerHostQueues);
  test::FakeCluster view(2);
  REQUIRE(route_n(*policy, view, 3) == Hosts{0, 1, 0});
}
