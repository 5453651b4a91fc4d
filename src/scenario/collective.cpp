#include "scenario/collective.hpp"

#include "util/error.hpp"

namespace dcflow {

std::string to_string(CollectiveOp op)
{
  switch (op) {
  case CollectiveOp::AllReduce:
    return "allreduce";
  case CollectiveOp::AllToAll:
    return "alltoall";
  }
  unhandled_enum_value("CollectiveOp", static_cast<int>(op));
}

std::string to_string(CollectiveAlgorithm algorithm)
{
  switch (algorithm) {
  case CollectiveAlgorithm::Ring:
    return "ring";
  case CollectiveAlgorithm::Tree:
    return "tree";
  case CollectiveAlgorithm::Hierarchical:
    return "hierarchical";
  }
  unhandled_enum_value("CollectiveAlgorithm", static_cast<int>(algorithm));
}

} // namespace dcflow
