"""The prompt templates, as plain text files read by ``core.briefings.prompts``."""
