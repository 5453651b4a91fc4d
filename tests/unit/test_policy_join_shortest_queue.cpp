// join_shortest_queue routing against a fake cluster view: waiting jobs first, then fewest running, then index.
#include "policy/join_shortest_queue.hpp"
#include "policy/least_connection.hpp"
#include "policy/policy.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

using namespace dcflow;

TEST_CASE("join_shortest_queue: picks the host with the fewest jobs waiting")
{
  // Queued 3, 1, 2, 4 (all busy) -> host 1.
  test::FakeCluster view(4);
  for (std::size_t h = 0; h < 4; ++h)
    view.add_running(static_cast<std::int64_t>(h), {h}, 0, 10);
  view.set_queued_count(0, 3);
  view.set_queued_count(1, 1);
  view.set_queued_count(2, 2);
  view.set_queued_count(3, 4);
  JoinShortestQueuePolicy jsq;
  REQUIRE(jsq.route(view, QueuedJob{}) == 1);
}

TEST_CASE("join_shortest_queue: among equal queues a free host comes first")
{
  // All queues empty; hosts 0 and 1 busy, 2 and 3 free -> host 2 (free, then lowest index).
  test::FakeCluster view(4);
  view.add_running(1, {0}, 0, 10);
  view.add_running(2, {1}, 0, 10);
  JoinShortestQueuePolicy jsq;
  REQUIRE(jsq.route(view, QueuedJob{}) == 2);
}

TEST_CASE("join_shortest_queue: among equal busy queues the lowest index wins")
{
  // All busy, queued 2, 1, 1 -> hosts 1 and 2 tie, both busy -> host 1. All idle and empty -> host 0.
  test::FakeCluster idle(3);
  JoinShortestQueuePolicy jsq;
  REQUIRE(jsq.route(idle, QueuedJob{}) == 0);
  test::FakeCluster view(3);
  for (std::size_t h = 0; h < 3; ++h)
    view.add_running(static_cast<std::int64_t>(h), {h}, 0, 10);
  view.set_queued_count(0, 2);
  view.set_queued_count(1, 1);
  view.set_queued_count(2, 1);
  REQUIRE(jsq.route(view, QueuedJob{}) == 1);
}

TEST_CASE("join_shortest_queue: a shorter queue beats a free host with a longer one")
{
  // Host 0 free with 1 job waiting (routed, not yet started), host 1 busy with none waiting -> host 1.
  test::FakeCluster view(2);
  view.set_queued_count(0, 1);
  view.add_running(1, {1}, 0, 10);
  JoinShortestQueuePolicy jsq;
  REQUIRE(jsq.route(view, QueuedJob{}) == 1);
}

TEST_CASE("join_shortest_queue: differs from least_connection, which counts the running job")
{
  // Same state: host 0 running 0 + waiting 1, host 1 running 1 + waiting 0. least_connection sees 1 and 1
  // and takes host 0 (lower index); join_shortest_queue sees 1 and 0 waiting and takes host 1.
  test::FakeCluster view(2);
  view.set_queued_count(0, 1);
  view.add_running(1, {1}, 0, 10);
  LeastConnectionPolicy lc;
  JoinShortestQueuePolicy jsq;
  REQUIRE(lc.route(view, QueuedJob{}) == 0);
  REQUIRE(jsq.route(view, QueuedJob{}) == 1);
}

TEST_CASE("join_shortest_queue: skips inactive hosts")
{
  // Host 0 off, idle and empty; host 1 busy with 1 waiting; host 2 busy with 2 waiting -> host 1.
  test::FakeCluster view(3);
  view.set_inactive(0);
  view.add_running(1, {1}, 0, 10);
  view.add_running(2, {2}, 0, 10);
  view.set_queued_count(1, 1);
  view.set_queued_count(2, 2);
  JoinShortestQueuePolicy jsq;
  REQUIRE(jsq.route(view, QueuedJob{}) == 1);
}

TEST_CASE("join_shortest_queue: an inactive host running nothing is not taken as free")
{
  // Hosts 0 (busy) and 1 (off, running nothing) and 2 (busy), all with empty queues. Host 1 is not free
  // (it is off) and must not be chosen: the free tie-break only applies among active hosts -> host 0.
  test::FakeCluster view(3);
  view.set_inactive(1);
  view.add_running(1, {0}, 0, 10);
  view.add_running(2, {2}, 0, 10);
  JoinShortestQueuePolicy jsq;
  REQUIRE(jsq.route(view, QueuedJob{}) == 0);
}

TEST_CASE("join_shortest_queue: registered as a per-host-queue policy")
{
  const PolicyInfo* info = find_policy("join_shortest_queue");
  REQUIRE(info != nullptr);
  REQUIRE(info->model == DispatchModel::PerHostQueues);
  REQUIRE(info->description.rfind("per-host queues: ", 0) == 0);
  auto policy = make_policy("join_shortest_queue");
  test::FakeCluster view(3);
  view.add_running(1, {0}, 0, 10);
  REQUIRE(policy->route(view, QueuedJob{}) == 1);
}

TEST_CASE("join_shortest_queue: among equal queues the host running the fewest jobs wins (an inference replica's batch)")
{
  // Regression: an inference replica runs a batch of many requests and queues only those that do not fit, so
  // under continuous batching every queue is usually empty. Counting only "busy or not" sent every request to
  // replica 0. Running 5, 2, 3 with no queue -> host 1; queues 0, 1, 0 -> host 2 (3 running, 0 waiting) beats
  // host 1 (1 waiting).
  test::FakeCluster view(3);
  std::int64_t id = 0;
  for (auto [host, n] : {std::pair<std::size_t, int>{0, 5}, {1, 2}, {2, 3}})
    for (int k = 0; k < n; ++k)
      view.add_running(id++, {host}, 0, 10);
  JoinShortestQueuePolicy jsq;
  REQUIRE(jsq.route(view, QueuedJob{}) == 1);
  view.set_queued_count(1, 1);
  REQUIRE(jsq.route(view, QueuedJob{}) == 2);
}
