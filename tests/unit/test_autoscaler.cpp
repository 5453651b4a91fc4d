// Autoscaling decisions without an engine: hand-set pool states.
#include "policy/autoscaler.hpp"

#include <catch2/catch.hpp>

using namespace dcflow;

namespace {

AutoscaleSettings settings()
{
  AutoscaleSettings s;
  s.enabled         = true;
  s.min             = 1;
  s.max             = 4;
  s.scale_out_queue = 2;
  s.step            = 2;
  s.cooldown        = 30;
  s.scale_in_idle   = 60;
  return s;
}

PoolState pool(std::vector<PowerState> power, std::vector<bool> busy, std::size_t queued, double now = 100)
{
  PoolState p;
  p.now        = now;
  p.power      = std::move(power);
  p.busy       = std::move(busy);
  p.idle_since = std::vector<double>(p.power.size(), 0.0);
  p.queued     = queued;
  return p;
}

using P = PowerState;

} // namespace

TEST_CASE("autoscaler: a queue at the threshold switches on `step` hosts, lowest-numbered off hosts first")
{
  Autoscaler a(settings());
  // 1 active and busy, 2 queued (= threshold): step 2 -> hosts 1 and 2.
  auto action = a.decide(pool({P::Active, P::Off, P::Off, P::Off, P::Off}, {true, false, false, false, false}, 2));
  REQUIRE(action.switch_on == std::vector<std::size_t>{1, 2});
  REQUIRE(action.switch_off.empty());
}

TEST_CASE("autoscaler: never more than max powered, booting hosts included")
{
  Autoscaler a(settings());
  // max 4: 2 active + 1 booting = 3 powered -> only 1 more.
  auto action =
      a.decide(pool({P::Active, P::Active, P::Booting, P::Off, P::Off}, {true, true, false, false, false}, 9));
  REQUIRE(action.switch_on == std::vector<std::size_t>{3});
}

TEST_CASE("autoscaler: no action within the cooldown of the previous one")
{
  Autoscaler a(settings());
  auto first = a.decide(pool({P::Active, P::Off, P::Off, P::Off}, {true, false, false, false}, 5, 100));
  REQUIRE(first.switch_on.size() == 2);
  // 29 s later (cooldown 30): nothing; 30 s later: acts again.
  REQUIRE(a.decide(pool({P::Active, P::Booting, P::Booting, P::Off}, {true, false, false, false}, 5, 129))
              .switch_on.empty());
  REQUIRE(a.decide(pool({P::Active, P::Active, P::Active, P::Off}, {true, true, true, false}, 5, 130)).switch_on ==
          std::vector<std::size_t>{3});
}

TEST_CASE("autoscaler: utilisation at the threshold scales out even with an empty queue")
{
  AutoscaleSettings s = settings();
  s.scale_out_queue.reset();
  s.scale_out_util = 0.75;
  Autoscaler a(s);
  // 3 of 4 active busy = 0.75 -> scale out; max 6 here.
  s.max = 6;
  Autoscaler b(s);
  auto action = b.decide(
      pool({P::Active, P::Active, P::Active, P::Active, P::Off, P::Off}, {true, true, true, false, false, false}, 0));
  REQUIRE(action.switch_on == std::vector<std::size_t>{4, 5});
  // 2 of 4 busy = 0.5: no scale-out.
  REQUIRE(
      a.decide(pool({P::Active, P::Active, P::Active, P::Active}, {true, true, false, false}, 0)).switch_on.empty());
}

TEST_CASE("autoscaler: idle hosts past scale_in_idle go off, highest-numbered first, keeping min")
{
  AutoscaleSettings s = settings();
  s.min               = 2;
  Autoscaler a(s);
  // now 100, idle since 0 (100 s >= 60) for hosts 1, 2, 3; host 0 busy. Powered 4, min 2: two go off: 3, 2.
  auto action = a.decide(pool({P::Active, P::Active, P::Active, P::Active}, {true, false, false, false}, 0));
  REQUIRE(action.switch_off == std::vector<std::size_t>{3, 2});
}

TEST_CASE("autoscaler: a host idle for less than scale_in_idle stays on")
{
  Autoscaler a(settings());
  PoolState p  = pool({P::Active, P::Active}, {false, false}, 0, 100);
  p.idle_since = {90, 50}; // host 0 idle 10 s, host 1 idle 50 s: both under 60
  REQUIRE(a.decide(p).switch_off.empty());
}

TEST_CASE("autoscaler: the last active host stays on even while another boots")
{
  // min 1: powered 2 (one active idle for long, one booting) > min, but switching off the only active host
  // would leave nothing to take work until the boot ends.
  Autoscaler a(settings());
  auto action = a.decide(pool({P::Active, P::Booting}, {false, false}, 0));
  REQUIRE(action.switch_off.empty());
}
