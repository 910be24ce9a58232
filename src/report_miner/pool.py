"""A process pool where each file is isolated: a worker that hangs or dies fails its file alone.

``concurrent.futures`` cannot kill one stuck task, and a crashed worker breaks the whole executor.
Here each worker has its own pipe and runs one file at a time, so the parent always knows which file
a worker holds: past the time limit the worker is killed and replaced and the file is marked
"quá thời gian xử lý"; a worker that dies marks its file failed and is replaced too.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from report_miner.batch_worker import Result

MAX_TASKS_PER_WORKER = 500  # recycle long-lived workers so a slow leak cannot grow without bound


def _context() -> BaseContext:
    """Fork server where there is one: workers fork from a process that has the library loaded."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["report_miner.batch_worker"])
        return ctx
    return mp.get_context("spawn")


def _worker_entry(conn: Connection) -> None:
    """Runs in the worker: the import is free there (preloaded), and the parent never needs it."""
    from report_miner.batch_worker import worker_main

    worker_main(conn)


def _start_worker(ctx: BaseContext) -> tuple[Any, Connection]:
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_worker_entry, args=(child,), daemon=True)  # type: ignore[attr-defined]
    proc.start()
    child.close()
    return proc, parent


@dataclass
class _Slot:
    proc: Any
    conn: Connection
    path: str | None = None
    started: float = 0.0
    done: int = 0


def default_workers() -> int:
    return os.cpu_count() or 1


def run_pool(paths: Iterable[str], on_result: Callable[[Result], None], workers: int | None = None,
             timeout: float = 60.0) -> None:
    """Read every path in worker processes, calling ``on_result`` in this process as each one finishes."""
    queue = deque(paths)
    if not queue:
        return
    ctx = _context()
    n = max(1, min(workers or default_workers(), len(queue)))
    slots = [_Slot(*_start_worker(ctx)) for _ in range(n)]
    try:
        while queue or any(s.path for s in slots):
            for slot in slots:
                _feed(slot, queue)
            busy = [s for s in slots if s.path]
            deadline = min(s.started for s in busy) + timeout
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy],
                         timeout=max(0.0, deadline - time.monotonic()))
            for slot in busy:
                if slot.conn in ready:
                    try:
                        result = slot.conn.recv()
                    except (EOFError, OSError):
                        _fail(slot, on_result, _died(slot))
                        _replace(slot, ctx)
                        continue
                    slot.path, slot.done = None, slot.done + 1
                    if slot.done >= MAX_TASKS_PER_WORKER:
                        _stop(slot)
                        _replace(slot, ctx)
                    _feed(slot, queue)  # the worker reads its next file while this one's result is filed
                    on_result(result)
                elif slot.proc.sentinel in ready:
                    _fail(slot, on_result, _died(slot))
                    _replace(slot, ctx)
                elif time.monotonic() - slot.started > timeout:
                    _fail(slot, on_result, (f"quá thời gian xử lý (hơn {timeout:g} giây)", "timeout"))
                    _replace(slot, ctx)
    finally:
        for slot in slots:
            _stop(slot)


def _feed(slot: _Slot, queue: deque[str]) -> None:
    """Give an idle worker the next file, if any is left."""
    if slot.path is None and queue:
        slot.path, slot.started = queue.popleft(), time.monotonic()
        slot.conn.send(slot.path)


def _died(slot: _Slot) -> tuple[str, str]:
    slot.proc.join(1)
    return (f"tiến trình đọc tệp bị dừng đột ngột (mã thoát {slot.proc.exitcode})", "crashed")


def _fail(slot: _Slot, on_result: Callable[[Result], None], why: tuple[str, str]) -> None:
    assert slot.path is not None
    on_result(("failed", slot.path, None, why[0], why[1], time.monotonic() - slot.started))
    slot.path = None


def _replace(slot: _Slot, ctx: BaseContext) -> None:
    """Kill the slot's worker (if still alive) and start a fresh one in its place."""
    if slot.proc.is_alive():
        slot.proc.kill()
    slot.proc.join(5)
    slot.conn.close()
    slot.proc, slot.conn = _start_worker(ctx)
    slot.done = 0


def _stop(slot: _Slot) -> None:
    try:
        if slot.path is None and slot.proc.is_alive():
            slot.conn.send(None)
            slot.proc.join(2)
    except (BrokenPipeError, OSError):
        pass
    if slot.proc.is_alive():
        slot.proc.kill()
        slot.proc.join(2)
    slot.conn.close()
