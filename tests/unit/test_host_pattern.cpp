// Host name patterns: '*', '?', Slurm-style numeric ranges; malformed brackets; suggestions.
#include "scenario/host_pattern.hpp"
#include "util/strings.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

using dcflow::check_host_pattern;
using dcflow::match_host_pattern;

TEST_CASE("host pattern: literal text matches only itself")
{
  REQUIRE(match_host_pattern("login", "login"));
  REQUIRE_FALSE(match_host_pattern("login", "login2"));
  REQUIRE_FALSE(match_host_pattern("login", "logi"));
  REQUIRE_FALSE(match_host_pattern("login", ""));
}

TEST_CASE("host pattern: '*' matches any run of characters, including none")
{
  REQUIRE(match_host_pattern("*", ""));
  REQUIRE(match_host_pattern("*", "anything-at-all"));
  REQUIRE(match_host_pattern("node-*", "node-1"));
  REQUIRE(match_host_pattern("node-*", "node-"));
  REQUIRE(match_host_pattern("node-*", "node-a-b"));
  REQUIRE_FALSE(match_host_pattern("node-*", "nod-1"));
  REQUIRE(match_host_pattern("*-gpu", "rack1-node2-gpu"));
  REQUIRE_FALSE(match_host_pattern("*-gpu", "rack1-gpu0"));
  REQUIRE(match_host_pattern("a*b*c", "a-xx-b-yy-c"));
  REQUIRE_FALSE(match_host_pattern("a*b*c", "a-xx-c-yy-b"));
}

TEST_CASE("host pattern: '?' matches exactly one character")
{
  REQUIRE(match_host_pattern("gpu?", "gpu1"));
  REQUIRE(match_host_pattern("gpu?", "gpuX"));
  REQUIRE_FALSE(match_host_pattern("gpu?", "gpu"));
  REQUIRE_FALSE(match_host_pattern("gpu?", "gpu12"));
  REQUIRE(match_host_pattern("n?de-*", "node-5"));
}

TEST_CASE("host pattern: a 0-63 range after node- matches node-0 to node-63 only")
{
  REQUIRE(match_host_pattern("node-[0-63]", "node-0"));
  REQUIRE(match_host_pattern("node-[0-63]", "node-7"));
  REQUIRE(match_host_pattern("node-[0-63]", "node-10"));
  REQUIRE(match_host_pattern("node-[0-63]", "node-63"));
  REQUIRE_FALSE(match_host_pattern("node-[0-63]", "node-64"));
  REQUIRE_FALSE(match_host_pattern("node-[0-63]", "node-100"));
  REQUIRE_FALSE(match_host_pattern("node-[0-63]", "node-07")); // a leading zero is not node 7
  REQUIRE_FALSE(match_host_pattern("node-[0-63]", "node-"));   // the bracket needs a number
  REQUIRE_FALSE(match_host_pattern("node-[0-63]", "node-x"));
  REQUIRE_FALSE(match_host_pattern("node-[0-63]", "node-5x"));
  REQUIRE_NOTHROW(check_host_pattern("node-[0-63]"));
}

TEST_CASE("host pattern: a list of numbers and ranges in one bracket")
{
  // Members: 1, 3, 5, 6, 7.
  for (const char* yes : {"gpu1", "gpu3", "gpu5", "gpu6", "gpu7"}) {
    INFO(yes);
    REQUIRE(match_host_pattern("gpu[1,3,5-7]", yes));
  }
  for (const char* no : {"gpu0", "gpu2", "gpu4", "gpu8", "gpu13", "gpu", "gpu-1"}) {
    INFO(no);
    REQUIRE_FALSE(match_host_pattern("gpu[1,3,5-7]", no));
  }
}

TEST_CASE("host pattern: a bracket followed by more text and a second bracket")
{
  REQUIRE(match_host_pattern("rack[1-2]-n[0-3]", "rack1-n0"));
  REQUIRE(match_host_pattern("rack[1-2]-n[0-3]", "rack2-n3"));
  REQUIRE_FALSE(match_host_pattern("rack[1-2]-n[0-3]", "rack3-n0"));
  REQUIRE_FALSE(match_host_pattern("rack[1-2]-n[0-3]", "rack1-n4"));
  REQUIRE_FALSE(match_host_pattern("rack[1-2]-n[0-3]", "rack1-n"));
  REQUIRE_FALSE(match_host_pattern("rack[1-2]-n[0-3]", "rack1n0"));
  // A bracket directly followed by a digit: "[1-2]0" is 10 or 20.
  REQUIRE(match_host_pattern("[1-2]0", "10"));
  REQUIRE(match_host_pattern("[1-2]0", "20"));
  REQUIRE_FALSE(match_host_pattern("[1-2]0", "30"));
  REQUIRE_FALSE(match_host_pattern("[1-2]0", "1"));
}

TEST_CASE("host pattern: an unclosed bracket is rejected")
{
  REQUIRE_THROWS_AS(check_host_pattern("[1-"), std::invalid_argument);
  REQUIRE_THROWS_WITH(check_host_pattern("[1-"), "unclosed '[' in host pattern '[1-'");
  REQUIRE_THROWS_WITH(check_host_pattern("node-[0-63"), "unclosed '[' in host pattern 'node-[0-63'");
}

TEST_CASE("host pattern: a non-numeric range is rejected")
{
  REQUIRE_THROWS_AS(check_host_pattern("[a-b]"), std::invalid_argument);
  REQUIRE_THROWS_WITH(check_host_pattern("[a-b]"),
                      "bad range 'a-b' in host pattern '[a-b]'; write ranges as [0-63] or [1,3,5-7]");
  REQUIRE_THROWS_WITH(check_host_pattern("gpu[1,x]"),
                      "bad range 'x' in host pattern 'gpu[1,x]'; write ranges as [0-63] or [1,3,5-7]");
  REQUIRE_THROWS_AS(check_host_pattern("gpu[]"), std::invalid_argument);
  REQUIRE_THROWS_AS(check_host_pattern("gpu[1-]"), std::invalid_argument);
}

TEST_CASE("host pattern: a reversed range is rejected")
{
  REQUIRE_THROWS_AS(check_host_pattern("[5-2]"), std::invalid_argument);
  REQUIRE_THROWS_WITH(check_host_pattern("[5-2]"), "empty range '5-2' in host pattern '[5-2]'");
  REQUIRE_NOTHROW(check_host_pattern("[5-5]")); // one number is a valid range
}

TEST_CASE("host pattern: an unmatched closing bracket is rejected")
{
  REQUIRE_THROWS_WITH(check_host_pattern("node]"), "unmatched ']' in host pattern 'node]'");
}

TEST_CASE("host pattern: well-formed patterns pass the check")
{
  REQUIRE_NOTHROW(check_host_pattern("*"));
  REQUIRE_NOTHROW(check_host_pattern("gpu?"));
  REQUIRE_NOTHROW(check_host_pattern("gpu[1,3,5-7]"));
  REQUIRE_NOTHROW(check_host_pattern("rack[1-2]-n[0-3]"));
}

TEST_CASE("host pattern: suggestions hold the numbered families and every name")
{
  std::vector<std::string> hosts = {"gpu0", "gpu1", "gpu2", "node-1", "node-2", "login"};
  auto got                       = dcflow::pattern_suggestions(hosts);
  // Families: "gpu*" (gpu0..2) and "node-*" (node-1, node-2); "login" has no number: no family.
  std::vector<std::string> expected = {"gpu*", "node-*", "gpu0", "gpu1", "gpu2", "node-1", "node-2", "login"};
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  REQUIRE(got == expected);
}

TEST_CASE("host pattern: a near-miss pattern gets a did-you-mean from the suggestions")
{
  std::vector<std::string> hosts = {"gpu0", "gpu1", "gpu2", "gpu3"};
  // "gpu-*" vs "gpu*": one deletion; within a third of 5 letters (1).
  REQUIRE(dcflow::did_you_mean("gpu-*", dcflow::pattern_suggestions(hosts)) == "; did you mean 'gpu*'?");
}
