"""Where a scan's Hub metadata comes from: the lockfile (offline) and, with --online, the Hub.

Offline (the default), a committed `modelorigin.lock` answers for the models it lists and nothing
touches the network. `--online` asks the Hub for every hub model the rules do not settle.
`modelorigin lock` and `scan --check-lock` ask the Hub for every hub model, settled or not: the lock
records them all, and the check compares what the Hub says now with what was locked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import UserError
from scanner.online.hub import HubClient, HubFailure, HubRecord
from scanner.online.lockfile import Drift, compare

if TYPE_CHECKING:
    from scanner.options import ScanOptions


@dataclass
class HubMetadata:
    locked: dict[str, HubRecord] = field(default_factory=dict)  # lowercased id -> record from the lockfile
    client: HubClient | None = None  # None: offline
    fetch_all: bool = False  # lock / check-lock: every hub model, not only unsettled ones
    fetched: dict[str, HubRecord | HubFailure] = field(default_factory=dict)  # what this run asked the Hub

    def record(self, repo_id: str, *, settled: bool, revision: str | None = None) -> HubRecord | HubFailure | None:
        """What is known of repo_id, or None when nothing is to be asked."""
        key = repo_id.lower()
        if self.client is None or (key in self.locked and not self.fetch_all):
            return self.locked.get(key)
        if settled and not self.fetch_all:
            return None
        if key not in self.fetched:
            self.fetched[key] = self.client.model_info(repo_id, revision)
        return self.fetched[key]

    def drift(self, repo_id: str) -> list[Drift]:
        """Changes upstream since the lock (only when both the lock and a fresh answer are at hand)."""
        key = repo_id.lower()
        locked, current = self.locked.get(key), self.fetched.get(key)
        if locked is None or not isinstance(current, HubRecord):
            return []
        return compare(repo_id, locked, current)

    @property
    def requests_made(self) -> int:
        return self.client.requests_made if self.client is not None else 0


def metadata_for_scan(options: ScanOptions, root: Path) -> HubMetadata | None:
    """The lockfile at the root (or --lockfile), and the Hub client with --online / --check-lock."""
    from scanner.online import LOCK_NAME
    from scanner.online.lockfile import read_lock

    path = options.lockfile or root / LOCK_NAME
    locked = read_lock(path) if path.is_file() else {}
    if options.lockfile is not None and not path.is_file():
        raise UserError("lockfile not found (write one with `modelorigin lock`)", str(path))
    if options.check_lock and not locked:
        raise UserError("--check-lock needs a lockfile (write one with `modelorigin lock`)", str(path))
    if not (options.online or options.check_lock):
        return HubMetadata(locked=locked) if locked else None
    # a drift check must see the Hub as it is now, not as cached
    client = hub_client(fresh=options.check_lock)
    return HubMetadata(locked=locked, client=client, fetch_all=options.check_lock)


def hub_client(*, fresh: bool = False) -> HubClient:
    """The Hub client of this run; fresh: ignore cached answers (they are still refreshed)."""
    from scanner.knowledge.load import cache_dir  # the same cache root as the compiled rules

    client = HubClient.from_environment(cache_dir=cache_dir() / "hub")
    if fresh:
        client.ttl_seconds = 0
    return client
