#pragma once
// Scenario workload -> the concrete jobs (submit time, class, per-stage amounts), as a list or one at a time.
// Pure and deterministic: the same scenario and seed give the same jobs, without any engine.

#include "scenario/scenario.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dcflow {

struct JobSpec {
  std::int64_t id = 0; // generation order, 0-based; also picks the job's storage/source hosts (id mod n)
  int job_class   = 0;
  double submit   = 0;               // s
  std::vector<double> amounts;       // one per stage of the class, in the class's stage order
  std::vector<std::int64_t> objects; // per stage: the object it reads or writes, -1 for none (empty: none at all)
  int hosts_needed = 1;              // rigid: the job holds this many compute hosts
  double estimate  = 0;              // s, runtime estimate; 0 = the simulation derives it from the compute stages

  // The identity of what stage `s` reads or writes: its object when the stage has `objects`, else the job's.
  std::int64_t object_of(std::size_t s) const { return s < objects.size() && objects[s] >= 0 ? objects[s] : id; }
};

// The submission times of a source's jobs, in order, one per job, without making the jobs.
class ArrivalTimes {
public:
  virtual ~ArrivalTimes()              = default;
  virtual std::optional<double> next() = 0;
};

// Jobs in submission order, made as they are asked for: a simulation holds only the jobs that have arrived.
class JobSource {
public:
  virtual ~JobSource() = default;
  // The next job (nullopt: no more), and a look at it without taking it.
  std::optional<JobSpec> next();
  const JobSpec* peek();
  // How many jobs there will be, when known before they are made; 0 otherwise (a duration ends them).
  virtual std::int64_t expected() const = 0;
  // The whole list, when the source holds one (traces, jittered arrivals); nullptr for the generator.
  virtual const std::vector<JobSpec>* list() const { return nullptr; }
  // The submission times of the jobs next() has not given yet, in order, independent of next(): the cluster's
  // submitter wakes at each arrival instant while the jobs themselves wait in the source (a windowed queue,
  // sim/cluster.cpp).
  std::unique_ptr<ArrivalTimes> times() const;

private:
  virtual std::optional<JobSpec> make() = 0;
  // The times of the jobs make() has not made yet.
  virtual std::unique_ptr<ArrivalTimes> times_after() const = 0;
  std::optional<JobSpec> ahead_;
};

// The scenario's jobs, the same as generate_jobs gives and in the same order. Generated jobs are made one at a
// time; a trace (read whole), a request trace and jittered arrivals (sorted by their jittered times) are
// made up front.
std::unique_ptr<JobSource> job_source(const Scenario& scenario, std::vector<std::string>* notes = nullptr);
// A source over a list made elsewhere.
std::unique_ptr<JobSource> list_source(std::vector<JobSpec> jobs);

// Jobs sorted by (submit, id). For a trace replay, `notes` (when given) receives the reader's account of
// what it skipped or assumed, one sentence each, for the user to see.
std::vector<JobSpec> generate_jobs(const Scenario& scenario, std::vector<std::string>* notes = nullptr);

// The job's input bytes as the document counts them: its read stages, else its first transfer.
double input_bytes(const JobClass& job_class, const JobSpec& job);
// A job's flops: the sum of its compute stages' amounts.
double job_flops(const JobClass& job_class, const JobSpec& job);

} // namespace dcflow
