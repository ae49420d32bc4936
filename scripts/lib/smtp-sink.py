#!/usr/bin/python3
"""A real SMTP server for dev and tests (Debian's python3-aiosmtpd) that keeps each message it
accepts as one .eml file in a folder, so a person or a test can read what was sent.

usage: smtp-sink.py --port PORT --dir FOLDER [--reply-delay-ms MS]
Prints "listening on 127.0.0.1:PORT" once it accepts connections. --reply-delay-ms makes a slow
server: each message is filed, then the 250 reply waits MS milliseconds, so a test can kill a
sender between the server keeping a message and the sender learning that it did.

The folder, as a mail store would keep it:
  <uuid>.eml          the mailbox: one file per delivered message, written as .<uuid>.eml.part and
                      renamed when complete (a reader never sees half a message). Two headers are
                      added at the top: X-Envelope-From and X-Envelope-To (the SMTP envelope).
  duplicates/         a message whose Message-ID was already delivered, filed apart: a sender that
                      resends the same logical email (its job retried after a crash between the
                      server's 250 and the sender recording it) does not reach the mailbox twice.
                      Exactly-once over SMTP rests on this: the sender gives every logical email a
                      deterministic Message-ID, and the receiving store collapses a resend of it.
  transactions.jsonl  one JSON line per accepted DATA, in order: {"at", "messageId", "file",
                      "outcome": "delivered" | "duplicate", "to"}. Resends are counted here.

Which Message-IDs were delivered is read back from transactions.jsonl at start, and a delivery
whose file has since been removed (the folder cleared) no longer counts. Messages without a
Message-ID are always delivered.
"""
import argparse
import asyncio
import json
import os
import threading
import uuid
from datetime import datetime, timezone
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller

TRANSACTIONS = "transactions.jsonl"
DUPLICATES = "duplicates"


class FolderHandler:
    def __init__(self, folder, reply_delay_s=0.0):
        self.folder = folder
        self.reply_delay_s = reply_delay_s
        self.delivered = {}  # Message-ID -> the mailbox file it was delivered as
        log = os.path.join(folder, TRANSACTIONS)
        if os.path.exists(log):
            with open(log, encoding="utf-8") as lines:
                for line in lines:
                    entry = json.loads(line)
                    if entry.get("outcome") == "delivered" and entry.get("messageId"):
                        self.delivered[entry["messageId"]] = entry["file"]

    def already_delivered(self, message_id):
        file = self.delivered.get(message_id) if message_id else None
        return file is not None and os.path.exists(os.path.join(self.folder, file))

    async def handle_DATA(self, server, session, envelope):
        # Everything below runs without awaiting: one message is filed before the next is looked at.
        content = envelope.original_content or envelope.content
        message_id = (BytesHeaderParser().parsebytes(content).get("Message-ID") or "").strip()
        duplicate = self.already_delivered(message_id)
        name = f"{uuid.uuid4().hex}.eml"
        file = os.path.join(DUPLICATES, name) if duplicate else name
        target = os.path.join(self.folder, file)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        partial = os.path.join(os.path.dirname(target), f".{name}.part")
        with open(partial, "wb") as out:
            out.write(f"X-Envelope-From: {envelope.mail_from}\r\n".encode())
            out.write(f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode())
            out.write(content)
        os.rename(partial, target)
        if message_id and not duplicate:
            self.delivered[message_id] = file
        entry = {
            "at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "messageId": message_id or None,
            "file": file,
            "outcome": "duplicate" if duplicate else "delivered",
            "to": envelope.rcpt_tos,
        }
        with open(os.path.join(self.folder, TRANSACTIONS), "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")
        if self.reply_delay_s > 0:
            await asyncio.sleep(self.reply_delay_s)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--reply-delay-ms", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(
        FolderHandler(args.dir, args.reply_delay_ms / 1000), hostname="127.0.0.1", port=args.port, enable_SMTPUTF8=True
    )
    controller.start()
    print(f"listening on 127.0.0.1:{args.port}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
