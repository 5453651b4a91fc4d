// most_free_kv routing against a fake cluster view: the most unreserved KV memory wins, ties to the lowest
// index, inactive replicas never chosen.
#include "policy/most_free_kv.hpp"
#include "policy/policy.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

using namespace dcflow;

TEST_CASE("most_free_kv: picks the replica with the most free KV memory")
{
  // Free bytes 10, 30, -5, 20 -> replica 1, whatever the job counts say (replica 1 is the busiest by count).
  test::FakeCluster view(4);
  view.set_free_memory(0, 10);
  view.set_free_memory(1, 30);
  view.set_free_memory(2, -5);
  view.set_free_memory(3, 20);
  view.set_queued_count(1, 5);
  MostFreeKvPolicy policy;
  REQUIRE(policy.route(view, QueuedJob{}) == 1);
}

TEST_CASE("most_free_kv: ties go to the lowest index, inactive replicas are skipped")
{
  // 0 and 2 tie at 30 but 0 is off -> 2; then 2 off too -> 1 (20) before 3 (10).
  test::FakeCluster view(4);
  view.set_free_memory(0, 30);
  view.set_free_memory(1, 20);
  view.set_free_memory(2, 30);
  view.set_free_memory(3, 10);
  view.set_inactive(0);
  MostFreeKvPolicy policy;
  REQUIRE(policy.route(view, QueuedJob{}) == 2);
  view.set_inactive(2);
  REQUIRE(policy.route(view, QueuedJob{}) == 1);
}
