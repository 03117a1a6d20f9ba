"""The test harness: the one home of what several test modules share.

Test modules import from here (or get fixtures from conftest.py), never from each other.

- cast: the demo's named people and organisations (demo/cast.py), by first name.
- factories: organisations, people and agreements beyond the cast.
- demo: the demo database, seeded once per worker and shared in a transaction.
- scenes: the situations several modules start from.
- forms: the one reader of HTML forms, and submitting them as a browser would.
- strategies: Hypothesis strategies for arbitrary form input.
- matrix: who gets which answer on every URL (the permission matrix), and the URLs.
- pdf: the text of a PDF.
- browser: helpers for the Playwright tests.
- sources: what a test module defines, read without importing it.
"""
