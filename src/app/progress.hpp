#pragma once
// A run's progress on one terminal line (stderr): simulated time, jobs done and in flight, jobs per wall-clock
// second and an estimate of the wall time left. `dcflow run` shows it only when stderr is a terminal and not
// with -q; the line is rewritten in place at most every `interval` wall seconds and erased at the end.

#include "sim/simulation.hpp"

#include <functional>
#include <ostream>
#include <string>

namespace dcflow {

// "simulated 12.500 s  jobs 1,200 of 10,000 done, 64 running  150 jobs/s  about 59 s left" (the rate and the
// estimate once some wall time has passed and some job has ended).
std::string progress_text(const RunProgress& progress, double wall_seconds);

class ProgressLine {
public:
  // `wall_clock` gives seconds on a steady clock (a fake one in tests).
  ProgressLine(std::ostream& out, double interval, std::function<double()> wall_clock);

  // Rewrites the line if `interval` has passed since it was last written.
  void update(const RunProgress& progress);
  // Erases the line, if one was written.
  void finish();

private:
  std::ostream& out_;
  double interval_;
  std::function<double()> wall_clock_;
  double start_;
  double last_  = -1;
  bool written_ = false;
};

} // namespace dcflow
