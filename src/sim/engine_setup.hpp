#pragma once
// Creating SimGrid's engine and loading a platform with dcflow's error contract, shared by the simulation
// and by `dcflow analyze`, so that both report a bad argument or platform the same way.

#include "scenario/scenario.hpp"
#include "util/error.hpp"

#include <simgrid/s4u.hpp>

#include <memory>
#include <string>
#include <vector>

namespace dcflow {

// An engine given only `engine_args` (--cfg=... / --log=...); `storage` keeps the argv strings alive.
// A configuration key SimGrid rejects is an InputError naming the --cfg argument.
std::unique_ptr<simgrid::s4u::Engine> create_engine(const std::vector<std::string>& engine_args,
                                                    std::vector<std::string>& storage);

// Loads `file`; an unreadable file is an InputError at `where` (the place the path came from), a malformed
// one at file:line. Also records the points each zone's routes name (see routing.hpp). Seal the platform
// (Engine::seal_platform) before asking routes. Returns the state profiles of its hosts and links (failures),
// one group per resource, which SimGrid is not given: sim/failures/ applies them.
std::vector<FailureGroup> load_platform_checked(simgrid::s4u::Engine& engine, const std::string& file,
                                                const Location& where);

// Where the element <tag id="id" ...> of a platform file starts (file:line:col of its '<'), with comments
// skipped; `tags` lists the element names that may carry the id (e.g. {"zone", "cluster"}). With `prop`, the
// <prop id="prop"> inside that element instead, when it has one. An element the file does not spell out (a
// host made by a <cluster>) gives the file alone.
Location locate_in_platform(const std::string& file, const std::vector<std::string>& tags, const std::string& id,
                            const std::string& prop = "");

// The hosts, in the order given, that a selector picks (name pattern or host property). Selecting nothing,
// or a malformed pattern, is an InputError at the selector's place, with "did you mean" for a pattern;
// `owner` names who selects ("role 'compute'") in that message, or is empty.
std::vector<simgrid::s4u::Host*> select_hosts(const std::vector<simgrid::s4u::Host*>& hosts,
                                              const HostSelector& selector, const std::string& owner = "");

} // namespace dcflow
