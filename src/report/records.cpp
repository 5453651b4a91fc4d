#include "report/records.hpp"

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
  return "?";
}

} // namespace dcflow
