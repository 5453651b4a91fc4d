#include "report/records.hpp"

#include "util/error.hpp"

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

} // namespace dcflow
