#!/usr/bin/env python3
"""Run the interactive screen on an 80x24 pseudo-terminal and time it.

  screen.py [--frame TEXT] [--keys KEYS] [--quit] -- COMMAND...

Prints "frame_ms=F cpu_ms=C maxrss_kb=R": F is the wall time from the
start of COMMAND to the first output holding TEXT (the first frame with
data: TEXT is a name only the table shows), C the CPU time (user and
system) of COMMAND and R its peak resident set, both from wait4().  KEYS
are typed once TEXT was seen; --quit then types q, otherwise COMMAND is
left to stop by itself (-n).
"""
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time


def main():
    args = sys.argv[1:]
    frame, keys, quit_ = None, "", False
    while args and args[0] != "--":
        if args[0] == "--frame":
            frame = args[1].encode()
            args = args[2:]
        elif args[0] == "--keys":
            keys = args[1]
            args = args[2:]
        elif args[0] == "--quit":
            quit_ = True
            args = args[1:]
        else:
            sys.exit("screen.py: unknown option " + args[0])
    cmd = args[1:]
    env = dict(os.environ, TERM="xterm", LANG="C.UTF-8", NO_COLOR="1")
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(cmd[0], cmd, env)
    seen = b""
    frame_ms = -1.0
    deadline = start + 900
    status = None
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b""
            if not data:
                break
            if frame is not None and frame_ms < 0:
                seen = seen[-len(frame):] + data
                if frame in seen:
                    frame_ms = (time.monotonic() - start) * 1000
                    if keys:
                        os.write(fd, keys.encode())
                    if quit_:
                        os.write(fd, b"q")
        w = os.wait4(pid, os.WNOHANG)
        if w[0]:
            status = w
            break
    if status is None:
        try:
            while select.select([fd], [], [], 0.2)[0] and os.read(fd, 65536):
                pass
        except OSError:
            pass
    _, st, ru = os.wait4(pid, 0) if status is None else status
    print("frame_ms=%.1f cpu_ms=%.1f maxrss_kb=%d status=%d" %
          (frame_ms, (ru.ru_utime + ru.ru_stime) * 1000, ru.ru_maxrss, st))


if __name__ == "__main__":
    main()
