// raw_baseline: the hand-written, plain-s4u version of dcflow's benchmark
// scenario (scenarios/bench_fat_tree_1024.yaml). Its wall time and peak RSS
// are the floor dcflow's own overhead is measured against (tools/bench.sh).
//
// Semantics (must stay identical to dcflow's benchmark scenario):
//   * N identical jobs are queued (FIFO) at t=0.
//   * Whenever a compute host is free and the queue is non-empty, the head job
//     goes to the LOWEST-numbered free compute host (natural host order).
//   * Job i, on its compute host h, sequentially:
//       (a) reads B_read bytes from the disk "disk" of storage[i % n_storage],
//       (b) transfers B_xfer bytes from that storage host to h,
//       (c) computes F flops on h (F / cores per core, on all cores).
//   * When a job ends it frees its host and dispatches queued jobs itself,
//     after all jobs ending at the same simulated instant have freed theirs
//     (so "lowest-numbered free host" does not depend on SimGrid's internal
//     wake-up order of simultaneous completions).
//
// Performance notes (SimGrid 3.32):
//   * One short-lived actor per job, created at dispatch time. Creating all N
//     actors up front exhausts the kernel's mmap count (one stack each), and a
//     long-lived actor accumulating activities makes every completion scan an
//     ever-growing activity list (quadratic).
//   * No dispatcher actor.
//   * Two ways to move the bytes (--comm):
//       sendto  (default) Comm::sendto_async, a direct host-to-host comm, from
//               the job's actor. SimGrid 3.32 detaches such comms and keeps
//               every one in flight in maestro's activity list, removing each
//               on completion with a linear std::list::remove: with thousands
//               in flight that scan dominates the run.
//       mailbox the read runs in a short-lived actor on the storage host,
//               which then puts the bytes on the compute slot's mailbox; the
//               job's actor gets them. Mailbox comms are not detached. Same
//               activities, same makespan.

#include <simgrid/s4u.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <queue>
#include <stdexcept>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {

struct Options {
  std::string platform;
  long long jobs        = 100000;
  double read_bytes     = 256e6;
  double transfer_bytes = 256e6;
  double flops          = 1e12;
  std::vector<int> compute; // node numbers, ascending
  std::vector<int> storage; // node numbers, ascending
  double disk_read_bw  = 2e9;
  double disk_write_bw = 1e9;
  bool mailbox         = false; // --comm mailbox
  std::vector<char*> engine_args; // argv[0] + --cfg=/--log= arguments
};

[[noreturn]] void usage_error(const char* prog, const std::string& msg)
{
  std::fprintf(stderr,
               "%s: %s\n"
               "usage: %s PLATFORM [--jobs N] [--read-bytes B] [--transfer-bytes B] [--flops F]\n"
               "       [--compute RANGES] [--storage RANGES] [--disk-read-bw BPS] [--disk-write-bw BPS]\n"
               "       [--comm sendto|mailbox] [--cfg=KEY:VALUE ...] [--log=...]\n"
               "  RANGES: comma-separated node numbers or inclusive ranges, e.g. 0-959 or 0-3,8\n"
               "  defaults: --jobs 100000 --read-bytes 256e6 --transfer-bytes 256e6 --flops 1e12\n"
               "            --compute 0-959 --storage 960-1023 --disk-read-bw 2e9 --disk-write-bw 1e9\n"
               "            --comm sendto\n",
               prog, msg.c_str(), prog);
  std::exit(2);
}

double parse_double(const char* prog, const std::string& opt, const std::string& s, bool allow_zero)
{
  std::size_t pos = 0;
  double v        = 0;
  try {
    v = std::stod(s, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  if (pos != s.size() || !(v > 0 || (allow_zero && v == 0)))
    usage_error(prog, "invalid value '" + s + "' for " + opt);
  return v;
}

int parse_int(const char* prog, const std::string& opt, const std::string& s)
{
  std::size_t pos = 0;
  long v          = -1;
  try {
    v = std::stol(s, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  if (pos != s.size() || v < 0 || v > 100000000)
    usage_error(prog, "invalid node number '" + s + "' in " + opt);
  return static_cast<int>(v);
}

std::vector<int> parse_ranges(const char* prog, const std::string& opt, const std::string& s)
{
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string::npos)
      comma = s.size();
    std::string item = s.substr(start, comma - start);
    if (item.empty())
      usage_error(prog, "empty item in " + opt + " '" + s + "'");
    std::size_t dash = item.find('-');
    int lo           = parse_int(prog, opt, item.substr(0, dash));
    int hi           = dash == std::string::npos ? lo : parse_int(prog, opt, item.substr(dash + 1));
    if (hi < lo)
      usage_error(prog, "empty range '" + item + "' in " + opt);
    for (int n = lo; n <= hi; ++n)
      out.push_back(n);
    start = comma + 1;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Options parse_args(int argc, char** argv)
{
  const char* prog = argv[0];
  Options o;
  o.engine_args.push_back(argv[0]);
  std::string compute = "0-959";
  std::string storage = "960-1023";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--cfg=", 0) == 0 || a.rfind("--log=", 0) == 0) {
      o.engine_args.push_back(argv[i]);
      continue;
    }
    if (a == "-h" || a == "--help")
      usage_error(prog, "help requested");
    if (a.rfind("--", 0) != 0) {
      if (!o.platform.empty())
        usage_error(prog, "unexpected argument '" + a + "'");
      o.platform = a;
      continue;
    }
    // --opt VALUE or --opt=VALUE
    std::string name = a;
    std::string value;
    std::size_t eq = a.find('=');
    if (eq != std::string::npos) {
      name  = a.substr(0, eq);
      value = a.substr(eq + 1);
    } else {
      if (i + 1 >= argc)
        usage_error(prog, "missing value for " + a);
      value = argv[++i];
    }
    if (name == "--jobs") {
      double v = parse_double(prog, name, value, true);
      if (v != static_cast<double>(static_cast<long long>(v)))
        usage_error(prog, "--jobs must be an integer");
      o.jobs = static_cast<long long>(v);
    } else if (name == "--read-bytes")
      o.read_bytes = parse_double(prog, name, value, true);
    else if (name == "--transfer-bytes")
      o.transfer_bytes = parse_double(prog, name, value, true);
    else if (name == "--flops")
      o.flops = parse_double(prog, name, value, true);
    else if (name == "--compute")
      compute = value;
    else if (name == "--storage")
      storage = value;
    else if (name == "--disk-read-bw")
      o.disk_read_bw = parse_double(prog, name, value, false);
    else if (name == "--disk-write-bw")
      o.disk_write_bw = parse_double(prog, name, value, false);
    else if (name == "--comm") {
      if (value != "sendto" && value != "mailbox")
        usage_error(prog, "--comm must be 'sendto' or 'mailbox', got '" + value + "'");
      o.mailbox = value == "mailbox";
    }
    else
      usage_error(prog, "unknown option '" + name + "'");
  }
  if (o.platform.empty())
    usage_error(prog, "missing PLATFORM");
  o.compute = parse_ranges(prog, "--compute", compute);
  o.storage = parse_ranges(prog, "--storage", storage);
  o.engine_args.push_back(nullptr);
  return o;
}

// ---------------------------------------------------------------------------
// Simulation state. Everything runs in SimGrid's (single) maestro thread, one
// actor at a time, so plain globals need no locking.

struct State {
  double read_bytes     = 0;
  double transfer_bytes = 0;
  double flops          = 0;
  long long total_jobs  = 0;
  long long next_job    = 0; // head of the FIFO queue (jobs are identical)
  long long done_jobs   = 0;
  bool mailbox          = false;
  std::vector<sg4::Host*> compute_hosts; // ascending node number
  std::vector<int> compute_cores;
  std::vector<sg4::Host*> storage_hosts; // ascending node number
  std::vector<sg4::Disk*> storage_disks;
  std::vector<sg4::Mailbox*> slot_mailboxes; // --comm mailbox: one per compute host, reused by its jobs
  // Free compute hosts, as indices into compute_hosts: the smallest index is
  // the lowest-numbered free host.
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> free_hosts;
};
State st;

void run_job(long long job, std::size_t slot);

// Give queued jobs to free hosts, lowest-numbered host first.
void dispatch()
{
  while (!st.free_hosts.empty() && st.next_job < st.total_jobs) {
    std::size_t slot = st.free_hosts.top();
    st.free_hosts.pop();
    long long job = st.next_job++;
    sg4::Actor::create("job-" + std::to_string(job), st.compute_hosts[slot], [job, slot] { run_job(job, slot); });
  }
}

void run_job(long long job, std::size_t slot)
{
  std::size_t s      = static_cast<std::size_t>(job % static_cast<long long>(st.storage_hosts.size()));
  sg4::Host* compute = st.compute_hosts[slot];
  sg4::Host* storage = st.storage_hosts[s];
  int cores          = st.compute_cores[slot];

  if (st.mailbox && st.transfer_bytes > 0) {
    // The read and the put in a short-lived actor on the storage host; the get here.
    sg4::Mailbox* mb = st.slot_mailboxes[slot];
    sg4::Actor::create("read-" + std::to_string(job), storage, [s, mb] {
      static int payload = 0;
      if (st.read_bytes > 0)
        st.storage_disks[s]->read_async(static_cast<sg_size_t>(st.read_bytes))->wait();
      mb->put(&payload, static_cast<uint64_t>(st.transfer_bytes));
    });
    mb->get<int>();
  } else {
    if (st.read_bytes > 0)
      st.storage_disks[s]->read_async(static_cast<sg_size_t>(st.read_bytes))->wait();
    if (st.transfer_bytes > 0)
      sg4::Comm::sendto_async(storage, compute, static_cast<uint64_t>(st.transfer_bytes))->wait();
  }
  if (st.flops > 0)
    sg4::this_actor::exec_init(st.flops / cores)->set_host(compute)->set_thread_count(cores)->wait();

  ++st.done_jobs;
  st.free_hosts.push(slot);
  if (st.next_job < st.total_jobs) {
    // Jobs often end at the very same simulated instant (identical jobs), and
    // SimGrid wakes their actors in an unspecified internal order. Yield once
    // so that every job ending at this instant frees its host first; the
    // queued jobs then go to the lowest-numbered free hosts whatever that
    // order was (the first actor to resume dispatches them all).
    sg4::this_actor::yield();
    dispatch();
  }
}

sg4::Host* host_by_number(const sg4::Engine& e, int n)
{
  std::string name = "node-" + std::to_string(n);
  sg4::Host* h     = e.host_by_name_or_null(name);
  if (h == nullptr) {
    std::fprintf(stderr, "raw_baseline: host '%s' not found in the platform\n", name.c_str());
    std::exit(1);
  }
  return h;
}

} // namespace

int main(int argc, char** argv)
{
  Options opt = parse_args(argc, argv);
  if (opt.compute.empty() || opt.storage.empty())
    usage_error(argv[0], "need at least one compute and one storage host");

  auto wall_start = std::chrono::steady_clock::now();

  int engine_argc = static_cast<int>(opt.engine_args.size()) - 1;
  sg4::Engine e(&engine_argc, opt.engine_args.data());
  e.load_platform(opt.platform);

  st.read_bytes     = opt.read_bytes;
  st.transfer_bytes = opt.transfer_bytes;
  st.flops          = opt.flops;
  st.total_jobs     = opt.jobs;
  st.mailbox        = opt.mailbox;

  for (int n : opt.storage) {
    sg4::Host* h = host_by_number(e, n);
    st.storage_hosts.push_back(h);
    sg4::Disk* d = h->create_disk("disk", opt.disk_read_bw, opt.disk_write_bw);
    d->seal();
    st.storage_disks.push_back(d);
  }
  for (int n : opt.compute) {
    sg4::Host* h = host_by_number(e, n);
    st.compute_cores.push_back(h->get_core_count());
    st.free_hosts.push(st.compute_hosts.size());
    st.compute_hosts.push_back(h);
    if (opt.mailbox)
      st.slot_mailboxes.push_back(sg4::Mailbox::by_name("slot-" + std::to_string(n)));
  }

  dispatch(); // t=0: the first min(N, n_compute) jobs
  e.run();

  auto wall_end = std::chrono::steady_clock::now();
  double wall_s = std::chrono::duration<double>(wall_end - wall_start).count();

  if (st.done_jobs != st.total_jobs) {
    std::fprintf(stderr, "raw_baseline: only %lld of %lld jobs completed\n", st.done_jobs, st.total_jobs);
    return 1;
  }

  struct rusage ru;
  std::memset(&ru, 0, sizeof ru);
  getrusage(RUSAGE_SELF, &ru);
  double peak_rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0; // ru_maxrss is in KB on Linux

  std::printf("raw_baseline: comm=%s jobs=%lld simulated_time_s=%.9f wall_s=%.3f jobs_per_wall_s=%.1f peak_rss_mb=%.1f\n",
              opt.mailbox ? "mailbox" : "sendto", st.total_jobs, e.get_clock(), wall_s, wall_s > 0 ? static_cast<double>(st.total_jobs) / wall_s : 0.0,
              peak_rss_mb);
  return 0;
}
