#include "sim/job_runner.hpp"

#include "sim/recorder.hpp"
#include "sim/world.hpp"

#include <algorithm>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

// The activities of a job's running stages, and for each the stage it belongs to and its tag (-1: none).
struct Running : ActivitySink {
  struct Owner {
    int stage;
    int tag;
  };
  std::vector<sg4::ActivityPtr> activities;
  std::vector<Owner> owners;
  int stage = -1; // the stage whose step is adding activities

  void add(sg4::ActivityPtr activity, int tag) override
  {
    activities.push_back(std::move(activity));
    owners.push_back({stage, tag});
  }
  ActivitySink& for_stage(int s)
  {
    stage = s;
    return *this;
  }
};

} // namespace

JobRunner::JobRunner(SimContext sim, StageExecutors& executors) : sim_(sim), executors_(executors)
{
  const auto& classes = sim.world.scenario().workload.classes;
  dependants_.resize(classes.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const auto& stages = classes[c].stages;
    dependants_[c].resize(stages.size());
    for (std::size_t s = 0; s < stages.size(); ++s)
      for (int d : stages[s].after)
        dependants_[c][static_cast<std::size_t>(d)].push_back(static_cast<int>(s));
  }
}

// One loop over the job's events: start ready stages, then wait for the earliest of an activity's end and a
// delay step's end. Kept in one function: the loop's local state is the job's whole state.
void JobRunner::run(const JobSpec& job, JobRecord& rec, const std::vector<sg4::Host*>& hosts)
{
  const JobClass& job_class = sim_.world.scenario().workload.classes[job.job_class];
  const auto& dependants    = dependants_[job.job_class];
  const std::size_t n       = job_class.stages.size();

  std::vector<int> missing(n);
  std::vector<StageRun> runs(n); // never resized: steps hold references into their StageRun
  std::vector<double> started(n, 0);
  Running running;
  std::vector<int> ready;
  std::vector<int> delayed;
  for (std::size_t s = 0; s < n; ++s) {
    missing[s] = static_cast<int>(job_class.stages[s].after.size());
    if (missing[s] == 0)
      ready.push_back(static_cast<int>(s));
  }
  std::size_t done = 0;
  auto finish      = [&](int s) {
    const Stage& stage    = job_class.stages[s];
    StageRun& run         = runs[s];
    double now            = sg4::Engine::get_clock();
    ActivityRecord record = run.record;
    record.kind           = stage.kind;
    record.start          = started[s];
    record.end            = now;
    record.amount         = job.amounts[s];
    sim_.recorder.stage(record);
    for (auto& account : run.on_finish)
      account(now);
    ++done;
    for (int d : dependants[s])
      if (--missing[d] == 0)
        ready.push_back(d);
  };
  // Moves stage s to its next step with work to do, or finishes it.
  auto advance = [&](int s) {
    StageRun& run = runs[s];
    for (;;) {
      if (++run.step >= static_cast<int>(run.steps.size())) {
        finish(s);
        return;
      }
      const Step& step = run.steps[run.step];
      if (step.delay > 0) {
        run.resume_at = sg4::Engine::get_clock() + step.delay;
        delayed.push_back(s);
        return;
      }
      run.left = step.start(running.for_stage(s));
      if (run.left > 0)
        return;
    }
  };
  for (;;) {
    while (!ready.empty()) {
      int s = ready.back();
      ready.pop_back();
      started[s] = sg4::Engine::get_clock();
      executors_.of(job_class.stages[s].kind)
          .plan(StageContext{job, static_cast<std::size_t>(s), job_class.stages[s], job_class, hosts}, runs[s]);
      advance(s);
    }
    if (running.activities.empty() && delayed.empty())
      break;
    double wake = -1; // the earliest end of a delay step
    for (int s : delayed)
      wake = wake < 0 ? runs[s].resume_at : std::min(wake, runs[s].resume_at);
    ssize_t i = -1;
    if (running.activities.empty()) {
      sg4::this_actor::sleep_until(wake);
    } else if (!delayed.empty()) {
      i = sg4::Activity::wait_any_for(running.activities, std::max(0.0, wake - sg4::Engine::get_clock()));
    } else if (running.activities.size() == 1) {
      running.activities.front()->wait();
      i = 0;
    } else {
      i = sg4::Activity::wait_any(running.activities);
    }
    if (i >= 0 && static_cast<std::size_t>(i) < running.activities.size()) {
      auto [s, tag] = running.owners[static_cast<std::size_t>(i)];
      running.activities.erase(running.activities.begin() + i);
      running.owners.erase(running.owners.begin() + i);
      StageRun& run    = runs[s];
      const Step& step = run.steps[run.step];
      if (tag >= 0 && step.ended && !step.ended(tag, running.for_stage(s)))
        continue;
      if (--run.left == 0) {
        if (step.done)
          step.done();
        advance(s);
      }
    } else {
      double now = sg4::Engine::get_clock();
      std::vector<int> due;
      for (auto it = delayed.begin(); it != delayed.end();)
        if (runs[*it].resume_at <= now + kTimeResolution) {
          due.push_back(*it);
          it = delayed.erase(it);
        } else {
          ++it;
        }
      for (int s : due)
        advance(s);
    }
  }
  rec.end    = sg4::Engine::get_clock();
  rec.status = done == n ? JobStatus::Completed : JobStatus::Failed;
}

} // namespace dcflow
