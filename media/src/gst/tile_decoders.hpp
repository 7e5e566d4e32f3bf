#pragma once
// The decoding of the tile slots' video. Each slot has its own H.264 decoder; a
// few worker threads (half the cores, at least one, at most eight) share the
// slots, slot i on worker i % workers, so one slot's frames stay in order. The
// session's I/O thread queues access units as they complete and wakes the
// workers once per batch of received packets, not once per frame.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "h264_decoder.hpp"
#include "media/h264_depacketizer.hpp"

namespace media::gst {

class TileDecoders {
 public:
  // A decoded picture of `slot`'s sender `generation`; called on a worker thread.
  using OnPicture =
      std::function<void(std::size_t slot, std::uint64_t generation, std::shared_ptr<const DecodedPicture>)>;
  // Frames a slot may have waiting (one second at 30 fps): more means its worker has
  // fallen behind, and the frame is refused.
  static constexpr std::size_t kMaxQueued = 30;

  TileDecoders(std::size_t slots, OnPicture on_picture);  // throws Unavailable
  ~TileDecoders();
  TileDecoders(const TileDecoders&) = delete;
  TileDecoders& operator=(const TileDecoders&) = delete;

  // Queues one access unit of the slot's sender `generation` (a new generation
  // resets the slot's decoder). False when the slot's queue is full: the frame is
  // dropped, and the pictures that follow need a keyframe first.
  bool submit(std::size_t slot, std::uint64_t generation, AccessUnit unit);
  // Wakes the workers that have frames waiting; a worker takes frames only when woken.
  void wake();

 private:
  struct Job {
    std::size_t slot = 0;
    std::uint64_t generation = 0;
    AccessUnit unit;
  };
  struct Worker {
    std::mutex mutex;  // guards jobs, queued counts of its slots, woken, stopping
    std::condition_variable ready;
    std::deque<Job> jobs;
    bool woken = false;  // by wake(): what is queued is taken only then
    bool stopping = false;
    std::thread thread;
  };
  struct SlotDecoder {  // used by its worker's thread alone, but `queued`
    std::unique_ptr<H264Decoder> decoder;
    std::uint64_t generation = 0;
    std::size_t queued = 0;  // under the worker's mutex
  };

  Worker& worker_of(std::size_t slot) { return *workers_[slot % workers_.size()]; }
  void run(Worker& worker);

  OnPicture on_picture_;
  std::vector<SlotDecoder> slots_;
  std::vector<std::unique_ptr<Worker>> workers_;
};

}  // namespace media::gst
