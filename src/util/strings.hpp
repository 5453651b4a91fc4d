#pragma once
// Small string helpers shared by the parsers and the reports.

#include <string>
#include <string_view>
#include <vector>

namespace dcflow {

// Levenshtein distance, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate to `word` if it is close enough to be a plausible typo, else "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// " did you mean 'X'?" or "" — ready to append to a message.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Natural order: digit runs compare as numbers, so "node-2" < "node-10".
bool natural_less(std::string_view a, std::string_view b);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

// "'a', 'b' and 'c'" for messages listing valid names.
std::string quoted_list(const std::vector<std::string>& names);

// "a word" or "an allreduce": the indefinite article by the word's first letter (a vowel: "an").
std::string with_article(std::string_view word);

} // namespace dcflow
