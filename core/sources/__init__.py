"""Where papers come from: arXiv (RSS and API), Hugging Face (live or a saved file),
listing files and the bundled sample, fetched over the one HTTP client in ``http``."""
