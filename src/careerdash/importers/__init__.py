"""National occupational datasets (ROME 4.0, O*NET, BLS OEWS) read into careers.

The readers (`rome.read_rome`, `onet.read_onet`, `oews.read_oews`) only read files; `load`
writes what they return into the database, atomically.
"""

from .common import DatasetError, ImportReport, RowProblem

__all__ = ["DatasetError", "ImportReport", "RowProblem"]
