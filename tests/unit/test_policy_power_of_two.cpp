// power_of_two routing against a fake cluster view: two distinct random active hosts, the less loaded wins.
#include "policy/policy.hpp"
#include "policy/power_of_two.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace dcflow;
using test::counts;
using test::route_n;

namespace {

// |share - p| < 5 standard errors of a proportion over n draws.
void require_share(int count, int n, double p)
{
  double sd = std::sqrt(p * (1 - p) / n);
  INFO("count " << count << " of " << n << ", expected share " << p);
  REQUIRE(std::abs(count / static_cast<double>(n) - p) < 5 * sd);
}

} // namespace

TEST_CASE("power_of_two: with two hosts the less loaded one always wins, whichever index it has")
{
  // Two hosts are always both drawn: loads 0 and 100 -> always host 0; loads 100 and 0 -> always host 1.
  test::FakeCluster view(2);
  view.set_queued_count(1, 100);
  PowerOfTwoPolicy p2(5);
  auto c = counts(route_n(p2, view, 10000), 2);
  REQUIRE(c[0] == 10000);
  view.set_queued_count(1, 0);
  view.set_queued_count(0, 100);
  c = counts(route_n(p2, view, 10000), 2);
  REQUIRE(c[1] == 10000);
}

TEST_CASE("power_of_two: the running job counts in the load")
{
  // Host 0 runs a job (1 + 0), host 1 is idle (0 + 0): always host 1.
  test::FakeCluster view(2);
  view.add_running(1, {0}, 0, 10);
  PowerOfTwoPolicy p2(6);
  REQUIRE(counts(route_n(p2, view, 1000), 2)[1] == 1000);
}

TEST_CASE("power_of_two: the two hosts drawn are distinct, and equal loads go to the lower index")
{
  // Loads 0, 0, 5. The three pairs are equally likely: {0,1} -> 0 (tie), {0,2} -> 0, {1,2} -> 1.
  // So host 0 gets 2/3, host 1 gets 1/3, and host 2 never: drawing the same host twice would send it 1/9.
  const int n = 30000;
  test::FakeCluster view(3);
  view.set_queued_count(2, 5);
  PowerOfTwoPolicy p2(11);
  auto c = counts(route_n(p2, view, n), 3);
  REQUIRE(c[2] == 0);
  require_share(c[0], n, 2.0 / 3.0);
  require_share(c[1], n, 1.0 / 3.0);
}

TEST_CASE("power_of_two: pairs are uniform: with equal loads host k wins the pairs with higher hosts")
{
  // 4 idle hosts, 6 equally likely pairs, the lower index wins: host 0 wins 3/6, host 1 2/6, host 2 1/6,
  // host 3 never.
  const int n = 60000;
  test::FakeCluster view(4);
  PowerOfTwoPolicy p2(13);
  auto c = counts(route_n(p2, view, n), 4);
  REQUIRE(c[3] == 0);
  require_share(c[0], n, 3.0 / 6.0);
  require_share(c[1], n, 2.0 / 6.0);
  require_share(c[2], n, 1.0 / 6.0);
}

TEST_CASE("power_of_two: the most loaded host never wins, the least loaded wins every pair it is in")
{
  // Loads 3, 2, 1, 0 on hosts 0..3: host 3 is in 3 of the 6 pairs -> 1/2; host 2 wins {0,2}, {1,2} -> 1/3;
  // host 1 wins {0,1} -> 1/6; host 0 never.
  const int n = 60000;
  test::FakeCluster view(4);
  view.set_queued_count(0, 3);
  view.set_queued_count(1, 2);
  view.set_queued_count(2, 1);
  PowerOfTwoPolicy p2(17);
  auto c = counts(route_n(p2, view, n), 4);
  REQUIRE(c[0] == 0);
  require_share(c[3], n, 1.0 / 2.0);
  require_share(c[2], n, 1.0 / 3.0);
  require_share(c[1], n, 1.0 / 6.0);
}

TEST_CASE("power_of_two: inactive hosts are never drawn, even when idle")
{
  // Host 0 off and idle; 1, 2, 3 hold 5 jobs each: pairs {1,2} -> 1, {1,3} -> 1, {2,3} -> 2.
  const int n = 30000;
  test::FakeCluster view(4);
  view.set_inactive(0);
  view.set_queued_count(1, 5);
  view.set_queued_count(2, 5);
  view.set_queued_count(3, 5);
  PowerOfTwoPolicy p2(19);
  auto c = counts(route_n(p2, view, n), 4);
  REQUIRE(c[0] == 0);
  REQUIRE(c[3] == 0);
  require_share(c[1], n, 2.0 / 3.0);
  require_share(c[2], n, 1.0 / 3.0);
}

TEST_CASE("power_of_two: one active host takes every job")
{
  test::FakeCluster view(4);
  view.set_inactive(0);
  view.set_inactive(1);
  view.set_inactive(3);
  view.set_queued_count(2, 50);
  PowerOfTwoPolicy p2(23);
  REQUIRE(counts(route_n(p2, view, 100), 4)[2] == 100);
}

TEST_CASE("power_of_two: the same seed gives the same sequence, and the registry passes it through")
{
  const PolicyInfo* info = find_policy("power_of_two");
  REQUIRE(info != nullptr);
  REQUIRE(info->model == DispatchModel::PerHostQueues);
  REQUIRE(info->description.rfind("per-host queues: ", 0) == 0);
  test::FakeCluster view(8);
  PowerOfTwoPolicy a(31);
  auto seq = route_n(a, view, 500);
  REQUIRE(route_n(*make_policy("power_of_two", 31), view, 500) == seq);
  REQUIRE(route_n(*make_policy("power_of_two", 32), view, 500) != seq);
}
