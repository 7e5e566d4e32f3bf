-- SRTP keys of a leg (AES_CM_128_HMAC_SHA1_80, base64 of key||salt as in SDES), when SRTP is on:
-- what the node sends with, and what it expects the hall to send with.
ALTER TABLE legs ADD COLUMN srtp_node_key text, ADD COLUMN srtp_hall_key text;
