#pragma once
// The scenario's optional `failures:` section (README "Failures"): which resources fail — hosts by name pattern or
// role, links by name pattern, the disks of a storage tier — how long they stay up (MTBF) and down (MTTR), or a
// SimGrid state profile for one named resource; and how often a job interrupted by a failure is re-queued.
// Engine-free: names are resolved against the platform in sim/failures/, and the outages of one resource are
// generated here (OutageSeries), so they are unit-tested without an engine.

#include "scenario/distribution.hpp"
#include "util/error.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace dcflow {

enum class FailureTarget { Hosts, Links, Disks };
std::string to_string(FailureTarget target);

// A state profile in SimGrid's format: "TIME VALUE" lines (VALUE 0: off, anything else: on), '#' comments, and an
// optional "LOOPAFTER D" line: the events then repeat, the first one D seconds after the last (so every last + D
// seconds), or "PERIODICITY P": they repeat every P seconds (SimGrid 3.32's ProfileBuilder reads both so). The
// resource is on before the first event.
struct StateProfile {
  struct Change {
    double time = 0;
    bool up     = true;
  };
  std::vector<Change> changes; // times increasing
  double loop_after = -1;      // < 0: no repetition
  std::string file;
};

// Parses `text` (read from `file`); an error names file:line:col.
StateProfile parse_state_profile(const std::string& text, const std::string& file);
// Makes `profile` repeat every `period` seconds (PERIODICITY, a platform <trace>'s periodicity); a period not
// longer than its last event's time is an error at `where`.
void set_periodicity(StateProfile& profile, double period, const Location& where);

// One entry of `failures.resources`: a set of resources and how they fail.
struct FailureGroup {
  std::string name;
  FailureTarget target = FailureTarget::Hosts;
  std::string pattern; // hosts or links: a name pattern (host_pattern.hpp syntax); disks: of these hosts only
                       // (empty: every host of the tier); empty when by role
  std::string role;    // hosts of a role
  int tier = -1;       // disks: the storage tier whose disks fail
  std::optional<Distribution> mtbf; // time between failures (up time), with mttr
  std::optional<Distribution> mttr; // time to repair (down time)
  std::optional<StateProfile> profile; // instead of mtbf/mttr, for exactly one resource
  Location where;                      // the selection, for names the platform does not have
};

struct FailureSettings {
  std::vector<FailureGroup> groups;
  int retry_limit = 3; // re-queues of an interrupted job before it is failed with its cause
  Location where;
  bool given() const { return !groups.empty(); }
};

// One outage of a resource: it goes down at `down` and is back at `up`.
struct Outage {
  double down = std::numeric_limits<double>::infinity();
  double up   = std::numeric_limits<double>::infinity();
  bool none() const { return down == std::numeric_limits<double>::infinity(); }
};

// The outages of one resource, in time order, without end: from MTBF/MTTR draws (up for a draw of mtbf, down for a
// draw of mttr, and so on, from time 0), or from a state profile. next() gives Outage{} (none()) when a profile
// without LOOPAFTER has no more.
class OutageSeries {
public:
  OutageSeries(const Distribution& mtbf, const Distribution& mttr, std::uint64_t seed);
  explicit OutageSeries(StateProfile profile);

  Outage next();

private:
  double profile_time(std::size_t index) const;

  std::optional<Distribution> mtbf_, mttr_;
  Rng rng_{0};
  double clock_ = 0;
  StateProfile profile_;
  std::size_t at_ = 0; // profile: the next change, counted across repetitions
};

// The outages of `series` that begin before `horizon`, the last one cut at the horizon if it would end after it.
std::vector<Outage> outages_before(OutageSeries series, double horizon);

// The seed of resource `resource` of failure group `group`: its own stream of the scenario's seed
// (Stream::Failures), so adding a group or a resource does not shift another's draws.
std::uint64_t failure_seed(std::uint64_t scenario_seed, std::size_t group, std::size_t resource);

} // namespace dcflow
