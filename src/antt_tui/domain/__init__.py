"""The rules every record obeys, with no storage: text, dates, CCCD numbers, vocabularies,
field rules, numbers in Vietnamese, legacy encodings, and the errors the core raises."""
