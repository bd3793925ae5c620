"""Running a build's tasks: in this process, or in worker processes kept warm.

Tasks are one per target, longest first (answer keys and class sets before exports), so
two workers finish together instead of one idling while the other renders a lesson's
last three PDFs; what the user is looking at (``first``) goes ahead of everything.
Workers are forked from a forkserver that has already imported WeasyPrint and the PDF
renderers, so a new worker starts in milliseconds instead of importing them again; while
it starts, this process renders the targets that do not need WeasyPrint. ``serve`` keeps
one pool alive between saves.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

from pipeline.build.plan import BuildOptions, Target
from pipeline.build.worker import LOADED_MAX, Task, TaskResult, capped, run_task
from pipeline.render.outputs import EVERY_OUTPUT

# Pango, HarfBuzz and fontconfig keep small native caches per distinct document (about
# 25 KB a document, measured), so a pool is replaced after this many tasks per worker and
# memory stays flat on curricula of any size. A fresh pool, not ``max_tasks_per_child``:
# that option deadlocked the executor here (Python 3.11).
TASKS_PER_WORKER = 400
# What the forkserver imports once for every worker it forks: WeasyPrint and the renderers
# that need it. The light renderers (slides, web, exports) are left out: the build's own
# process renders them while the forkserver starts, so preloading them would only delay the
# first PDF (about 0.2 s); a worker imports them when it gets one.
PRELOAD = ["pipeline.build.worker", "pipeline.lesson.loader",
           *dict.fromkeys(o.module for o in EVERY_OUTPUT.values() if o.laid_out)]
# Relative cost of a target, from the benchmark's seconds per output (order matters only).
WEIGHT = {"class-set": 50.0, "answer-key": 5.0, "worksheet": 4.5, "handout": 3.5,
          "slides": 2.0, "web": 1.0}
FORM_WEIGHT = {"large": 2.5, "booklet": 1.2}


def weight(target: Target) -> float:
    return WEIGHT.get(target.output.name, 0.5) * FORM_WEIGHT.get(target.options.form, 1.0)


def schedule(todo: dict, out_dir, options: BuildOptions) -> list[Task]:
    """In-process: one task per lesson (it is loaded once). In a pool: one task per
    target, what the user looks at first, then the longest first, in blocks of as many
    lessons as a worker keeps loaded: all answer keys of 200 lessons before any worksheet
    would make a worker load each lesson again for each of its targets (about 2,000
    loads instead of 400); the last block's exports still end the build."""
    limit = options.target_seconds
    if options.jobs <= 1:
        return [Task(path, out_dir, tuple(group), limit) for path, group in todo.items()]
    block = {path: index // LOADED_MAX for index, path in enumerate(todo)}
    targets = [t for group in todo.values() for t in group]
    targets.sort(key=lambda t: (t.output.name not in options.first, block[t.lesson],
                                -weight(t)))
    return [Task(t.lesson, out_dir, (t,), limit) for t in targets]


class WorkerPool:
    """Worker processes for one build, or kept warm across builds (``serve``)."""

    def __init__(self, jobs: int, memory_mb: int = 2048):
        self.jobs, self.memory_mb = jobs, memory_mb
        self._executor = None
        self._used = 0

    def executor(self):
        if self._executor is None or self._used >= TASKS_PER_WORKER * self.jobs:
            self.close()
            self._executor, self._used = _executor(self.jobs, self.memory_mb), 0
        return self._executor

    def close(self, now: bool = False) -> None:
        if self._executor is not None:
            if now:                     # Ctrl-C: end the workers, do not wait for them
                for process in list(getattr(self._executor, "_processes", {}).values()):
                    process.terminate()
            self._executor.shutdown(wait=not now, cancel_futures=now)
            self._executor = None

    def run(self, tasks: list[Task]) -> Iterator[TaskResult]:
        """Each task's result as it finishes. A worker that dies (a crash in a native
        library, the memory limit) breaks the pool: the tasks it took down are retried
        alone in a fresh one, so only a task that kills a worker again fails."""
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        broken: list[Task] = []
        try:
            starting = self._executor is None
            while tasks:
                executor = self.executor()
                room = TASKS_PER_WORKER * self.jobs - self._used
                chunk, tasks = tasks[:room], tasks[room:]
                self._used += len(chunk)
                if starting:
                    futures = yield from self._while_starting(executor, chunk)
                    starting = False
                else:
                    futures = {executor.submit(run_task, t): t for t in chunk}
                for future in as_completed(futures):
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        broken.append(futures[future])
                if broken:
                    self.close(now=True)
            for task in broken:
                single = WorkerPool(1, self.memory_mb)
                try:
                    yield single.executor().submit(run_task, task).result()
                except BrokenProcessPool as exc:
                    yield _crashed(task, str(exc) or "it was killed")
                finally:
                    single.close(now=True)
        except BaseException:
            self.close(now=True)
            raise

    def _while_starting(self, executor, tasks: list[Task]) -> Generator[TaskResult, None, dict]:
        """Queue the PDFs for the workers at once, then, while the forkserver imports
        WeasyPrint (a second or more, one core idle), build in this process the targets
        that do not need it (slides, web, exports), heaviest first; the rest go to the
        pool when its first worker runs. Returns the futures of the queued tasks.

        The PDFs are queued first, so a worker starts on one the moment it exists, not
        when this process finishes the slide deck it is making."""
        light: list[Task] = []
        heavy: list[Task] = []
        for task in tasks:
            (heavy if any(x.output.laid_out for x in task.targets) else light).append(task)
        if not light or not heavy:
            return {executor.submit(run_task, t): t for t in tasks}
        import threading

        queued: dict = {}

        def start() -> None:            # the first submit waits for the forkserver
            ready = executor.submit(_ready)
            queued.update({executor.submit(run_task, t): t for t in heavy})
            ready.result()

        self._used += 1
        starting = threading.Thread(target=start, daemon=True)
        starting.start()
        done = 0
        for task in light:
            if not starting.is_alive():
                break
            yield _here(task)
            done += 1
        starting.join()
        return {**queued, **{executor.submit(run_task, t): t for t in light[done:]}}


def _ready() -> None:
    """A first task for a new pool: it returns once a worker runs."""


def _here(task: Task) -> TaskResult:
    """A task built in this process while the pool starts."""
    return run_task(task)


def run(tasks: list[Task], options: BuildOptions,
        pool: WorkerPool | None = None) -> Iterator[TaskResult]:
    """Run the tasks in this process (``-j 1``, or a single task) or in a pool; a pool
    made here is closed at the end, one passed in stays warm for the next build."""
    if options.jobs <= 1 or (len(tasks) <= 1 and pool is None):
        for task in tasks:
            with capped(options.worker_mb):       # not while the caller holds a result
                result = run_task(task)
            yield result
        return
    own = pool is None
    pool = pool or WorkerPool(min(options.jobs, len(tasks)), options.worker_mb)
    try:
        yield from pool.run(tasks)
    finally:
        if own:
            pool.close()


def prestart(options: BuildOptions) -> None:
    """Start the forkserver now, once the build knows it has PDFs to lay out (``jobs`` >
    1): it imports WeasyPrint while this process is still planning (loading an edited
    lesson to see which targets it changed) instead of after."""
    if options.jobs > 1:
        _context()


def _context():
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    _start_forkserver()
    return context


def _executor(jobs: int, memory_mb: int):
    import os
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.build.worker import init_worker

    return ProcessPoolExecutor(max_workers=jobs, mp_context=_context(),
                               initializer=init_worker, initargs=(os.getpid(), memory_mb))


def _start_forkserver() -> None:
    """Start the forkserver with Ctrl-C ignored (an ignored signal stays ignored across
    exec), so a Ctrl-C while it imports the renderers prints no traceback from it; the
    build's own process still gets the Ctrl-C and stops the build."""
    import signal
    import threading
    from multiprocessing import forkserver

    if threading.current_thread() is not threading.main_thread():
        forkserver.ensure_running()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def _crashed(task: Task, why: str) -> TaskResult:
    return TaskResult(task.lesson, outcomes=[t.outcome(
        "failed", error=f"{t.output.name}: the build worker stopped ({why})")
        for t in task.targets])
