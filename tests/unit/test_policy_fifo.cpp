// FIFO scheduling against a fake cluster view: no engine, just a set of free hosts and a queue.
#include "policy/fifo.hpp"
#include "policy/policy.hpp"

#include "fake_cluster.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <set>
#include <vector>

using namespace dcflow;

namespace {

// Hosts 0..hosts-1 with `busy` ones running a job each, and a queue of jobs needing `needs` hosts.
class FakeView : public test::FakeCluster {
public:
  FakeView(std::size_t hosts, const std::set<std::size_t>& busy, const std::vector<int>& needs) : FakeCluster(hosts)
  {
    std::int64_t running_id = 1000;
    for (std::size_t h : busy)
      add_running(running_id++, {h}, 0, 1000);
    set_now(100.0);
    std::int64_t id = 0;
    for (int n : needs) {
      add_queued(id, n, 0, static_cast<double>(id));
      ++id;
    }
  }
};

using Hosts = std::vector<std::size_t>;

} // namespace

TEST_CASE("fifo: head jobs go to the lowest-numbered free hosts, in queue order")
{
  // Hosts 0..3, host 1 busy: free {0, 2, 3}. Queue needs 1, 2, 1:
  // job 0 -> {0}; job 1 -> {2, 3}; job 2 needs 1 with none left -> waits.
  FakeView view(4, {1}, {1, 2, 1});
  FifoPolicy fifo;
  auto d = fifo.schedule(view);
  REQUIRE(d.size() == 2);
  REQUIRE(d[0].queue_index == 0);
  REQUIRE(d[0].hosts == Hosts{0});
  REQUIRE(d[1].queue_index == 1);
  REQUIRE(d[1].hosts == Hosts{2, 3});
}

TEST_CASE("fifo: a head job that does not fit blocks the whole queue (no overtaking)")
{
  // Hosts 0..3 with 0 and 1 busy: 2 free. Head needs 3, next needs 1: nothing starts.
  FakeView view(4, {0, 1}, {3, 1});
  FifoPolicy fifo;
  REQUIRE(fifo.schedule(view).empty());
}

TEST_CASE("fifo: dispatching stops at the first job that does not fit, later small jobs wait")
{
  // 3 free hosts (0..2 of 3). Queue needs 1, 5, 1: job 0 starts on host 0, job 1 (5 > 2 left) blocks job 2.
  FakeView view(3, {}, {1, 5, 1});
  FifoPolicy fifo;
  auto d = fifo.schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].queue_index == 0);
  REQUIRE(d[0].hosts == Hosts{0});
}

TEST_CASE("fifo: an empty queue dispatches nothing")
{
  FakeView view(4, {}, {});
  FifoPolicy fifo;
  REQUIRE(fifo.schedule(view).empty());
}

TEST_CASE("fifo: with every host busy nothing is dispatched")
{
  FakeView view(2, {0, 1}, {1});
  FifoPolicy fifo;
  REQUIRE(fifo.schedule(view).empty());
}

TEST_CASE("fifo: a multi-host job gets distinct ascending free hosts")
{
  // Hosts 0..7, busy {0, 3, 4}: free 1, 2, 5, 6, 7. A 4-host job takes the lowest four: 1, 2, 5, 6.
  FakeView view(8, {0, 3, 4}, {4});
  FifoPolicy fifo;
  auto d = fifo.schedule(view);
  REQUIRE(d.size() == 1);
  REQUIRE(d[0].hosts == Hosts{1, 2, 5, 6});
  for (auto h : d[0].hosts)
    REQUIRE(view.is_free(h));
}

TEST_CASE("fifo: jobs that exactly fill the free hosts all start, with no host given twice")
{
  // 6 hosts, busy {2}: free 0, 1, 3, 4, 5. Needs 2, 1, 2 = 5: 0-1, 3, 4-5.
  FakeView view(6, {2}, {2, 1, 2});
  FifoPolicy fifo;
  auto d = fifo.schedule(view);
  REQUIRE(d.size() == 3);
  REQUIRE(d[0].hosts == Hosts{0, 1});
  REQUIRE(d[1].hosts == Hosts{3});
  REQUIRE(d[2].hosts == Hosts{4, 5});
  std::set<std::size_t> used;
  std::set<std::size_t> indices;
  for (const auto& x : d) {
    indices.insert(x.queue_index);
    for (auto h : x.hosts)
      REQUIRE(used.insert(h).second);
  }
  REQUIRE(indices == std::set<std::size_t>{0, 1, 2});
}

TEST_CASE("policy registry: fifo is registered and unknown names give nullptr")
{
  auto names = policy_names();
  REQUIRE(std::find(names.begin(), names.end(), "fifo") != names.end());
  REQUIRE(policy_registry().size() == names.size());
  for (const auto& info : policy_registry()) {
    INFO(info.name);
    REQUIRE_FALSE(info.description.empty());
    REQUIRE(info.make(0) != nullptr);
  }
  REQUIRE(make_policy("nope") == nullptr);
  REQUIRE(make_policy("") == nullptr);

  auto fifo = make_policy("fifo");
  REQUIRE(fifo != nullptr);
  // The registered policy behaves as FIFO: 2 free of 3 (host 0 busy), needs 1, 1 -> {1}, {2}.
  FakeView view(3, {0}, {1, 1});
  auto d = fifo->schedule(view);
  REQUIRE(d.size() == 2);
  REQUIRE(d[0].hosts == Hosts{1});
  REQUIRE(d[1].hosts == Hosts{2});
}
