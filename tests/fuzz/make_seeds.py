#!/usr/bin/env python3
"""Writes the seed corpus in corpus/<target>/ (committed; rerun only to change the seeds).
Each seed is a small, valid example of what the target reads, so the fuzzer starts from
inputs that pass the first checks and mutates from there."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


# JSON request bodies: a booking as the README shows it, a full one, a PATCH, small bodies.
write("json_request_fuzz", "book_minimal.json", '{"title":"Giao ban tháng 1","type":"briefing","organiser_org_id":1,'
      '"chair":{"name":"Nguyễn Văn A","position":"Chủ tịch UBND tỉnh"},"host_room_id":1,'
      '"invite":[{"level":"commune"}],"start":"2027-01-11T08:00:00+07:00","end":"2027-01-11T11:00:00+07:00"}')
write("json_request_fuzz", "book_full.json", '{"title":"Hội nghị","type":"review","organiser_org_id":3,'
      '"chair":{"name":"B"},"host_room_id":2,"room_ids":[2,3,9007199254740991],'
      '"invite":[{"level":"district","under":"522"}],"start":"2027-02-01T01:00:00Z","end":"2027-02-01T02:30:00.5Z",'
      '"ad_hoc":true,"ad_hoc_reason":"bão số 5","agenda":[{"title":"Mở đầu","start":"2027-02-01T08:00:00+07:00",'
      '"minutes":15,"speaking_limit":5}],"documents":[{"title":"Báo cáo","link":"https://x/1","sent_at":'
      '"2027-01-20T08:00:00+07:00"}],"delegations":[{"room_id":3,"for_name":"C","attendee_name":"D"}],'
      '"conclusion_required":true,"conclusion_org_id":1,"override":{"rules":["invitation_lead"],"reason":"gấp"},'
      '"recurrence":"FREQ=WEEKLY;COUNT=4"}')
write("json_request_fuzz", "patch.json", '{"title":null,"agenda":[],"chair":{"position":"Phó Chủ tịch"}}')
write("json_request_fuzz", "moderation.json", '{"action":"mute","room_id":7,"layout":"grid"}')
write("json_request_fuzz", "node.json", '{"name":"node-2","capacity_legs":64,"active":false,"rules":["a"]}')
write("json_request_fuzz", "reason.json", '{"reason":"Lãnh đạo bận","sent_at":"2027-01-12T08:00:00+07:00"}')
write("json_request_fuzz", "numbers.json", '{"room_id":-1,"capacity_legs":1e999,"organiser_org_id":18446744073709551615}')

# RFC 3339 text.
for i, t in enumerate(["2027-01-11T08:00:00+07:00", "2027-01-11T01:00:00Z", "2026-12-31t23:59:60.123456789z",
                       "2028-02-29T00:00:00-23:59", "1900-01-01T00:00:00+00:00", "9999-12-31T23:59:59-12:00",
                       "2027-01-11"]):
    write("time_text_fuzz", f"seed{i}", t)

# RRULEs: 4 bytes start minute, 2 bytes length minute, 1 byte max occurrences, then the rule.
def rrule(start_min, length_min, max_occ, rule):
    return struct.pack(">IHB", start_min, length_min, max_occ) + rule.encode()

# 2027-01-11 08:00 +07 is 3,161,820 minutes after 2021-01-01 00:00 UTC (a Monday).
monday = (1799629200 - 1609459200) // 60
for i, r in enumerate(["FREQ=WEEKLY;COUNT=4", "RRULE:FREQ=MONTHLY;BYDAY=1MO;UNTIL=20271231T000000Z",
                       "FREQ=DAILY;INTERVAL=2;UNTIL=20270201", "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=11;COUNT=3",
                       "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=10;WKST=SU", "FREQ=HOURLY;COUNT=5",
                       "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR;COUNT=6"]):
    write("recurrence_fuzz", f"seed{i}", rrule(monday, 180 if i != 5 else 30, 200, r))

# iCalendar text fields, NUL-separated: flags, summary, description, location, calendar
# name, organizer name, organizer e-mail, attendee name, attendee e-mail.
def ics(flags, *fields):
    return bytes([flags]) + b"\0".join(f.encode() for f in fields)

write("ics_fuzz", "plain", ics(0x40, "Giao ban tháng 1", "Chair: Nguyễn Văn A\nHalls:\n- Phòng họp UBND",
                               "Hội trường tỉnh", "Giao ban", "UBND tỉnh", "", "", ""))
write("ics_fuzz", "escapes", ics(0x80 | 0x20, "a;b,c\\d", "line1\r\nline2", "x" * 100, "cal;,\\", "Sở, Ban; ngành",
                                 "vp@quangngai.gov.vn", "Xã \"An\"", "xa@x.vn"))
write("ics_fuzz", "long_utf8", ics(0x10, "Hội nghị trực tuyến " * 8, "ữ" * 60, "", "", "", "", "", ""))

# RTP and RTCP datagrams.
def rtp(pt, marker, seq, ts, ssrc, payload, csrc=0, ext=None, pad=0):
    b0 = 0x80 | csrc | (0x10 if ext is not None else 0) | (0x20 if pad else 0)
    out = struct.pack(">BBHII", b0, (0x80 if marker else 0) | pt, seq, ts, ssrc) + b"\0\0\0\1" * csrc
    if ext is not None:
        out += struct.pack(">HH", 0xBEDE, len(ext) // 4) + ext
    out += payload
    if pad:
        out += b"\0" * (pad - 1) + bytes([pad])
    return out

def rr(ssrc, blocks):
    body = struct.pack(">I", ssrc) + b"".join(blocks)
    return struct.pack(">BBH", 0x80 | len(blocks), 201, len(body) // 4) + body

def sr(ssrc, blocks):
    body = struct.pack(">IIIIII", ssrc, 0xE8000000, 0x12345678, 90000, 100, 120000) + b"".join(blocks)
    return struct.pack(">BBH", 0x80 | len(blocks), 200, len(body) // 4) + body

def block(ssrc, fraction, lost, ext, jitter, lsr, dlsr):
    return struct.pack(">IIIIII", ssrc, (fraction << 24) | (lost & 0xFFFFFF), ext, jitter, lsr, dlsr)

write("rtp_fuzz", "h264_idr", rtp(96, True, 1, 3000, 0x1111, bytes([0x65, 0x88, 0x84])))
write("rtp_fuzz", "h264_stap", rtp(96, False, 2, 3000, 0x1111, bytes([0x18, 0, 2, 0x67, 0x42, 0, 2, 0x68, 0xCE])))
write("rtp_fuzz", "h264_fua", rtp(96, False, 3, 3000, 0x1111, bytes([0x7C, 0x85, 1, 2, 3]), csrc=2,
                                  ext=b"\x10\xff\0\0", pad=4))
write("rtp_fuzz", "opus", rtp(111, True, 9, 960, 0x2222, b"\xfc\xff\xfe"))
write("rtp_fuzz", "rtcp_rr", rr(0x2222, [block(0x1111, 25, -3, 70000, 40, 0x12340000, 0x8000)]))
write("rtp_fuzz", "rtcp_sr_pli", sr(0x3333, [block(0x1111, 0, 5, 10, 4, 0, 0)]) +
      struct.pack(">BBHII", 0x81, 206, 2, 0x3333, 0x1111))
write("rtp_fuzz", "rtcp_fir", struct.pack(">BBHIIII", 0x84, 206, 4, 1, 0, 0x1111, 0x01000000))

# Receive statistics: rate byte, then records of sequence, timestamp, delay (0.1 ms).
def stats(records, rate=3):
    return bytes([rate]) + b"".join(struct.pack(">HIH", s, t, d) for s, t, d in records)

write("rtp_stats_fuzz", "steady", stats([(65530 + i & 0xFFFF, 3000 * i, 333) for i in range(12)]))
write("rtp_stats_fuzz", "jump_and_loss", stats([(10, 0, 200), (11, 960, 200), (5000, 1920, 200), (5001, 2880, 200),
                                                 (5003, 4800, 400), (5002, 3840, 10), (5002, 3840, 0)], rate=2))

# H.264 depacketizer: 2 bytes sequence, 4 bytes timestamp, then records (flags, length, payload).
def h264(records, seq=100, ts=9000):
    out = struct.pack(">HI", seq, ts)
    for flags, payload in records:
        out += bytes([flags, len(payload)]) + payload
    return out

write("h264_depacketizer_fuzz", "idr_frame", h264([(0, bytes([0x18, 0, 3, 0x67, 0x42, 0, 0, 2, 0x68, 0xCE])),
                                                    (0, bytes([0x7C, 0x85, 1, 2, 3])), (0, bytes([0x7C, 0x05, 4, 5])),
                                                    (1, bytes([0x7C, 0x45, 6, 7]))]))
write("h264_depacketizer_fuzz", "loss", h264([(2, bytes([0x41, 1, 2])), (0, bytes([0x5C, 0x81, 1])),
                                               (4, bytes([0x5C, 0x41, 2])), (3, bytes([0x41, 3])), (1, bytes([0x65, 9]))]))
