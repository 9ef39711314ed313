"""The web app's page cache: rendered bodies kept least recently used first out, bounded by their bytes, not their number."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

# a page in the cache is (status, body, media type): its size is its body, plus this for the key and the tuple
ENTRY_OVERHEAD = 256
Page = tuple[int, bytes, str]


class PageCache:
    """Pages by key; adding one past `max_bytes` drops the least recently used; a body over `max_page_bytes` is never kept."""

    def __init__(self, max_bytes: int, max_page_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_page_bytes = min(max_page_bytes, max_bytes)
        self.size = 0  # bytes held now
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._lock = threading.Lock()  # the server's threads share one cache
        self._clears = 0  # how many times clear() ran
        self._missed = threading.local()  # per thread: the clears counted at its last miss, before it built the page

    def __len__(self) -> int:
        return len(self._pages)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._pages

    def get(self, key: Hashable) -> Page | None:
        """The page kept under `key`, now the most recently used; None when it is not kept."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            else:
                self._missed.clears = self._clears
            return page

    def put(self, key: Hashable, page: Page) -> None:
        """Keep a page, dropping the least recently used ones until the cache fits; a page too large is not kept, nor one
        built by a thread whose last miss came before a clear()."""
        cost = _cost(page)
        with self._lock:
            if getattr(self._missed, "clears", self._clears) != self._clears:
                return  # built from what was read before a clear(): what it shows may be what the clear was for
            old = self._pages.pop(key, None)
            if old is not None:
                self.size -= _cost(old)
            if len(page[1]) > self.max_page_bytes:
                return
            self._pages[key] = page
            self.size += cost
            while self.size > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self.size -= _cost(dropped)

    def clear(self) -> int:
        """Drop every page (what they show changed, e.g. a review was saved); a page this thread or another was building
        from what it read before is not kept either. Returns how many were dropped."""
        with self._lock:
            dropped = len(self._pages)
            self._pages.clear()
            self.size = 0
            self._clears += 1
            return dropped


def _cost(page: Page) -> int:
    return len(page[1]) + ENTRY_OVERHEAD
