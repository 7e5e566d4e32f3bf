#include "tile_decoders.hpp"

#include <algorithm>
#include <utility>

namespace media::gst {
namespace {

std::size_t worker_count(std::size_t slots) {
  // Half the cores decode; the rest compose, encode, mix audio and move packets.
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<std::size_t>(cores / 2, 1, std::min<std::size_t>(8, std::max<std::size_t>(1, slots)));
}

}  // namespace

TileDecoders::TileDecoders(std::size_t slots, OnPicture on_picture)
    : on_picture_(std::move(on_picture)), slots_(slots) {
  for (SlotDecoder& slot : slots_) slot.decoder = std::make_unique<H264Decoder>();
  const std::size_t count = worker_count(slots);
  for (std::size_t i = 0; i < count; ++i) workers_.push_back(std::make_unique<Worker>());
  for (auto& worker : workers_) {
    Worker* w = worker.get();
    w->thread = std::thread([this, w] { run(*w); });
  }
}

TileDecoders::~TileDecoders() {
  for (auto& worker : workers_) {
    {
      std::lock_guard lock(worker->mutex);
      worker->stopping = true;
    }
    worker->ready.notify_one();
  }
  for (auto& worker : workers_) {
    if (worker->thread.joinable()) worker->thread.join();
  }
}

bool TileDecoders::submit(std::size_t slot, std::uint64_t generation, AccessUnit unit) {
  if (slot >= slots_.size()) return false;
  Worker& worker = worker_of(slot);
  std::lock_guard lock(worker.mutex);
  if (slots_[slot].queued >= kMaxQueued) return false;
  ++slots_[slot].queued;
  worker.jobs.push_back(Job{slot, generation, std::move(unit)});
  return true;
}

void TileDecoders::wake() {
  for (auto& worker : workers_) {
    {
      std::lock_guard lock(worker->mutex);
      if (worker->jobs.empty()) continue;
      worker->woken = true;
    }
    worker->ready.notify_one();
  }
}

void TileDecoders::run(Worker& worker) {
  std::deque<Job> batch;
  while (true) {
    {
      std::unique_lock lock(worker.mutex);
      worker.ready.wait(lock, [&] { return worker.stopping || worker.woken; });
      if (worker.stopping) return;
      worker.woken = false;
      batch.swap(worker.jobs);
      for (const Job& job : batch) --slots_[job.slot].queued;
    }
    for (Job& job : batch) {
      SlotDecoder& slot = slots_[job.slot];
      if (slot.generation != job.generation) {  // a new sender in this slot
        slot.decoder->reset();
        slot.generation = job.generation;
      }
      if (auto picture = slot.decoder->decode(job.unit.bytes)) on_picture_(job.slot, job.generation, std::move(picture));
    }
    batch.clear();
  }
}

}  // namespace media::gst
