"""Reports: periods, figures counted from the records, the document (Nghị định 30/2020
layout) and its PDF."""
