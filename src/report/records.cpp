#include "report/records.hpp"

#include "util/error.hpp"

#include <cstring>

namespace dcflow {

std::string to_string(JobStatus status)
{
  switch (status) {
  case JobStatus::Completed:
    return "completed";
  case JobStatus::Failed:
    return "failed";
  case JobStatus::NotStarted:
    return "not_started";
  }
  unhandled_enum_value("JobStatus", static_cast<int>(status));
}

namespace {

template <class V>
void put(std::string& out, const V& value)
{
  out.append(reinterpret_cast<const char*>(&value), sizeof(V));
}

template <class V>
V take(const char*& in)
{
  V value;
  std::memcpy(&value, in, sizeof(V));
  in += sizeof(V);
  return value;
}

} // namespace

void RecordCodec<JobRecord>::write(std::string& out, const JobRecord& r)
{
  put(out, r.id);
  put(out, r.job_class);
  put(out, r.submit);
  put(out, r.start);
  put(out, r.end);
  put(out, r.bytes);
  put(out, r.flops);
  put(out, r.status);
  put(out, r.retries);
  put(out, r.lost_work);
  put(out, r.retry_at);
  put(out, static_cast<std::uint32_t>(r.hosts.size()));
  for (int h : r.hosts)
    put(out, h);
  put(out, static_cast<std::uint32_t>(r.cause.size()));
  out += r.cause;
}

JobRecord RecordCodec<JobRecord>::read(const char*& in)
{
  JobRecord r;
  r.id        = take<std::int64_t>(in);
  r.job_class = take<int>(in);
  r.submit    = take<double>(in);
  r.start     = take<double>(in);
  r.end       = take<double>(in);
  r.bytes     = take<double>(in);
  r.flops     = take<double>(in);
  r.status    = take<JobStatus>(in);
  r.retries   = take<int>(in);
  r.lost_work = take<double>(in);
  r.retry_at  = take<double>(in);
  r.hosts.resize(take<std::uint32_t>(in));
  for (int& h : r.hosts)
    h = take<int>(in);
  auto length = take<std::uint32_t>(in);
  r.cause.assign(in, length);
  in += length;
  return r;
}

} // namespace dcflow
