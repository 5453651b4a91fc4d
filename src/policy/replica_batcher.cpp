#include "policy/replica_batcher.hpp"

#include <algorithm>
#include <stdexcept>

namespace dcflow {

namespace {
// Times that differ by less than this are the same instant (SimGrid's clock resolution is far finer).
constexpr double kSameInstant = 1e-9;
} // namespace

ReplicaBatcher::ReplicaBatcher(const StepModel& model, InferenceBatching batching, std::vector<ServedRequest>& requests)
    : model_(model), batching_(batching), requests_(requests), capacity_(model.kv_capacity()),
      kv_per_token_(model.figures().kv_bytes_per_token)
{
}

void ReplicaBatcher::enqueue(std::size_t r)
{
  waiting_.push_back(r);
  waiting_need_ += requests_[r].kv_need;
  outstanding_ += requests_[r].estimate;
}

// Takes waiting requests in order while fewer than `limit` are in the batch and the head's reservation fits.
void ReplicaBatcher::admit(double now, std::size_t limit)
{
  while (!waiting_.empty() && running() < limit) {
    ServedRequest& head = requests_[waiting_.front()];
    if (reserved_ + head.kv_need > capacity_)
      break;
    reserved_ += head.kv_need;
    waiting_need_ -= head.kv_need;
    head.admitted = now;
    admitting_.push_back(waiting_.front());
    waiting_.pop_front();
  }
  if (waiting_.empty())
    waiting_need_ = 0; // no drift from repeated subtraction
}

StepPlan ReplicaBatcher::plan(double now)
{
  if (current_ != StepKind::Idle)
    throw std::logic_error("ReplicaBatcher::plan() while a step is running");
  StepPlan p;
  auto max_batch = static_cast<std::size_t>(batching_.max_batch);
  bool start_batch = false;
  if (batching_.mode == BatchingMode::Continuous) {
    admit(now, max_batch);
  } else if (static_batch_ == 0 && !waiting_.empty()) {
    double due = requests_[waiting_.front()].ready + batching_.max_wait;
    if (waiting_.size() >= max_batch || now + kSameInstant >= due) {
      admit(now, max_batch);
      start_batch = true;
    } else {
      p.kind  = StepKind::Wait;
      p.until = due;
      return p;
    }
  }
  if (!admitting_.empty()) {
    double prompt = 0;
    for (std::size_t r : admitting_)
      prompt += static_cast<double>(requests_[r].prompt);
    p.kind     = StepKind::Prefill;
    p.batch    = static_cast<int>(admitting_.size());
    p.tokens   = prompt;
    p.duration = model_.prefill(prompt);
    if (start_batch) {
      static_batch_   = p.batch;
      static_members_ = admitting_;
    }
  } else if (!running_.empty()) {
    p.kind     = StepKind::Decode;
    p.batch    = batching_.mode == BatchingMode::Static ? static_batch_ : static_cast<int>(running_.size());
    p.tokens   = p.batch;
    p.kv_read  = kv_used();
    p.duration = model_.decode(p.batch, p.kv_read);
  } else if (!waiting_.empty()) {
    throw std::logic_error("a replica with nothing running cannot admit the head of its queue");
  }
  current_ = p.kind;
  return p;
}

void ReplicaBatcher::release(std::size_t r)
{
  outstanding_ -= requests_[r].estimate;
  if (idle())
    outstanding_ = 0;
  if (batching_.mode == BatchingMode::Continuous)
    reserved_ -= requests_[r].kv_need;
}

void ReplicaBatcher::step_ended(double now, std::vector<std::size_t>& ended)
{
  StepKind kind = current_;
  current_      = StepKind::Idle;
  if (kind == StepKind::Prefill) {
    std::vector<std::size_t> admitted;
    admitted.swap(admitting_);
    for (std::size_t r : admitted) {
      ServedRequest& q = requests_[r];
      q.first_token    = now;
      if (q.output <= 1) {
        q.end = now;
        release(r);
        ended.push_back(r);
        continue;
      }
      q.finish_step = steps_ + (q.output - 1);
      context_tokens_ += static_cast<double>(q.prompt + 1);
      running_.push(Finish{q.finish_step, r});
    }
  } else if (kind == StepKind::Decode) {
    ++steps_;
    context_tokens_ += static_cast<double>(running_.size());
    while (!running_.empty() && running_.top().step <= steps_) {
      std::size_t r    = running_.top().request;
      ServedRequest& q = requests_[r];
      running_.pop();
      q.end = now;
      context_tokens_ -= static_cast<double>(q.prompt + q.output);
      release(r);
      ended.push_back(r);
    }
    if (running_.empty())
      context_tokens_ = 0;
  }
  if (batching_.mode == BatchingMode::Static && static_batch_ > 0 && running_.empty()) {
    static_batch_ = 0; // the batch has ended: its reservations go
    static_members_.clear();
    reserved_ = 0;
  }
  if (batching_.mode == BatchingMode::Continuous && running_.empty() && admitting_.empty())
    reserved_ = 0;
}

void ReplicaBatcher::evict(std::vector<std::size_t>& out, std::vector<std::int64_t>& generated)
{
  for (std::size_t r : waiting_) {
    out.push_back(r);
    generated.push_back(0);
  }
  for (std::size_t r : admitting_) {
    out.push_back(r);
    generated.push_back(0);
  }
  std::vector<std::size_t> running; // by admission: their finish steps are in admission order for equal output
  while (!running_.empty()) {
    running.push_back(running_.top().request);
    running_.pop();
  }
  std::sort(running.begin(), running.end(),
            [this](std::size_t a, std::size_t b) { return requests_[a].admitted != requests_[b].admitted
                                                              ? requests_[a].admitted < requests_[b].admitted
                                                              : a < b; });
  for (std::size_t r : running) {
    const ServedRequest& q = requests_[r];
    // Its prefill ended with decode-step count finish_step - (output - 1); each decode step since gave a token.
    std::int64_t since = steps_ - (q.finish_step - (q.output - 1));
    out.push_back(r);
    generated.push_back(1 + since);
  }
  waiting_.clear();
  admitting_.clear();
  current_        = StepKind::Idle;
  context_tokens_ = 0;
  reserved_       = 0;
  waiting_need_   = 0;
  outstanding_    = 0;
  static_batch_   = 0;
  static_members_.clear();
}

} // namespace dcflow
