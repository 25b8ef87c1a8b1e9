"""The content rules on the three modern outgoing-mail sets of
bench/modern (the real binary's `outguard scan`, rules alone): no
legitimate message of any set is refused, and the hijacked accounts' mail
is caught at least as often as when the rules were last measured (the
floors sit a little under those figures, bench/README.md "Where the rules
stand"; raise them when the rules catch more, and explain a lower one).
"""

import os
import re
import subprocess
import sys
import unittest

TOP = os.environ.get("TOP_SRCDIR", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
OUTGUARD = os.environ.get("OUTGUARD", os.path.join(TOP, "build",
                                                   "outguard"))

# set: (legitimate messages, hijacked messages, caught at least)
SETS = {"a": (52, 35, 24), "b": (60, 45, 40), "c": (60, 50, 34)}


class ModernSetTest(unittest.TestCase):

    def run_set(self, name):
        p = subprocess.run([sys.executable, os.path.join(TOP, "bench",
                                                         "modern", "run"),
                            "--set", name, "--outguard", OUTGUARD],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=600)
        self.assertEqual(p.returncode, 0, p.stderr)
        last = p.stdout.strip().splitlines()[-1]
        m = re.match(r"ham: (\d+) of (\d+) at 5\.0 or more, (\d+) from 4 "
                     r"to 5; spam: (\d+) of (\d+) caught$", last)
        self.assertIsNotNone(m, last)
        return [int(x) for x in m.groups()], p.stdout

    def check(self, name):
        (fp, nham, _, caught, nspam), out = self.run_set(name)
        want_ham, want_spam, floor = SETS[name]
        self.assertEqual((nham, nspam), (want_ham, want_spam), out)
        self.assertEqual(fp, 0, "legitimate mail refused:\n" + out)
        self.assertGreaterEqual(caught, floor, out)

    def test_set_a(self):
        self.check("a")

    def test_set_b_held_out(self):
        self.check("b")

    def test_set_c_held_out(self):
        self.check("c")


if __name__ == "__main__":
    unittest.main()
