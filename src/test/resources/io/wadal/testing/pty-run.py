# Runs a command on a new pseudo-terminal (its controlling terminal, 24x80), as a terminal
# emulator would: this script's stdin goes to the terminal as typed keys, the terminal's output
# to this script's stdout. On stderr, one line each: "pid N" once the command started,
# "before <stty -g>" (the terminal's settings before it), "after <stty -g>" and
# "status N" (or "signal N" when it died of a signal) once it ended.
import fcntl
import os
import select
import struct
import subprocess
import sys
import termios


def stty(fd):
    return subprocess.run(["stty", "-g"], stdin=fd, capture_output=True, text=True).stdout.strip()


def main():
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    before = stty(slave)

    def controlling_terminal():
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    child = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave,
                             start_new_session=True, preexec_fn=controlling_terminal)
    print("pid", child.pid, file=sys.stderr, flush=True)
    print("before", before, file=sys.stderr, flush=True)
    keys_open = True
    while True:
        watched = [master] + ([0] if keys_open else [])
        ready, _, _ = select.select(watched, [], [], 0.05)
        if master in ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if data:
                os.write(1, data)
        if 0 in ready:
            data = os.read(0, 65536)
            if data:
                os.write(master, data)
            else:
                keys_open = False
        if child.poll() is not None:
            while select.select([master], [], [], 0.2)[0]:
                try:
                    data = os.read(master, 65536)
                except OSError:
                    break
                if not data:
                    break
                os.write(1, data)
            break
    print("after", stty(slave), file=sys.stderr, flush=True)
    code = child.returncode
    print("signal %d" % -code if code < 0 else "status %d" % code, file=sys.stderr, flush=True)


main()
