#pragma once
// A request-rate limit (kind: object): requests start no closer together than 1/rate, in the order they
// ask. Engine-free: the simulation asks for a start time and sleeps until it.

#include <algorithm>

namespace dcflow {

class RequestPacer {
public:
  explicit RequestPacer(double rate_per_s = 0) : interval_(rate_per_s > 0 ? 1.0 / rate_per_s : 0) {}

  // The start time of a request asked for at `now`: the later of now and the previous start + 1/rate.
  double reserve(double now)
  {
    if (interval_ <= 0)
      return now;
    double start = std::max(now, next_);
    next_        = start + interval_;
    return start;
  }

private:
  double interval_;
  double next_ = 0;
};

} // namespace dcflow
