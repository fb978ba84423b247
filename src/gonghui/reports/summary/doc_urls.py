"""The summary as a document: Word, print view, PDF, the federation's template."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
