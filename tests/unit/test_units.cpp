// Units: SimGrid's spelling of sizes, bandwidths, durations, flops and rates, converted to SI base units.
#include "scenario/units.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using dcflow::Dimension;
using dcflow::parse_quantity;

namespace {
// Relative tolerance for values whose decimal factor (1e-3, 1/3600, ...) is not exact in binary.
constexpr double kRel = 1e-12;
} // namespace

TEST_CASE("units: sizes in decimal bytes (B, kB, MB, GB, TB)")
{
  // Decimal prefixes: k = 1e3, M = 1e6, G = 1e9, T = 1e12; all results are integers below 2^53, so exact.
  REQUIRE(parse_quantity("7B", Dimension::Bytes) == 7.0);
  REQUIRE(parse_quantity("3kB", Dimension::Bytes) == 3000.0);    // 3 * 1e3
  REQUIRE(parse_quantity("2MB", Dimension::Bytes) == 2000000.0); // 2 * 1e6
  REQUIRE(parse_quantity("10GB", Dimension::Bytes) == 1e10);     // 10 * 1e9
  REQUIRE(parse_quantity("1.5TB", Dimension::Bytes) == 1.5e12);  // 1.5 * 1e12
  REQUIRE(parse_quantity("0.25GB", Dimension::Bytes) == 2.5e8);  // 0.25 * 1e9 (0.25 is exact in binary)
}

TEST_CASE("units: sizes in binary bytes (KiB, MiB, GiB)")
{
  REQUIRE(parse_quantity("1KiB", Dimension::Bytes) == 1024.0);       // 2^10
  REQUIRE(parse_quantity("2MiB", Dimension::Bytes) == 2097152.0);    // 2 * 2^20 = 2 * 1048576
  REQUIRE(parse_quantity("1GiB", Dimension::Bytes) == 1073741824.0); // 2^30
  REQUIRE(parse_quantity("4GiB", Dimension::Bytes) == 4294967296.0); // 4 * 2^30 = 2^32
}

TEST_CASE("units: sizes in bits (b, Gb) are divided by 8")
{
  REQUIRE(parse_quantity("8b", Dimension::Bytes) == 1.0);      // 8 bits = 1 byte
  REQUIRE(parse_quantity("1Gb", Dimension::Bytes) == 1.25e8);  // 1e9 bits / 8 = 1.25e8 B
  REQUIRE(parse_quantity("16kb", Dimension::Bytes) == 2000.0); // 16e3 bits / 8 = 2000 B
}

TEST_CASE("units: bandwidths (Bps, MBps, GBps, Gbps, Mbps, KiBps)")
{
  REQUIRE(parse_quantity("500Bps", Dimension::Bandwidth) == 500.0);
  REQUIRE(parse_quantity("200MBps", Dimension::Bandwidth) == 2e8);      // 200 * 1e6 B/s
  REQUIRE(parse_quantity("12.5GBps", Dimension::Bandwidth) == 1.25e10); // 12.5 * 1e9 B/s
  REQUIRE(parse_quantity("100Gbps", Dimension::Bandwidth) == 1.25e10);  // 100e9 bits/s / 8 = 12.5e9 B/s
  REQUIRE(parse_quantity("10Mbps", Dimension::Bandwidth) == 1.25e6);    // 10e6 bits/s / 8 = 1.25e6 B/s
  REQUIRE(parse_quantity("1KiBps", Dimension::Bandwidth) == 1024.0);    // 2^10 B/s
  REQUIRE(parse_quantity("3KiBps", Dimension::Bandwidth) == 3072.0);    // 3 * 1024 B/s
}

TEST_CASE("units: a size unit is not a bandwidth unit and vice versa")
{
  // "GB" is a size: as a bandwidth it lacks "ps"; "GBps" as a size has a spurious "ps".
  REQUIRE_THROWS_AS(parse_quantity("10GB", Dimension::Bandwidth), std::invalid_argument);
  REQUIRE_THROWS_AS(parse_quantity("10GBps", Dimension::Bytes), std::invalid_argument);
}

TEST_CASE("units: durations (s, ms, us, ns, m, h, d)")
{
  REQUIRE(parse_quantity("2s", Dimension::Time) == 2.0);
  REQUIRE(parse_quantity("5ms", Dimension::Time) == Approx(0.005).epsilon(kRel)); // 5 * 1e-3
  REQUIRE(parse_quantity("3us", Dimension::Time) == Approx(3e-6).epsilon(kRel));  // 3 * 1e-6
  REQUIRE(parse_quantity("7ns", Dimension::Time) == Approx(7e-9).epsilon(kRel));  // 7 * 1e-9
  REQUIRE(parse_quantity("2m", Dimension::Time) == 120.0);                        // 2 * 60 s (minutes)
  REQUIRE(parse_quantity("1.5h", Dimension::Time) == 5400.0);                     // 1.5 * 3600 s
  REQUIRE(parse_quantity("1d", Dimension::Time) == 86400.0);                      // 24 * 3600 s
}

TEST_CASE("units: flops (f, Gf, Tf, Pf, Tflops) and speeds")
{
  REQUIRE(parse_quantity("7f", Dimension::Flops) == 7.0);
  REQUIRE(parse_quantity("2.5Gf", Dimension::Flops) == 2.5e9); // 2.5 * 1e9
  REQUIRE(parse_quantity("1Tf", Dimension::Flops) == 1e12);
  REQUIRE(parse_quantity("3Pf", Dimension::Flops) == 3e15);     // 3 * 1e15
  REQUIRE(parse_quantity("1Tflops", Dimension::Flops) == 1e12); // long spelling, same factor as Tf
  REQUIRE(parse_quantity("4Gflops", Dimension::Flops) == 4e9);
  // A host speed is written like SimGrid's speed attribute: "1Tf" means 1e12 flop/s.
  REQUIRE(parse_quantity("1Tf", Dimension::FlopRate) == 1e12);
}

TEST_CASE("units: rates (2/s, 120/h, 30/m)")
{
  REQUIRE(parse_quantity("2/s", Dimension::Rate) == 2.0);
  REQUIRE(parse_quantity("120/h", Dimension::Rate) == Approx(1.0 / 30).epsilon(kRel)); // 120 / 3600 s = 1/30
  REQUIRE(parse_quantity("30/m", Dimension::Rate) == Approx(0.5).epsilon(kRel));       // 30 / 60 s = 0.5
}

TEST_CASE("units: a bare number is taken in the base unit")
{
  REQUIRE(parse_quantity("42", Dimension::Bytes) == 42.0);
  REQUIRE(parse_quantity("1e3", Dimension::Bandwidth) == 1000.0);
  REQUIRE(parse_quantity("0.5", Dimension::Time) == 0.5);
  REQUIRE(parse_quantity("3", Dimension::Number) == 3.0);
}

TEST_CASE("units: blanks around the number and between number and unit are accepted")
{
  REQUIRE(parse_quantity("10 GB", Dimension::Bytes) == 1e10);
  REQUIRE(parse_quantity("  10GB  ", Dimension::Bytes) == 1e10);
  REQUIRE(parse_quantity("\t100 Gbps ", Dimension::Bandwidth) == 1.25e10); // 100e9 / 8
  REQUIRE(parse_quantity("5 ms", Dimension::Time) == Approx(0.005).epsilon(kRel));
}

TEST_CASE("units: an unknown unit close to a valid one gets a 'did you mean'")
{
  // "GBs" is one deletion away from "GB" (and nothing is closer), so the suggestion is GB.
  REQUIRE_THROWS_WITH(parse_quantity("10GBs", Dimension::Bytes),
                      "unknown unit 'GBs' in '10GBs' (a size); did you mean 'GB'?");
  // Kilo is a lower-case k in SimGrid's spelling.
  REQUIRE_THROWS_WITH(parse_quantity("10KB", Dimension::Bytes),
                      "unknown unit 'KB' in '10KB' (a size); did you mean 'kB'?");
  // "mss" is one deletion away from "ms".
  REQUIRE_THROWS_WITH(parse_quantity("5mss", Dimension::Time),
                      "unknown unit 'mss' in '5mss' (a duration); did you mean 'ms'?");
}

TEST_CASE("units: an unknown unit far from every valid one lists the valid units")
{
  // "sec" is at distance >= 2 from every time unit (s: delete 'e','c'), above the 1-edit limit of a
  // 3-letter word, so the message lists the units instead.
  REQUIRE_THROWS_WITH(parse_quantity("5 sec", Dimension::Time),
                      "unknown unit 'sec' in '5 sec' (a duration); valid units are 's', 'ms', 'us', 'ns', 'ps', "
                      "'m', 'h', 'd' and 'w'");
}

TEST_CASE("units: empty and blank values are rejected")
{
  REQUIRE_THROWS_WITH(parse_quantity("", Dimension::Bytes), "expected a size, got an empty value");
  REQUIRE_THROWS_WITH(parse_quantity("   ", Dimension::Time), "expected a duration, got an empty value");
}

TEST_CASE("units: non-numeric values are rejected with an example of the expected form")
{
  REQUIRE_THROWS_WITH(parse_quantity("abc", Dimension::Bandwidth),
                      "expected a bandwidth such as '100Gbps' or '12.5GBps', got 'abc'");
  REQUIRE_THROWS_WITH(parse_quantity("GB", Dimension::Bytes), "expected a size such as '10GB', got 'GB'");
  REQUIRE_THROWS_WITH(parse_quantity("fast", Dimension::Rate), "expected a rate such as '2/s', got 'fast'");
  // strtod would read "inf": not a finite quantity.
  REQUIRE_THROWS_WITH(parse_quantity("inf", Dimension::Time), "expected a duration such as '5ms', got 'inf'");
}

TEST_CASE("units: hexadecimal numbers are rejected")
{
  // strtod accepts "0x10" (= 16); a scenario value must not.
  REQUIRE_THROWS_WITH(parse_quantity("0x10", Dimension::Bytes), "expected a size such as '10GB', got '0x10'");
  REQUIRE_THROWS_WITH(parse_quantity("0X1p4GB", Dimension::Bytes), "expected a size such as '10GB', got '0X1p4GB'");
}

TEST_CASE("units: a plain number with trailing text is rejected")
{
  REQUIRE_THROWS_WITH(parse_quantity("3 apples", Dimension::Number), "expected a number, got '3 apples'");
}

TEST_CASE("units: nouns and unit lists for messages")
{
  REQUIRE(dcflow::dimension_noun(Dimension::Bytes) == "a size");
  REQUIRE(dcflow::dimension_noun(Dimension::Bandwidth) == "a bandwidth");
  REQUIRE(dcflow::dimension_noun(Dimension::Time) == "a duration");
  REQUIRE(dcflow::dimension_noun(Dimension::Rate) == "a rate");
  const auto& time_units = dcflow::unit_names(Dimension::Time);
  REQUIRE(time_units == std::vector<std::string>{"s", "ms", "us", "ns", "ps", "m", "h", "d", "w"});
  REQUIRE(dcflow::unit_names(Dimension::Number).empty());
}

TEST_CASE("units: a size given for a bandwidth, or a bandwidth for a size, gets a pointed hint")
{
  // The most common slip: 'GB' where 'GBps' is meant, and the reverse.
  REQUIRE_THROWS_WITH(parse_quantity("10GB", Dimension::Bandwidth),
                      "unknown unit 'GB' in '10GB' (a bandwidth); 'GB' is a size, a bandwidth is per second: did "
                      "you mean 'GBps'?");
  REQUIRE_THROWS_WITH(parse_quantity("10GBps", Dimension::Bytes),
                      "unknown unit 'GBps' in '10GBps' (a size); 'GBps' is a bandwidth, not a size: did you mean "
                      "'GB'?");
}

TEST_CASE("units: rates accept /min as well as /m")
{
  // 30 per minute = 30 / 60 s = 0.5 per second.
  REQUIRE(parse_quantity("30/min", Dimension::Rate) == Approx(0.5).epsilon(1e-12));
}

TEST_CASE("units: byte counts are written back in the unit people use")
{
  CHECK(dcflow::format_bytes(8388608) == "8 MiB");     // 8 x 2^20
  CHECK(dcflow::format_bytes(134217728) == "128 MiB"); // HDFS's block size
  CHECK(dcflow::format_bytes(2.0 * 1024 * 1024 * 1024) == "2 GiB");
  CHECK(dcflow::format_bytes(1e8) == "100 MB"); // not a whole number of KiB (1e8 / 1024 = 97656.25)
  CHECK(dcflow::format_bytes(1.5e9) == "1.5 GB");
  CHECK(dcflow::format_bytes(512) == "512 B");
  CHECK(dcflow::format_bytes(4096) == "4 KiB");
  CHECK(dcflow::format_bytes(1.28e8) == "128 MB"); // = 125000 KiB: decimal reads better
}
