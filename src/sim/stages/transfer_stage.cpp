// A transfer stage: bytes from a host of role `from` to a host of role `to`, in steps: connection set-up (a
// delay), compression on the sender's cores, the flows on the wire, decompression on the receiver's cores.
#include "sim/recorder.hpp"
#include "sim/simgrid_compat.hpp"
#include "sim/stage_executor.hpp"
#include "sim/stages/wire.hpp"
#include "sim/world.hpp"

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

class TransferExecutor : public StageExecutor {
public:
  explicit TransferExecutor(SimContext sim) : sim_(sim) {}

  void plan(const StageContext& stage, StageRun& run) override
  {
    const TransferSettings& t = stage.transfer(sim_.world.scenario());
    sg4::Host* src            = sim_.world.host_for(stage.stage.transfer().from, stage.job.id, stage.host());
    sg4::Host* dst            = sim_.world.host_for(stage.stage.transfer().to, stage.job.id, stage.host());
    if (src == dst) {
      run.record.resource = -1; // same host: nothing crosses the network, nothing to compress
      return;
    }
    run.record.resource = sim_.world.route_index(src, dst);
    run.record.uses     = ResourceClass::Route;
    double amount       = stage.amount();
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

private:
  SimContext sim_;
};

} // namespace

std::unique_ptr<StageExecutor> make_transfer_executor(SimContext sim)
{
  return std::make_unique<TransferExecutor>(sim);
}

} // namespace dcflow
