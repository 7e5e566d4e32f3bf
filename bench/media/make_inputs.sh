#!/bin/sh
# Makes the benchmark's halls: hall_0.mkv .. hall_15.mkv, each 30 s of
# 640x360@30 H.264 (constrained baseline, 600 kbit/s, no B-frames, GOP 2 s)
# with a distinct moving picture and a distinct Opus tone (48 kHz mono).
set -eu
out=${1:-/tmp/media-bench-inputs}
mkdir -p "$out"
for i in $(seq 0 15); do
  f="$out/hall_$i.mkv"
  [ -s "$f" ] && continue
  hue=$((i * 22))
  freq=$((300 + 70 * i))
  ffmpeg -loglevel error -y \
    -f lavfi -i "testsrc2=size=640x360:rate=30,hue=h=$hue" \
    -f lavfi -i "sine=frequency=$freq:sample_rate=48000" -t 30 \
    -c:v libx264 -preset veryfast -tune zerolatency -profile:v baseline -b:v 600k -maxrate 600k \
    -bufsize 600k -g 60 -bf 0 -pix_fmt yuv420p \
    -c:a libopus -b:a 32k -ac 1 "$f"
done
echo "$out"
