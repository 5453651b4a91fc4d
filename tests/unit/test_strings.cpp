// String helpers: edit distance, "did you mean", natural order, quoted lists.
#include "util/strings.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace dcflow;

TEST_CASE("strings: edit_distance on textbook pairs")
{
  REQUIRE(edit_distance("", "") == 0);
  REQUIRE(edit_distance("", "abc") == 3); // three insertions
  REQUIRE(edit_distance("abc", "") == 3); // three deletions
  REQUIRE(edit_distance("abc", "abc") == 0);
  REQUIRE(edit_distance("kitten", "sitting") == 3); // k->s, e->i, +g
  REQUIRE(edit_distance("flaw", "lawn") == 2);      // -f, +n
  REQUIRE(edit_distance("fifo", "fifio") == 1);     // +i
  REQUIRE(edit_distance("policy", "polcy") == 1);   // -i
}

TEST_CASE("strings: closest_match finds a typo and ignores unrelated words")
{
  const std::vector<std::string> names = {"fifo", "policy", "scheduling"};
  // "polcy" -> "policy": 1 edit, within a third of 6 letters (2).
  REQUIRE(closest_match("polcy", names) == "policy");
  // "banana" is at least 5 edits from every name: no suggestion.
  REQUIRE(closest_match("banana", names).empty());
  REQUIRE(closest_match("anything", {}).empty());
}

TEST_CASE("strings: closest_match accepts up to a third of the word changed, not more")
{
  // 6-letter words: the limit is 6 / 3 = 2 edits.
  REQUIRE(closest_match("abcdef", {"abcdxy"}) == "abcdxy"); // 2 substitutions
  REQUIRE(closest_match("abcdef", {"abcxyz"}).empty());     // 3 substitutions
  // Short words still allow one edit.
  REQUIRE(closest_match("ab", {"ax"}) == "ax");
  REQUIRE(closest_match("ab", {"xy"}).empty());
}

TEST_CASE("strings: closest_match prefers the nearest candidate, the first one on ties")
{
  REQUIRE(closest_match("storag", {"store", "storage"}) == "storage"); // 1 edit vs 2 edits
  REQUIRE(closest_match("cat", {"bat", "hat"}) == "bat");              // both 1 edit: first listed wins
}

TEST_CASE("strings: did_you_mean formats the suggestion or returns nothing")
{
  REQUIRE(did_you_mean("fifio", {"fifo", "easy"}) == "; did you mean 'fifo'?");
  REQUIRE(did_you_mean("banana", {"fifo", "easy"}).empty());
  REQUIRE(did_you_mean("x", {}).empty());
}

TEST_CASE("strings: natural_less compares digit runs as numbers")
{
  REQUIRE(natural_less("node-2", "node-10"));
  REQUIRE_FALSE(natural_less("node-10", "node-2"));
  REQUIRE(natural_less("node-9", "node-10"));
  REQUIRE(natural_less("rack2-node10", "rack10-node2"));
  // Digit runs longer than any integer type still compare by value.
  REQUIRE(natural_less("n99999999999999999999999", "n100000000000000000000000"));
  REQUIRE_FALSE(natural_less("n100000000000000000000000", "n99999999999999999999999"));
}

TEST_CASE("strings: natural_less puts a prefix before its extensions and is irreflexive")
{
  REQUIRE(natural_less("a", "a1"));
  REQUIRE_FALSE(natural_less("a1", "a"));
  REQUIRE(natural_less("", "a"));
  REQUIRE_FALSE(natural_less("a", ""));
  REQUIRE(natural_less("node", "node-1"));
  REQUIRE_FALSE(natural_less("node-1", "node-1"));
  REQUIRE_FALSE(natural_less("", ""));
}

TEST_CASE("strings: natural_less orders node-02 and node-2 one way, consistently")
{
  // Equal numbers written differently are distinct names: exactly one of them must come first.
  bool a_first = natural_less("node-02", "node-2");
  bool b_first = natural_less("node-2", "node-02");
  REQUIRE(a_first != b_first);
}

TEST_CASE("strings: natural_less is a strict weak ordering on a tricky set")
{
  const std::vector<std::string> s = {"",        "a",       "a1",       "a01",  "a001", "a1b",    "a01b",
                                      "a1c",     "a2",      "a10",      "a010", "b",    "node-2", "node-02",
                                      "node-10", "node-1x", "node-1-x", "1",    "01",   "10",     "x9y",
                                      "x10y",    "x09y",    "A",        "a 1",  "a-1",  "9",      "z"};
  auto lt                          = [](const std::string& x, const std::string& y) { return natural_less(x, y); };
  for (const auto& x : s) {
    INFO("x = '" << x << "'");
    REQUIRE_FALSE(lt(x, x)); // irreflexive
    for (const auto& y : s) {
      INFO("y = '" << y << "'");
      if (lt(x, y))
        REQUIRE_FALSE(lt(y, x)); // asymmetric
      for (const auto& z : s) {
        INFO("z = '" << z << "'");
        if (lt(x, y) && lt(y, z))
          REQUIRE(lt(x, z)); // transitive
        bool xy_equiv = !lt(x, y) && !lt(y, x);
        bool yz_equiv = !lt(y, z) && !lt(z, y);
        if (xy_equiv && yz_equiv)
          REQUIRE((!lt(x, z) && !lt(z, x))); // incomparability is transitive
      }
    }
  }
}

TEST_CASE("strings: sorting host names with natural_less gives numeric order")
{
  std::vector<std::string> names = {"node-10", "node-2", "node-1", "node-100", "node-20", "node-0"};
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return natural_less(a, b); });
  REQUIRE(names == std::vector<std::string>{"node-0", "node-1", "node-2", "node-10", "node-20", "node-100"});
}

TEST_CASE("strings: quoted_list and join")
{
  REQUIRE(quoted_list({}).empty());
  REQUIRE(quoted_list({"a"}) == "'a'");
  REQUIRE(quoted_list({"a", "b"}) == "'a' and 'b'");
  REQUIRE(quoted_list({"a", "b", "c"}) == "'a', 'b' and 'c'");
  REQUIRE(join({}, ", ").empty());
  REQUIRE(join({"x"}, ", ") == "x");
  REQUIRE(join({"x", "y", "z"}, "; ") == "x; y; z");
}
