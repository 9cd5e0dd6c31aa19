"""Notifier's service layer: one module per concern, each function owning its unit of work
(or running inside the consumer's). Entry points (routes, the Kafka subscriber, the
scheduler loop) call these and nothing below them."""

from .context import Clock, Context, LruCache, system_clock

__all__ = ["Clock", "Context", "LruCache", "system_clock"]
