#include "scenario/failures.hpp"

#include <cmath>
#include <fmt/format.h>
#include <sstream>

namespace dcflow {

std::string to_string(FailureTarget target)
{
  switch (target) {
  case FailureTarget::Hosts:
    return "hosts";
  case FailureTarget::Links:
    return "links";
  case FailureTarget::Disks:
    return "disks";
  }
  unhandled_enum_value("FailureTarget", static_cast<int>(target));
}

StateProfile parse_state_profile(const std::string& text, const std::string& file)
{
  StateProfile profile;
  profile.file = file;
  double periodicity = -1;
  Location periodicity_where;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::size_t hash = line.find('#');
    std::string body = hash == std::string::npos ? line : line.substr(0, hash);
    std::istringstream words(body);
    std::string first, second, extra;
    if (!(words >> first))
      continue;
    int column = static_cast<int>(body.find(first)) + 1;
    auto fail  = [&](const std::string& message) { throw InputError(Location{file, number, column}, message); };
    auto as_number = [&](const std::string& word, const char* what) {
      std::size_t used = 0;
      double value     = 0;
      try {
        value = std::stod(word, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != word.size() || !std::isfinite(value))
        fail(fmt::format("expected {} in the state profile, got '{}'", what, word));
      return value;
    };
    if (!(words >> second) || (words >> extra))
      fail("a state profile line is 'TIME VALUE' (VALUE 0: off, else on) or 'LOOPAFTER SECONDS'");
    if (first == "LOOPAFTER") {
      profile.loop_after = as_number(second, "a delay in seconds");
      if (profile.loop_after < 0)
        fail("'LOOPAFTER' must not be negative");
      continue;
    }
    if (first == "PERIODICITY") { // SimGrid's other spelling: the events repeat every P seconds
      periodicity       = as_number(second, "a period in seconds");
      periodicity_where = Location{file, number, column};
      continue;
    }
    double time = as_number(first, "a time in seconds");
    double value = as_number(second, "a state (0: off, else on)");
    if (time < 0 || (!profile.changes.empty() && time <= profile.changes.back().time))
      fail(fmt::format("state profile times must increase from 0, got {:g} after {:g}", time,
                       profile.changes.empty() ? 0.0 : profile.changes.back().time));
    profile.changes.push_back({time, value != 0});
  }
  if (profile.changes.empty())
    throw InputError(Location{file}, "the state profile has no 'TIME VALUE' line");
  if (periodicity >= 0)
    set_periodicity(profile, periodicity, periodicity_where);
  return profile;
}

void set_periodicity(StateProfile& profile, double period, const Location& where)
{
  double last = profile.changes.back().time;
  if (period <= last)
    throw InputError(where, fmt::format("a state profile's period ({:g} s) must be longer than its last event's "
                                        "time ({:g} s)",
                                        period, last));
  profile.loop_after = period - last;
}

OutageSeries::OutageSeries(const Distribution& mtbf, const Distribution& mttr, std::uint64_t seed)
    : mtbf_(mtbf), mttr_(mttr), rng_(seed)
{
}

OutageSeries::OutageSeries(StateProfile profile) : profile_(std::move(profile)) {}

// The time of the index-th change, counting the profile's repetitions: repetition r starts LOOPAFTER after the
// last change of repetition r - 1, so its changes are shifted by r * (last + loop_after).
double OutageSeries::profile_time(std::size_t index) const
{
  std::size_t n = profile_.changes.size();
  if (profile_.loop_after < 0 && index >= n)
    return std::numeric_limits<double>::infinity();
  double period = profile_.changes.back().time + profile_.loop_after;
  return static_cast<double>(index / n) * period + profile_.changes[index % n].time;
}

Outage OutageSeries::next()
{
  if (mtbf_) {
    Outage outage;
    outage.down = clock_ + mtbf_->sample(rng_);
    outage.up   = outage.down + mttr_->sample(rng_);
    clock_      = outage.up;
    return outage;
  }
  // A profile: skip to the next change from up to down (a down after a down, or an up after an up, changes
  // nothing), then to the next change to up after it. The state before change at_ is that of change at_ - 1.
  std::size_t n = profile_.changes.size();
  bool any_down = false;
  for (const auto& change : profile_.changes)
    any_down = any_down || !change.up;
  if (!any_down)
    return Outage{};
  bool up = at_ == 0 || profile_.changes[(at_ - 1) % n].up;
  for (;; ++at_) {
    if (std::isinf(profile_time(at_)))
      return Outage{};
    bool next_up = profile_.changes[at_ % n].up;
    if (up && !next_up)
      break;
    up = next_up;
  }
  Outage outage;
  outage.down = profile_time(at_);
  for (++at_;; ++at_) {
    double t = profile_time(at_);
    if (std::isinf(t) || profile_.changes[at_ % n].up) {
      outage.up = t;
      break;
    }
  }
  return outage;
}

std::vector<Outage> outages_before(OutageSeries series, double horizon)
{
  std::vector<Outage> outages;
  for (Outage o = series.next(); !o.none() && o.down < horizon; o = series.next()) {
    o.up = std::min(o.up, horizon);
    outages.push_back(o);
  }
  return outages;
}

std::uint64_t failure_seed(std::uint64_t scenario_seed, std::size_t group, std::size_t resource)
{
  return mix64(stream_seed(scenario_seed, Stream::Failures) ^ mix64((static_cast<std::uint64_t>(group) << 40) ^
                                                                    static_cast<std::uint64_t>(resource)));
}

} // namespace dcflow
