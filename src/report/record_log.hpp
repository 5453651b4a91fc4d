#pragma once
// A sequence of records appended during a run and read back, in order, after it. The newest records are kept
// in memory; each time a block of them fills, it is encoded and moved to an unnamed temporary file, so that a
// run's memory does not grow with its number of jobs (README "Performance": a million jobs' activity and job
// records would be most of the run's memory otherwise). Runs of fewer than one block never touch the disk.
// Reading back is by iteration (one block decoded at a time) or by index (the block holding it decoded, the
// last one kept). A log whose block cannot be written (disk full, $TMPDIR missing or read-only) keeps that block
// and every later record in memory instead: the run goes on with the same results, its memory no longer
// bounded, and record_spill_failure() says why (dcflow run prints it as a note).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

namespace dcflow {

// How a record is written into a block's bytes and read back. Records whose bytes are their value are copied.
template <class T>
struct RecordCodec {
  static_assert(std::is_trivially_copyable_v<T>, "give a RecordCodec specialisation for this record type");
  static void write(std::string& out, const T& record)
  {
    out.append(reinterpret_cast<const char*>(&record), sizeof(T));
  }
  static T read(const char*& in)
  {
    T record;
    std::memcpy(&record, in, sizeof(T));
    in += sizeof(T);
    return record;
  }
};

namespace detail {
// An unnamed temporary file in $TMPDIR (else /tmp), removed when closed: the blocks of every RecordLog of a run.
class SpillFile {
public:
  SpillFile();
  ~SpillFile();
  SpillFile(const SpillFile&)            = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  // Appends `bytes`, returns their offset.
  std::uint64_t append(const std::string& bytes);
  void read(std::uint64_t offset, std::size_t size, std::string& into) const;

private:
  int fd_             = -1;
  std::uint64_t size_ = 0;
  std::string dir_;
};
// 32768, or DCFLOW_RECORD_BLOCK (at least 1) when set: the tests run golden scenarios with tiny blocks, so that
// every log of theirs is spilled and read back.
std::size_t block_records();
// A log could not spill a block (`why`): the first such error of the process is kept for record_spill_failure.
void note_spill_failure(const std::string& why);
} // namespace detail

// Why records stayed in memory in this process (the first temporary-file error met: "cannot write the run's
// records to a temporary file in /tmp (set TMPDIR): No space left on device"), or "" if none did. A process runs
// one simulation (README "Architecture").
std::string record_spill_failure();

template <class T>
class RecordLog {
public:
  // Records per block: the most held in memory as written, and as decoded when read back.
  static std::size_t block() { return detail::block_records(); }

  RecordLog() = default;
  RecordLog(std::initializer_list<T> records)
  {
    for (const T& r : records)
      push_back(r);
  }
  void push_back(T record)
  {
    tail_.push_back(std::move(record));
    if (tail_.size() >= block() && !in_memory_)
      spill();
  }
  std::size_t size() const { return spilled_ + tail_.size(); }
  bool empty() const { return size() == 0; }
  // Whether some records were moved to the temporary file.
  bool spilled() const { return spilled_ > 0; }

  // The record at `i`, by value (a spilled one is decoded with its block).
  T operator[](std::size_t i) const { return i < spilled_ ? block_holding(i)[i % block()] : tail_[i - spilled_]; }
  T at(std::size_t i) const
  {
    if (i >= size())
      throw std::out_of_range("RecordLog: record " + std::to_string(i) + " of " + std::to_string(size()));
    return (*this)[i];
  }
  T back() const { return (*this)[size() - 1]; }

  class const_iterator {
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type        = T;
    using difference_type   = std::ptrdiff_t;
    using pointer           = const T*;
    using reference         = const T&;

    const_iterator() = default;
    const_iterator(const RecordLog* log, std::size_t i) : log_(log), i_(i) { load(); }
    reference operator*() const { return i_ < log_->spilled_ ? (*block_)[i_ % block()] : log_->tail_[i_ - log_->spilled_]; }
    pointer operator->() const { return &**this; }
    const_iterator& operator++()
    {
      ++i_;
      if (i_ < log_->spilled_ && i_ % block() == 0)
        load();
      return *this;
    }
    bool operator==(const const_iterator& other) const { return i_ == other.i_; }
    bool operator!=(const const_iterator& other) const { return i_ != other.i_; }

  private:
    void load()
    {
      if (log_ != nullptr && i_ < log_->spilled_)
        block_ = std::make_shared<std::vector<T>>(log_->decode(i_ / block()));
    }
    const RecordLog* log_ = nullptr;
    std::size_t i_        = 0;
    std::shared_ptr<std::vector<T>> block_;
  };
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(nullptr, size()); }

private:
  struct Block {
    std::uint64_t offset = 0;
    std::size_t bytes    = 0;
  };

  void spill()
  {
    std::string bytes;
    for (const T& r : tail_)
      RecordCodec<T>::write(bytes, r);
    std::uint64_t offset = 0;
    try {
      if (!file_)
        file_ = std::make_shared<detail::SpillFile>();
      offset = file_->append(bytes);
    } catch (const std::system_error& error) { // thrown inside a simulated actor, it would abort the run
      detail::note_spill_failure(error.what());
      in_memory_ = true;
      return;
    }
    blocks_.push_back(Block{offset, bytes.size()});
    spilled_ += tail_.size();
    tail_.clear();
    tail_.shrink_to_fit();
    tail_.reserve(block());
  }
  std::vector<T> decode(std::size_t b) const
  {
    std::string bytes;
    file_->read(blocks_[b].offset, blocks_[b].bytes, bytes);
    std::vector<T> out;
    out.reserve(block());
    const char* in = bytes.data();
    for (std::size_t k = 0; k < block(); ++k)
      out.push_back(RecordCodec<T>::read(in));
    return out;
  }
  const std::vector<T>& block_holding(std::size_t i) const
  {
    std::size_t b = i / block();
    if (!cached_ || cached_block_ != b) {
      cached_       = std::make_shared<std::vector<T>>(decode(b));
      cached_block_ = b;
    }
    return *cached_;
  }

  std::vector<T> tail_; // the records after the spilled ones: at most a block, unless in_memory_
  std::size_t spilled_ = 0;
  bool in_memory_      = false; // a block could not be spilled: every record from then on stays in tail_
  std::vector<Block> blocks_;
  std::shared_ptr<detail::SpillFile> file_;
  mutable std::shared_ptr<std::vector<T>> cached_;
  mutable std::size_t cached_block_ = 0;
};

} // namespace dcflow
