"""USB sync between village laptops and the commune office: keys, bundles, sticks and merging."""

__all__ = []
