#pragma once
// A platform's hosts as ranks of collectives, without jobs: the world, recorder and tier services a collective
// needs, and one actor that runs collectives (sim/run_steps.hpp) while the test times them. One per process.

#include "analytic/collective_model.hpp"
#include "scenario/loader.hpp"
#include "sim/collectives.hpp"
#include "sim/recorder.hpp"
#include "sim/run_steps.hpp"
#include "sim/tier_service.hpp"
#include "sim/world.hpp"
#include "sim_support.hpp"

#include <functional>
#include <memory>
#include <string>

namespace dcflow::test {

class CollectiveBench {
public:
  // `platform`: a file in tests/platforms/ whose hosts gpu-0, gpu-1, ... are the ranks.
  explicit CollectiveBench(const std::string& platform, std::vector<std::string> cfg = {})
  {
    scenario_ =
        load_scenario_text("name: collectives\nplatform: " + platform +
                               "\nhosts: {compute: 'gpu-*'}\n"
                               "workload: {jobs: 1, classes: {idle: {stages: {c: {kind: compute, flops: 1}}}}}\n",
                           "collectives.yaml", {}, DCFLOW_TEST_DIR "/platforms");
    auto args = engine_args();
    args.insert(args.end(), cfg.begin(), cfg.end());
    world_ = std::make_unique<World>(scenario_, args, recorder_.records());
    sim_   = std::make_unique<SimContext>(SimContext{*world_, recorder_, tiers_});
    tiers_.create(*sim_);
  }

  // The ranks in natural order, `per_node` consecutive ones on each node.
  CollectiveGroup group(int per_node = 1) const
  {
    CollectiveGroup g;
    g.ranks = world_->pool();
    for (std::size_t r = 0; r < g.ranks.size(); ++r)
      g.node.push_back(static_cast<int>(r) / per_node);
    return g;
  }

  // Runs `body` in an actor on the first rank until the simulation ends.
  void run(std::function<void()> body)
  {
    simgrid::s4u::Actor::create("collectives", world_->pool().front(), std::move(body));
    world_->engine().run();
  }

  // From an actor: runs one collective now and returns how long it took.
  double time(CollectiveOp op, CollectiveAlgorithm algorithm, const CollectiveGroup& group, double bytes,
              bool step_by_step)
  {
    std::vector<Step> steps;
    plan_collective(*sim_, op, algorithm, group, bytes, steps, step_by_step);
    double start = simgrid::s4u::Engine::get_clock();
    run_steps(steps);
    return simgrid::s4u::Engine::get_clock() - start;
  }

  SimContext sim() const { return *sim_; }
  const RunRecords& records() const { return recorder_.records(); }
  double wire_bytes() const
  {
    double total = 0;
    for (const auto& work : records().side_work)
      total += work.wire_bytes;
    return total;
  }

private:
  Scenario scenario_;
  Recorder recorder_;
  std::unique_ptr<World> world_;
  TierServices tiers_;
  std::unique_ptr<SimContext> sim_;
};

} // namespace dcflow::test
