#include "sim/job_runner.hpp"

#include "sim/failures/data_unavailable.hpp"
#include "sim/failures/failure_injector.hpp"
#include "sim/recorder.hpp"
#include "sim/run_steps.hpp"
#include "sim/training/training_job.hpp"
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

namespace {

// One job's run: its stages' StageRuns, which are ready, running (their activities) or delayed.
class JobExecution {
public:
  JobExecution(SimContext sim, StageExecutors& executors, const JobSpec& job,
               const std::vector<std::vector<int>>& dependants, const std::vector<sg4::Host*>& hosts)
      : sim_(sim), executors_(executors), job_(job), job_class_(sim.world.scenario().workload.classes[job.job_class]),
        dependants_(dependants), hosts_(hosts), missing_(job_class_.stages.size()), runs_(job_class_.stages.size()),
        started_(job_class_.stages.size(), 0)
  {
    for (std::size_t s = 0; s < missing_.size(); ++s) {
      missing_[s] = static_cast<int>(job_class_.stages[s].after.size());
      if (missing_[s] == 0)
        ready_.push_back(static_cast<int>(s));
    }
  }

  // Runs until every stage has ended; returns how many did. A failed activity cancels the others and throws
  // (after noting the links its flows in flight cross: crossed()).
  std::size_t run()
  {
    try {
      return run_stages();
    } catch (const simgrid::Exception&) {
      crossed_ = links_in_flight(running_.activities);
      for (auto& activity : running_.activities)
        if (activity->get_state() == sg4::Activity::State::STARTED)
          activity->cancel();
      throw;
    }
  }

  // After run() threw: the links of the routes of the job's comms that were in flight then (the failed one
  // among them), each once; empty if a comm's ends were unknown (a mailbox comm not yet matched).
  const std::vector<sg4::Link*>& crossed() const { return crossed_; }

private:
  std::size_t run_stages()
  {
    for (;;) {
      start_ready();
      if (running_.activities.empty() && delayed_.empty())
        return done_;
      ssize_t i = wait();
      if (i >= 0 && static_cast<std::size_t>(i) < running_.activities.size())
        activity_ended(static_cast<std::size_t>(i));
      else
        delays_ended();
    }
  }

  void start_ready()
  {
    while (!ready_.empty()) {
      int s = ready_.back();
      ready_.pop_back();
      started_[s] = sg4::Engine::get_clock();
      executors_.of(job_class_.stages[s].kind)
          .plan(StageContext{job_, static_cast<std::size_t>(s), job_class_.stages[s], job_class_, hosts_}, runs_[s]);
      advance(s);
    }
  }

  // Waits for the earliest of an activity's end and a delay step's end: the activity's index, or -1.
  ssize_t wait()
  {
    double wake = -1;
    for (int s : delayed_)
      wake = wake < 0 ? runs_[s].resume_at : std::min(wake, runs_[s].resume_at);
    auto& activities = running_.activities;
    if (activities.empty()) {
      sg4::this_actor::sleep_until(wake);
      return -1;
    }
    if (!delayed_.empty())
      return sg4::Activity::wait_any_for(activities, std::max(0.0, wake - sg4::Engine::get_clock()));
    if (activities.size() == 1) {
      activities.front()->wait();
      return 0;
    }
    return sg4::Activity::wait_any(activities);
  }

  void activity_ended(std::size_t i)
  {
    auto [s, tag] = running_.owners[i];
    running_.activities.erase(running_.activities.begin() + static_cast<std::ptrdiff_t>(i));
    running_.owners.erase(running_.owners.begin() + static_cast<std::ptrdiff_t>(i));
    StageRun& run    = runs_[s];
    const Step& step = run.steps[run.step];
    if (tag >= 0 && step.ended && !step.ended(tag, running_.for_stage(s)))
      return;
    if (--run.left == 0) {
      if (step.done)
        step.done();
      advance(s);
    }
  }

  void delays_ended()
  {
    double now = sg4::Engine::get_clock();
    std::vector<int> due;
    for (auto it = delayed_.begin(); it != delayed_.end();)
      if (runs_[*it].resume_at <= now + kTimeResolution) {
        due.push_back(*it);
        it = delayed_.erase(it);
      } else {
        ++it;
      }
    for (int s : due)
      advance(s);
  }

  // Moves stage s to its next step with work to do, or finishes it.
  void advance(int s)
  {
    StageRun& run = runs_[s];
    for (;;) {
      if (++run.step >= static_cast<int>(run.steps.size())) {
        finish(s);
        return;
      }
      const Step& step = run.steps[run.step];
      if (step.delay > 0) {
        run.resume_at = sg4::Engine::get_clock() + step.delay;
        delayed_.push_back(s);
        return;
      }
      run.left = step.start(running_.for_stage(s));
      if (run.left > 0)
        return;
    }
  }

  void finish(int s)
  {
    StageRun& run         = runs_[s];
    double now            = sg4::Engine::get_clock();
    ActivityRecord record = run.record;
    record.kind           = job_class_.stages[s].kind;
    record.start          = started_[s];
    record.end            = now;
    record.amount         = job_.amounts[s];
    sim_.recorder.stage(record);
    for (auto& account : run.on_finish)
      account(now);
    ++done_;
    for (int d : dependants_[s])
      if (--missing_[d] == 0)
        ready_.push_back(d);
  }

  SimContext sim_;
  StageExecutors& executors_;
  const JobSpec& job_;
  const JobClass& job_class_;
  const std::vector<std::vector<int>>& dependants_;
  const std::vector<sg4::Host*>& hosts_;
  std::vector<int> missing_;    // per stage: the stages it waits for that have not ended
  std::vector<StageRun> runs_;  // never resized: steps hold references into their StageRun
  std::vector<double> started_; // per stage: when it became ready
  Running running_;
  std::vector<int> ready_;
  std::vector<int> delayed_; // stages in a delay step
  std::size_t done_ = 0;
  std::vector<sg4::Link*> crossed_;
};

} // namespace

void JobRunner::run(const JobSpec& job, JobRecord& rec, const std::vector<sg4::Host*>& hosts,
                    std::vector<HostOutage>* pending)
{
  if (sim_.world.scenario().workload.classes[job.job_class].training) {
    std::string cause = run_training(sim_, job, hosts, pending, failures_);
    rec.end           = sg4::Engine::get_clock();
    rec.status        = cause.empty() ? JobStatus::Completed : JobStatus::Failed;
    rec.cause         = cause;
    return;
  }
  JobExecution execution(sim_, executors_, job, dependants_[job.job_class], hosts);
  std::size_t done = 0;
  try {
    done = execution.run();
  } catch (const simgrid::Exception& error) { // an activity failed: a resource went down (README "Failures")
    rec.end    = sg4::Engine::get_clock();
    rec.status = JobStatus::Failed;
    rec.cause  = error.what();
    if (const auto* data = dynamic_cast<const DataUnavailable*>(&error)) { // every replica's host is down
      rec.cause    = data->cause();
      rec.retry_at = data->back();
    } else if (failures_) {
      // A link went down: SimGrid failed the flows crossing it, so the job waits for, and names, the down links
      // on the routes of its own flows in flight only (every link down if none of them is, or they are unknown).
      const std::vector<sg4::Link*>& crossed = execution.crossed();
      rec.cause    = failures_->cause_now(crossed);
      rec.retry_at = failures_->links_back_at(crossed);
    }
    return;
  }
  rec.end          = sg4::Engine::get_clock();
  rec.status       = done == sim_.world.scenario().workload.classes[job.job_class].stages.size() ? JobStatus::Completed
                                                                                                 : JobStatus::Failed;
}

} // namespace dcflow
