#!/usr/bin/env python3
"""Parse throughput of Python's feedparser on the same documents as comcom's
reader: reads every .xml file under DIR ROUNDS times and prints
`documents items seconds`. Used by bench/feeds-parse.sh."""

import pathlib
import sys
import time

import feedparser

directory = pathlib.Path(sys.argv[1])
rounds = int(sys.argv[2])
documents = [p.read_bytes() for p in sorted(directory.rglob("*.xml"))]
items = 0
started = time.perf_counter()
for _ in range(rounds):
    for document in documents:
        result = feedparser.parse(document, response_headers={"content-location": "http://127.0.0.1:8097/tests/"})
        items += len(result.entries)
print(len(documents) * rounds, items, f"{time.perf_counter() - started:.3f}")
