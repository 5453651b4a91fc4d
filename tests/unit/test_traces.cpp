// Trace readers: hand-made fixtures under tests/data/traces/ with values worked out by hand, exact error
// messages, and the real traces of shared/data (counts found independently with zcat/awk, quoted beside them).
#include "util/error.hpp"
#include "workload/traces.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace dcflow;

namespace {

const std::string kFixtures = DCFLOW_TEST_DIR "/data/traces/";
// CI checks shared/ out beside the repository, as on the development machines.
const std::string kShared = DCFLOW_TEST_DIR "/../../shared/data/";

// The real file, or a failed test saying where it was looked for: a missing trace must not pass silently.
std::string shared_file(const std::string& relative)
{
  const std::string path = kShared + relative;
  if (!std::filesystem::is_regular_file(path))
    FAIL("shared data file not found: " << path << " (expected shared/ beside the repository checkout)");
  return path;
}

// A scratch file unique to this process (test cases run in parallel processes).
std::string scratch_file(const std::string& name, const std::string& content)
{
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("dcflow-traces-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

// The InputError thrown by `read`, as the user would see it.
template <class Read> std::string error_of(Read read)
{
  try {
    read();
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no error)";
}

std::string swf_error(const std::string& path)
{
  return error_of([&] {
    TraceStats stats;
    read_swf(path, stats);
  });
}

std::string pods_error(const std::string& path)
{
  return error_of([&] {
    TraceStats stats;
    read_alibaba_gpu_pods(path, stats);
  });
}

// small.swf, kept jobs in order: (id, submit, runtime, processors, requested_time).
void check_small_swf(const std::vector<TraceJob>& jobs, const TraceStats& stats)
{
  CHECK(stats.read == 7);
  CHECK(stats.skipped == 2); // job 4: run time -1; job 5: fields 5 and 8 both -1
  CHECK(stats.notes == std::vector<std::string>{
                           "skipped 1 job with an unknown run time (field 4 < 0)",
                           "skipped 1 job with unknown processors (fields 5 and 8 <= 0)",
                           "2 jobs have no allocated processors (field 5 <= 0): the requested processors (field 8) "
                           "stand in",
                           "1 job has no requested time (field 9 < 0): the run time stands in",
                           "1 job has a zero run time (kept)",
                       });
  REQUIRE(jobs.size() == 5);
  struct Expected {
    std::int64_t id;
    double submit, runtime;
    int processors;
    double requested_time;
  };
  // Submits shift by -100 (the first); ids 1 and 3 tie at 0 and sort by id; 2 and 7 use field 8.
  const std::vector<Expected> expected = {
      {1, 0, 0, 2, 0}, {3, 0, 50, 4, 60}, {6, 15, 12.5, 1, 3600}, {2, 30, 20, 8, 100}, {7, 90, 5, 16, 10}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("job index " << i);
    CHECK(jobs[i].id == expected[i].id);
    CHECK(jobs[i].submit == expected[i].submit);
    CHECK(jobs[i].runtime == expected[i].runtime);
    CHECK(jobs[i].processors == expected[i].processors);
    CHECK(jobs[i].requested_time == expected[i].requested_time);
    CHECK(jobs[i].gpus == 0);
    CHECK(jobs[i].cpu_cores == 0);
    CHECK(jobs[i].name.empty());
  }
}

} // namespace

TEST_CASE("traces: SWF fixture with comments, unknown fields, a zero runtime and requested processors")
{
  TraceStats stats;
  const std::vector<TraceJob> jobs = read_swf(kFixtures + "small.swf", stats);
  check_small_swf(jobs, stats);
}

TEST_CASE("traces: gzipped SWF reads the same as the plain file")
{
  // small.swf.gz was made with `gzip -k -n small.swf`.
  TraceStats stats;
  const std::vector<TraceJob> jobs = read_swf(kFixtures + "small.swf.gz", stats);
  check_small_swf(jobs, stats);
}

TEST_CASE("traces: SWF with Windows line endings and no final newline")
{
  const std::string path =
      scratch_file("crlf.swf", "; comment\r\n  9  5 -1  7  2 -1 -1  2 -1 -1 1 1 1 -1 -1 -1 -1 -1\r\n"
                               "  8  5 -1  3  1 -1 -1  1 20 -1 1 1 1 -1 -1 -1 -1 -1");
  TraceStats stats;
  const std::vector<TraceJob> jobs = read_swf(path, stats);
  std::filesystem::remove(path);
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].id == 8); // same submit: by job number
  CHECK(jobs[0].requested_time == 20);
  CHECK(jobs[1].id == 9);
  CHECK(jobs[1].runtime == 7);
  CHECK(stats.read == 2);
  CHECK(stats.skipped == 0);
}

TEST_CASE("traces: SWF with only comments gives no jobs and no error")
{
  const std::string path = scratch_file("empty.swf", "; Version: 2.2\n;\n\n");
  TraceStats stats;
  const std::vector<TraceJob> jobs = read_swf(path, stats);
  std::filesystem::remove(path);
  CHECK(jobs.empty());
  CHECK(stats.read == 0);
  CHECK(stats.skipped == 0);
  CHECK(stats.notes.empty());
}

TEST_CASE("traces: SWF line with the wrong field count")
{
  const std::string path = kFixtures + "bad_field_count.swf";
  CHECK(swf_error(path) == path + ":3: error: SWF line has 17 fields, expected 18");
}

TEST_CASE("traces: SWF field that is not a number points at the field")
{
  const std::string path = kFixtures + "bad_number.swf";
  CHECK(swf_error(path) == path + ":3:17: error: SWF field 4 (run time) is '1O0', not a number");
}

TEST_CASE("traces: SWF processors must be whole numbers")
{
  const std::string path = kFixtures + "bad_processors.swf";
  CHECK(swf_error(path) == path + ":1:22: error: SWF field 5 (allocated processors) is '2.5', not a whole number");
}

TEST_CASE("traces: truncated gzip trace is an error, not a shorter trace")
{
  // truncated.swf.gz = the first 200 bytes of small.swf.gz (`head -c 200`).
  const std::string path    = kFixtures + "truncated.swf.gz";
  const std::string message = swf_error(path);
  CHECK(message == path + ": error: cannot read trace: unexpected end of file");
}

TEST_CASE("traces: missing trace file and directory")
{
  const std::string missing = kFixtures + "no_such.swf";
  CHECK(swf_error(missing) == missing + ": error: cannot read trace: No such file or directory");
  const std::string directory = kFixtures;
  CHECK(pods_error(directory) == directory + ": error: cannot read trace: it is a directory");
}

TEST_CASE("traces: Alibaba pod list fixture")
{
  // Columns reordered and gpu_spec filled once: found by name. Row by row (creation 1000 is the first submit):
  // a Running 0/0..4000 1 GPU; b Pending (no scheduled_time): skipped; c Failed, CPU only, runtime 100: kept;
  // d Running until the latest deletion (9000): kept, noted as cut; e zero runtime, 1 x 250 milli;
  // f no deletion_time: skipped; g deleted before scheduled: skipped; h Succeeded until 9000, 8 GPUs.
  TraceStats stats;
  const std::vector<TraceJob> jobs = read_alibaba_gpu_pods(kFixtures + "pods.csv", stats);
  CHECK(stats.read == 8);
  CHECK(stats.skipped == 3);
  CHECK(
      stats.notes ==
      std::vector<std::string>{
          "skipped 1 pod never scheduled (scheduled_time empty, as for Pending pods): no runtime",
          "skipped 1 pod without a deletion_time: no runtime",
          "skipped 1 pod whose deletion_time is before the scheduled_time",
          "kept 1 Failed pod, for the time from scheduling to deletion",
          "1 pod Running at the trace's last deletion_time (9000 s), probably cut by its end: runtime is a lower bound",
          "1 pod has a zero runtime (kept)",
      });
  REQUIRE(jobs.size() == 5);
  struct Expected {
    std::int64_t id;
    const char* name;
    double submit, runtime, gpus, cpu_cores;
  };
  // c and d tie at submit 200: row order.
  const std::vector<Expected> expected = {{0, "pod-a", 0, 4000, 1, 12},
                                          {4, "pod-e", 150, 0, 0.25, 2},
                                          {2, "pod-c", 200, 100, 0, 8},
                                          {3, "pod-d", 200, 7750, 2, 4},
                                          {7, "pod-h", 300, 7695, 8, 0.5}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("job index " << i);
    CHECK(jobs[i].id == expected[i].id);
    CHECK(jobs[i].name == expected[i].name);
    CHECK(jobs[i].submit == expected[i].submit);
    CHECK(jobs[i].runtime == expected[i].runtime);
    CHECK(jobs[i].requested_time == expected[i].runtime);
    CHECK(jobs[i].processors == 1);
    CHECK(jobs[i].gpus == Approx(expected[i].gpus).epsilon(1e-12));
    CHECK(jobs[i].cpu_cores == Approx(expected[i].cpu_cores).epsilon(1e-12));
  }
}

TEST_CASE("traces: Alibaba pod list with a byte order mark and Windows line endings")
{
  const std::string path =
      scratch_file("bom.csv", "\xEF\xBB\xBFname,cpu_milli,num_gpu,gpu_milli,pod_phase,creation_time,deletion_time,"
                              "scheduled_time\r\np0,1000,1,460,Succeeded,5,20,8\r\n");
  TraceStats stats;
  const std::vector<TraceJob> jobs = read_alibaba_gpu_pods(path, stats);
  std::filesystem::remove(path);
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].submit == 0);
  CHECK(jobs[0].runtime == 12);
  CHECK(jobs[0].gpus == Approx(0.46).epsilon(1e-12));
  CHECK(jobs[0].cpu_cores == 1);
  CHECK(stats.notes.empty()); // Succeeded: not counted as cut by the trace's end
}

TEST_CASE("traces: Alibaba pod list errors")
{
  std::string path = kFixtures + "pods_missing_column.csv";
  CHECK(pods_error(path) ==
        path + ":1: error: missing column 'gpu_milli' in the header; is 'gpu_mili' a misspelling of it?");
  path = kFixtures + "pods_bad_number.csv";
  CHECK(pods_error(path) == path + ":3:27: error: column 'num_gpu' is 'one', not a number");
  path = kFixtures + "pods_short_row.csv";
  CHECK(pods_error(path) == path + ":4: error: row has 10 fields, the header has 11");
  path = kFixtures + "pods_empty_creation.csv";
  CHECK(pods_error(path) == path + ":2:47: error: column 'creation_time' is empty");
  path = scratch_file("empty.csv", "");
  CHECK(pods_error(path) == path + ": error: empty pod list: expected a header line naming the columns");
  std::filesystem::remove(path);
}

TEST_CASE("traces: real NASA iPSC/860 SWF log")
{
  // Independent counts (shared/data/swf):
  //   zcat NASA-iPSC-1993-3.1-cln.swf.gz | awk '!/^;/ && NF {n++; if($4<0)u++; if($5<=0&&$8<=0)p++;
  //     if($4==0)z++; if($5>m)m=$5; r+=$4; q+=$5} END{print n, u+0, p+0, z, m, r, q}'
  //   -> 18239 0 0 173 128 13950781 309953   (every field 9 is -1; the file is sorted by submit, first 0)
  TraceStats stats;
  const std::vector<TraceJob> jobs = read_swf(shared_file("swf/NASA-iPSC-1993-3.1-cln.swf.gz"), stats);
  CHECK(stats.read == 18239);
  CHECK(stats.skipped == 0);
  REQUIRE(jobs.size() == 18239);
  CHECK(stats.notes ==
        std::vector<std::string>{"18239 jobs have no requested time (field 9 < 0): the run time stands in",
                                 "173 jobs have a zero run time (kept)"});
  CHECK(std::count_if(jobs.begin(), jobs.end(), [](const TraceJob& j) { return j.runtime == 0; }) == 173);
  int max_processors = 0;
  double runtime_sum = 0, processors_sum = 0;
  std::size_t requested_not_runtime = 0;
  for (const TraceJob& job : jobs) {
    max_processors = std::max(max_processors, job.processors);
    runtime_sum += job.runtime;
    processors_sum += job.processors;
    requested_not_runtime += job.requested_time != job.runtime;
  }
  CHECK(requested_not_runtime == 0);
  CHECK(max_processors == 128);
  CHECK(runtime_sum == 13950781);
  CHECK(processors_sum == 309953);
  CHECK(jobs.front().id == 1);
  CHECK(jobs.front().submit == 0);
  CHECK(std::is_sorted(jobs.begin(), jobs.end(), [](const TraceJob& a, const TraceJob& b) {
    return a.submit != b.submit ? a.submit < b.submit : a.id < b.id;
  }));
}

TEST_CASE("traces: real Alibaba GPU v2023 pod list")
{
  // Independent counts (shared/data/alibaba-gpu-v2023), with f=openb_pod_list_default.csv:
  //   awk -F, 'NR>1' $f | wc -l                                         -> 8152 pods
  //   awk -F, 'NR>1 && $11==""' $f | wc -l                              -> 897 without scheduled_time (all Pending)
  //   awk -F, 'NR>1 && $11!="" && $10!="" && $10>=$11 {n++; r+=$10-$11; if($8=="Failed")f++;
  //     if($8=="Running"&&$10==12902960)c++; if($4*$5>0&&$4*$5<1000)g++} END{print n, r, f, c, g}' $f
  //   -> 7255 210028342 1870 34 2573   (kept, runtime sum, Failed, cut at the last deletion_time, fractional GPU)
  //   awk -F, 'NR>1 {print $10}' $f | sort -n | tail -1                 -> 12902960 (the last deletion_time)
  TraceStats stats;
  const std::vector<TraceJob> jobs =
      read_alibaba_gpu_pods(shared_file("alibaba-gpu-v2023/openb_pod_list_default.csv"), stats);
  CHECK(stats.read == 8152);
  CHECK(stats.skipped == 897);
  REQUIRE(jobs.size() == 7255);
  CHECK(stats.notes ==
        std::vector<std::string>{
            "skipped 897 pods never scheduled (scheduled_time empty, as for Pending pods): no runtime",
            "kept 1870 Failed pods, for the time from scheduling to deletion",
            "34 pods Running at the trace's last deletion_time (12902960 s), probably cut by its end: runtime is a "
            "lower bound",
        });
  double runtime_sum     = 0;
  std::size_t fractional = 0, not_one_processor = 0;
  for (const TraceJob& job : jobs) {
    runtime_sum += job.runtime;
    fractional += job.gpus > 0 && job.gpus < 1;
    not_one_processor += job.processors != 1;
  }
  CHECK(not_one_processor == 0);
  CHECK(runtime_sum == 210028342);
  CHECK(fractional == 2573);
  CHECK(jobs.front().name == "openb-pod-0000");
  CHECK(jobs.front().submit == 0);
  CHECK(jobs.front().gpus == 1);
  CHECK(jobs.front().cpu_cores == 12);
  CHECK(std::is_sorted(jobs.begin(), jobs.end(), [](const TraceJob& a, const TraceJob& b) {
    return a.submit != b.submit ? a.submit < b.submit : a.id < b.id;
  }));
}
