#pragma once
// The one place where the simulation accounts for what happened: execution code says what ran where and
// when (a stage, bytes on a route, work on a disk, a host's power period); reporting derives every figure
// from the RunRecords this fills, once (src/report/metrics.cpp).

#include "report/records.hpp"

#include <utility>

namespace dcflow {

class Recorder {
public:
  // The records, with the static description of the resources that World wrote when binding.
  RunRecords& records() { return records_; }
  const RunRecords& records() const { return records_; }
  RunRecords take() { return std::move(records_); }

  // A finished stage.
  void stage(const ActivityRecord& record) { records_.activities.push_back(record); }

  // `bytes` crossed route `route` from `start` to `end` on a stage's behalf (cache fills, object requests,
  // dfs blocks): the network's share of the stage's work.
  void wire(int route, double bytes, double start, double end)
  {
    ActivityRecord wire{StageKind::Transfer, start, end, 0, route};
    wire.uses       = ResourceClass::Route;
    wire.wire_bytes = bytes;
    wire.wire_start = start;
    wire.wire_end   = end;
    records_.side_work.push_back(wire);
  }

  // Disk `disk` read (kind Read) or wrote (kind Write) `bytes` from `start` to `end` on a stage's behalf.
  void disk_work(StageKind kind, int disk, double bytes, double start, double end)
  {
    ActivityRecord work{kind, start, end, bytes, disk};
    work.uses = kind == StageKind::Write ? ResourceClass::DiskWrite : ResourceClass::DiskRead;
    records_.side_work.push_back(work);
  }

  // A training job's summary, when it ends.
  void training(const TrainingRecord& record) { records_.training.push_back(record); }
  // A cache tier's counters (index in RunRecords::caches).
  CacheRecord& cache(int index) { return records_.caches[static_cast<std::size_t>(index)]; }

private:
  RunRecords records_;
};

} // namespace dcflow
