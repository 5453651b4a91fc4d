#pragma once
// Child processes of dcflow itself, run in parallel: how `dcflow compare` and `dcflow sweep` run many
// simulations (SimGrid runs one per process).
//
// Each child is this very binary (/proc/self/exe, even if the file it was started from has been replaced
// since), started with posix_spawn, stdin from /dev/null, stdout and stderr appended to its log after a first
// line "$ <the command, shell-quoted>". At most `parallel` children run at once, started in list order. A
// child that fails (cannot start, exits non-zero, is killed) is described with the last line of its log,
// which is where a failing run says why.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace dcflow {

struct ChildProcess {
  std::vector<std::string> argv; // argv[0] is the name the child sees ("dcflow"), not the file run
  std::filesystem::path log;     // the child's stdout and stderr, after its command line
};

struct ChildOutcome {
  int exit_status = -1; // exit code; 128 + signal when killed, as shells report it; -1 when it never ran
  std::string failure;  // empty when it exited 0; else why, with the last line of its log
  double wall_s = 0;    // from start to being reaped

  bool succeeded() const { return exit_status == 0; }
};

// Called in the calling thread as each child ends (or fails to start): its index in the list and outcome.
using ChildFinished = std::function<void(std::size_t index, const ChildOutcome& outcome)>;

// "$ dcflow run ...": the first line of a child's log, its command shell-quoted.
std::string log_header(const std::vector<std::string>& argv);

// The outcome of a child that exited with `exit_code`, or was killed by `signal` when it is positive, with the
// last line of its log when it failed. How run_children describes its children, and how `--summarize` describes
// runs another executor ran.
ChildOutcome describe_end(const std::filesystem::path& log, int exit_code, int signal);

// Runs every child, at most `parallel` (>= 1) at once, and returns their outcomes in list order.
std::vector<ChildOutcome> run_children(const std::vector<ChildProcess>& children, unsigned parallel,
                                       const ChildFinished& finished);

} // namespace dcflow
