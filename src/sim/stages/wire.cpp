#include "sim/stages/wire.hpp"

#include "sim/simgrid_compat.hpp"

#include <cstdint>

namespace sg4 = simgrid::s4u;

namespace dcflow {

double wire_bytes(double amount, const TransferSettings& settings)
{
  double payload = settings.compression ? amount / settings.compression->ratio : amount;
  return payload / settings.efficiency;
}

int start_wire(ActivitySink& sink, sg4::Host* src, sg4::Host* dst, double bytes, const TransferSettings& settings)
{
  auto total        = static_cast<std::uint64_t>(bytes);
  auto pipes        = static_cast<std::uint64_t>(settings.pipes);
  std::uint64_t per = total / pipes;
  std::uint64_t rem = total % pipes;
  for (std::uint64_t p = 0; p < pipes; ++p)
    sink.add(sg4::Comm::sendto_async(src, dst, per + (p < rem ? 1 : 0)));
  int started = static_cast<int>(pipes);
  // The protocol's CPU work on both ends, on one core each, while the bytes flow.
  if (settings.cpu_per_byte > 0) {
    for (sg4::Host* h : {src, dst}) {
      sink.add(start_exec(h, bytes * settings.cpu_per_byte));
      ++started;
    }
  }
  return started;
}

} // namespace dcflow
