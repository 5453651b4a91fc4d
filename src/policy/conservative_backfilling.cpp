#include "policy/conservative_backfilling.hpp"
#include "policy/easy_backfilling.hpp" // host_release_times

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>

namespace dcflow {

namespace {

// A reservation of positive length on one host, [start, end). Zero-length jobs take no time, so only the
// job that starts one now holds a host for it (see taken_now); it blocks nothing later.
struct Interval {
  double start;
  double end;
};

// A host's reservations, sorted by start and pairwise disjoint, leave [s, e) free; for s == e, the instant s.
bool free_over(const std::vector<Interval>& booked, double s, double e)
{
  // Ends are sorted too: binary-search the first reservation that ends after s.
  auto it = std::partition_point(booked.begin(), booked.end(), [&](const Interval& iv) { return iv.end <= s; });
  return it == booked.end() || !(it->start < e || (s == e && it->start <= s));
}

// Inline (without a popcnt instruction, __builtin_popcountll is a library call).
std::size_t popcount(std::uint64_t x)
{
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
  return static_cast<std::size_t>((x * 0x0101010101010101ULL) >> 56);
}

std::size_t popcount(const std::uint64_t* mask, std::size_t words)
{
  std::size_t n = 0;
  for (std::size_t w = 0; w < words; ++w)
    n += popcount(mask[w]);
  return n;
}

// The lowest `n` hosts of a mask that holds at least n.
std::vector<std::size_t> lowest(const std::vector<std::uint64_t>& mask, std::size_t n)
{
  std::vector<std::size_t> hosts;
  hosts.reserve(n);
  for (std::size_t w = 0; w < mask.size() && hosts.size() < n; ++w)
    for (std::uint64_t bits = mask[w]; bits != 0 && hosts.size() < n; bits &= bits - 1)
      hosts.push_back(w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
  return hosts;
}

bool same_bits(double a, double b)
{
  return std::memcmp(&a, &b, sizeof a) == 0;
}

} // namespace

ConservativeBackfillingPolicy::ConservativeBackfillingPolicy(Mode mode) : mode_(mode) {}

std::vector<Dispatch> ConservativeBackfillingPolicy::schedule(const ClusterView& view)
{
  return mode_ == Mode::Reference ? schedule_reference(view) : schedule_incremental(view);
}

// ----- the reference: from scratch -----------------------------------------------------------------------------

// Cost: for each queued job, each candidate start time (now, running jobs' ends, earlier reservations' ends)
// scans the hosts with a binary search in each host's reservations: O(queue * (running + queue) * hosts * log).
// The earliest feasible start is always a candidate: sliding a feasible interval earlier only meets a conflict
// at the end of a busy interval (or at now).
std::vector<Dispatch> ConservativeBackfillingPolicy::schedule_reference(const ClusterView& view) const
{
  std::vector<Dispatch> dispatches;
  const auto& queue       = view.queue();
  const std::size_t hosts = view.host_count();
  if (queue.empty() || view.free_count() == 0)
    return dispatches;

  const double now                  = view.now();
  const std::vector<double> release = host_release_times(view);
  std::vector<bool> free_now(hosts);
  for (std::size_t h = 0; h < hosts; ++h)
    free_now[h] = view.is_free(h);
  // Hosts given to a job that starts in this call: a zero-length job books no interval but still holds its host
  // for this call. `open` counts free hosts still able to start a job now: when none is left, stop.
  std::vector<bool> taken_now(hosts, false);
  std::size_t open = view.free_count();

  std::set<double> candidates{now};
  for (double r : release)
    if (std::isfinite(r))
      candidates.insert(r);
  std::vector<std::vector<Interval>> booked(hosts);
  std::vector<std::size_t> chosen;

  for (std::size_t i = 0; i < queue.size() && open > 0; ++i) {
    const QueuedJob& job = queue[i];
    if (job.hosts_needed < 1 || static_cast<std::size_t>(job.hosts_needed) > hosts)
      continue; // can never start: reserves nothing, blocks nothing
    const auto needed     = static_cast<std::size_t>(job.hosts_needed);
    const double estimate = std::max(0.0, job.estimate); // this order: negative or NaN gives a zero-length job

    bool found      = false;
    bool starts_now = false;
    double start    = now;
    for (double t : candidates) {
      // At now, first only the hosts free now and not given away in this call (the job starts); then also the
      // hosts of overdue jobs and of zero-length jobs started now, which end "just after now" (the reservation
      // lies at now but the job waits for them).
      for (int pass = 0; pass < (t == now ? 2 : 1) && !found; ++pass) {
        const bool strict = t == now && pass == 0;
        chosen.clear();
        for (std::size_t h = 0; h < hosts && chosen.size() < needed; ++h) {
          bool up = strict ? free_now[h] && !taken_now[h] : release[h] <= t;
          if (up && free_over(booked[h], t, t + estimate))
            chosen.push_back(h);
        }
        if (chosen.size() == needed) {
          found      = true;
          start      = t;
          starts_now = strict;
        }
      }
      if (found)
        break;
    }
    if (!found)
      continue; // more hosts than will ever be free (inactive hosts, or held forever): reserves nothing

    const Interval interval{start, start + estimate};
    for (std::size_t h : chosen) {
      bool was_open = free_now[h] && !taken_now[h] && free_over(booked[h], now, now);
      if (interval.end > interval.start) {
        auto& list = booked[h];
        list.insert(std::upper_bound(list.begin(), list.end(), interval,
                                     [](const Interval& a, const Interval& b) { return a.start < b.start; }),
                    interval);
      }
      if (starts_now)
        taken_now[h] = true;
      if (was_open && (taken_now[h] || !free_over(booked[h], now, now)))
        --open;
    }
    if (interval.end > interval.start && std::isfinite(interval.end))
      candidates.insert(interval.end);
    if (starts_now)
      dispatches.push_back(Dispatch{i, chosen});
  }
  return dispatches;
}

// ----- the availability profile --------------------------------------------------------------------------------

// A breakpoint at t (t >= the first one): the step at t, split from the one that held t.
std::size_t ConservativeBackfillingPolicy::split(double t)
{
  const auto k = static_cast<std::size_t>(std::lower_bound(times_.begin(), times_.end(), t) - times_.begin());
  if (k < times_.size() && times_[k] == t)
    return k;
  times_.insert(times_.begin() + static_cast<std::ptrdiff_t>(k), t);
  counts_.insert(counts_.begin() + static_cast<std::ptrdiff_t>(k), counts_[k - 1]);
  const Mask held(free_hosts(k - 1), free_hosts(k - 1) + words_);
  bits_.insert(bits_.begin() + static_cast<std::ptrdiff_t>(k * words_), held.begin(), held.end());
  return k;
}

// Forgets the past: the step that holds `now` starts at now.
void ConservativeBackfillingPolicy::advance(double now)
{
  const auto last =
      static_cast<std::ptrdiff_t>(std::upper_bound(times_.begin(), times_.end(), now) - times_.begin()) - 1;
  times_.erase(times_.begin(), times_.begin() + last);
  counts_.erase(counts_.begin(), counts_.begin() + last);
  bits_.erase(bits_.begin(), bits_.begin() + last * static_cast<std::ptrdiff_t>(words_));
  times_.front() = now;
}

void ConservativeBackfillingPolicy::occupy(const std::vector<std::size_t>& hosts, double start, double end)
{
  Mask mask(words_, 0);
  for (std::size_t h : hosts)
    mask[h / 64] |= std::uint64_t{1} << (h % 64);
  const std::size_t first = split(start);
  const std::size_t last  = std::isinf(end) ? times_.size() : split(end); // after first: first stays valid
  for (std::size_t k = first; k < last; ++k) {
    std::uint64_t* free = free_hosts(k);
    for (std::size_t w = 0; w < words_; ++w)
      free[w] &= ~mask[w];
    counts_[k] = popcount(free, words_);
  }
}

void ConservativeBackfillingPolicy::vacate(const std::vector<std::size_t>& hosts, double start, double end)
{
  start = std::max(start, times_.front()); // the past is gone
  if (!(end > start))
    return;
  Mask mask(words_, 0);
  for (std::size_t h : hosts)
    mask[h / 64] |= std::uint64_t{1} << (h % 64);
  const std::size_t first = split(start);
  const std::size_t last  = std::isinf(end) ? times_.size() : split(end);
  for (std::size_t k = first; k < last; ++k) {
    std::uint64_t* free = free_hosts(k);
    for (std::size_t w = 0; w < words_; ++w)
      free[w] |= mask[w];
    counts_[k] = popcount(free, words_);
  }
}

void ConservativeBackfillingPolicy::unbook(const Entry& e)
{
  if (e.placed && e.end > e.start)
    vacate(e.hosts, e.start, e.end);
}

// The reference's search on the profile. Candidate start times are the breakpoints (a superset of the
// reference's: every time at which some host comes free is one); [t, t + estimate) is free on the hosts free in
// every step it overlaps, the instant t (zero length) on the hosts free in the step holding t. A candidate
// whose window meets a step with too few free hosts at all is skipped along with every candidate up to it.
ConservativeBackfillingPolicy::Entry ConservativeBackfillingPolicy::place(const QueuedJob& job, std::size_t i,
                                                                          std::vector<Dispatch>& out)
{
  Entry e;
  e.id           = job.id;
  e.hosts_needed = job.hosts_needed;
  e.estimate     = job.estimate;
  if (job.hosts_needed < 1 || static_cast<std::size_t>(job.hosts_needed) > hosts_)
    return e; // can never start: reserves nothing, blocks nothing
  const auto needed     = static_cast<std::size_t>(job.hosts_needed);
  const double estimate = std::max(0.0, job.estimate); // this order: negative or NaN gives a zero-length job

  const std::size_t steps = times_.size();
  Mask acc(words_);
  for (std::size_t j = 0; j < steps;) {
    const double t      = times_[j];
    const double end    = t + estimate;
    std::size_t blocker = steps;
    std::size_t count   = counts_[j];
    // The hosts free over the window: this step's, narrowed by each later step's (into acc, once narrowed).
    const std::uint64_t* free = free_hosts(j);
    if (count < needed)
      blocker = j;
    else if (end > t)
      for (std::size_t k = j + 1; k < steps && times_[k] < end; ++k) {
        const std::uint64_t* next = free_hosts(k);
        bool narrowed             = false;
        for (std::size_t w = 0; w < words_; ++w) {
          const std::uint64_t both = free[w] & next[w];
          narrowed                 = narrowed || both != free[w];
          acc[w]                   = both; // free may be acc itself: element by element is fine
        }
        if (!narrowed)
          continue;
        free  = acc.data();
        count = popcount(free, words_);
        if (count < needed) {
          blocker = k;
          break;
        }
      }
    if (count >= needed && free != acc.data())
      for (std::size_t w = 0; w < words_; ++w)
        acc[w] = free[w]; // (a copy only when placing)
    if (j == 0 && count >= needed) {
      // At now, first only the hosts free now and not given to a job starting in this call.
      Mask strict = acc;
      for (std::size_t w = 0; w < words_; ++w)
        strict[w] &= startable_[w];
      if (popcount(strict.data(), words_) >= needed) {
        e.placed = true;
        e.start  = t;
        e.end    = end;
        e.hosts  = lowest(strict, needed);
        if (end > t)
          occupy(e.hosts, t, end);
        for (std::size_t h : e.hosts)
          startable_[h / 64] &= ~(std::uint64_t{1} << (h % 64));
        out.push_back(Dispatch{i, e.hosts});
        return e;
      }
    }
    if (count >= needed) {
      e.placed = true;
      e.start  = t;
      e.end    = end;
      e.hosts  = lowest(acc, needed);
      if (end > t)
        occupy(e.hosts, t, end);
      return e;
    }
    j = blocker < steps && counts_[blocker] < needed ? blocker + 1 : j + 1;
  }
  return e; // more hosts than will ever be free (inactive hosts, or held forever): reserves nothing
}

// ----- the incremental schedule --------------------------------------------------------------------------------

void ConservativeBackfillingPolicy::rebuild(const ClusterView& view, const std::vector<double>& release)
{
  ++stats_.rebuilds;
  hosts_ = view.host_count();
  words_ = (hosts_ + 63) / 64;
  Mask all(words_, ~std::uint64_t{0});
  if (hosts_ % 64 != 0)
    all.back() = (std::uint64_t{1} << (hosts_ % 64)) - 1;
  times_.assign(1, view.now());
  counts_.assign(1, hosts_);
  bits_  = all;
  until_ = release;
  for (std::size_t h = 0; h < hosts_; ++h)
    if (release[h] > view.now())
      occupy({h}, view.now(), release[h]);
  entries_.clear();
}

// What moved since the plan: every host must be released when planned. Compared exactly: a job ending even a
// hair before its expected end may let reservations move to now, and only a replan finds where.
void ConservativeBackfillingPolicy::catch_up(const ClusterView& view, const std::vector<double>& release)
{
  const double now = view.now();
  bool fresh       = !valid_ || view.host_count() != hosts_ || !(now >= now_);
  if (!fresh) {
    advance(now);
    for (std::size_t h = 0; h < hosts_ && !fresh; ++h)
      fresh = !same_bits(release[h], until_[h] > now ? until_[h] : now);
  }
  if (fresh)
    rebuild(view, release);
  valid_ = true;
  now_   = now;
  startable_.assign(words_, 0);
  for (std::size_t h = 0; h < hosts_; ++h)
    if (view.is_free(h))
      startable_[h / 64] |= std::uint64_t{1} << (h % 64);
}

void ConservativeBackfillingPolicy::unplan_from(std::size_t first)
{
  for (std::size_t k = first; k < entries_.size(); ++k)
    unbook(entries_[k]);
  entries_.resize(first);
}

// The queue must be the planned one (minus the jobs started since) followed by arrivals.
void ConservativeBackfillingPolicy::keep_planned_prefix(const std::deque<QueuedJob>& queue)
{
  std::size_t keep = 0;
  while (keep < entries_.size() && keep < queue.size() && entries_[keep].id == queue[keep].id &&
         entries_[keep].hosts_needed == queue[keep].hosts_needed &&
         same_bits(entries_[keep].estimate, queue[keep].estimate))
    ++keep;
  if (keep < entries_.size()) {
    ++stats_.replans;
    unplan_from(keep);
  }
}

// Reservations due now start if all their hosts are free now: they are then what the reference finds (the
// lowest hosts free from now are the lowest startable ones). Otherwise (a host still held by a job due now or
// overdue, or given to a zero-length job in this call; a reservation whose time went by) replan from there.
std::vector<bool> ConservativeBackfillingPolicy::start_due(double now, std::vector<Dispatch>& out)
{
  std::vector<bool> started(entries_.size(), false);
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (!e.placed || e.start > now)
      continue;
    bool ok = e.start == now;
    for (std::size_t h : e.hosts)
      ok = ok && (startable_[h / 64] >> (h % 64) & 1) != 0;
    if (ok) {
      for (std::size_t h : e.hosts)
        startable_[h / 64] &= ~(std::uint64_t{1} << (h % 64));
      out.push_back(Dispatch{i, e.hosts});
      started[i] = true;
      continue;
    }
    ++stats_.replans;
    unplan_from(i);
    started.resize(i);
    break;
  }
  return started;
}

// Started jobs hold their hosts until their reservation ends: the profile already says so.
void ConservativeBackfillingPolicy::forget_started(const std::vector<bool>& started, double now)
{
  std::size_t w = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (started[i]) {
      const Entry& e = entries_[i];
      for (std::size_t h : e.hosts)
        until_[h] = e.end > e.start ? e.end : now;
      continue;
    }
    if (w != i)
      entries_[w] = std::move(entries_[i]);
    ++w;
  }
  entries_.resize(w);
}

std::vector<Dispatch> ConservativeBackfillingPolicy::schedule_incremental(const ClusterView& view)
{
  std::vector<Dispatch> dispatches;
  const auto& queue = view.queue();
  if (queue.empty() || view.free_count() == 0)
    return dispatches;
  ++stats_.calls;

  catch_up(view, host_release_times(view));
  keep_planned_prefix(queue);
  std::vector<bool> started = start_due(view.now(), dispatches);
  // Arrivals, and the jobs replanned, after every reservation kept.
  for (std::size_t i = entries_.size(); i < queue.size(); ++i) {
    const std::size_t before = dispatches.size();
    entries_.push_back(place(queue[i], i, dispatches));
    ++stats_.placements;
    started.push_back(dispatches.size() > before);
  }
  forget_started(started, view.now());
  return dispatches;
}

} // namespace dcflow
