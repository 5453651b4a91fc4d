#pragma once
// Host name patterns: '*' (any run of characters), '?' (one character) and numeric ranges in brackets,
// as in Slurm host lists: "node-[0-63]", "gpu[1,3,5-7]". Everything else matches itself.

#include <string>
#include <string_view>
#include <vector>

namespace dcflow {

// Throws std::invalid_argument on a malformed bracket expression.
void check_host_pattern(std::string_view pattern);
bool match_host_pattern(std::string_view pattern, std::string_view name);

// Patterns a user may have meant, built from real host names ("gpu*" for gpu0..gpu7, and each name),
// for "did you mean" when a pattern selects nothing.
std::vector<std::string> pattern_suggestions(const std::vector<std::string>& host_names);

} // namespace dcflow
