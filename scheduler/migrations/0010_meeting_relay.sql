-- A meeting relayed from an outside session (the Government's online meeting with the
-- provinces): the outside bridge's address and RTP ports, what the province sends up and
-- whether its own halls stay in the picture. All NULL for an ordinary meeting.
ALTER TABLE meetings
  ADD COLUMN relay_address text,
  ADD COLUMN relay_video_port int CHECK (relay_video_port BETWEEN 1 AND 65535),
  ADD COLUMN relay_audio_port int CHECK (relay_audio_port BETWEEN 1 AND 65535),
  ADD COLUMN relay_send_up text CHECK (relay_send_up IN ('host', 'composite')),
  ADD COLUMN relay_halls text CHECK (relay_halls IN ('small', 'hidden')),
  ADD CONSTRAINT meetings_relay_whole CHECK (
    (relay_address IS NULL AND relay_video_port IS NULL AND relay_audio_port IS NULL
       AND relay_send_up IS NULL AND relay_halls IS NULL)
    OR (relay_address IS NOT NULL AND relay_video_port IS NOT NULL AND relay_audio_port IS NOT NULL
       AND relay_send_up IS NOT NULL AND relay_halls IS NOT NULL));
