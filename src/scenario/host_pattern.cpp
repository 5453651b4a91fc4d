#include "scenario/host_pattern.hpp"

#include <cctype>
#include <set>
#include <stdexcept>

namespace dcflow {
namespace {

struct Range {
  long long lo;
  long long hi;
};

// Parses "[0-63,70]" starting at pattern[i] == '['; returns the ranges and moves i past ']'.
std::vector<Range> parse_ranges(std::string_view pattern, std::size_t& i)
{
  std::size_t close = pattern.find(']', i);
  if (close == std::string_view::npos)
    throw std::invalid_argument("unclosed '[' in host pattern '" + std::string(pattern) + "'");
  std::string body(pattern.substr(i + 1, close - i - 1));
  std::vector<Range> ranges;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t comma = body.find(',', start);
    std::string item  = body.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::size_t dash  = item.find('-');
    auto to_number    = [&](const std::string& text) {
      if (text.empty() || text.size() > 15)
        throw std::invalid_argument("bad range '" + item + "' in host pattern '" + std::string(pattern) +
                                       "'; write ranges as [0-63] or [1,3,5-7]");
      for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c)))
          throw std::invalid_argument("bad range '" + item + "' in host pattern '" + std::string(pattern) +
                                         "'; write ranges as [0-63] or [1,3,5-7]");
      return std::stoll(text);
    };
    Range range{};
    if (dash == std::string::npos) {
      range.lo = range.hi = to_number(item);
    } else {
      range.lo = to_number(item.substr(0, dash));
      range.hi = to_number(item.substr(dash + 1));
      if (range.hi < range.lo)
        throw std::invalid_argument("empty range '" + item + "' in host pattern '" + std::string(pattern) + "'");
    }
    ranges.push_back(range);
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  i = close + 1;
  return ranges;
}

// Matches pattern[p..] against name[n..]. Each (p, n) is decided once (a failure is remembered), so a pattern of
// many '*' costs O(pattern x name^2) at worst, not exponential backtracking (found by fuzz_host_pattern: "*?**...*$"
// against a 12-character name ran for seconds).
class Matcher {
public:
  Matcher(std::string_view pattern, std::string_view name)
      : pattern_(pattern), name_(name), failed_((pattern.size() + 1) * (name.size() + 1), 0)
  {
  }

  bool match(std::size_t p, std::size_t n)
  {
    char& failed = failed_[p * (name_.size() + 1) + n];
    if (failed)
      return false;
    bool ok = match_here(p, n);
    failed  = ok ? 0 : 1;
    return ok;
  }

private:
  bool match_here(std::size_t p, std::size_t n)
  {
    while (p < pattern_.size()) {
      char c = pattern_[p];
      if (c == '*') {
        for (std::size_t k = n; k <= name_.size(); ++k)
          if (match(p + 1, k))
            return true;
        return false;
      }
      if (c == '[') {
        std::size_t next          = p;
        std::vector<Range> ranges = parse_ranges(pattern_, next);
        // The bracket consumes one decimal number; try every digit-run length so "[1-2]0" still works.
        std::size_t end = n;
        while (end < name_.size() && std::isdigit(static_cast<unsigned char>(name_[end])))
          ++end;
        for (std::size_t k = n + 1; k <= end && k - n <= 15; ++k) {
          std::string digits(name_.substr(n, k - n));
          if (digits.size() > 1 && digits[0] == '0')
            break; // "node-07" is not node 7
          long long value = std::stoll(digits);
          bool inside     = false;
          for (const auto& range : ranges)
            inside = inside || (value >= range.lo && value <= range.hi);
          if (inside && match(next, k))
            return true;
        }
        return false;
      }
      if (n >= name_.size() || (c != '?' && c != name_[n]))
        return false;
      ++p;
      ++n;
    }
    return n == name_.size();
  }

  std::string_view pattern_;
  std::string_view name_;
  std::vector<char> failed_; // per (p, n): known not to match
};

} // namespace

void check_host_pattern(std::string_view pattern)
{
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '[')
      parse_ranges(pattern, i);
    else if (pattern[i] == ']')
      throw std::invalid_argument("unmatched ']' in host pattern '" + std::string(pattern) + "'");
    else
      ++i;
  }
}

bool match_host_pattern(std::string_view pattern, std::string_view name)
{
  return Matcher(pattern, name).match(0, 0);
}

std::vector<std::string> pattern_suggestions(const std::vector<std::string>& host_names)
{
  std::set<std::string> prefixes;
  std::vector<std::string> out;
  for (const auto& name : host_names) {
    std::size_t end = name.size();
    while (end > 0 && std::isdigit(static_cast<unsigned char>(name[end - 1])))
      --end;
    if (end < name.size() && prefixes.insert(name.substr(0, end)).second)
      out.push_back(name.substr(0, end) + "*");
  }
  for (const auto& name : host_names)
    out.push_back(name);
  return out;
}

} // namespace dcflow
