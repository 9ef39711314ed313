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
            return page

    def put(self, key: Hashable, page: Page) -> None:
        """Keep a page, dropping the least recently used ones until the cache fits; a page too large is not kept."""
        cost = _cost(page)
        with self._lock:
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


def _cost(page: Page) -> int:
    return len(page[1]) + ENTRY_OVERHEAD
