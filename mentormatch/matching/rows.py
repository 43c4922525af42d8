"""Per-row arrays with spare capacity, and the practical "combos" used to score."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from mentormatch.matching.store import ROW_FIELDS, RowBlock

DEAD = 0
"""Combo of rows that can never be suggested (removed, inactive, no capacity)."""


class RowStore:
    """Row arrays grown by doubling, so adding one row costs O(1) amortised.

    ``combo[row]`` numbers the distinct (time zone, formats, language set, years)
    of available rows; scoring builds one small table over combos per query
    instead of several full-length passes.
    """

    def __init__(self, block: RowBlock) -> None:
        self.n = len(block.ids)
        self.data = {name: np.asarray(getattr(block, name)) for name in ROW_FIELDS}
        self.data["alive"] = np.ones(self.n, dtype=bool)
        self.combo_of: dict[tuple[int, int, int, float], int] = {}
        self.combo_keys: list[tuple[int, int, int, float]] = [(0, 0, 0, 0.0)]
        self.data["combo"] = self._fit_combos()
        self._tables: dict[str, NDArray] | None = None

    def copy(self, spare: int = 64) -> RowStore:
        """An independent store with the same rows (room for ``spare`` more), so
        that appending to or killing rows of the copy leaves this one untouched."""
        out = object.__new__(RowStore)
        out.n = self.n
        out.data = {}
        for name, arr in self.data.items():
            grown = np.empty(self.n + spare, dtype=arr.dtype)
            grown[: self.n] = arr[: self.n]
            grown[self.n :] = 0
            out.data[name] = grown
        out.combo_of = dict(self.combo_of)
        out.combo_keys = list(self.combo_keys)
        out._tables = self._tables  # replaced, never changed in place
        return out

    def view(self, name: str) -> NDArray:
        """The first ``n`` entries of one row array."""
        return self.data[name][: self.n]

    def _fit_combos(self) -> NDArray[np.intp]:
        fields = [self.view(f) for f in ("tz_code", "formats", "lang_code", "years")]
        parts = [np.unique(a, return_inverse=True) for a in fields]
        key = np.zeros(self.n, dtype=np.int64)
        for values, inverse in parts:
            key = key * len(values) + inverse
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        keys = list(zip(*(f[first].tolist() for f in fields), strict=True))
        self.combo_keys.extend(keys)
        self.combo_of.update({k: i + 1 for i, k in enumerate(keys)})
        # intp, so gathering a per-combo table needs no index conversion
        combo = np.asarray(inverse, dtype=np.intp).reshape(-1) + 1
        combo[~self.view("eligible")] = DEAD
        return combo

    def _combo(self, row: int) -> int:
        key = (
            int(self.data["tz_code"][row]),
            int(self.data["formats"][row]),
            int(self.data["lang_code"][row]),
            float(self.data["years"][row]),
        )
        if key not in self.combo_of:  # tables() extends itself by the new keys
            self.combo_of[key] = len(self.combo_keys)
            self.combo_keys.append(key)
        return self.combo_of[key]

    def append(self, block: RowBlock) -> None:
        """Add the rows of a block at the end (growing capacity by doubling)."""
        m = len(block.ids)
        if self.n + m > len(self.data["ids"]):
            cap = max(16, 2 * (self.n + m))
            for name, arr in self.data.items():
                grown = np.zeros(cap, dtype=arr.dtype)
                grown[: self.n] = arr[: self.n]
                self.data[name] = grown
        for name in ROW_FIELDS:
            self.data[name][self.n : self.n + m] = getattr(block, name)
        self.data["alive"][self.n : self.n + m] = True
        for row in range(self.n, self.n + m):
            ok = self.data["eligible"][row]
            self.data["combo"][row] = self._combo(row) if ok else DEAD
        self.n += m

    def kill(self, row: int) -> None:
        """Mark a row removed: never scored again, dropped at compaction."""
        self.data["alive"][row] = False
        self.data["combo"][row] = DEAD

    def tables(self) -> dict[str, NDArray]:
        """Combo fields: ``tzfmt`` (tz code * 8 + format bits), ``lang`` and
        ``year`` (codes into ``years``, the distinct years values), all intp.

        Combos are only ever appended: after an update the tables are extended by
        the new combos (thousands exist at 100k mentors), not built again."""
        done = self._tables
        start = 0 if done is None else len(done["tzfmt"])
        if done is not None and start == len(self.combo_keys):
            return done
        keys = np.array(self.combo_keys[start:], dtype=np.float64).reshape(-1, 4)
        wanted = keys[:, 3].astype(np.float32)
        if done is not None:
            at = np.searchsorted(done["years"], wanted)
            known = at < len(done["years"])
            if known.all() and (done["years"][at] == wanted).all():
                self._tables = {
                    "tzfmt": np.concatenate(
                        [done["tzfmt"], (keys[:, 0] * 8 + keys[:, 1]).astype(np.intp)]
                    ),
                    "lang": np.concatenate([done["lang"], keys[:, 2].astype(np.intp)]),
                    "year": np.concatenate([done["year"], at.astype(np.intp)]),
                    "years": done["years"],
                }
                return self._tables
            keys = np.array(self.combo_keys, dtype=np.float64)  # a new years value
        years, year = np.unique(keys[:, 3].astype(np.float32), return_inverse=True)
        self._tables = {
            "tzfmt": (keys[:, 0] * 8 + keys[:, 1]).astype(np.intp),
            "lang": keys[:, 2].astype(np.intp),
            "year": np.asarray(year, dtype=np.intp).reshape(-1),
            "years": years,
        }
        return self._tables

    def nbytes(self) -> int:
        """Bytes held by the row arrays (including spare capacity)."""
        return sum(arr.nbytes for arr in self.data.values()) + 48 * len(self.combo_keys)


def stack_rows(parts: list[sp.csr_matrix], width: int) -> sp.csr_matrix:
    """Stack many small CSR blocks (cheaper than ``sp.vstack`` for 1-row blocks)."""
    if not parts:
        return sp.csr_matrix((0, width), dtype=np.float32)
    counts = np.concatenate([np.diff(p.indptr) for p in parts])
    return sp.csr_matrix(
        (
            np.concatenate([p.data for p in parts]).astype(np.float32),
            np.concatenate([p.indices for p in parts]),
            np.concatenate([[0], np.cumsum(counts)]),
        ),
        shape=(int(sum(p.shape[0] for p in parts)), width),
    )


class RowMap(MutableMapping[int, int]):
    """Mentor id -> row, copied in O(changes): a base dict that no one changes
    once copies share it, plus this map's own additions and removals.

    ``MentorIndex.copy`` copies only the overlay, not the 100k-entry base.
    """

    __slots__ = ("_added", "_base", "_hidden")

    def __init__(self, base: dict[int, int]) -> None:
        self._base = base
        self._added: dict[int, int] = {}
        self._hidden: set[int] = set()  # base keys removed or overridden

    def copy(self) -> RowMap:
        out = RowMap(self._base)
        out._added, out._hidden = dict(self._added), set(self._hidden)
        return out

    def __getitem__(self, key: int) -> int:
        found = self._added.get(key)
        if found is not None:
            return found
        if key in self._hidden:
            raise KeyError(key)
        return self._base[key]

    def get(self, key: int, default: int | None = None) -> int | None:  # type: ignore[override]
        """As ``Mapping.get``, without raising and catching KeyError (a cohort
        looks up 100k mentors)."""
        found = self._added.get(key)
        if found is not None:
            return found
        if key in self._hidden:
            return default
        return self._base.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._added or (key in self._base and key not in self._hidden)

    def __setitem__(self, key: int, row: int) -> None:
        if key in self._base:
            self._hidden.add(key)
        self._added[key] = row

    def __delitem__(self, key: int) -> None:
        if key in self._added:
            del self._added[key]
        elif key in self._base and key not in self._hidden:
            self._hidden.add(key)
        else:
            raise KeyError(key)

    def __iter__(self) -> Iterator[int]:
        hidden = self._hidden
        yield from (key for key in self._base if key not in hidden)
        yield from self._added

    def __len__(self) -> int:
        return len(self._base) - len(self._hidden) + len(self._added)
