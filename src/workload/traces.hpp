#pragma once
// Job traces -> a plain list of jobs to replay (submit, runtime, size). Engine-free and deterministic.
//
// Contract shared by both readers:
// - `path` may name a plain or a gzip-compressed file (zlib reads both; the name's ending does not matter).
// - A record the simulator cannot replay (no runtime, no size) is skipped, never guessed: it is counted in
//   `stats.skipped` and `stats.notes` says how many and why. Records that are complete but odd (zero runtime,
//   a substituted field) are kept, and a note says so, so the caller can show what was assumed.
// - A file that is not the format it claims (a wrong field count, a non-number where a number belongs, a
//   missing CSV column) is an InputError at file:line:column (column = the field's first character).
// - `stats.read` counts the records in the file (comment and blank lines excluded), skipped ones included:
//   the result holds read - skipped jobs. `stats` is added to, not reset (one TraceStats may span files).
// - Submit times are shifted so that the earliest kept job submits at 0; the result is sorted by submit,
//   then by the trace's own order (SWF: job number, then line; Alibaba: row).
// - An empty result is not an error here: the caller decides what a trace without jobs means.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dcflow {

struct TraceJob {
  std::int64_t id       = 0; // SWF: the job number (field 1); Alibaba: the 0-based data row
  double submit         = 0; // s, relative to the earliest kept job (which submits at 0)
  double runtime        = 0; // s, >= 0; zero runtimes are valid jobs
  int processors        = 1; // >= 1; SWF: processors held; Alibaba: 1 (a pod runs on one node)
  double requested_time = 0; // s, the user's estimate; the runtime when the trace does not know it
  // Alibaba GPU only (0 for SWF):
  double gpus      = 0; // num_gpu * gpu_milli / 1000: a fraction of a GPU counts as such (0.46 = 46 % of one)
  double cpu_cores = 0; // cpu_milli / 1000
  std::string name;     // the pod name (Alibaba), "" (SWF)
};

// What a reader kept, dropped and assumed.
struct TraceStats {
  std::size_t read    = 0;        // records found in the file
  std::size_t skipped = 0;        // records that cannot be replayed (see notes)
  std::vector<std::string> notes; // one sentence per kind of record skipped or field substituted, with its count
};

// Standard Workload Format (Feitelson's Parallel Workloads Archive), .swf or .swf.gz.
// Lines starting with ';' are header comments; each other non-blank line holds exactly 18 whitespace-separated
// numbers (decimals allowed), -1 meaning unknown. Used: 1 job number, 2 submit (s), 4 run time (s),
// 5 allocated processors, 8 requested processors, 9 requested time (s).
// - processors = field 5; when it is unknown (-1, or 0 as some logs write for jobs that never ran), field 8.
// - requested_time = field 9; when unknown (negative), the run time.
// - skipped: unknown run time (negative), unknown submit (negative), unknown processors (fields 5 and 8 both
//   unknown).
std::vector<TraceJob> read_swf(const std::string& path, TraceStats& stats);

// Alibaba cluster-trace-gpu-v2023 pod list (openb_pod_list_*.csv): one header line naming the columns, then one
// pod per line, comma-separated, no quoting. Columns are found by name, in any order; the ones used are
// name, cpu_milli, num_gpu, gpu_milli, pod_phase, creation_time, deletion_time, scheduled_time (others such
// as memory_mib, gpu_spec, qos are ignored; gpu_spec is empty throughout the published files).
// Quirks of the published trace (openb_pod_list_default.csv, 8,152 pods) and what is done about them:
// - submit = creation_time; runtime = deletion_time - scheduled_time: how long the pod held its node. The
//   original wait (scheduled - creation) is not replayed: the simulated scheduler makes its own.
// - Pending pods (897) were never scheduled: scheduled_time is empty, so they have no runtime and are
//   skipped. The same goes for any pod whose deletion_time is empty, or that ends before it was scheduled.
// - scheduled_time 0 is a real time, not "unknown" (openb-pod-0000 is created and scheduled at 0).
// - Failed pods (1,870) are kept: they held their resources from scheduled to deletion time like the others.
// - Running is the pod's last observed phase, not "still running": most Running pods have a deletion time
//   before the trace's end. Those whose deletion_time equals the latest one in the file (34, at 12,902,960 s)
//   were probably cut by the end of the collection: they are kept, their runtime a lower bound (noted).
// - CPU-only pods (num_gpu 0, gpu_milli 0: 1,088) are kept with gpus = 0.
// - requested_time = runtime (the trace has no user estimate).
// Empty name, pod_phase: allowed; empty cpu_milli, num_gpu, gpu_milli, creation_time: an InputError.
std::vector<TraceJob> read_alibaba_gpu_pods(const std::string& path, TraceStats& stats);

} // namespace dcflow
