// The tile slots' decoding on its own: real H.264 from x264 (GStreamer), real
// libavcodec decoders on their worker threads.
#include "tile_decoders.hpp"

#include <gst/app/gstappsink.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "support.hpp"

namespace media::gst {
namespace {
using namespace std::chrono_literals;

// `count` access units of a 320x180 H.264 stream, the first a keyframe.
std::vector<AccessUnit> encoded_frames(int count) {
  test::Pipeline source("videotestsrc num-buffers=" + std::to_string(count) +
                        " ! video/x-raw,format=I420,width=320,height=180,framerate=30/1"
                        " ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=1000"
                        " ! video/x-h264,stream-format=byte-stream,alignment=au ! appsink name=out sync=false");
  source.play();
  std::vector<AccessUnit> units;
  while (GstSample* sample = gst_app_sink_try_pull_sample(GST_APP_SINK(source.element("out")), 5 * GST_SECOND)) {
    GstMapInfo map;
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    if (gst_buffer_map(buffer, &map, GST_MAP_READ)) {
      AccessUnit unit;
      unit.bytes.assign(map.data, map.data + map.size);
      unit.keyframe = units.empty();
      units.push_back(std::move(unit));
      gst_buffer_unmap(buffer, &map);
    }
    gst_sample_unref(sample);
  }
  return units;
}

struct Pictures {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<std::pair<std::size_t, std::shared_ptr<const DecodedPicture>>> got;

  TileDecoders::OnPicture callback() {
    return [this](std::size_t slot, std::uint64_t, std::shared_ptr<const DecodedPicture> picture) {
      std::lock_guard lock(mutex);
      got.emplace_back(slot, std::move(picture));
      arrived.notify_all();
    };
  }
  bool wait_for(std::size_t count) {
    std::unique_lock lock(mutex);
    return arrived.wait_for(lock, 10s, [&] { return got.size() >= count; });
  }
};

TEST(TileDecoders, QueuedFramesOfEachSlotBecomePicturesOfTheSendersSize) {
  const auto units = encoded_frames(10);
  ASSERT_EQ(units.size(), 10u);
  Pictures pictures;
  TileDecoders decoders(2, pictures.callback());
  for (const AccessUnit& unit : units) {
    ASSERT_TRUE(decoders.submit(0, 1, unit));
    ASSERT_TRUE(decoders.submit(1, 1, unit));
  }
  decoders.wake();
  ASSERT_TRUE(pictures.wait_for(20));
  std::lock_guard lock(pictures.mutex);
  std::size_t per_slot[2] = {0, 0};
  for (const auto& [slot, picture] : pictures.got) {
    ++per_slot[slot];
    EXPECT_EQ(picture->view().width, 320);
    EXPECT_EQ(picture->view().height, 180);
    EXPECT_GE(picture->view().y_stride, 320);
  }
  EXPECT_EQ(per_slot[0], 10u);
  EXPECT_EQ(per_slot[1], 10u);
}

// No frame is held back for reordering: a frame's picture comes out of its own
// decode, not the next one's (a frame interval of latency otherwise).
TEST(TileDecoders, EachFramesPictureComesOutBeforeTheNextFrameArrives) {
  const auto units = encoded_frames(5);
  ASSERT_EQ(units.size(), 5u);
  Pictures pictures;
  TileDecoders decoders(1, pictures.callback());
  for (std::size_t i = 0; i < units.size(); ++i) {
    ASSERT_TRUE(decoders.submit(0, 1, units[i]));
    decoders.wake();
    ASSERT_TRUE(pictures.wait_for(i + 1)) << "frame " << i;
  }
}

TEST(TileDecoders, ASlotsNewSenderIsDecodedFromItsKeyframeOnly) {
  const auto units = encoded_frames(6);
  ASSERT_EQ(units.size(), 6u);
  Pictures pictures;
  TileDecoders decoders(1, pictures.callback());
  for (const AccessUnit& unit : units) ASSERT_TRUE(decoders.submit(0, 1, unit));
  decoders.wake();
  ASSERT_TRUE(pictures.wait_for(6));
  // Generation 2 starts mid-stream (no keyframe): the reset decoder shows nothing of it,
  // rather than pictures predicted from the previous sender's frames.
  for (std::size_t i = 1; i < units.size(); ++i) ASSERT_TRUE(decoders.submit(0, 2, units[i]));
  decoders.wake();
  std::this_thread::sleep_for(500ms);
  std::lock_guard lock(pictures.mutex);
  EXPECT_EQ(pictures.got.size(), 6u);
}

TEST(TileDecoders, ASlotHoldsAtMostASecondOfFramesWaiting) {
  const auto units = encoded_frames(1);
  ASSERT_EQ(units.size(), 1u);
  Pictures pictures;
  TileDecoders decoders(2, pictures.callback());
  // Not woken, the workers leave the queue alone (even one that starts only now): the slot fills up.
  for (std::size_t i = 0; i < TileDecoders::kMaxQueued; ++i) EXPECT_TRUE(decoders.submit(0, 1, units[0]));
  EXPECT_FALSE(decoders.submit(0, 1, units[0]));
  EXPECT_TRUE(decoders.submit(1, 1, units[0]));  // other slots are not held up
  decoders.wake();
  ASSERT_TRUE(pictures.wait_for(1));
}

}  // namespace
}  // namespace media::gst
