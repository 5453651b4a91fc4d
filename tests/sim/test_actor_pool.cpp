// The pooled actors jobs and mailbox wires run in (sim/actor_pool): tasks reuse a waiting worker of their host,
// a worker ends after its quota of tasks or when its host already has enough waiting, close() ends the waiting
// ones so that the engine ends, and a task handle kills only its own task. Counted with SimGrid's actor
// creation signal; times by hand (each task sleeps 1 s). One engine per process.
#include "sim/actor_pool.hpp"
#include "sim/engine_setup.hpp"
#include "sim_support.hpp"

#include <catch2/catch.hpp>

#include <memory>

namespace sg4 = simgrid::s4u;
using namespace dcflow;

namespace {

struct Engine {
  std::vector<std::string> argv;
  std::unique_ptr<sg4::Engine> engine;
  int created = 0;

  Engine()
  {
    engine = create_engine(test::engine_args(), argv);
    engine->load_platform(DCFLOW_TEST_DIR "/platforms/four_servers.xml");
    sg4::Actor::on_creation_cb([this](sg4::Actor&) { ++created; });
  }
  sg4::Host* host(int i) const { return engine->get_all_hosts().at(static_cast<std::size_t>(i)); }
};

} // namespace

TEST_CASE("actor pool: tasks one after another on a host reuse one worker, up to its quota")
{
  Engine e;
  ActorPool pool(3, 2);
  std::vector<double> ends;
  sg4::Host* h = e.host(0);
  sg4::Actor::create("driver", e.host(1), [&] {
    for (int i = 0; i < 7; ++i) { // 7 tasks of 1 s, each started when the previous has ended
      bool done = false;
      pool.run("worker", h, [&] {
        sg4::this_actor::sleep_for(1);
        ends.push_back(sg4::Engine::get_clock());
        done = true;
      });
      while (!done)
        sg4::this_actor::sleep_for(0.25);
    }
    pool.close();
  });
  e.engine->run();
  // 1 driver + workers: tasks 1-3, 4-6 and 7 (a quota of 3 per worker) = 3 workers.
  CHECK(e.created == 1 + 3);
  REQUIRE(ends.size() == 7);
  // The driver's polls every 0.25 s fall on the whole seconds, where each task ends (its worker's sleep began
  // before the driver's, so it wakes first in that instant): task i runs from i to i + 1, the run ends at 7.
  for (std::size_t i = 0; i < ends.size(); ++i)
    CHECK(ends[i] == Approx(static_cast<double>(i) + 1.0));
  CHECK(sg4::Engine::get_clock() == Approx(7.0));
}

TEST_CASE("actor pool: a burst makes one worker per task, and only the waiting quota stays")
{
  Engine e;
  ActorPool pool(100, 2);
  int finished = 0;
  sg4::Actor::create("driver", e.host(1), [&] {
    for (int i = 0; i < 5; ++i) // 5 tasks at once: no worker waits, 5 are made
      pool.run("worker", e.host(0), [&] {
        sg4::this_actor::sleep_for(1);
        ++finished;
      });
    sg4::this_actor::sleep_for(2); // all 5 have ended: 2 wait, 3 ended
    for (int i = 0; i < 2; ++i)     // 2 more at once: the 2 waiting take them
      pool.run("worker", e.host(0), [&] {
        sg4::this_actor::sleep_for(1);
        ++finished;
      });
    sg4::this_actor::sleep_for(2);
    pool.close();
  });
  e.engine->run();
  CHECK(finished == 7);
  CHECK(e.created == 1 + 5);
  CHECK(sg4::Engine::get_clock() == Approx(4.0)); // close() ends the waiting workers at once
}

TEST_CASE("actor pool: a task's handle kills its own task, not the worker's next one")
{
  Engine e;
  ActorPool pool(100, 2);
  bool first_done = false, second_done = false, third_done = false;
  sg4::Actor::create("driver", e.host(1), [&] {
    ActorPool::Task first = pool.run("worker", e.host(0), [&] {
      sg4::this_actor::sleep_for(1);
      first_done = true;
    });
    sg4::this_actor::sleep_for(2);
    // The worker waits; it takes the second task, and the first task's handle must leave it alone.
    pool.run("worker", e.host(0), [&] {
      sg4::this_actor::sleep_for(1);
      second_done = true;
    });
    first.kill();
    sg4::this_actor::sleep_for(2);
    ActorPool::Task third = pool.run("worker", e.host(0), [&] {
      sg4::this_actor::sleep_for(1);
      third_done = true;
    });
    sg4::this_actor::sleep_for(0.5);
    third.kill(); // mid-task: its worker dies, the task never ends
    sg4::this_actor::sleep_for(1);
    pool.close();
  });
  e.engine->run();
  CHECK(first_done);
  CHECK(second_done);
  CHECK_FALSE(third_done);
  CHECK(e.created == 1 + 1); // the same worker ran all three
}
