// random routing against a fake cluster view: uniform over active hosts, reproducible from its seed.
#include "policy/policy.hpp"
#include "policy/random.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using namespace dcflow;
using test::counts;
using test::route_n;

TEST_CASE("random: 100k routes to 4 hosts give each host 25% within 5 standard errors")
{
  // p = 1/4, n = 100000: sd of a proportion = sqrt(p (1 - p) / n) = 0.00137; 5 sd = 0.0068, i.e. 25000 +- 685.
  const int n = 100000;
  test::FakeCluster view(4);
  RandomPolicy random(12345);
  auto c          = counts(route_n(random, view, n), 4);
  const double sd = std::sqrt(0.25 * 0.75 / n);
  for (std::size_t h = 0; h < 4; ++h) {
    INFO("host " << h << ": " << c[h]);
    REQUIRE(std::abs(c[h] / static_cast<double>(n) - 0.25) < 5 * sd);
  }
}

TEST_CASE("random: never an inactive host, uniform over the active ones")
{
  // 5 hosts, 1 and 3 off: 0, 2, 4 each 1/3. n = 30000: sd = sqrt((1/3)(2/3)/30000) = 0.0027; 5 sd = 0.0136.
  const int n = 30000;
  test::FakeCluster view(5);
  view.set_inactive(1);
  view.set_inactive(3);
  RandomPolicy random(7);
  auto c = counts(route_n(random, view, n), 5);
  REQUIRE(c[1] == 0);
  REQUIRE(c[3] == 0);
  const double p  = 1.0 / 3.0;
  const double sd = std::sqrt(p * (1 - p) / n);
  for (std::size_t h : std::vector<std::size_t>{0, 2, 4}) {
    INFO("host " << h << ": " << c[h]);
    REQUIRE(std::abs(c[h] / static_cast<double>(n) - p) < 5 * sd);
  }
}

TEST_CASE("random: the same seed gives the same sequence, another seed another one")
{
  test::FakeCluster view(4);
  RandomPolicy a(99);
  RandomPolicy b(99);
  RandomPolicy c(100);
  auto seq_a = route_n(a, view, 1000);
  REQUIRE(route_n(b, view, 1000) == seq_a);
  // Two independent uniform sequences of 1000 draws over 4 hosts agree with probability 4^-1000.
  REQUIRE(route_n(c, view, 1000) != seq_a);
}

TEST_CASE("random: the registry passes the seed through")
{
  const PolicyInfo* info = find_policy("random");
  REQUIRE(info != nullptr);
  REQUIRE(info->model == DispatchModel::PerHostQueues);
  REQUIRE(info->description.rfind("per-host queues: ", 0) == 0);
  test::FakeCluster view(8);
  auto registered = make_policy("random", 2024);
  RandomPolicy direct(2024);
  REQUIRE(route_n(*registered, view, 200) == route_n(direct, view, 200));
  REQUIRE(route_n(*make_policy("random", 2025), view, 200) != route_n(*make_policy("random", 2024), view, 200));
}

TEST_CASE("random: a single active host takes every job")
{
  test::FakeCluster view(3);
  view.set_inactive(0);
  view.set_inactive(2);
  RandomPolicy random(1);
  for (std::size_t h : route_n(random, view, 100))
    REQUIRE(h == 1);
}

TEST_CASE("random: hosts switched off between routes are never chosen")
{
  // Switch hosts off and on between draws: every choice must be active at the time it is made.
  test::FakeCluster view(6);
  RandomPolicy random(3);
  QueuedJob job;
  for (int i = 0; i < 600; ++i) {
    std::size_t off = static_cast<std::size_t>(i % 6);
    view.set_inactive(off);
    view.set_inactive((off + 1) % 6);
    std::size_t h = random.route(view, job);
    INFO("route " << i);
    REQUIRE(view.is_active(h));
    view.set_inactive(off, false);
    view.set_inactive((off + 1) % 6, false);
  }
}
