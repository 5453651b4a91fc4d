#pragma once
// One stage of one running job, as a sequence of steps. A step is a delay (a transfer's set-up) or a set of
// concurrent activities; the job runner (job_runner.cpp) starts each step when the previous one has ended and
// waits on the activities of all the job's running stages at once. Stage executors (stages/) and storage tiers
// (tiers/) build the steps and say what to record; this file knows no stage or tier kind.

#include "report/records.hpp"

#include <simgrid/s4u.hpp>

#include <functional>
#include <utility>
#include <vector>

namespace dcflow {

// Where a step puts the activities it starts. `tag` >= 0 asks for Step::ended to be told when the activity ends.
class ActivitySink {
public:
  virtual ~ActivitySink()                                            = default;
  virtual void add(simgrid::s4u::ActivityPtr activity, int tag = -1) = 0;
};

struct Step {
  double delay = 0; // > 0: a delay of this many seconds, nothing is started
  // Starts the step's activities; returns how many (0: the step has nothing to wait for).
  std::function<int(ActivitySink&)> start;
  // An activity added with a tag ended: true if it counts as one of the step's activities ending, false if it
  // was followed by another in its place (an object connection's next request). Unset: every one counts.
  std::function<bool(int tag, ActivitySink&)> ended;
  // The step's last activity ended.
  std::function<void()> done;

  static Step starting(std::function<int(ActivitySink&)> start, std::function<void()> done = {})
  {
    Step step;
    step.start = std::move(start);
    step.done  = std::move(done);
    return step;
  }
  static Step waiting(double seconds)
  {
    Step step;
    step.delay = seconds;
    return step;
  }
};

struct StageRun {
  std::vector<Step> steps;
  // What the stage did: executors and tiers fill in the resource, tier, requests and bytes; the job runner
  // adds kind, start, end and amount and hands it to the Recorder when the last step has ended.
  ActivityRecord record;
  // Accounting beyond the record, run in order after it (a cache fill's network and disk work, the cache's
  // contents and counters).
  std::vector<std::function<void(double now)>> on_finish;

  // The job runner's bookkeeping.
  int step         = -1;
  int left         = 0;  // activities of the current step still running
  double resume_at = -1; // end of a delay step
};

} // namespace dcflow
