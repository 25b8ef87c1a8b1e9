"""runtests.py - run the integration tests (stdlib unittest only).

    runtests.py [-j N] [-v] [PATTERN...]

PATTERN selects tests whose id contains it (e.g. test_auth or
SizeTest.test_size_param).  Test modules run in N worker processes
(default: 2, or OG_JOBS).  The last line printed is
"N passed, N failed[, N skipped]"; the exit status is 1 if anything
failed.  OG_KEEP=1 keeps the temporary folders.
"""

import argparse
import io
import multiprocessing
import os
import sys
import time
import unittest
from concurrent.futures import ProcessPoolExecutor, as_completed

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def iter_tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from iter_tests(t)
        else:
            yield t


def collect(patterns):
    loader = unittest.TestLoader()
    suite = loader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    tests = list(iter_tests(suite))
    broken = [t for t in tests
              if t.__class__.__name__ in ("_FailedTest",
                                          "ModuleImportFailure")]
    if patterns:
        tests = [t for t in tests if t in broken or
                 any(p in t.id() for p in patterns)]
    return tests


class TimedResult(unittest.TextTestResult):
    """Also notes how long each test took."""

    def startTest(self, test):
        self._t0 = time.monotonic()
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        self.durations = getattr(self, "durations", [])
        self.durations.append((time.monotonic() - self._t0, test.id()))


def init_worker(counter):
    """Give each worker process its own block of ports."""
    import harness
    with counter.get_lock():
        counter.value += 1
        harness.set_port_block(counter.value)


def run_module(module, ids, verbose):
    """Run the tests `ids` of one module in this (worker) process."""
    import harness

    loader = unittest.TestLoader()
    suite = unittest.TestSuite(loader.loadTestsFromName(i) for i in ids)
    out = io.StringIO()
    runner = unittest.TextTestRunner(stream=out, verbosity=2 if verbose
                                     else 1, resultclass=TimedResult)
    start = time.monotonic()
    res = runner.run(suite)
    failed = len(res.failures) + len(res.errors) + \
        len(res.unexpectedSuccesses)
    skipped = len(res.skipped)
    passed = res.testsRun - failed - skipped - len(res.expectedFailures)
    if verbose:
        for secs, name in sorted(getattr(res, "durations", []),
                                 reverse=True):
            out.write("%6.2fs %s\n" % (secs, name))
    bad = [t.id() for t, _ in res.failures + res.errors] + \
        [t.id() for t in res.unexpectedSuccesses]
    # the end of each traceback again, for the summary: a CI log that
    # keeps only its tail still says why a test failed
    why = {t.id(): "\n".join(tb.rstrip("\n").split("\n")[-12:])
           for t, tb in res.failures + res.errors}
    return {"module": module, "passed": passed, "failed": failed, "bad": bad,
            "why": why,
            "skipped": skipped, "output": out.getvalue(),
            "seconds": time.monotonic() - start}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-j", type=int, default=int(os.environ.get("OG_JOBS",
                                                               "2")))
    ap.add_argument("-v", action="store_true")
    ap.add_argument("patterns", nargs="*")
    args = ap.parse_args()

    tests = collect(args.patterns)
    broken = [t for t in tests if not t.id().startswith("test_")]
    by_module = {}
    for t in tests:
        if t in broken:
            continue
        by_module.setdefault(t.id().split(".")[0], []).append(t.id())
    passed = failed = skipped = 0
    bad = []
    why = {}
    for t in broken:  # a module that does not even import
        r = unittest.TextTestRunner(stream=sys.stdout).run(t)
        failed += len(r.failures) + len(r.errors)

    import harness
    # certificates once, before the workers fork
    harness.make_cert("ec")
    harness.make_cert("rsa")

    start = time.monotonic()
    # the biggest modules first, so the workers finish together
    modules = sorted(by_module, key=lambda m: -len(by_module[m]))
    workers = multiprocessing.Value("i", 0)
    with ProcessPoolExecutor(max_workers=max(1, args.j),
                             initializer=init_worker,
                             initargs=(workers,)) as ex:
        futs = [ex.submit(run_module, m, by_module[m], args.v)
                for m in modules]
        for f in as_completed(futs):
            r = f.result()
            sys.stdout.write("==== %s (%.1fs)\n%s" % (r["module"],
                                                     r["seconds"],
                                                     r["output"]))
            sys.stdout.flush()
            passed += r["passed"]
            failed += r["failed"]
            skipped += r["skipped"]
            bad += r["bad"]
            why.update(r["why"])
    print("integration tests took %.1fs" % (time.monotonic() - start))
    for name in sorted(bad):
        print("FAILED: %s" % name)
        if name in why:
            print("    " + why[name].replace("\n", "\n    "))
    if failed:
        harness.KEEP_ROOT[0] = True
        print("temporary files kept in %s" % harness.ROOT)
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
