#include "app/process_pool.hpp"

#include "util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <regex>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace dcflow {
namespace {

namespace fs = std::filesystem;
using Clock  = std::chrono::steady_clock;

std::string shell_quote(const std::string& word)
{
  bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("@%+=:,./_-", c) != nullptr;
  });
  if (plain)
    return word;
  std::string quoted = "'";
  for (char c : word)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Starts one child with its stdout and stderr appended to its log (after a first line with its command).
// Returns the child's pid, or -1 with outcome.failure set.
pid_t spawn(const ChildProcess& child, ChildOutcome& outcome)
{
  {
    std::ofstream header(child.log, std::ios::trunc);
    header << log_header(child.argv) << "\n";
    if (!header) {
      outcome.failure = fmt::format("cannot write {}: {}", child.log.string(), std::strerror(errno));
      return -1;
    }
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, child.log.c_str(), O_WRONLY | O_APPEND, 0);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);

  std::vector<std::string> words = child.argv; // posix_spawn takes char*, not const char*
  std::vector<char*> argv;
  for (auto& a : words)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  // /proc/self/exe is this very binary, even if the file it was started from has been replaced since.
  int error = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    outcome.failure = fmt::format("cannot start the run: {}", std::strerror(error));
    return -1;
  }
  return pid;
}

// The last non-empty line of a child's log, which is where a failing run says why. A crash ends the log with
// SimGrid's backtrace; the line before it ("Uncaught exception ...") is the one that says why.
std::string last_log_line(const fs::path& log)
{
  // "[37.928270] ./src/xbt/exception.cpp:48: [xbt_exception/CRITICAL] Uncaught exception ...": keep the message.
  static const std::regex simgrid_log_prefix(R"(^\[[^\]]*\] \S+: \[[^\]]*\] )");
  std::ifstream in(log);
  std::string line;
  std::string last;
  bool first = true;
  while (std::getline(in, line)) {
    bool blank     = line.find_first_not_of(" \t\r") == std::string::npos;
    bool backtrace = line.rfind("  -> ", 0) == 0 || line.find("Current backtrace:") != std::string::npos;
    if (!first && !blank && !backtrace)
      last = std::regex_replace(line, simgrid_log_prefix, "");
    first = false; // the first line is the command, written by spawn()
  }
  return last.empty() ? "(the run printed nothing)" : last;
}

// Turns a reaped child's wait status into its outcome.
void finish(const ChildProcess& child, int wait_status, ChildOutcome& outcome)
{
  double wall_s = outcome.wall_s;
  if (WIFSIGNALED(wait_status))
    outcome = describe_end(child.log, 0, WTERMSIG(wait_status));
  else
    outcome = describe_end(child.log, WEXITSTATUS(wait_status), 0);
  outcome.wall_s = wall_s;
}

} // namespace

std::string log_header(const std::vector<std::string>& argv)
{
  std::vector<std::string> words;
  for (const auto& a : argv)
    words.push_back(shell_quote(a));
  return "$ " + join(words, " ");
}

ChildOutcome describe_end(const fs::path& log, int exit_code, int signal)
{
  ChildOutcome outcome;
  if (signal > 0) {
    outcome.exit_status = 128 + signal;
    outcome.failure     = fmt::format("killed by signal {} ({}); {}", signal, strsignal(signal), last_log_line(log));
    return outcome;
  }
  outcome.exit_status = exit_code;
  if (outcome.exit_status != 0)
    outcome.failure = fmt::format("exit status {}; {}", outcome.exit_status, last_log_line(log));
  return outcome;
}

std::vector<ChildOutcome> run_children(const std::vector<ChildProcess>& children, unsigned parallel,
                                       const ChildFinished& finished)
{
  std::vector<ChildOutcome> outcomes(children.size());
  std::vector<Clock::time_point> started(children.size());
  std::map<pid_t, std::size_t> running;
  std::size_t next = 0;
  std::size_t done = 0;
  auto report      = [&](std::size_t index) {
    ++done;
    finished(index, outcomes[index]);
  };
  while (done < children.size()) {
    while (running.size() < parallel && next < children.size()) {
      started[next] = Clock::now();
      pid_t pid     = spawn(children[next], outcomes[next]);
      if (pid < 0)
        report(next);
      else
        running[pid] = next;
      ++next;
    }
    if (running.empty())
      continue;
    int status = 0;
    pid_t pid  = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR)
        continue;
      // No child left to wait for (should not happen): count the missing ones as failed rather than hang.
      for (auto& [lost, index] : running) {
        outcomes[index].failure = "lost track of the child process";
        report(index);
      }
      running.clear();
      continue;
    }
    auto found = running.find(pid);
    if (found == running.end())
      continue;
    std::size_t index      = found->second;
    outcomes[index].wall_s = std::chrono::duration<double>(Clock::now() - started[index]).count();
    running.erase(found);
    finish(children[index], status, outcomes[index]);
    report(index);
  }
  return outcomes;
}

} // namespace dcflow
