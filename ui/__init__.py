"""The web chat: a Gradio adapter over the assistant's public API."""

from .app import ChatAdapter, adapter_for, create_app, launch

__all__ = ["ChatAdapter", "adapter_for", "create_app", "launch"]
