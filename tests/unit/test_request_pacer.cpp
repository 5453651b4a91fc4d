// An object tier's request-rate limit: start times worked out by hand for a few request sequences.
#include "storage/request_pacer.hpp"

#include <catch2/catch.hpp>

#include <vector>

using dcflow::RequestPacer;

TEST_CASE("request pacer: rate 0 (no limit) never delays a request")
{
  // request_rate: 0/s means no limit: every request starts when asked, however many ask at once.
  RequestPacer pacer(0);
  for (int i = 0; i < 100; ++i)
    CHECK(pacer.reserve(0) == 0);
  CHECK(pacer.reserve(2.5) == 2.5);
  CHECK(pacer.reserve(2.5) == 2.5);
  CHECK(pacer.reserve(1) == 1); // even a time earlier than the last request is answered as is
  // The default-constructed pacer is the same "no limit".
  RequestPacer unlimited;
  CHECK(unlimited.reserve(0) == 0);
  CHECK(unlimited.reserve(0) == 0);
}

TEST_CASE("request pacer: k requests asked at time 0 start at 0, 1/q, ..., (k-1)/q")
{
  // q = 4/s: requests 0.25 s apart (exact in binary floating point, so == is safe).
  RequestPacer pacer(4);
  for (int i = 0; i < 10; ++i)
    CHECK(pacer.reserve(0) == 0.25 * i);
  // q = 5500/s, the object tier's default GET rate: 1/5500 s apart. The starts are running sums of
  // 1/5500, hence Approx; request 5499 is one interval short of 1 s.
  RequestPacer s3(5500);
  for (int i = 0; i < 5500; ++i) {
    double start = s3.reserve(0);
    if (i % 1000 == 0 || i == 5499)
      CHECK(start == Approx(i / 5500.0));
  }
  CHECK(s3.reserve(0) == Approx(1.0)); // the 5501st waits a full second
}

TEST_CASE("request pacer: a request asked after an idle gap starts at once")
{
  // q = 2/s: three requests at t = 0 start at 0, 0.5 and 1; the next slot is then 1.5. A request asked at
  // 10 (well after 1.5) starts at 10, and the one after it, also asked at 10, waits 1/q: 10.5.
  RequestPacer pacer(2);
  CHECK(pacer.reserve(0) == 0);
  CHECK(pacer.reserve(0) == 0.5);
  CHECK(pacer.reserve(0) == 1);
  CHECK(pacer.reserve(10) == 10);
  CHECK(pacer.reserve(10) == 10.5);
  // Asked exactly when the next slot opens (11): no wait. Asked just before it (11.25 < 11.5): waits.
  CHECK(pacer.reserve(11) == 11);
  CHECK(pacer.reserve(11.25) == 11.5);
  // The gap does not bank credit: after idling from 11.5 to 100, two requests at 100 are still 1/q apart.
  CHECK(pacer.reserve(100) == 100);
  CHECK(pacer.reserve(100) == 100.5);
}

TEST_CASE("request pacer: starts never precede the request and are at least 1/q apart, in order of asking")
{
  // Whatever the times asked (bursts, gaps, even a time earlier than the previous one), each start is the
  // later of the time asked and the previous start + 1/q: so it is never before the ask, and successive
  // starts increase by at least 1/q (monotone). q = 8/s, interval 0.125 s.
  const std::vector<double> asks{0, 0, 0, 0.1, 0.2, 0.2, 1, 1.05, 3, 2, 2, 3.5, 3.5, 3.5, 3.5, 10, 9, 10.125};
  RequestPacer pacer(8);
  double previous = -1;
  std::vector<double> starts;
  for (double now : asks) {
    double start = pacer.reserve(now);
    CHECK(start >= now);
    if (previous >= 0)
      CHECK(start >= previous + 0.125 - 1e-12);
    previous = start;
    starts.push_back(start);
  }
  // By hand: 0, .125, .25 (burst); .375 (asked .1), .5, .625; 1 (idle); 1.125; 3 (idle); 3.125 and 3.25
  // (asked 2, after 3 had started: they queue behind it); 3.5, 3.625, 3.75, 3.875; 10; 10.125 (asked 9);
  // 10.25 (asked 10.125, but 10.125 is taken).
  const std::vector<double> expected{0,     0.125, 0.25, 0.375, 0.5,  0.625, 1,  1.125,  3,
                                     3.125, 3.25,  3.5,  3.625, 3.75, 3.875, 10, 10.125, 10.25};
  CHECK(starts == expected);
}
