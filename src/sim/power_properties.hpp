#pragma once
// Power figures of hosts, links and disks from the properties SimGrid's energy plugins read (README "Energy and
// cost"), so a platform written for those plugins works unchanged:
//   host: wattage_per_state="idle:epsilon:full" (one triple per pstate, comma-separated; the host's current
//         pstate counts, and dcflow's computations use every core, so a busy host draws `full`), wattage_off;
//   link: wattage_range="idle:busy" (busy: at full bandwidth), wattage_off; a SPLITDUPLEX link's figures are
//         the whole port's, each direction drawing half;
//   disk: wattage_range="idle:busy" (busy: at full bandwidth), wattage_off — the link plugin's spelling, as
//         SimGrid 3.32 has no disk energy plugin.
// A malformed or negative figure is an InputError at the property in the platform file.

#include "report/records.hpp"

#include <simgrid/s4u.hpp>

#include <string>

namespace dcflow {

PowerFigures host_power(const simgrid::s4u::Host* host, const std::string& platform_file);
PowerFigures link_power(const simgrid::s4u::Engine& engine, const simgrid::s4u::Link* link,
                        const std::string& platform_file);
PowerFigures disk_power(const simgrid::s4u::Host* host, const simgrid::s4u::Disk* disk,
                        const std::string& platform_file);

} // namespace dcflow
