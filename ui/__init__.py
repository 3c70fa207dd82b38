"""The web chat: a Gradio adapter over the assistant's public API."""

from .app import ChatAdapter, create_app, launch

__all__ = ["ChatAdapter", "create_app", "launch"]
