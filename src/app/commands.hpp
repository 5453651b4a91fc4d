#pragma once
// The commands behind the CLI. Each returns the process exit status: 0 success, 2 bad input.

#include <optional>
#include <string>
#include <vector>

namespace dcflow {

struct CommandOptions {
  std::string scenario;
  std::vector<std::string> sets;        // --set PATH=VALUE, in order
  std::optional<std::uint64_t> seed;    // --seed
  std::string platform;                 // --platform (empty: the scenario's)
  std::string out;                      // --out (empty: results/<name>/)
  std::vector<std::string> engine_args; // --cfg=... / --log=... for SimGrid
  bool quiet = false;
};

int run_command(const CommandOptions& options);
int validate_command(const CommandOptions& options);
int policies_command();

// Parses the command line and runs a command; returns the exit status.
int cli_main(int argc, char** argv);

} // namespace dcflow
