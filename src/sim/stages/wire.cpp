#include "sim/stages/wire.hpp"

#include "sim/simgrid_compat.hpp"

#include <cstdint>

namespace sg4 = simgrid::s4u;

namespace dcflow {
namespace {

// Work that takes `seconds` on an idle host using all its cores.
int exec_for(ActivitySink& sink, sg4::Host* host, double seconds)
{
  int cores = host->get_core_count();
  sink.add(start_exec(host, seconds * host->get_speed(), cores));
  return 1;
}

} // namespace

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

namespace dcflow {

void plan_transfer(sg4::Host* src, sg4::Host* dst, int route, double amount, const TransferSettings& t, StageRun& run)
{
  run.record.resource = route;
  run.record.uses     = ResourceClass::Route;
  if (t.setup > 0)
    run.steps.push_back(Step::waiting(t.setup));
  if (t.compression) { // the sender compresses the payload on all its cores at the codec's per-core rate
    double seconds = amount / (t.compression->compress_rate * src->get_core_count());
    run.steps.push_back(Step::starting([src, seconds](ActivitySink& sink) { return exec_for(sink, src, seconds); }));
  }
  ActivityRecord& record = run.record;
  auto wire              = [src, dst, amount, &t, &record](ActivitySink& sink) {
    record.wire_bytes = wire_bytes(amount, t);
    record.wire_start = sg4::Engine::get_clock();
    return start_wire(sink, src, dst, record.wire_bytes, t);
  };
  run.steps.push_back(Step::starting(wire, [&record] { record.wire_end = sg4::Engine::get_clock(); }));
  if (t.compression) {
    double seconds = amount / (t.compression->decompress_rate * dst->get_core_count());
    run.steps.push_back(Step::starting([dst, seconds](ActivitySink& sink) { return exec_for(sink, dst, seconds); }));
  }
}

} // namespace dcflow
