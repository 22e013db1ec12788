"""Import of businesses and products from .xlsx and .csv files (issue item 8).

columns.py  the file's columns and header matching
archive.py  bounding what an .xlsx costs before anything parses it (zip bombs, huge grids)
reader.py   streaming rows out of the file: the table found where it sits, Table.skipped
layout.py   the header row (or two), totals and notes rows
textfile.py a .csv's encoding (over the whole file) and separator
values.py   reading messy cell values
rows.py     one row → clean values
index.py    what rows are looked up in, built once
conflicts.py a row sharing an identifier with a business it contradicts: both sides, a choice
planner.py  every row's fate (the dry run); plans.py its parts; compare.py against the stored
apply.py    writing the plan in one transaction (all, or the rows without problems)
errors.py   the error file of the rows left out, to fix and import again
jobs.py     the confirmed run: its record and result, a background task for a large file
pending.py  keeping the uploaded file between dry run and confirmation, and the run's record
"""
