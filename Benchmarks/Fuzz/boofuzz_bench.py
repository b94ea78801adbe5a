"""boofuzz against the same loopback echo target and the same message, for the fuzzing benchmark's ratio.

usage: python boofuzz_bench.py tcp|udp PORT CASES
Prints the cases run and the cases per second. Nothing is logged or stored (no web UI, an in-memory database).
"""
import sys
import time

from boofuzz import (FuzzLoggerText, Session, SocketConnection, Target, s_block, s_byte, s_get, s_initialize,
                     s_size, s_static, s_string)

kind, port, cases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
connection = SocketConnection("127.0.0.1", port, proto=kind)
session = Session(
    target=Target(connection=connection), sleep_time=0, receive_data_after_each_request=False,
    check_data_received_each_request=False, web_port=None, console_gui=False, fuzz_loggers=[],
    db_filename=":memory:", index_end=cases)
s_initialize("hello")
s_static(b"VG")
s_size("body", length=2, endian=">")
with s_block("body"):
    s_byte(1, name="command")
    s_string("pump", name="name")
session.connect(s_get("hello"))
start = time.monotonic()
session.fuzz()
elapsed = time.monotonic() - start
run = session.total_mutant_index
print(f"boofuzz {kind}: {run} cases in {elapsed:.2f} s, {run / elapsed:.0f} cases/s")
