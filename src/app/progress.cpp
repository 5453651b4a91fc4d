#include "app/progress.hpp"

#include <fmt/format.h>

#include <cmath>

namespace dcflow {
namespace {

// 1234567 -> "1,234,567".
std::string grouped(std::int64_t n)
{
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// 42 -> "42 s", 125 -> "2 min 5 s", 7384 -> "2 h 3 min".
std::string duration(double seconds)
{
  auto s = static_cast<std::int64_t>(std::llround(seconds));
  if (s < 60)
    return fmt::format("{} s", s);
  if (s < 3600)
    return fmt::format("{} min {} s", s / 60, s % 60);
  return fmt::format("{} h {} min", s / 3600, (s % 3600) / 60);
}

} // namespace

std::string progress_text(const RunProgress& p, double wall_seconds)
{
  std::string text = fmt::format("simulated {:.3f} s  jobs {}", p.simulated_time, grouped(p.done));
  if (p.total > 0)
    text += " of " + grouped(p.total);
  text += fmt::format(" done, {} running", grouped(p.running));
  if (wall_seconds > 0 && p.done > 0) {
    double rate = static_cast<double>(p.done) / wall_seconds;
    text += fmt::format("  {:.0f} jobs/s", rate);
    if (p.total > p.done)
      text += "  about " + duration(static_cast<double>(p.total - p.done) / rate) + " left";
  }
  return text;
}

ProgressLine::ProgressLine(std::ostream& out, double interval, std::function<double()> wall_clock)
    : out_(out), interval_(interval), wall_clock_(std::move(wall_clock)), start_(wall_clock_())
{
}

void ProgressLine::update(const RunProgress& progress)
{
  double now = wall_clock_();
  if (last_ >= 0 ? now - last_ < interval_ : now - start_ < interval_)
    return;
  last_ = now;
  // \r back to the line's start, \033[K erases what a longer previous line left.
  out_ << "\r" << progress_text(progress, now - start_) << "\033[K" << std::flush;
  written_ = true;
}

void ProgressLine::finish()
{
  if (written_)
    out_ << "\r\033[K" << std::flush;
  written_ = false;
}

} // namespace dcflow
