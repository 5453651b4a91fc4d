#pragma once
// Scenario workload -> the concrete list of jobs (submit time, class, per-stage amounts).
// Pure and deterministic: the same scenario and seed give the same list, without any engine.

#include "scenario/scenario.hpp"

#include <cstdint>
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

// Jobs sorted by (submit, id). For a trace replay, `notes` (when given) receives the reader's account of
// what it skipped or assumed, one sentence each, for the user to see.
std::vector<JobSpec> generate_jobs(const Scenario& scenario, std::vector<std::string>* notes = nullptr);

// The job's input bytes as the document counts them: its read stages, else its first transfer.
double input_bytes(const JobClass& job_class, const JobSpec& job);
// A job's flops: the sum of its compute stages' amounts.
double job_flops(const JobClass& job_class, const JobSpec& job);

} // namespace dcflow
