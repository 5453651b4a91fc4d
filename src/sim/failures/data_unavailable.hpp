#pragma once
// A stage's data that no live host can serve (README "Failures"): every replica's host of a dfs block is down.
// Thrown from a step's start; a SimGrid exception so the job runner cancels the job's other activities as for a
// failed flow, then records `cause` and `back` (when the first of those hosts returns: the job may run again
// then; infinity: never, it fails).

#include <simgrid/Exception.hpp>

#include <string>

namespace dcflow {

class DataUnavailable : public simgrid::Exception {
public:
  DataUnavailable(const std::string& cause, double back)
      : simgrid::Exception(XBT_THROW_POINT, cause), cause_(cause), back_(back)
  {
  }
  const std::string& cause() const { return cause_; }
  double back() const { return back_; }

private:
  std::string cause_;
  double back_;
};

} // namespace dcflow
