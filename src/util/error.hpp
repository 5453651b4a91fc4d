#pragma once
// Input errors: everything a user can get wrong in a scenario, a platform or a command line.
// They carry the place in the input ("file:line:col" or "--set ARG") and are reported as
// "PLACE: error: MESSAGE" with exit status 2. Simulated failures are never exceptions.

#include <stdexcept>
#include <string>

namespace dcflow {

// Where in the input something came from. An empty file means "no location known".
struct Location {
  std::string file; // path as the user gave it, or a label such as "--set transfer.pipes=8"
  int line   = 0;   // 1-based; 0 when the location is a whole file or a label
  int column = 0;   // 1-based; 0 when unknown

  std::string str() const;
};

class InputError : public std::runtime_error {
public:
  InputError(Location where, const std::string& message);
  const Location& where() const { return where_; }
  const std::string& message() const { return message_; }

private:
  Location where_;
  std::string message_;
};

// Ends a function whose switch has a case for every value of an enum and no default, so that -Wswitch
// flags a value added without one. Only a number cast to the enum out of range gets here: a bug, not input.
[[noreturn]] void unhandled_enum_value(const char* enum_name, int value);

} // namespace dcflow
