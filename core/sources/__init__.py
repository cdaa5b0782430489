"""Where papers come from: arXiv (RSS and API), Hugging Face, listing files and the
bundled sample, fetched over the one HTTP client in ``http``."""
