"""Import of businesses and products from .xlsx and .csv files (issue item 8).

columns.py  the file's columns and header matching
archive.py  bounding what an .xlsx costs before anything parses it (zip bombs, huge grids)
reader.py   streaming rows out of the file: the table found where it sits, Table.skipped
layout.py   the header row (or two), totals and notes rows
textfile.py a .csv's encoding (over the whole file) and separator
values.py   reading messy cell values
rows.py     one row → clean values
index.py    what rows are looked up in, built once
planner.py  every row's fate (the dry run)
apply.py    writing the plan in one transaction
pending.py  keeping the uploaded file between dry run and confirmation
"""
