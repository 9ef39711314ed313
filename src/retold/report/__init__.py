"""Renderers for analysed articles: a terminal summary (rich) and a self-contained HTML page (Jinja2)."""
from __future__ import annotations

from retold.report.html import build_article_view, render_html, template_environment
from retold.report.terminal import make_console, render_rejection, render_terminal

__all__ = ["build_article_view", "make_console", "render_html", "render_rejection", "render_terminal", "template_environment"]
