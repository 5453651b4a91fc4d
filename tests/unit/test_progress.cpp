// The progress line `dcflow run` shows on a terminal (src/app/progress.*): its text, worked by hand, and how
// often it is rewritten, on a fake wall clock.
#include "app/progress.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace dcflow;

TEST_CASE("progress: text with rate and time left")
{
  // 30,000 of 1,000,000 jobs in 12 s of wall time: 2,500 jobs/s; 970,000 left / 2,500 = 388 s = 6 min 28 s.
  RunProgress p{81.25, 30000, 9375, 1000000};
  CHECK(progress_text(p, 12.0) ==
        "simulated 81.250 s  jobs 30,000 of 1,000,000 done, 9,375 running  2500 jobs/s  about 6 min 28 s left");
  // 7,384 s left is 2 h 3 min (4 s dropped).
  CHECK(progress_text(RunProgress{1, 1, 0, 7385}, 1.0) ==
        "simulated 1.000 s  jobs 1 of 7,385 done, 0 running  1 jobs/s  about 2 h 3 min left");
  // Nothing ended yet: no rate, no estimate; total unknown: no "of".
  CHECK(progress_text(RunProgress{0.5, 0, 4, 0}, 3.0) == "simulated 0.500 s  jobs 0 done, 4 running");
  // All done: the rate, nothing left to estimate.
  CHECK(progress_text(RunProgress{10, 20, 0, 20}, 2.0) == "simulated 10.000 s  jobs 20 of 20 done, 0 running  10 jobs/s");
}

TEST_CASE("progress: the line is rewritten at most once per interval, then erased")
{
  double now = 100;
  std::ostringstream out;
  ProgressLine line(out, 0.5, [&now] { return now; });
  now = 100.2;
  line.update(RunProgress{1, 1, 1, 10}); // before the first interval: nothing
  CHECK(out.str().empty());
  now = 100.5;
  line.update(RunProgress{2, 5, 1, 10}); // 5 jobs in 0.5 s: 10 jobs/s; 5 left take 0.5 s, rounded half up to 1 s
  CHECK(out.str() == "\rsimulated 2.000 s  jobs 5 of 10 done, 1 running  10 jobs/s  about 1 s left\033[K");
  now = 100.9;
  line.update(RunProgress{3, 6, 1, 10}); // 0.4 s after the last line: skipped
  CHECK(out.str().size() == std::string("\rsimulated 2.000 s  jobs 5 of 10 done, 1 running  10 jobs/s  about 1 s left\033[K").size());
  line.finish();
  CHECK(out.str().substr(out.str().size() - 4) == "\r\033[K");
}

TEST_CASE("progress: nothing written, nothing erased")
{
  std::ostringstream out;
  ProgressLine line(out, 0.5, [] { return 0.0; });
  line.finish();
  CHECK(out.str().empty());
}
