"""Reports: periods, figures counted from the records, the document (Nghị định 30/2020
layout), its PDF, and its tables as a spreadsheet or CSV files."""
