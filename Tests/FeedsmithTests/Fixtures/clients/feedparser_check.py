"""Reads a feed with python3-feedparser, as a reader would, and compares it with what Feedsmith stored.

Usage: feedparser_check.py URL EXPECTED_JSON
EXPECTED_JSON: [{"title": ..., "link": ..., "published": epoch seconds or null}, ...] newest first.
Prints one line per problem and exits 1 when there is any.
"""
import calendar
import json
import sys

import feedparser

url, expected_path = sys.argv[1], sys.argv[2]
expected = json.load(open(expected_path, encoding="utf-8"))
feed = feedparser.parse(url)
problems = []
if feed.bozo:
    problems.append(f"bozo: {feed.bozo_exception!r}")
if len(feed.entries) != len(expected):
    problems.append(f"{len(feed.entries)} entries, expected {len(expected)}")
for index, (entry, want) in enumerate(zip(feed.entries, expected)):
    if entry.get("title") != want["title"]:
        problems.append(f"entry {index}: title {entry.get('title')!r}, expected {want['title']!r}")
    if entry.get("link") != want["link"]:
        problems.append(f"entry {index}: link {entry.get('link')!r}, expected {want['link']!r}")
    parsed = entry.get("published_parsed")
    got = calendar.timegm(parsed) if parsed else None
    if want["published"] is not None and got != want["published"]:
        problems.append(f"entry {index}: published {got}, expected {want['published']}")
    if not entry.get("id"):
        problems.append(f"entry {index}: no id")
for problem in problems:
    print(problem)
print(f"{url}: {feed.get('version')}, {len(feed.entries)} entries, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
